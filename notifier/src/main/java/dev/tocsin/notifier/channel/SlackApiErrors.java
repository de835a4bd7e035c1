package dev.tocsin.notifier.channel;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one table saying what each {@code {"ok":false,"error":"..."}} answer of the Slack Web API
 * means for a delivery. Slack reports method errors with HTTP 200, so the HTTP status table cannot
 * tell them apart; this one does. Unknown codes are permanent: a human should look. Pure.
 */
final class SlackApiErrors {
  /** Slack's error codes are short snake_case words; anything else is not quoted in a reason. */
  private static final Pattern ERROR_CODE = Pattern.compile("[a-z][a-z0-9_]{0,63}");

  /** What to do about one error code. */
  enum Verdict {
    /** Slack is busy or broken; try again later (after {@code Retry-After}, when given). */
    RETRY,
    /** The request or the app's set-up is wrong; trying again will not help. */
    GIVE_UP,
    /** The incident's message is gone (deleted): post a new one, which becomes the incident's message. */
    POST_ANEW
  }

  /** A verdict and, for operators, what usually fixes it. */
  record Entry(Verdict verdict, String hint) {
    Entry {
      Objects.requireNonNull(verdict, "verdict");
      Objects.requireNonNull(hint, "hint");
    }
  }

  private static final Entry RETRY = new Entry(Verdict.RETRY, "");

  private static final Map<String, Entry> TABLE = Map.ofEntries(
      Map.entry("ratelimited", RETRY),
      Map.entry("rate_limited", RETRY),
      Map.entry("internal_error", RETRY),
      Map.entry("fatal_error", RETRY),
      Map.entry("service_unavailable", RETRY),
      Map.entry("request_timeout", RETRY),
      Map.entry("invalid_auth", giveUp("the bot token is not valid")),
      Map.entry("not_authed", giveUp("no bot token was accepted")),
      Map.entry("account_inactive", giveUp("the bot token's app or user is deactivated")),
      Map.entry("token_revoked", giveUp("the bot token was revoked")),
      Map.entry("token_expired", giveUp("the bot token expired")),
      Map.entry("channel_not_found", giveUp("check the channel, and that the app can see it")),
      Map.entry("not_in_channel", giveUp("invite the app to the channel")),
      Map.entry("is_archived", giveUp("the channel is archived")),
      Map.entry("msg_too_long", giveUp("")),
      Map.entry("invalid_blocks", giveUp("")),
      Map.entry("missing_scope", giveUp("the app needs the chat:write scope")),
      Map.entry("no_permission", giveUp("the app may not post there")),
      Map.entry("restricted_action", giveUp("a workspace setting keeps the app from posting there")),
      Map.entry("cant_update_message", giveUp("the message was posted by another app or token")),
      Map.entry("edit_window_closed", giveUp("the workspace no longer lets the message be edited")));

  private SlackApiErrors() {
  }

  private static Entry giveUp(String hint) {
    return new Entry(Verdict.GIVE_UP, hint);
  }

  /**
   * What {@code error} means as the answer to {@code method}. {@code message_not_found} only
   * calls for a new message when {@code chat.update} said it.
   */
  static Entry classify(String method, String error) {
    if (error.equals("message_not_found")) {
      return method.equals(SlackApiChannel.UPDATE) ? new Entry(Verdict.POST_ANEW, "")
          : giveUp("the thread's message is gone");
    }
    return TABLE.getOrDefault(error, giveUp(""));
  }

  /** {@code text} if it looks like one of Slack's error codes, so that it may be quoted. */
  static Optional<String> code(String text) {
    return text != null && ERROR_CODE.matcher(text).matches() ? Optional.of(text) : Optional.empty();
  }
}
