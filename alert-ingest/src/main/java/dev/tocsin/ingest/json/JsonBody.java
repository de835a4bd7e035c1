package dev.tocsin.ingest.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tocsin.ingest.domain.AlertBatch;
import java.util.List;
import java.util.function.Function;

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

  /**
   * What an alert source answers for {@code body}: a malformed rejection when it is not JSON, an
   * invalid one when it is empty, else what {@code parseRoot} makes of its one value.
   */
  static AlertBatch alerts(byte[] body, Function<JsonNode, AlertBatch> parseRoot) {
    JsonBody read = read(body);
    if (read instanceof NotJson notJson) {
      return new AlertBatch.Rejected(AlertBatch.Reason.MALFORMED, List.of(notJson.problem()));
    }
    if (read instanceof Value value) {
      return parseRoot.apply(value.root());
    }
    return new AlertBatch.Rejected(AlertBatch.Reason.INVALID_PAYLOAD, List.of("body: is empty"));
  }

  /**
   * A parser's complaint as a problem may quote it: its own message, where it stopped, and no
   * unpaired surrogate (so the answer can always be encoded).
   */
  static String describe(JsonProcessingException e) {
    return StrictJson.describe(e);
  }
}
