package dev.tocsin.schemas.vocabulary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IncidentLinksTest {

  @Test
  void linksAnIncidentUnderTheBaseWithoutTrailingSlashes() {
    assertThat(IncidentLinks.under("https://tocsin.example.com/incidents//").of("INC-7K2M9QXD"))
        .contains("https://tocsin.example.com/incidents/INC-7K2M9QXD");
  }

  @Test
  void encodesAnIdThatIsNotUrlSafe() {
    assertThat(IncidentLinks.under("https://t.example.com").of("a b/c")).contains("https://t.example.com/a%20b%2Fc");
  }

  @Test
  void anEmptySettingMeansNoLinks() {
    assertThat(IncidentLinks.fromSetting("")).isSameAs(IncidentLinks.none());
    assertThat(IncidentLinks.fromSetting(null)).isSameAs(IncidentLinks.none());
    assertThat(IncidentLinks.none().of("INC-7K2M9QXD")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"tocsin.example.com", "/incidents", "ftp://example.com"})
  void refusesABaseThatIsNotAnAbsoluteHttpUrl(String base) {
    assertThatIllegalArgumentException().isThrownBy(() -> IncidentLinks.fromSetting(base))
        .withMessageContaining("incident URL base must be an absolute http(s) URL with a host");
  }
}
