package dev.tocsin.schemas.vocabulary;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * Where an incident's page lives, {@code <base>/<incident id>}, or nowhere when no base is
 * configured: one setting ({@value #BASE_CONFIG}) that ingest's Slack replies and every notifier
 * channel link with. Immutable.
 */
public final class IncidentLinks {
  /** The setting every service reads the base from; empty means no links. */
  public static final String BASE_CONFIG = "incident.url.base";
  /** Its documentation, shared by every service that declares it. */
  public static final String BASE_DOC = "Base URL of incident pages (an incident's page is <base>/<incident id>), "
      + "linked from Slack replies and from every notification; empty for no links.";

  private static final IncidentLinks NONE = new IncidentLinks(null);

  private final String base;

  private IncidentLinks(String base) {
    this.base = base;
  }

  /** No incident pages: messages carry the incident id only. */
  public static IncidentLinks none() {
    return NONE;
  }

  /**
   * Pages under {@code base}, e.g. {@code https://tocsin.example.com/incidents}; trailing slashes
   * are dropped.
   *
   * @throws IllegalArgumentException unless {@code base} is an absolute http(s) URL with a host
   */
  public static IncidentLinks under(String base) {
    String trimmed = base.strip();
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    HttpUrls.require(trimmed, "incident URL base");
    return new IncidentLinks(trimmed);
  }

  /** {@link #none()} for a null or blank setting, else {@link #under(String)}. */
  public static IncidentLinks fromSetting(String base) {
    return base == null || base.isBlank() ? NONE : under(base);
  }

  /** The base, if pages are configured. */
  public Optional<String> base() {
    return Optional.ofNullable(base);
  }

  /** The page of {@code incidentId}, if pages are configured. */
  public Optional<String> of(String incidentId) {
    if (base == null) {
      return Optional.empty();
    }
    return Optional.of(base + "/" + URLEncoder.encode(incidentId, StandardCharsets.UTF_8).replace("+", "%20"));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof IncidentLinks links && Objects.equals(base, links.base);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(base);
  }

  @Override
  public String toString() {
    return base == null ? "IncidentLinks[none]" : "IncidentLinks[" + base + "]";
  }
}
