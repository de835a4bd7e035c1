package dev.tocsin.notifier.channel;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where an incident's page lives, {@code <base>/<incident id>} as alert-ingest's Slack replies
 * link it, or nowhere when no base is configured. Immutable.
 */
public final class IncidentLinks {
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
   * Pages under {@code base}, e.g. {@code https://tocsin.example.com/incidents}.
   *
   * @throws IllegalArgumentException unless {@code base} is an absolute http(s) URL with a host
   */
  public static IncidentLinks under(String base) {
    String trimmed = base.strip();
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    URI uri;
    try {
      uri = new URI(trimmed);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("incident URL base is not a URL: " + e.getMessage(), e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
      throw new IllegalArgumentException("incident URL base must be an absolute http(s) URL with a host, was "
          + trimmed);
    }
    return new IncidentLinks(trimmed);
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
