package dev.tocsin.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tocsin.avro.Alert;
import dev.tocsin.avro.Incident;
import java.nio.file.Path;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InMemorySchemaRegistryTest {
  private static final Schema V1 = SchemaBuilder.record("Probe").namespace("dev.tocsin.test").fields()
      .requiredString("id")
      .endRecord();
  private static final Schema V2_WITH_DEFAULT = SchemaBuilder.record("Probe").namespace("dev.tocsin.test").fields()
      .requiredString("id")
      .name("note").type().stringType().stringDefault("none")
      .endRecord();
  private static final Schema V2_REQUIRED = SchemaBuilder.record("Probe").namespace("dev.tocsin.test").fields()
      .requiredString("id")
      .requiredString("owner")
      .endRecord();

  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

  @Test
  void registeringTheSameSchemaTwiceReturnsTheSameId() {
    int first = registry.register("probe-value", V1);
    int second = registry.register("probe-value", V1);

    assertThat(second).isEqualTo(first);
    assertThat(registry.versions("probe-value")).containsExactly(1);
  }

  @Test
  void sameSchemaUnderTwoSubjectsSharesTheIdWithAVersionEach() {
    registry.register("other-value", V2_WITH_DEFAULT);
    int a = registry.register("a-value", V1);
    int b = registry.register("b-value", V1);

    assertThat(b).isEqualTo(a);
    assertThat(registry.latest("a-value")).isEqualTo(new RegisteredSchema("a-value", 1, a, V1));
    assertThat(registry.latest("b-value")).isEqualTo(new RegisteredSchema("b-value", 1, a, V1));
    assertThat(registry.subjects()).containsExactly("other-value", "a-value", "b-value");
  }

  @Test
  void newRequiredFieldWithoutDefaultIsRejectedAsIncompatible() {
    registry.register("probe-value", V1);

    assertThatThrownBy(() -> registry.register("probe-value", V2_REQUIRED))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
          assertThat(e.status()).isEqualTo(409);
          assertThat(e.retryable()).isFalse();
        })
        .hasMessageContaining("incompatible")
        .hasMessageContaining("probe-value");
    assertThat(registry.versions("probe-value")).containsExactly(1);
  }

  @Test
  void newFieldWithDefaultIsANewIdAndVersionTwo() {
    int v1 = registry.register("probe-value", V1);

    int v2 = registry.register("probe-value", V2_WITH_DEFAULT);

    assertThat(v2).isNotEqualTo(v1);
    assertThat(registry.latest("probe-value")).isEqualTo(new RegisteredSchema("probe-value", 2, v2, V2_WITH_DEFAULT));
    assertThat(registry.version("probe-value", 1).id()).isEqualTo(v1);
    assertThat(registry.getById(v1)).isEqualTo(V1);
    assertThat(registry.getById(v2)).isEqualTo(V2_WITH_DEFAULT);
  }

  @Test
  void reRegisteringAnOlderVersionReturnsItsIdWithoutANewVersion() {
    int v1 = registry.register("probe-value", V1);
    registry.register("probe-value", V2_WITH_DEFAULT);

    assertThat(registry.register("probe-value", V1)).isEqualTo(v1);
    assertThat(registry.versions("probe-value")).containsExactly(1, 2);
  }

  @Test
  void findLocatesTheVersionOfAnExactSchema() {
    registry.register("probe-value", V1);
    registry.register("probe-value", V2_WITH_DEFAULT);

    assertThat(registry.find("probe-value", V2_WITH_DEFAULT)).map(RegisteredSchema::version).contains(2);
    assertThat(registry.find("probe-value", V2_REQUIRED)).isEmpty();
    assertThat(registry.find("other-value", V1)).isEmpty();
  }

  @Test
  void unknownIdSubjectAndVersionAnswerWithConfluentErrorCodes() {
    registry.register("probe-value", V1);

    assertThatThrownBy(() -> registry.getById(99)).isInstanceOfSatisfying(SchemaRegistryException.class,
        e -> assertThat(e.errorCode()).isEqualTo(40403));
    assertThatThrownBy(() -> registry.latest("nope")).isInstanceOfSatisfying(SchemaRegistryException.class,
        e -> assertThat(e.errorCode()).isEqualTo(40401));
    assertThatThrownBy(() -> registry.version("probe-value", 2)).isInstanceOfSatisfying(
        SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40402));
    assertThatThrownBy(() -> registry.versions("nope")).isInstanceOfSatisfying(SchemaRegistryException.class,
        e -> assertThat(e.status()).isEqualTo(404));
  }

  @Test
  void journalledRegistrySurvivesReopenWithTheSameIds(@TempDir Path dir) {
    Path journal = dir.resolve("schemas.jsonl");
    InMemorySchemaRegistry before = InMemorySchemaRegistry.journalled(journal);
    int alert = before.register("tocsin.alerts.v1-value", Alert.getClassSchema());
    int v1 = before.register("probe-value", V1);
    int v2 = before.register("probe-value", V2_WITH_DEFAULT);
    int shared = before.register("copy-value", V1);

    InMemorySchemaRegistry after = InMemorySchemaRegistry.journalled(journal);

    assertThat(after.getById(alert)).isEqualTo(Alert.getClassSchema());
    assertThat(after.latest("probe-value")).isEqualTo(new RegisteredSchema("probe-value", 2, v2, V2_WITH_DEFAULT));
    assertThat(after.version("probe-value", 1).id()).isEqualTo(v1);
    assertThat(after.latest("copy-value").id()).isEqualTo(shared).isEqualTo(v1);
    assertThat(after.subjects()).containsExactlyElementsOf(before.subjects());
    assertThat(after.register("probe-value", V2_WITH_DEFAULT)).as("no new id after reopen").isEqualTo(v2);
    assertThat(after.register("incidents-value", Incident.getClassSchema())).as("ids continue").isEqualTo(v2 + 1);
    assertThat(InMemorySchemaRegistry.journalled(journal).getById(v2 + 1)).isEqualTo(Incident.getClassSchema());
  }

  @Test
  void journalledRegistryStartsEmptyWithoutAFile(@TempDir Path dir) {
    InMemorySchemaRegistry registry = InMemorySchemaRegistry.journalled(dir.resolve("absent.jsonl"));

    assertThat(registry.subjects()).isEmpty();
  }

  @Test
  void mockUrlsWithDifferentScopesAreSeparateRegistries() {
    String a = "scope-a-" + UUID.randomUUID();
    String b = "scope-b-" + UUID.randomUUID();
    try {
      SchemaRegistryClient first = SchemaRegistries.forUrls("mock://" + a, null);
      SchemaRegistryClient again = SchemaRegistries.forUrls("mock://" + a, null);
      SchemaRegistryClient other = SchemaRegistries.forUrls("mock://" + b, null);

      first.register("probe-value", V1);

      assertThat(again).isSameAs(first).isSameAs(InMemorySchemaRegistry.scope(a));
      assertThat(again.latest("probe-value").schema()).isEqualTo(V1);
      assertThat(other).isNotSameAs(first);
      assertThatThrownBy(() -> other.latest("probe-value")).isInstanceOf(SchemaRegistryException.class);
    } finally {
      InMemorySchemaRegistry.dropScope(a);
      InMemorySchemaRegistry.dropScope(b);
    }
  }

  @Test
  void droppedScopeStartsEmptyOnNextUse() {
    String scope = "dropped-" + UUID.randomUUID();
    InMemorySchemaRegistry.scope(scope).register("probe-value", V1);

    InMemorySchemaRegistry.dropScope(scope);

    assertThat(InMemorySchemaRegistry.scope(scope).subjects()).isEmpty();
    InMemorySchemaRegistry.dropScope(scope);
  }
}
