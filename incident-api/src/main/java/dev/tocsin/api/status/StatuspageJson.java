package dev.tocsin.api.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The page in Atlassian Statuspage's public API shapes ({@code /api/v2/summary.json} and friends):
 * the same field names and values, so status widgets and scripts written for Statuspage read it.
 */
final class StatuspageJson {
  static final String PAGE_ID = "tocsin";

  private final ObjectMapper mapper;
  private final StatusView view;
  private final List<PublicIncident> active;
  private final List<PublicIncident> history;

  StatuspageJson(ObjectMapper mapper, StatusView view, List<PublicIncident> active, List<PublicIncident> history) {
    this.mapper = mapper;
    this.view = view;
    this.active = active;
    this.history = history;
  }

  ObjectNode status() {
    ObjectNode root = page();
    root.putObject("status").put("indicator", view.indicator()).put("description", view.description());
    return root;
  }

  ObjectNode components() {
    ObjectNode root = page();
    addComponents(root.putArray("components"));
    return root;
  }

  ObjectNode incidents(boolean unresolvedOnly) {
    ObjectNode root = page();
    ArrayNode list = root.putArray("incidents");
    active.forEach(i -> list.add(incident(i)));
    if (!unresolvedOnly) {
      history.forEach(i -> list.add(incident(i)));
    }
    return root;
  }

  ObjectNode maintenances() {
    ObjectNode root = page();
    ArrayNode list = root.putArray("scheduled_maintenances");
    view.config().maintenance().forEach(m -> list.add(maintenance(m)));
    return root;
  }

  ObjectNode summary() {
    ObjectNode root = page();
    addComponents(root.putArray("components"));
    ArrayNode incidents = root.putArray("incidents");
    active.forEach(i -> incidents.add(incident(i)));
    ArrayNode maintenances = root.putArray("scheduled_maintenances");
    view.config().maintenance().stream().filter(m -> !m.status(view.at()).equals("completed"))
        .forEach(m -> maintenances.add(maintenance(m)));
    root.putObject("status").put("indicator", view.indicator()).put("description", view.description());
    return root;
  }

  private ObjectNode page() {
    ObjectNode root = mapper.createObjectNode();
    root.putObject("page").put("id", PAGE_ID).put("name", view.config().title()).put("url", StatusPageHandler.PAGE_PATH)
        .put("time_zone", "Etc/UTC").put("updated_at", view.at().toString());
    return root;
  }

  private void addComponents(ArrayNode list) {
    Map<String, String> groupIds = view.config().components().stream()
        .filter(c -> c.group() != null).map(StatusPageConfig.Component::group).distinct()
        .collect(Collectors.toMap(Function.identity(), g -> "group-" + slug(g)));
    int position = 1;
    for (String group : groupIds.keySet().stream().sorted().toList()) {
      ObjectNode node = list.addObject().put("id", groupIds.get(group)).put("name", group)
          .put("status", worstIn(group).id()).put("created_at", view.at().toString())
          .put("updated_at", view.at().toString()).put("position", position++).putNull("description")
          .put("showcase", false).putNull("start_date").putNull("group_id").put("page_id", PAGE_ID)
          .put("group", true).put("only_show_if_degraded", false);
      ArrayNode members = node.putArray("components");
      view.config().components().stream().filter(c -> group.equals(c.group())).forEach(c -> members.add(c.id()));
    }
    for (StatusPageConfig.Component component : view.config().components()) {
      list.addObject().put("id", component.id()).put("name", component.name())
          .put("status", view.states().get(component.id()).id()).put("created_at", view.at().toString())
          .put("updated_at", view.at().toString()).put("position", position++)
          .put("description", component.description()).put("showcase", true).putNull("start_date")
          .put("group_id", component.group() == null ? null : groupIds.get(component.group())).put("page_id", PAGE_ID)
          .put("group", false).put("only_show_if_degraded", false);
    }
  }

  private ComponentState worstIn(String group) {
    ComponentState worst = ComponentState.OPERATIONAL;
    for (StatusPageConfig.Component c : view.config().components()) {
      if (group.equals(c.group())) {
        worst = worst.worse(view.states().get(c.id()));
      }
    }
    return worst;
  }

  private ObjectNode incident(PublicIncident incident) {
    ObjectNode node = mapper.createObjectNode().put("id", incident.id()).put("name", incident.name())
        .put("status", incident.status()).put("created_at", time(incident.createdAt()))
        .put("updated_at", time(incident.updatedAt()))
        .put("monitoring_at", incident.updates().stream().filter(u -> u.status().equals("monitoring"))
            .map(u -> time(u.at())).reduce((a, b) -> b).orElse(null))
        .put("resolved_at", time(incident.resolvedAt())).put("impact", incident.impact())
        .put("shortlink", StatusPageHandler.PAGE_PATH + "#" + incident.id())
        .put("started_at", time(incident.createdAt())).put("page_id", PAGE_ID);
    ArrayNode updates = node.putArray("incident_updates");
    for (PublicIncident.Update update : incident.updates()) {
      ObjectNode u = updates.addObject().put("id", update.id()).put("status", update.status())
          .put("body", update.body()).put("incident_id", incident.id()).put("created_at", time(update.at()))
          .put("updated_at", time(update.at())).put("display_at", time(update.at()));
      ArrayNode affected = u.putArray("affected_components");
      incident.componentIds().forEach(id -> affected.addObject().put("code", id).put("name", name(id))
          .put("new_status", view.states().getOrDefault(id, ComponentState.OPERATIONAL).id()));
    }
    ArrayNode components = node.putArray("components");
    incident.componentIds().forEach(id -> components.addObject().put("id", id).put("name", name(id))
        .put("status", view.states().getOrDefault(id, ComponentState.OPERATIONAL).id()).put("page_id", PAGE_ID));
    return node;
  }

  private ObjectNode maintenance(StatusPageConfig.Maintenance m) {
    String status = m.status(view.at());
    ObjectNode node = mapper.createObjectNode().put("id", m.id()).put("name", m.name()).put("status", status)
        .put("created_at", time(m.startsAt())).put("updated_at", time(view.at()))
        .put("monitoring_at", (String) null).put("resolved_at", status.equals("completed") ? time(m.endsAt()) : null)
        .put("impact", "maintenance").put("shortlink", StatusPageHandler.PAGE_PATH)
        .put("started_at", time(m.startsAt())).put("page_id", PAGE_ID)
        .put("scheduled_for", time(m.startsAt())).put("scheduled_until", time(m.endsAt()));
    ArrayNode updates = node.putArray("incident_updates");
    if (m.message() != null) {
      updates.addObject().put("id", m.id() + ":1").put("status", status).put("body", m.message())
          .put("incident_id", m.id()).put("created_at", time(m.startsAt())).put("display_at", time(m.startsAt()));
    }
    ArrayNode components = node.putArray("components");
    m.components().forEach(id -> components.addObject().put("id", id).put("name", name(id))
        .put("status", view.states().getOrDefault(id, ComponentState.OPERATIONAL).id()).put("page_id", PAGE_ID));
    return node;
  }

  private String name(String componentId) {
    return view.config().components().stream().filter(c -> c.id().equals(componentId))
        .map(StatusPageConfig.Component::name).findFirst().orElse(componentId);
  }

  private static String time(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  /** A readable id part and a digest of the whole name, so two names never share an id. */
  private static String slug(String text) {
    String readable = text.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return (readable.isEmpty() ? "" : readable + "-") + java.util.HexFormat.of().formatHex(digest, 0, 4);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
