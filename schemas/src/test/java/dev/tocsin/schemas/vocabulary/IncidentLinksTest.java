package dev.tocsin.schemas.vocabulary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.config.ConfigException;
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

  @ParameterizedTest
  @ValueSource(strings = {"https://t.example.com/incidents?tab=1", "https://t.example.com/incidents#top"})
  void refusesABaseWithAQueryOrFragmentTheIdWouldLandAfter(String base) {
    assertThatIllegalArgumentException().isThrownBy(() -> IncidentLinks.under(base))
        .withMessageContaining("must not have a query or a fragment");
  }

  @Test
  void theSettingsValidatorNamesTheKeyAndAcceptsEmpty() {
    IncidentLinks.validator().ensureValid(IncidentLinks.BASE_CONFIG, "");
    IncidentLinks.validator().ensureValid(IncidentLinks.BASE_CONFIG, "https://t.example.com/incidents");

    assertThatThrownBy(() -> IncidentLinks.validator().ensureValid(IncidentLinks.BASE_CONFIG, "t.example.com"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("incident.url.base");
  }
}
