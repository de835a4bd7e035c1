package dev.tocsin.ingest.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonBodyTest {

  @Test
  void readsOneJsonValue() {
    assertThat(JsonBody.read(utf8("{\"a\": [1]}"))).isInstanceOf(JsonBody.Value.class);
  }

  @Test
  void refusesDuplicateKeysAndTrailingContent() {
    assertThat(JsonBody.read(utf8("{\"a\": 1, \"a\": 2}"))).isInstanceOf(JsonBody.NotJson.class);
    assertThat(JsonBody.read(utf8("{} []"))).isInstanceOf(JsonBody.NotJson.class);
  }

  @Test
  void refusesInvalidUtf8() {
    assertThat(JsonBody.read(new byte[] {'"', (byte) 0xC3, '"'})).isInstanceOf(JsonBody.NotJson.class);
  }

  @Test
  void readsNulBytesAsUtf8RatherThanGuessingUtf32() {
    // Found by CloudMonitoringSourceFuzzTest (crash-796897c7...): read as UTF-32, the body became an
    // unpaired surrogate that the problem report then echoed.
    JsonBody read = JsonBody.read(new byte[] {0x20, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0x60});

    assertThat(read).isInstanceOf(JsonBody.NotJson.class);
    String problem = ((JsonBody.NotJson) read).problem();
    assertThat(problem).startsWith("body: not valid JSON: Illegal character ((CTRL-CHAR, code 0))");
    assertThat(JsonFields.isWellFormedUnicode(problem)).isTrue();
  }

  @Test
  void refusesBytesThatAreNotUtf8() {
    assertThat(JsonBody.read(new byte[] {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'}))
        .isEqualTo(new JsonBody.NotJson("body: not valid JSON: not UTF-8"));
  }

  @Test
  void refusesJsonInUtf16() {
    assertThat(JsonBody.read("{\"a\": 1}".getBytes(StandardCharsets.UTF_16LE))).isInstanceOf(JsonBody.NotJson.class);
  }

  @Test
  void ignoresAUtf8ByteOrderMark() {
    assertThat(JsonBody.read(utf8("\uFEFF{\"a\": 1}"))).isInstanceOf(JsonBody.Value.class);
  }

  @Test
  void refusesPathologicallyDeepNesting() {
    JsonBody read = JsonBody.read(utf8("[".repeat(100_000)));

    assertThat(read).isInstanceOf(JsonBody.NotJson.class);
    assertThat(((JsonBody.NotJson) read).problem()).startsWith("body: not valid JSON: ");
  }

  @Test
  void tellsAnEmptyBodyFromMalformedJson() {
    assertThat(JsonBody.read(utf8(" \r\n"))).isInstanceOf(JsonBody.Empty.class);
    assertThat(JsonBody.read(new byte[0])).isInstanceOf(JsonBody.Empty.class);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
