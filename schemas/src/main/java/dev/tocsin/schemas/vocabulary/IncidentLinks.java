package dev.tocsin.schemas.vocabulary;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Where an incident's page lives, {@code <base>/<incident id>}, or nowhere when no base is
 * configured: one setting ({@value #BASE_CONFIG}) that ingest's Slack replies and every notifier
 * channel link with. Immutable.
 */
public final class IncidentLinks {
  /** The setting every service reads the base from; empty means no links. */
  public static final String BASE_CONFIG = "incident.url.base";
  /** Its documentation, shared by every service that declares it. */
  public static final String BASE_DOC = "Base URL of incident pages, e.g. https://tocsin.example.com/incidents: "
      + "ingest's Slack replies, Slack messages, emails, PagerDuty events (links, client_url) and webhook payloads "
      + "(incident.url) link each incident as <base>/<incident id>; empty for no links. One value for the whole "
      + "pipeline: the standalone gives every service the same.";

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
   * @throws IllegalArgumentException unless {@code base} is an absolute http(s) URL with a host and
   *     without a query or fragment (the id is appended to its path)
   */
  public static IncidentLinks under(String base) {
    String trimmed = base.strip();
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    URI uri = HttpUrls.require(trimmed, "incident URL base");
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException("incident URL base must not have a query or a fragment: the incident id "
          + "is appended to its path");
    }
    return new IncidentLinks(trimmed);
  }

  /** Checks {@value #BASE_CONFIG} where a service declares it: empty, or a base {@link #under} takes. */
  public static ConfigDef.Validator validator() {
    return new ConfigDef.Validator() {
      @Override
      public void ensureValid(String name, Object value) {
        try {
          fromSetting(value == null ? "" : value.toString());
        } catch (IllegalArgumentException e) {
          throw new ConfigException(name, value, e.getMessage());
        }
      }

      @Override
      public String toString() {
        return "empty, or an absolute http(s) URL with a host and no query";
      }
    };
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
