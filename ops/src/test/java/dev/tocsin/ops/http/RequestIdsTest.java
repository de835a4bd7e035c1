package dev.tocsin.ops.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestIdsTest {

  @ParameterizedTest
  @ValueSource(strings = {"abc-123", "5d1f0a7e-3c2b-4e8e-9a63-1d2f3e4a5b6c", "trace:span.1_2"})
  void reusesASaneIncomingId(String incoming) {
    assertThat(RequestIds.of(incoming)).isEqualTo(incoming);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "has space", "line\nbreak", "-leading-dash", "<script>"})
  void replacesAnIdUnsafeToLogWithAUuid(String incoming) {
    String id = RequestIds.of(incoming);

    assertThat(id).isNotEqualTo(incoming);
    assertThat(UUID.fromString(id)).isNotNull();
  }

  @Test
  void replacesAnOverlongId() {
    assertThat(RequestIds.of("a".repeat(129))).hasSize(36);
  }

  @Test
  void generatesAnIdWhenNoneCame() {
    assertThat(UUID.fromString(RequestIds.of(null))).isNotNull();
  }
}
