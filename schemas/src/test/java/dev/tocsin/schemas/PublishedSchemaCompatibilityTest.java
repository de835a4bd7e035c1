package dev.tocsin.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.avro.Alert;
import dev.tocsin.avro.DeliveryResult;
import dev.tocsin.avro.Incident;
import dev.tocsin.avro.IncidentCommand;
import dev.tocsin.avro.IncidentEvent;
import dev.tocsin.avro.Notification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every schema ever published (src/test/resources/schemas/published/v*) must stay readable by
 * the current generated classes: BACKWARD compatibility, as the registry enforces per subject.
 */
class PublishedSchemaCompatibilityTest {
  private static final Map<String, Schema> CURRENT = Map.of(
      "Alert", Alert.getClassSchema(),
      "Incident", Incident.getClassSchema(),
      "IncidentEvent", IncidentEvent.getClassSchema(),
      "IncidentCommand", IncidentCommand.getClassSchema(),
      "Notification", Notification.getClassSchema(),
      "DeliveryResult", DeliveryResult.getClassSchema());

  static Stream<Arguments> publishedSchemas() throws IOException {
    return versionDirectories().stream().flatMap(PublishedSchemaCompatibilityTest::avscFiles)
        .map(file -> Arguments.of(file.getParent().getFileName() + "/" + file.getFileName(), file));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("publishedSchemas")
  void currentSchemaReadsDataWrittenWithThePublishedSchema(String name, Path file) throws IOException {
    Schema published = new Schema.Parser().parse(file.toFile());
    Schema current = CURRENT.get(published.getName());
    assertThat(current).as("%s names a record that is no longer a topic value", name).isNotNull();

    var result = SchemaCompatibility.checkReaderWriterCompatibility(current, published);

    assertThat(result.getType()).as("%s: %s", name, result.getDescription())
        .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
  }

  @Test
  void latestPublishedVersionCoversEveryTopLevelRecord() throws IOException {
    List<Path> versions = versionDirectories();
    assertThat(versions).isNotEmpty();

    try (Stream<Path> files = avscFiles(versions.get(versions.size() - 1))) {
      assertThat(files.map(file -> file.getFileName().toString().replace(".avsc", "")))
          .containsExactlyInAnyOrderElementsOf(CURRENT.keySet());
    }
  }

  @Test
  void guardRejectsANewRequiredFieldWithoutDefault() {
    // Proves the check has teeth: this is the change the IDL's header comment forbids.
    Schema published = SchemaBuilder.record("Alert").namespace("dev.tocsin.avro").fields()
        .requiredString("fingerprint").endRecord();
    Schema broken = SchemaBuilder.record("Alert").namespace("dev.tocsin.avro").fields()
        .requiredString("fingerprint").requiredString("tenant").endRecord();

    assertThat(SchemaCompatibility.checkReaderWriterCompatibility(broken, published).getType())
        .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
  }

  private static List<Path> versionDirectories() throws IOException {
    Path root;
    try {
      root = Path.of(PublishedSchemaCompatibilityTest.class.getResource("/schemas/published").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    try (Stream<Path> entries = Files.list(root)) {
      return entries.filter(Files::isDirectory)
          .filter(dir -> dir.getFileName().toString().matches("v\\d+"))
          .sorted(Comparator.comparingInt(dir -> Integer.parseInt(dir.getFileName().toString().substring(1))))
          .toList();
    }
  }

  private static Stream<Path> avscFiles(Path versionDirectory) {
    try {
      return Files.list(versionDirectory).filter(file -> file.getFileName().toString().endsWith(".avsc")).sorted();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
