/**
 * Google Cloud Monitoring webhook notifications (schema 1.2 and 1.1) as {@code Alert} records, in
 * plain Java.
 *
 * <p>One body carries one incident and becomes one alert. Required: {@code version} ("1.2" or
 * "1.1") and {@code incident} with {@code incident_id}, {@code state} and {@code started_at};
 * everything else is optional, unknown fields are ignored, and a known field of the wrong type
 * rejects the body, whether Tocsin keeps it or not. JSON {@code null} counts as absent (Google
 * sends {@code ended_at: null} while open and documents no other field as never null).
 *
 * <table>
 *   <caption>Alert fields</caption>
 *   <tr><th>Alert</th><th>From</th></tr>
 *   <tr><td>fingerprint</td><td>{@code incident_id} as sent: the same on the open and the close
 *       notification, so it is the alert's identity (not a label hash)</td></tr>
 *   <tr><td>status</td><td>{@code state}, case-insensitively: open → FIRING, closed → RESOLVED</td></tr>
 *   <tr><td>startsAt</td><td>{@code started_at} (Unix epoch seconds)</td></tr>
 *   <tr><td>endsAt</td><td>null while open; {@code ended_at} once closed, or receivedAt when a
 *       closed incident has none</td></tr>
 *   <tr><td>generatorUrl</td><td>{@code url} (the console's incident page)</td></tr>
 *   <tr><td>sourceSeverity</td><td>{@code severity} through the severity aliases (Critical → P0,
 *       Error → P1, Warning → P2; "No Severity" counts as none), else the policy user label
 *       {@code severity} (or {@code priority}) through the same aliases</td></tr>
 *   <tr><td>source, groupKey</td><td>CLOUD_MONITORING; no group key</td></tr>
 * </table>
 *
 * <table>
 *   <caption>Labels, in order of precedence (a later label never replaces an earlier one)</caption>
 *   <tr><th>Label</th><th>From</th></tr>
 *   <tr><td>alertname</td><td>{@code policy_name}, else {@code condition_name}, else
 *       {@code CloudMonitoringIncident}: always set</td></tr>
 *   <tr><td>project_id</td><td>{@code scoping_project_id}, else {@code resource.labels.project_id}</td></tr>
 *   <tr><td>condition_name</td><td>{@code condition_name}</td></tr>
 *   <tr><td>resource_type</td><td>{@code resource.type}, e.g. {@code gce_instance}</td></tr>
 *   <tr><td>metric_type</td><td>{@code metric.type}</td></tr>
 *   <tr><td>resource_&lt;k&gt;</td><td>each {@code resource.labels.<k>}, e.g. {@code resource_zone}</td></tr>
 *   <tr><td>metric_&lt;k&gt;</td><td>each {@code metric.labels.<k>}</td></tr>
 *   <tr><td>&lt;k&gt;</td><td>each {@code policy_user_labels.<k>} under its own name (team, service,
 *       severity, ...), or as {@code policy_<k>} when a label above already has that name</td></tr>
 *   <tr><td>severity</td><td>when no policy user label sets it: {@code severity} lowercased, if it
 *       is a known alias (so routes can match {@code severity="critical"})</td></tr>
 * </table>
 * Empty values make no label.
 *
 * <table>
 *   <caption>Annotations (each only when not blank)</caption>
 *   <tr><th>Annotation</th><th>From</th></tr>
 *   <tr><td>summary</td><td>{@code documentation.subject}, else {@code summary}</td></tr>
 *   <tr><td>description</td><td>{@code documentation.content}</td></tr>
 *   <tr><td>incident_summary</td><td>{@code summary}, when the subject took {@code summary}</td></tr>
 *   <tr><td>links</td><td>{@code documentation.links}, one {@code displayName: url} per line</td></tr>
 *   <tr><td>observed_value, threshold_value, resource_id, resource_name, resource_display_name,
 *       resource_type_display_name, apigee_url</td><td>the incident field of that name</td></tr>
 *   <tr><td>metric_display_name</td><td>{@code metric.displayName}</td></tr>
 * </table>
 * Checked for their type but not kept: {@code scoping_project_number} (an integer),
 * {@code metadata} (an object: {@code system_labels} an object, {@code user_labels} an object of
 * strings), {@code condition} (an object whose {@code name} and {@code displayName} are strings;
 * its per-kind members vary too much to check) and {@code documentation.mime_type} (a string).
 */
package dev.tocsin.ingest.cloudmonitoring;
