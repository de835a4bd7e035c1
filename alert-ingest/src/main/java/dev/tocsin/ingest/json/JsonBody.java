package dev.tocsin.ingest.json;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A request body read as exactly one JSON value: trailing content and duplicate keys are refused,
 * as they make a body mean different things to different readers.
 */
public sealed interface JsonBody {

  /** The body was one JSON value. */
  record Value(JsonNode root) implements JsonBody {
  }

  /**
   * The body was not JSON.
   *
   * @param problem {@code body: not valid JSON: <parser message>}
   */
  record NotJson(String problem) implements JsonBody {
  }

  /** The body was empty or only whitespace. */
  record Empty() implements JsonBody {
  }

  /** Reads {@code body} (UTF-8 JSON). */
  static JsonBody read(byte[] body) {
    return StrictJson.read(body);
  }
}
