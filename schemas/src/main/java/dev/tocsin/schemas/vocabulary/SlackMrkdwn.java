package dev.tocsin.schemas.vocabulary;

/**
 * Slack's three mrkdwn control characters, in both directions: what the notifier writes into
 * messages and what ingest reads from slash commands.
 */
public final class SlackMrkdwn {
  private SlackMrkdwn() {
  }

  /** {@code text} safe to embed in mrkdwn: no link, mention or broadcast can be injected through it. */
  public static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /** Text as the user typed it: Slack sends {@code & < >} of message text escaped. */
  public static String unescape(String text) {
    // &amp; last, so "&amp;lt;" becomes the literal "&lt;" the user typed
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
  }
}
