package dev.tocsin.schemas.vocabulary;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * What every setting that names an endpoint must be: an absolute {@code http} or {@code https}
 * URL with a host. Messages never quote the URL, since many carry a secret (a Slack webhook, a
 * token in the query).
 */
public final class HttpUrls {
  /** The problem every caller reports, after the setting's name or path. */
  public static final String MUST_BE_ABSOLUTE_HTTP = "must be an absolute http(s) URL with a host";

  private HttpUrls() {
  }

  /** Whether {@code uri} is absolute, {@code http} or {@code https} (any case), and names a host. */
  public static boolean isAbsoluteHttp(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
  }

  /** {@code text} (blanks around it ignored) as a URI, if it is an absolute http(s) URL with a host. */
  public static Optional<URI> parse(String text) {
    try {
      URI uri = new URI(text.strip());
      return isAbsoluteHttp(uri) ? Optional.of(uri) : Optional.empty();
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  /**
   * {@code text} as an absolute http(s) URI.
   *
   * @param name what the value is, for the message, e.g. {@code "incident URL base"}
   * @throws IllegalArgumentException {@code "<name> must be an absolute http(s) URL with a host"}
   */
  public static URI require(String text, String name) {
    return parse(text).orElseThrow(() -> new IllegalArgumentException(name + " " + MUST_BE_ABSOLUTE_HTTP));
  }
}
