package dev.tocsin.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SchemaRegistriesTest {

  @Test
  void mockUrlSelectsTheInProcessRegistryOfItsScope() {
    try {
      assertThat(SchemaRegistries.forUrls(" mock://schema-registries-test ", null))
          .isSameAs(InMemorySchemaRegistry.scope("schema-registries-test"));
    } finally {
      InMemorySchemaRegistry.dropScope("schema-registries-test");
    }
  }

  @Test
  void httpUrlsSelectTheRestClient() {
    assertThat(SchemaRegistries.forUrls("http://a:8081, https://b", null)).isInstanceOf(RestSchemaRegistryClient.class);
  }

  @Test
  void blankUrlIsRefusedByName() {
    assertThatThrownBy(() -> SchemaRegistries.forUrls("  ", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("schema.registry.url");
  }

  @Test
  void urlWithoutSchemeOrWithAnotherSchemeIsRefused() {
    assertThatThrownBy(() -> SchemaRegistries.forUrls("registry:8081", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("registry:8081");
    assertThatThrownBy(() -> SchemaRegistries.forUrls("http://a:8081,ftp://b", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ftp://b");
  }

  @Test
  void malformedUrlIsRefusedWithTheReasonButWithoutItsCredentials() {
    assertThatThrownBy(() -> SchemaRegistries.forUrls("http://bob:hunter2@bad host:8081", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("http://[hidden]@bad host:8081")
        .hasMessageContaining("Illegal character")
        .hasNoCause()
        .message().doesNotContain("hunter2");
  }

  @Test
  void redactionHidesEverythingUpToTheLastAt() {
    assertThat(SchemaRegistries.redacted("http://u:p@ss@host:1/x")).isEqualTo("http://[hidden]@host:1/x");
    assertThat(SchemaRegistries.redacted("http://host:1/x")).isEqualTo("http://host:1/x");
    assertThat(SchemaRegistries.redacted("u:p@host")).isEqualTo("[hidden]@host");
  }
}
