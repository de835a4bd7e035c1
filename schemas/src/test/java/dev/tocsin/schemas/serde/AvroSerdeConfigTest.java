package dev.tocsin.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class AvroSerdeConfigTest {

  @Test
  void defaultsFollowConfluent() {
    AvroSerdeConfig config = new AvroSerdeConfig(Map.of("schema.registry.url", "http://registry:8081"));

    assertThat(config.registryUrl()).isEqualTo("http://registry:8081");
    assertThat(config.autoRegister()).isTrue();
    assertThat(config.useLatestVersion()).isFalse();
    assertThat(config.basicAuthUserInfo()).isNull();
  }

  @Test
  void missingRegistryUrlIsRefusedByName() {
    assertThatThrownBy(() -> new AvroSerdeConfig(Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("schema.registry.url");
  }

  @Test
  void unknownCredentialsSourceIsRefusedByName() {
    assertThatThrownBy(() -> new AvroSerdeConfig(Map.of("schema.registry.url", "http://r",
        "basic.auth.credentials.source", "SASL_INHERIT")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("basic.auth.credentials.source");
  }

  @Test
  void userInfoIsUsedOnlyWhenItIsTheCredentialsSource() {
    Map<String, String> userInfo = Map.of("schema.registry.url", "http://r", "basic.auth.user.info", "u:p");

    assertThat(new AvroSerdeConfig(userInfo).basicAuthUserInfo()).isNull();
    assertThat(new AvroSerdeConfig(Map.of("schema.registry.url", "http://r", "basic.auth.user.info", "u:p",
        "basic.auth.credentials.source", "USER_INFO")).basicAuthUserInfo()).isEqualTo("u:p");
    assertThat(new AvroSerdeConfig(Map.of("schema.registry.url", "http://r",
        "basic.auth.credentials.source", "USER_INFO")).basicAuthUserInfo()).isNull();
  }

  @Test
  void userInfoIsHiddenWhenTheConfigIsPrinted() {
    AvroSerdeConfig config = new AvroSerdeConfig(Map.of("schema.registry.url", "http://r",
        "basic.auth.user.info", "user:s3cr3t", "basic.auth.credentials.source", "USER_INFO"));

    assertThat(config.values().toString()).doesNotContain("s3cr3t");
    assertThat(config.getPassword("basic.auth.user.info").toString()).doesNotContain("s3cr3t");
  }
}
