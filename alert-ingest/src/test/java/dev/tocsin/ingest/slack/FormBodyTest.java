package dev.tocsin.ingest.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormBodyTest {

  @Test
  void decodesPercentEscapesAndPlusAsSpace() {
    FormBody form = parse("text=ack+INC-7K2M9QXD&command=%2Fincident&name=%E4%BA%88%E7%AE%97");

    assertThat(form.problems()).isEmpty();
    assertThat(form.fields()).containsExactly(Map.entry("text", "ack INC-7K2M9QXD"),
        Map.entry("command", "/incident"), Map.entry("name", "予算"));
  }

  @Test
  void readsAFieldWithoutEqualsAsEmptyAndSkipsEmptyPairs() {
    FormBody form = parse("&text&&a=b&");

    assertThat(form.fields()).containsExactly(Map.entry("text", ""), Map.entry("a", "b"));
  }

  @Test
  void keepsEverythingAfterTheFirstEquals() {
    assertThat(parse("payload={\"a\":\"b=c\"}").get("payload")).isEqualTo("{\"a\":\"b=c\"}");
  }

  @Test
  void reportsEveryBrokenEscapeAndEveryRepeatedField() {
    FormBody form = parse("a=%&b=%4&a=1&a=2");

    assertThat(form.problems()).containsExactly("body: form field #1 has an invalid %-escape",
        "body: form field #2 has an invalid %-escape", "a: appears more than once");
  }

  @Test
  void setsApartValuesThatAreNotUtf8OnceDecoded() {
    FormBody form = parse("command=%2Fincident&text=d%E9ploy&user_name=%C3&ok=%C3%A9");

    assertThat(form.notUtf8()).containsExactly("text", "user_name");
    assertThat(form.fields()).containsExactly(Map.entry("command", "/incident"), Map.entry("ok", "é"));
    assertThat(form.problems()).isEmpty();
  }

  @Test
  void setsApartRawBytesThatAreNotUtf8EvenWhenTheEscapesWouldCompleteThem() {
    byte[] latin1 = "text=d\u00e9ploy".getBytes(StandardCharsets.ISO_8859_1);
    byte[] splitCharacter = concat("a=%C3".getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) 0xA9});
    byte[] badName = concat("x=1&".getBytes(StandardCharsets.US_ASCII), new byte[] {'n', (byte) 0xFF, '=', '1'});

    assertThat(FormBody.parse(latin1).notUtf8()).containsExactly("text");
    assertThat(FormBody.parse(splitCharacter).notUtf8()).containsExactly("a");
    assertThat(FormBody.parse(badName).notUtf8()).containsExactly("form field #2");
    assertThat(FormBody.parse(badName).fields()).containsExactly(Map.entry("x", "1"));
  }

  @Test
  void decodesRawUtf8AndOverlongOrSurrogateEncodingsAsSuch() {
    assertThat(FormBody.parse("name=\u4e88\u7b97".getBytes(StandardCharsets.UTF_8)).fields())
        .containsExactly(Map.entry("name", "予算"));
    // an overlong '/', and an encoded surrogate: neither is UTF-8
    assertThat(parse("a=%C0%AF&b=%ED%A0%80").notUtf8()).containsExactly("a", "b");
  }

  @Test
  void boundsTheNumberOfFields() {
    FormBody form = parse(fields(150));

    assertThat(form.problems()).containsExactly("body: more than 100 form fields");
  }

  private static String fields(int count) {
    StringBuilder body = new StringBuilder();
    for (int i = 1; i <= count; i++) {
      body.append("f").append(i).append("=1&");
    }
    return body.toString();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  private static FormBody parse(String body) {
    return FormBody.parse(body.getBytes(StandardCharsets.UTF_8));
  }
}
