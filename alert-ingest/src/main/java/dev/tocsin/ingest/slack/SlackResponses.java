package dev.tocsin.ingest.slack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Bodies of the immediate JSON answers to slash commands and interactions. */
public final class SlackResponses {
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private SlackResponses() {
  }

  /** {@code {"response_type":"ephemeral","text":text}}: a reply only the invoking user sees; {@code text} is mrkdwn. */
  public static String ephemeral(String text) {
    ObjectNode body = JSON.createObjectNode();
    body.put("response_type", "ephemeral");
    body.put("text", text);
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of two strings always serialises", e);
    }
  }
}
