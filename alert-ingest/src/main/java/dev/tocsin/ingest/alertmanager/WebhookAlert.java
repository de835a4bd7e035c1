package dev.tocsin.ingest.alertmanager;

import dev.tocsin.avro.AlertStatus;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One validated alert of a webhook message.
 *
 * @param status firing or resolved, as the alert itself says (not the group)
 * @param labels identifying labels, including a non-empty {@code alertname}
 * @param annotations descriptive annotations, possibly empty
 * @param startsAt when the alert started
 * @param endsAt when it resolved, or null for Go's zero time (a firing alert)
 * @param generatorUrl link to the source, or null when absent or empty
 * @param fingerprint 16 lowercase hex digits, as sent or computed from the labels
 */
public record WebhookAlert(AlertStatus status, Map<String, String> labels, Map<String, String> annotations,
    Instant startsAt, Instant endsAt, String generatorUrl, String fingerprint) {

  public WebhookAlert {
    labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    annotations = Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
  }
}
