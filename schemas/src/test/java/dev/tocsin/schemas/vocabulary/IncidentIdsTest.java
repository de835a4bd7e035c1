package dev.tocsin.schemas.vocabulary;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IncidentIdsTest {

  @Test
  void mintsIdsEveryRecogniserAccepts() {
    for (int occurrence = 1; occurrence <= 500; occurrence++) {
      String id = IncidentIds.of("route-0:{alertname=\"HighCPU\"}", occurrence);
      assertThat(IncidentIds.isId(id)).as(id).isTrue();
      assertThat(IncidentIds.normalize(id)).contains(id);
    }
  }

  @Test
  void theSameGroupAndOccurrenceAlwaysGiveTheSameId() {
    assertThat(IncidentIds.of("g", 1)).isEqualTo(IncidentIds.of("g", 1)).isNotEqualTo(IncidentIds.of("g", 2));
  }

  @Test
  void theExampleShownToPeopleIsAnId() {
    assertThat(IncidentIds.isId(IncidentIds.EXAMPLE)).isTrue();
  }

  @Test
  void peopleMayTypeIdsInLowerCase() {
    assertThat(IncidentIds.normalize(" inc-7k2m9qxd".strip())).contains("INC-7K2M9QXD");
    assertThat(IncidentIds.isId("inc-7k2m9qxd")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "INC-", "INC-7K2M9QX", "INC-7K2M9QXDD", "INC-7K2M9QXI", "INC-7K2M9QXO", "INC-7K2M9QXU",
      "INC-7K2M9QXL", "7K2M9QXD", "INC_7K2M9QXD", " INC-7K2M9QXD"})
  void refusesWhatIsNotAnId(String text) {
    assertThat(IncidentIds.isId(text)).isFalse();
    assertThat(IncidentIds.normalize(text)).isEmpty();
  }

  @Test
  void nullIsNotAnId() {
    assertThat(IncidentIds.isId(null)).isFalse();
    assertThat(IncidentIds.normalize(null)).isEmpty();
  }
}
