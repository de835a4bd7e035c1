package dev.tocsin.notifier.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks requests a {@link RecordingWebhook} recorded against Slack's documented Web API format
 * for {@code chat.postMessage} and {@code chat.update}: method and path, bearer token, JSON
 * content type, required arguments and Block Kit's structure and limits
 * (https://docs.slack.dev/reference/methods/chat.postMessage,
 * https://docs.slack.dev/reference/block-kit/blocks/). Pure.
 */
public final class SlackWebApiFormat {
  public static final String POST_PATH = "/api/chat.postMessage";
  public static final String UPDATE_PATH = "/api/chat.update";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern TS = Pattern.compile("[0-9]+\\.[0-9]+");
  private static final Set<String> TEXT_TYPES = Set.of("plain_text", "mrkdwn");

  private SlackWebApiFormat() {
  }

  /** Everything wrong with {@code request} as a Web API call authorised by {@code token}; empty when nothing is. */
  public static List<String> problems(RecordingWebhook.Request request, String token) {
    List<String> problems = new ArrayList<>();
    if (!"POST".equals(request.method())) {
      problems.add("method is " + request.method() + ", not POST");
    }
    boolean update = UPDATE_PATH.equals(request.path());
    if (!update && !POST_PATH.equals(request.path())) {
      problems.add("path " + request.path() + " is neither " + POST_PATH + " nor " + UPDATE_PATH);
    }
    if (!("Bearer " + token).equals(request.header("Authorization"))) {
      problems.add("Authorization is not the bearer token");
    }
    if (!"application/json; charset=utf-8".equals(request.header("Content-Type"))) {
      problems.add("Content-Type is " + request.header("Content-Type"));
    }
    JsonNode body;
    try {
      body = JSON.readTree(request.body());
    } catch (IOException e) {
      problems.add("body is not JSON");
      return problems;
    }
    if (body == null || !body.isObject()) {
      problems.add("body is not a JSON object");
      return problems;
    }
    nonEmptyText(body, "channel", "channel", problems);
    nonEmptyText(body, "text", "text (the notification fallback)", problems);
    if (update) {
      if (!TS.matcher(body.path("ts").asText("")).matches()) {
        problems.add("chat.update without a ts");
      }
      if (body.has("thread_ts")) {
        problems.add("chat.update with a thread_ts");
      }
    } else if (body.has("thread_ts") && !TS.matcher(body.path("thread_ts").asText("")).matches()) {
      problems.add("thread_ts is not a ts");
    }
    if (body.has("blocks")) {
      blocks(body.get("blocks"), "blocks", problems);
    }
    if (body.has("attachments")) {
      JsonNode attachments = body.get("attachments");
      if (!attachments.isArray()) {
        problems.add("attachments is not an array");
      } else {
        for (int i = 0; i < attachments.size(); i++) {
          JsonNode attachment = attachments.get(i);
          if (!attachment.path("color").isTextual()) {
            problems.add("attachments[" + i + "].color is missing");
          }
          blocks(attachment.path("blocks"), "attachments[" + i + "].blocks", problems);
        }
      }
    }
    return problems;
  }

  private static void blocks(JsonNode blocks, String path, List<String> problems) {
    if (!blocks.isArray() || blocks.size() > 50) {
      problems.add(path + " is not an array of at most 50 blocks");
      return;
    }
    for (int i = 0; i < blocks.size(); i++) {
      JsonNode block = blocks.get(i);
      String at = path + "[" + i + "]";
      if (block.has("block_id") && block.path("block_id").asText().length() > 255) {
        problems.add(at + ".block_id is longer than 255");
      }
      switch (block.path("type").asText()) {
        case "header" -> textObject(block.path("text"), at + ".text", Set.of("plain_text"), 150, problems);
        case "section" -> section(block, at, problems);
        case "actions" -> actions(block, at, problems);
        case "context" -> {
          if (!block.path("elements").isArray() || block.path("elements").size() > 10) {
            problems.add(at + ".elements is not an array of at most 10");
          }
        }
        case "divider" -> {
        }
        default -> problems.add(at + " has unknown type " + block.path("type"));
      }
    }
  }

  private static void section(JsonNode block, String at, List<String> problems) {
    if (!block.has("text") && !block.has("fields")) {
      problems.add(at + " has neither text nor fields");
    }
    if (block.has("text")) {
      textObject(block.get("text"), at + ".text", TEXT_TYPES, 3000, problems);
    }
    if (block.has("fields")) {
      JsonNode fields = block.get("fields");
      if (!fields.isArray() || fields.isEmpty() || fields.size() > 10) {
        problems.add(at + ".fields is not an array of 1 to 10");
        return;
      }
      for (int i = 0; i < fields.size(); i++) {
        textObject(fields.get(i), at + ".fields[" + i + "]", TEXT_TYPES, 2000, problems);
      }
    }
  }

  private static void actions(JsonNode block, String at, List<String> problems) {
    JsonNode elements = block.path("elements");
    if (!elements.isArray() || elements.isEmpty() || elements.size() > 25) {
      problems.add(at + ".elements is not an array of 1 to 25");
      return;
    }
    for (int i = 0; i < elements.size(); i++) {
      JsonNode button = elements.get(i);
      String path = at + ".elements[" + i + "]";
      if (!"button".equals(button.path("type").asText())) {
        problems.add(path + " is not a button");
        continue;
      }
      textObject(button.path("text"), path + ".text", Set.of("plain_text"), 75, problems);
      String actionId = button.path("action_id").asText("");
      if (actionId.isEmpty() || actionId.length() > 255) {
        problems.add(path + ".action_id is missing or longer than 255");
      }
      if (button.has("value") && button.path("value").asText().length() > 2000) {
        problems.add(path + ".value is longer than 2000");
      }
      if (button.has("style") && !Set.of("primary", "danger").contains(button.path("style").asText())) {
        problems.add(path + ".style is neither primary nor danger");
      }
    }
  }

  private static void textObject(JsonNode text, String path, Set<String> types, int maxChars,
      List<String> problems) {
    if (!types.contains(text.path("type").asText())) {
      problems.add(path + ".type is not one of " + types);
    }
    String value = text.path("text").asText("");
    if (value.isEmpty() || value.codePointCount(0, value.length()) > maxChars) {
      problems.add(path + ".text is empty or longer than " + maxChars);
    }
  }

  private static void nonEmptyText(JsonNode body, String field, String name, List<String> problems) {
    if (!body.path(field).isTextual() || body.path(field).asText().isBlank()) {
      problems.add(name + " is missing");
    }
  }
}
