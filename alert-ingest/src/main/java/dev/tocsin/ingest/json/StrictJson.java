package dev.tocsin.ingest.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** The one strict JSON reader behind {@link JsonBody#read}; thread-safe. */
final class StrictJson {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private static final String BYTE_ORDER_MARK = "\uFEFF";

  private StrictJson() {
  }

  static JsonBody read(byte[] body) {
    String text;
    try {
      // Decoded here, not by Jackson: it guesses UTF-16 or UTF-32 from NUL bytes, while a body
      // is UTF-8 (RFC 8259) and anything else is refused rather than reinterpreted.
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body))
          .toString();
    } catch (CharacterCodingException e) {
      return new JsonBody.NotJson("body: not valid JSON: not UTF-8");
    }
    if (text.startsWith(BYTE_ORDER_MARK)) {
      text = text.substring(1); // RFC 8259 lets a parser ignore it
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      return new JsonBody.NotJson("body: not valid JSON: " + describe(e));
    }
    if (root == null || root.isMissingNode()) {
      return new JsonBody.Empty();
    }
    return new JsonBody.Value(root);
  }

  /** The message with any unpaired surrogate replaced, so that a report can always be encoded. */
  private static String wellFormed(String message) {
    if (JsonFields.isWellFormedUnicode(message)) {
      return message;
    }
    StringBuilder out = new StringBuilder(message.length());
    for (int i = 0; i < message.length(); i++) {
      char c = message.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < message.length() && Character.isLowSurrogate(message.charAt(i + 1))) {
        out.append(c).append(message.charAt(++i));
      } else {
        out.append(Character.isSurrogate(c) ? '\uFFFD' : c);
      }
    }
    return out.toString();
  }

  static String describe(JsonProcessingException e) {
    JsonLocation location = e.getLocation();
    String message = e.getOriginalMessage();
    if (location != null && location.getLineNr() > 0) {
      message += " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
    return wellFormed(message);
  }
}
