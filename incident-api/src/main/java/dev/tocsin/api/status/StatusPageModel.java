package dev.tocsin.api.status;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What the status page template renders: everything already public and formatted. */
public record StatusPageModel(String title, String indicator, String description, String updatedAt,
    List<Group> groups, List<IncidentBlock> active, List<IncidentBlock> history, List<MaintenanceBlock> maintenance) {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MMM d, HH:mm 'UTC'", Locale.ROOT)
      .withZone(ZoneOffset.UTC);

  /** Components under one heading (the unnamed group first). */
  public record Group(String name, List<ComponentRow> components) {
  }

  /** One component's line and its 90 bars. */
  public record ComponentRow(String id, String name, String description, String stateId, String stateLabel,
      String uptime, List<Bar> bars) {
  }

  /** One day's bar: a CSS class and a tooltip. */
  public record Bar(String level, String tooltip) {
  }

  /** An incident with its updates. */
  public record IncidentBlock(String id, String name, String impact, String status, String components,
      String when, List<UpdateLine> updates) {
  }

  /** One posted update. */
  public record UpdateLine(String status, String body, String at) {
  }

  /** A maintenance window. */
  public record MaintenanceBlock(String name, String status, String message, String window, String components) {
  }

  public static StatusPageModel of(StatusView view, List<PublicIncident> active, List<PublicIncident> history) {
    Map<String, String> names = new LinkedHashMap<>();
    view.config().components().forEach(c -> names.put(c.id(), c.name()));
    Map<String, List<ComponentRow>> grouped = new LinkedHashMap<>();
    for (StatusPageConfig.Component component : view.config().components()) {
      ComponentState state = view.states().get(component.id());
      List<Bar> bars = new ArrayList<>();
      for (StatusView.Day day : view.uptime().get(component.id())) {
        String level = day.uptimePercent() >= 99.995 ? (day.worst() == ComponentState.OPERATIONAL ? "ok" : "minor")
            : day.uptimePercent() >= 99 ? "partial" : "major";
        bars.add(new Bar(level, day.date() + ": " + percent(day.uptimePercent()) + " uptime"));
      }
      grouped.computeIfAbsent(component.group() == null ? "" : component.group(), g -> new ArrayList<>())
          .add(new ComponentRow(component.id(), component.name(), component.description(), state.id(),
              state.label(), percent(view.uptimePercent(component.id())), bars));
    }
    List<Group> groups = new ArrayList<>();
    grouped.forEach((name, rows) -> groups.add(new Group(name, rows)));
    List<MaintenanceBlock> maintenance = new ArrayList<>();
    for (StatusPageConfig.Maintenance window : view.config().maintenance()) {
      String status = window.status(view.at());
      if (!status.equals("completed") || window.endsAt().isAfter(view.at().minusSeconds(86_400 * 7L))) {
        maintenance.add(new MaintenanceBlock(window.name(), status.replace('_', ' '), window.message(),
            TIME.format(window.startsAt()) + " – " + TIME.format(window.endsAt()),
            String.join(", ", window.components().stream().map(c -> names.getOrDefault(c, c)).toList())));
      }
    }
    return new StatusPageModel(view.config().title(), view.indicator(), view.description(), TIME.format(view.at()),
        groups, blocks(active, names), blocks(history, names), maintenance);
  }

  private static List<IncidentBlock> blocks(List<PublicIncident> incidents, Map<String, String> names) {
    List<IncidentBlock> blocks = new ArrayList<>();
    for (PublicIncident incident : incidents) {
      List<UpdateLine> updates = incident.updates().stream()
          .map(u -> new UpdateLine(capitalise(u.status()), u.body(), TIME.format(u.at()))).toList();
      Instant when = incident.resolvedAt() != null ? incident.resolvedAt() : incident.createdAt();
      blocks.add(new IncidentBlock(incident.id(), incident.name(), incident.impact(), capitalise(incident.status()),
          String.join(", ", incident.componentIds().stream().map(c -> names.getOrDefault(c, c)).toList()),
          (incident.resolvedAt() != null ? "Resolved " : "Since ") + TIME.format(when), updates));
    }
    return blocks;
  }

  private static String capitalise(String text) {
    return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }

  static String percent(double value) {
    return String.format(Locale.ROOT, "%.2f%%", Math.floor(value * 100) / 100);
  }
}
