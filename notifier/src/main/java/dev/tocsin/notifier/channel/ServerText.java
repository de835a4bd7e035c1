package dev.tocsin.notifier.channel;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Text a remote server sent (an error body, an SMTP reply) made fit for an outcome reason: one
 * line, bounded, and with every secret it might echo back replaced by {@code [hidden]}. Immutable.
 */
final class ServerText {
  static final String HIDDEN = "[hidden]";
  /** Shorter fragments of a secret URL ("services", "v2") are not secret and would mangle reasons. */
  private static final int MIN_FRAGMENT_LENGTH = 8;

  private final List<String> secrets;

  private ServerText(List<String> secrets) {
    // Longest first, so a whole URL is hidden before its parts.
    this.secrets = secrets.stream().filter(s -> !s.isEmpty()).distinct()
        .sorted(Comparator.comparingInt(String::length).reversed()).toList();
  }

  /** Hides {@code secret} exactly. */
  static ServerText hiding(String secret) {
    return new ServerText(List.of(secret));
  }

  /**
   * Hides a secret URL, and each long path segment and query value of it on its own, since a
   * server quoting the request usually quotes just the path.
   */
  static ServerText hidingUrl(String url) {
    List<String> secrets = new ArrayList<>();
    secrets.add(url);
    try {
      URI uri = new URI(url);
      addFragments(secrets, uri.getRawPath(), "/");
      addFragments(secrets, uri.getPath(), "/");
      if (uri.getRawQuery() != null) {
        secrets.add(uri.getRawQuery());
        for (String pair : uri.getRawQuery().split("&")) {
          addFragments(secrets, pair.substring(pair.indexOf('=') + 1), "&");
        }
      }
    } catch (URISyntaxException e) {
      // Not a URL after all: hiding it whole is all that can be done.
    }
    return new ServerText(secrets);
  }

  private static void addFragments(List<String> secrets, String text, String separator) {
    if (text == null) {
      return;
    }
    for (String fragment : text.split(separator)) {
      if (fragment.length() >= MIN_FRAGMENT_LENGTH) {
        secrets.add(fragment);
      }
    }
  }

  /**
   * {@code text} on one line, without secrets, cut to {@code maxChars} (the last an ellipsis);
   * empty for blank text.
   */
  String clean(String text, int maxChars) {
    String line = text.replaceAll("\\p{Cntrl}+", " ").strip();
    for (String secret : secrets) {
      line = line.replace(secret, HIDDEN);
    }
    return IncidentFacts.truncate(line, maxChars);
  }
}
