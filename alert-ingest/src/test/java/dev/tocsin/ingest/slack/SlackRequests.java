package dev.tocsin.ingest.slack;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Slack request bodies built from the documented formats, and Slack's v0 signing for tests. */
final class SlackRequests {
  static final String TRIGGER_ID = "398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
  static final String USER_ID = "U2CERLKJA";
  static final String USER_NAME = "roadrunner";

  private SlackRequests() {
  }

  /** A slash-command body as Slack posts it for {@code /incident <text>}; {@code text} as Slack sends it (mrkdwn-escaped). */
  static byte[] slashCommand(String text) {
    return form(slashCommandFields(text));
  }

  /** The fields of {@link #slashCommand(String)}, in Slack's order, for tests that change one. */
  static Map<String, String> slashCommandFields(String text) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("token", "xyzz0WbapA4vBCDEFasx0q6G");
    fields.put("team_id", "T1DC2JH3J");
    fields.put("team_domain", "acme");
    fields.put("channel_id", "C0123INCID");
    fields.put("channel_name", "incidents");
    fields.put("user_id", USER_ID);
    fields.put("user_name", USER_NAME);
    fields.put("command", "/incident");
    fields.put("text", text);
    fields.put("api_app_id", "A0TOCSIN01");
    fields.put("is_enterprise_install", "false");
    fields.put("response_url", "https://hooks.slack.com/commands/T1DC2JH3J/397700885554/96rGlfmibIGlgcZRskXaIFfN");
    fields.put("trigger_id", TRIGGER_ID);
    return fields;
  }

  /** An interaction body: one {@code payload} field holding {@code json}. */
  static byte[] interaction(String json) {
    return form(Map.of("payload", json));
  }

  /** A {@code block_actions} payload for a click on a button of the incident message. */
  static String buttonClick(String actionId, String value) {
    return """
        {"type":"block_actions",
         "user":{"id":"U123JANE","username":"jane","name":"jane","team_id":"T1DC2JH3J"},
         "api_app_id":"A0TOCSIN01","token":"(deprecated)",
         "container":{"type":"message","message_ts":"1768032930.000200","channel_id":"C0123INCID","is_ephemeral":false},
         "trigger_id":"123.456.abc",
         "team":{"id":"T1DC2JH3J","domain":"acme"},
         "channel":{"id":"C0123INCID","name":"incidents"},
         "message":{"ts":"1768032930.000200","text":"[FIRING] HighCPU on api-1","blocks":[]},
         "response_url":"https://hooks.slack.com/actions/T1DC2JH3J/1/abc",
         "actions":[{"type":"button","action_id":"%s","block_id":"inc-7k2m9qxd","value":"%s",
                     "text":{"type":"plain_text","text":"Acknowledge","emoji":true},"style":"primary",
                     "action_ts":"1768033000.123456"}],
         "state":{"values":{}}}
        """.formatted(actionId, value);
  }

  static byte[] form(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"))
        .getBytes(StandardCharsets.UTF_8);
  }

  /** {@code v0=<hex HMAC-SHA256 of "v0:" + timestamp + ":" + body>}, computed independently of the verifier. */
  static String sign(String secret, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update(("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
      return "v0=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
