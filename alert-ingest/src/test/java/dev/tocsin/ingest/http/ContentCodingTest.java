package dev.tocsin.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContentCodingTest {

  @Test
  void readsNoHeaderAsIdentity() {
    assertThat(ContentCoding.of(List.of())).isEqualTo(new ContentCoding.Identity());
  }

  @ParameterizedTest
  @ValueSource(strings = {"identity", "IDENTITY", "", " ", "identity, identity"})
  void readsIdentityAsIdentity(String header) {
    assertThat(ContentCoding.of(List.of(header))).isEqualTo(new ContentCoding.Identity());
  }

  @ParameterizedTest
  @ValueSource(strings = {"gzip", "GZip", " gzip ", "x-gzip", "identity, gzip"})
  void readsGzipAndItsAliasCaseInsensitively(String header) {
    assertThat(ContentCoding.of(List.of(header))).isEqualTo(new ContentCoding.Gzip());
  }

  @Test
  void refusesGzipAppliedTwiceOverTwoHeaders() {
    assertThat(ContentCoding.of(List.of("gzip", "gzip"))).isEqualTo(new ContentCoding.Unsupported("gzip, gzip"));
  }

  @Test
  void namesEveryCodingItDoesNotDecode() {
    assertThat(ContentCoding.of(List.of("br", "identity, deflate")))
        .isEqualTo(new ContentCoding.Unsupported("br, deflate"));
  }
}
