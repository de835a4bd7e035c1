package dev.tocsin.ingest.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
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

  private static FormBody parse(String body) {
    return FormBody.parse(body.getBytes(StandardCharsets.UTF_8));
  }
}
