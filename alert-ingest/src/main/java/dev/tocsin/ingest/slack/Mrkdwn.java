package dev.tocsin.ingest.slack;

/** Slack's three mrkdwn control characters, in both directions. */
final class Mrkdwn {
  private Mrkdwn() {
  }

  /** {@code text} safe to embed in mrkdwn: no link, mention or broadcast can be injected through it. */
  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /** Text as the user typed it: Slack sends {@code & < >} of message text escaped. */
  static String unescape(String text) {
    // &amp; last, so "&amp;lt;" becomes the literal "&lt;" the user typed
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
  }
}
