/**
 * Tocsin's generic alert API, {@code POST /api/v1/alerts}, for any monitor that is not
 * Alertmanager or Cloud Monitoring; its JSON Schema is {@code schemas/generic-alert.schema.json}.
 *
 * <p>The body is one alert object or a non-empty array of them (at most the configured alerts per
 * request, 1000 by default). Every field is optional except that the alert needs a name, through
 * {@code name} or {@code labels.alertname}. {@code null} counts as absent; any other field name is
 * refused. An Alertmanager API v2 alert ({@code labels}, {@code annotations}, {@code startsAt},
 * {@code endsAt}, {@code generatorURL}) is a valid generic alert and means the same.
 *
 * <table>
 *   <caption>Fields of an alert object</caption>
 *   <tr><th>Field</th><th>Type</th><th>Meaning</th></tr>
 *   <tr><td>name</td><td>string</td><td>What is alerting; becomes the label {@code alertname}.
 *       If {@code labels.alertname} is given too, both must be equal.</td></tr>
 *   <tr><td>status</td><td>{@code "firing"} or {@code "resolved"} (any case)</td><td>Default:
 *       {@code resolved} when {@code endsAt} is given and not later than the time Tocsin received
 *       the request (as Alertmanager's API decides), else {@code firing}.</td></tr>
 *   <tr><td>severity</td><td>string</td><td>{@code P0}..{@code P3} or an alias, any case:
 *       critical, sev-1 (P0); high, error, sev-2 (P1); medium, warning, sev-3 (P2); low, info,
 *       sev-4 (P3). Default: the {@code severity} label, else the {@code priority} label, read the
 *       same way; an unknown label value means no severity, an unknown field value is refused.</td></tr>
 *   <tr><td>labels</td><td>object of strings</td><td>The alert's identity, e.g.
 *       {@code {"service": "checkout", "instance": "api-1"}}.</td></tr>
 *   <tr><td>annotations</td><td>object of strings</td><td>Description: {@code summary},
 *       {@code description}, {@code runbook_url}, ...</td></tr>
 *   <tr><td>startsAt</td><td>RFC 3339 date-time</td><td>When it started. Default: when Tocsin
 *       received it (or {@code endsAt}, if earlier).</td></tr>
 *   <tr><td>endsAt</td><td>RFC 3339 date-time</td><td>When it resolved; not before
 *       {@code startsAt}. Ignored while firing. A resolved alert without it ends when Tocsin
 *       received it (or at {@code startsAt}, if later).</td></tr>
 *   <tr><td>generatorURL</td><td>string</td><td>Link back to the source; {@code ""} counts as
 *       absent.</td></tr>
 *   <tr><td>dedupKey</td><td>1 to 128 of {@code A-Z a-z 0-9 . _ : -}</td><td>The alert's identity
 *       (fingerprint): alerts with the same key are one alert, whatever their labels. Default: the
 *       labels' fingerprint as Alertmanager computes it (FNV-1a 64 over the sorted labels,
 *       {@code alertname} included), so an alert sent here and through Alertmanager is the same
 *       alert.</td></tr>
 * </table>
 *
 * <p>Date-times need seconds and an offset ({@code 2026-01-10T08:15:30Z},
 * {@code 2026-01-10T09:15:30.123+01:00}); Go's zero time {@code 0001-01-01T00:00:00Z} counts as
 * absent. Limits (configurable; defaults): 64 labels and 64 annotations per alert, names of 1 to 256
 * characters, values up to 16384 characters.
 *
 * <p>Example: <pre>{@code
 * {"name": "DiskFull", "severity": "P1", "labels": {"host": "db-1"},
 *  "annotations": {"summary": "Disk /data 97% full on db-1"}}
 * }</pre>
 *
 * <p>A body with any problem is refused whole (HTTP 400), every problem listed as
 * {@code <path>: <problem>}, paths counted from the alert ({@code labels.host}) or, for an
 * array, from the body ({@code [2].startsAt}).
 */
package dev.tocsin.ingest.generic;
