package dev.tocsin.api.readmodel;

import dev.tocsin.avro.Incident;
import dev.tocsin.avro.IncidentAlert;
import dev.tocsin.avro.IncidentStatus;
import dev.tocsin.avro.PublicStatus;
import dev.tocsin.avro.Severity;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a list of incidents filters and sorts on, taken from one snapshot: small, so that 100,000
 * of them stay in memory. The labels are the group's labels and those its alerts share.
 *
 * @param services the values of the {@code service} label of the group and of its alerts
 * @param detectedAt when its first alert started firing, or its opening when it has none (or the
 *     source's clock ran ahead)
 */
public record IncidentSummary(String id, String groupKey, String title, Severity severity, IncidentStatus status,
    PublicStatus publicStatus, Instant openedAt, Instant updatedAt, Instant resolvedAt, Set<String> services,
    List<String> components, Map<String, String> labels, String assignee, int alerts, int firing,
    long eventSeq, Instant detectedAt, Instant acknowledgedAt, boolean falsePositive) {
  /** The label a service is named by, as in Prometheus rules and the status page's component map. */
  public static final String SERVICE_LABEL = "service";

  public IncidentSummary {
    services = Set.copyOf(services);
    components = List.copyOf(components);
    labels = Map.copyOf(labels);
  }

  /** The summary of {@code incident}. */
  public static IncidentSummary of(Incident incident) {
    Map<String, String> labels = new HashMap<>(incident.getGroupLabels());
    Set<String> services = new TreeSet<>();
    Map<String, String> common = null;
    int firing = 0;
    Instant detected = incident.getOpenedAt();
    for (IncidentAlert alert : incident.getAlerts()) {
      String service = alert.getLabels().get(SERVICE_LABEL);
      if (service != null) {
        services.add(service);
      }
      if (alert.getStartsAt().isBefore(detected)) {
        detected = alert.getStartsAt();
      }
      if (alert.getStatus() == dev.tocsin.avro.AlertStatus.FIRING) {
        firing++;
      }
      if (common == null) {
        common = new HashMap<>(alert.getLabels());
      } else {
        common.entrySet().removeIf(e -> !e.getValue().equals(alert.getLabels().get(e.getKey())));
      }
    }
    if (common != null) {
      common.forEach(labels::putIfAbsent);
    }
    // Snapshots list at most 20 alerts and count them all; older ones listed every alert.
    boolean counted = incident.getAlertCount() > 0;
    String groupService = labels.get(SERVICE_LABEL);
    if (groupService != null) {
      services.add(groupService);
    }
    return new IncidentSummary(incident.getId(), incident.getGroupKey(), incident.getTitle(), incident.getSeverity(), incident.getStatus(),
        incident.getPublicStatus(), incident.getOpenedAt(), incident.getUpdatedAt(), incident.getResolvedAt(),
        services, incident.getAffectedComponents(), labels,
        incident.getAssignee() == null ? null : incident.getAssignee().getId(),
        counted ? incident.getAlertCount() : incident.getAlerts().size(), counted ? incident.getFiringCount() : firing,
        incident.getEventSeq(), detected, incident.getAcknowledgedAt(), incident.getFalsePositive());
  }

  /** Triggered or acknowledged. */
  public boolean open() {
    return status != IncidentStatus.RESOLVED;
  }
}
