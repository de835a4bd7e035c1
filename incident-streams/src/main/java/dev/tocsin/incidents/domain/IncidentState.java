package dev.tocsin.incidents.domain;

import dev.tocsin.avro.IncidentStatus;
import dev.tocsin.avro.PublicStatus;
import dev.tocsin.avro.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An incident as the engine sees it: the public snapshot plus its notification bookkeeping.
 * Immutable; {@code alerts} keeps arrival order. Instants are null until they happen;
 * {@code quietUntil} is set only while the incident is monitoring (every alert resolved,
 * waiting out the quiet period). {@code receivers} are the receivers notified so far.
 */
public record IncidentState(
    String id,
    String groupKey,
    String routeId,
    Map<String, String> groupLabels,
    String title,
    String description,
    Severity severity,
    IncidentStatus status,
    PublicStatus publicStatus,
    Instant openedAt,
    Instant acknowledgedAt,
    Instant resolvedAt,
    Instant updatedAt,
    List<String> receivers,
    Person assignee,
    List<String> affectedComponents,
    String impactDescription,
    String classification,
    boolean falsePositive,
    Map<String, AlertObservation> alerts,
    long eventSeq,
    int groupOccurrence,
    int reopenCount,
    Instant quietUntil,
    boolean manual,
    String escalationPolicy,
    String suppressedBy,
    Schedule schedule,
    List<String> commandIds,
    List<String> resultKeys) {

  public IncidentState {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(groupKey, "groupKey");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(publicStatus, "publicStatus");
    groupLabels = FrozenMap.of(groupLabels);
    receivers = List.copyOf(receivers);
    affectedComponents = List.copyOf(affectedComponents);
    alerts = FrozenMap.of(alerts);
    schedule = schedule == null ? Schedule.NONE : schedule;
    commandIds = List.copyOf(commandIds);
    resultKeys = List.copyOf(resultKeys);
  }

  public boolean open() {
    return status != IncidentStatus.RESOLVED;
  }

  /** Alerts still firing. */
  public long firingCount() {
    return alerts.values().stream().filter(AlertObservation::firing).count();
  }

  /** True while every alert has resolved and the incident waits out its quiet period. */
  public boolean monitoring() {
    return open() && quietUntil != null;
  }

  /** A copy to change. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Changes a copy of an incident field by field; {@link #build()} validates. Not thread-safe. */
  public static final class Builder {
    private String id;
    private String groupKey;
    private String routeId;
    private Map<String, String> groupLabels = Map.of();
    private String title;
    private String description;
    private Severity severity;
    private IncidentStatus status = IncidentStatus.TRIGGERED;
    private PublicStatus publicStatus = PublicStatus.INVESTIGATING;
    private Instant openedAt;
    private Instant acknowledgedAt;
    private Instant resolvedAt;
    private Instant updatedAt;
    private List<String> receivers = List.of();
    private Person assignee;
    private List<String> affectedComponents = List.of();
    private String impactDescription;
    private String classification;
    private boolean falsePositive;
    private Map<String, AlertObservation> alerts = Map.of();
    private long eventSeq;
    private int groupOccurrence = 1;
    private int reopenCount;
    private Instant quietUntil;
    private boolean manual;
    private String escalationPolicy;
    private String suppressedBy;
    private Schedule schedule = Schedule.NONE;
    private List<String> commandIds = List.of();
    private List<String> resultKeys = List.of();

    public Builder() {
    }

    private Builder(IncidentState s) {
      id = s.id;
      groupKey = s.groupKey;
      routeId = s.routeId;
      groupLabels = s.groupLabels;
      title = s.title;
      description = s.description;
      severity = s.severity;
      status = s.status;
      publicStatus = s.publicStatus;
      openedAt = s.openedAt;
      acknowledgedAt = s.acknowledgedAt;
      resolvedAt = s.resolvedAt;
      updatedAt = s.updatedAt;
      receivers = s.receivers;
      assignee = s.assignee;
      affectedComponents = s.affectedComponents;
      impactDescription = s.impactDescription;
      classification = s.classification;
      falsePositive = s.falsePositive;
      alerts = s.alerts;
      eventSeq = s.eventSeq;
      groupOccurrence = s.groupOccurrence;
      reopenCount = s.reopenCount;
      quietUntil = s.quietUntil;
      manual = s.manual;
      escalationPolicy = s.escalationPolicy;
      suppressedBy = s.suppressedBy;
      schedule = s.schedule;
      commandIds = s.commandIds;
      resultKeys = s.resultKeys;
    }

    public Builder id(String v) {
      id = v;
      return this;
    }

    public Builder groupKey(String v) {
      groupKey = v;
      return this;
    }

    public Builder routeId(String v) {
      routeId = v;
      return this;
    }

    public Builder groupLabels(Map<String, String> v) {
      groupLabels = v;
      return this;
    }

    public Builder title(String v) {
      title = v;
      return this;
    }

    public Builder description(String v) {
      description = v;
      return this;
    }

    public Builder severity(Severity v) {
      severity = v;
      return this;
    }

    public Builder status(IncidentStatus v) {
      status = v;
      return this;
    }

    public Builder publicStatus(PublicStatus v) {
      publicStatus = v;
      return this;
    }

    public Builder openedAt(Instant v) {
      openedAt = v;
      return this;
    }

    public Builder acknowledgedAt(Instant v) {
      acknowledgedAt = v;
      return this;
    }

    public Builder resolvedAt(Instant v) {
      resolvedAt = v;
      return this;
    }

    public Builder updatedAt(Instant v) {
      updatedAt = v;
      return this;
    }

    public Builder receivers(List<String> v) {
      receivers = v;
      return this;
    }

    /** Adds receivers to those notified so far, keeping order and dropping repeats. */
    public Builder addReceivers(List<String> more) {
      List<String> all = new ArrayList<>(receivers);
      for (String r : more) {
        if (!all.contains(r)) {
          all.add(r);
        }
      }
      receivers = all;
      return this;
    }

    public Builder assignee(Person v) {
      assignee = v;
      return this;
    }

    public Builder affectedComponents(List<String> v) {
      affectedComponents = v;
      return this;
    }

    public Builder impactDescription(String v) {
      impactDescription = v;
      return this;
    }

    public Builder classification(String v) {
      classification = v;
      return this;
    }

    public Builder falsePositive(boolean v) {
      falsePositive = v;
      return this;
    }

    public Builder alerts(Map<String, AlertObservation> v) {
      alerts = v;
      return this;
    }

    public Builder eventSeq(long v) {
      eventSeq = v;
      return this;
    }

    public Builder groupOccurrence(int v) {
      groupOccurrence = v;
      return this;
    }

    public Builder reopenCount(int v) {
      reopenCount = v;
      return this;
    }

    public Builder quietUntil(Instant v) {
      quietUntil = v;
      return this;
    }

    public Builder manual(boolean v) {
      manual = v;
      return this;
    }

    public Builder escalationPolicy(String v) {
      escalationPolicy = v;
      return this;
    }

    public Builder suppressedBy(String v) {
      suppressedBy = v;
      return this;
    }

    public Builder schedule(Schedule v) {
      schedule = v;
      return this;
    }

    public Builder commandIds(List<String> v) {
      commandIds = v;
      return this;
    }

    public Builder resultKeys(List<String> v) {
      resultKeys = v;
      return this;
    }

    public IncidentState build() {
      return new IncidentState(id, groupKey, routeId, groupLabels, title, description, severity, status, publicStatus,
          openedAt, acknowledgedAt, resolvedAt, updatedAt, receivers, assignee, affectedComponents, impactDescription,
          classification, falsePositive, alerts, eventSeq, groupOccurrence, reopenCount, quietUntil, manual, escalationPolicy, suppressedBy, schedule,
          commandIds, resultKeys);
    }
  }
}
