package dev.tocsin.schemas.registry;

import dev.tocsin.schemas.vocabulary.HttpUrls;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Picks the registry a {@code schema.registry.url} names: {@code mock://scope} in process, otherwise REST. */
public final class SchemaRegistries {
  private static final String MOCK_SCHEME = "mock://";

  private SchemaRegistries() {
  }

  /**
   * A client for {@code urls} (comma-separated, as Confluent's {@code schema.registry.url}).
   *
   * @param basicAuthUserInfo {@code user:password} or null; credentials in the URL's userinfo also work
   */
  public static SchemaRegistryClient forUrls(String urls, String basicAuthUserInfo) {
    String trimmed = urls == null ? "" : urls.trim();
    if (trimmed.isEmpty()) {
      throw new IllegalArgumentException("schema.registry.url: is required");
    }
    if (trimmed.toLowerCase(Locale.ROOT).startsWith(MOCK_SCHEME)) {
      return InMemorySchemaRegistry.scope(trimmed.substring(MOCK_SCHEME.length()));
    }
    List<URI> uris = new ArrayList<>();
    String userInfo = basicAuthUserInfo;
    for (String part : trimmed.split(",")) {
      URI uri;
      try {
        uri = new URI(part.trim());
      } catch (URISyntaxException e) {
        // Not chained: the parser's message repeats the input, credentials included.
        throw new IllegalArgumentException("schema.registry.url: '" + redacted(part.trim()) + "' is not a URL ("
            + e.getReason() + " at index " + e.getIndex() + ")");
      }
      if (!HttpUrls.isAbsoluteHttp(uri)) {
        throw new IllegalArgumentException("schema.registry.url: '" + redacted(part.trim())
            + "' is not an http(s) URL");
      }
      if (uri.getRawUserInfo() != null && (userInfo == null || userInfo.isEmpty())) {
        userInfo = uri.getUserInfo();
      }
      uris.add(URI.create(uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
          + (uri.getRawPath() == null ? "" : uri.getRawPath())));
    }
    return new RestSchemaRegistryClient(uris, userInfo, Duration.ofSeconds(10));
  }

  /**
   * {@code url} with its userinfo (which may carry a password) hidden, for error messages. Up to
   * the last {@code @} is hidden, since a malformed URL may have any character in its password.
   */
  public static String redacted(String url) {
    int scheme = url.indexOf("://");
    int from = scheme < 0 ? 0 : scheme + 3;
    int at = url.lastIndexOf('@');
    return at < from ? url : url.substring(0, from) + "[hidden]" + url.substring(at);
  }
}
