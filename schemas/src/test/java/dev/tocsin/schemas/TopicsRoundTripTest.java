package dev.tocsin.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.avro.Alert;
import dev.tocsin.schemas.registry.InMemorySchemaRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TopicsRoundTripTest {
  private final String scope = "round-trip-" + UUID.randomUUID();
  private final Topics topics = Topics.create(Map.of("schema.registry.url", "mock://" + scope));

  @AfterEach
  void dropScope() {
    InMemorySchemaRegistry.dropScope(scope);
  }

  static Stream<Arguments> topValueRecords() {
    return Stream.of(
        Arguments.of("alerts", SampleRecords.alert()),
        Arguments.of("incidentCommands", SampleRecords.incidentCommand()),
        Arguments.of("incidents", SampleRecords.incident()),
        Arguments.of("incidentEvents", SampleRecords.incidentEvent()),
        Arguments.of("notifications", SampleRecords.notification()),
        Arguments.of("notificationResults", SampleRecords.deliveryResult()),
        Arguments.of("silences", SampleRecords.silence()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("topValueRecords")
  void fullyPopulatedRecordSurvivesSerializeAndDeserializeUnchanged(String topic, SpecificRecord record) {
    TopicSpec<String, SpecificRecord> spec = spec(topic);

    byte[] bytes = spec.valueSerde().serializer().serialize(spec.name(), record);
    SpecificRecord read = spec.valueSerde().deserializer().deserialize(spec.name(), bytes);

    assertThat(read).isEqualTo(record).isNotSameAs(record);
    assertThat(read.getClass()).isEqualTo(record.getClass());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("topValueRecords")
  void nullValueIsATombstoneBothWays(String topic, SpecificRecord record) {
    TopicSpec<String, SpecificRecord> spec = spec(topic);

    assertThat(spec.valueSerde().serializer().serialize(spec.name(), null)).isNull();
    assertThat(spec.valueSerde().deserializer().deserialize(spec.name(), null)).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("topValueRecords")
  void sampleSetsEveryOptionalFieldAndFillsEveryCollection(String topic, SpecificRecord record) {
    // Guards the round-trip test itself: a field added to the IDL must be added to SampleRecords.
    List<String> gaps = new ArrayList<>();
    collectGaps(record, record.getSchema().getName(), gaps);

    assertThat(gaps).isEmpty();
  }

  @Test
  void timestampsKeepMillisecondsAndDropFinerPrecision() {
    TopicSpec<String, Alert> spec = topics.alerts();
    Alert withNanos = Alert.newBuilder(SampleRecords.alert())
        .setStartsAt(Instant.parse("2026-03-01T10:15:30.123456789Z")).build();

    Alert read = spec.valueSerde().deserializer().deserialize(spec.name(),
        spec.valueSerde().serializer().serialize(spec.name(), withNanos));

    assertThat(read.getStartsAt()).isEqualTo(Instant.parse("2026-03-01T10:15:30.123Z"));
  }

  @Test
  void alertWithOnlyRequiredFieldsReadsBackWithDefaults() {
    TopicSpec<String, Alert> spec = topics.alerts();
    Alert minimal = SampleRecords.minimalAlert();

    Alert read = spec.valueSerde().deserializer().deserialize(spec.name(),
        spec.valueSerde().serializer().serialize(spec.name(), minimal));

    assertThat(read).isEqualTo(minimal);
    assertThat(read.getLabels()).isEmpty();
    assertThat(read.getEndsAt()).isNull();
    assertThat(read.getSourceSeverity()).isNull();
  }

  @Test
  void everyTopicHasItsOwnNameAndDeadLettersAreRawBytes() {
    assertThat(Stream.of(topics.alerts(), topics.incidentCommands(), topics.incidents(), topics.incidentEvents(),
        topics.notifications(), topics.notificationResults(), topics.deadLetters(), topics.silences()).map(TopicSpec::name))
        .containsExactlyElementsOf(TopicNames.ALL);
    byte[] raw = {0, 1, 2, (byte) 0xff};
    assertThat(topics.deadLetters().valueSerde().deserializer().deserialize(TopicNames.DEAD_LETTERS,
        topics.deadLetters().valueSerde().serializer().serialize(TopicNames.DEAD_LETTERS, raw))).isEqualTo(raw);
  }

  @SuppressWarnings("unchecked")
  private TopicSpec<String, SpecificRecord> spec(String topic) {
    TopicSpec<String, ?> spec = switch (topic) {
      case "alerts" -> topics.alerts();
      case "incidentCommands" -> topics.incidentCommands();
      case "incidents" -> topics.incidents();
      case "incidentEvents" -> topics.incidentEvents();
      case "notifications" -> topics.notifications();
      case "notificationResults" -> topics.notificationResults();
      case "silences" -> topics.silences();
      default -> throw new IllegalArgumentException(topic);
    };
    return (TopicSpec<String, SpecificRecord>) spec;
  }

  private static void collectGaps(Object value, String path, List<String> gaps) {
    if (value == null) {
      gaps.add(path + " is null");
    } else if (value instanceof SpecificRecord record) {
      for (Schema.Field field : record.getSchema().getFields()) {
        collectGaps(record.get(field.pos()), path + "." + field.name(), gaps);
      }
    } else if (value instanceof Map<?, ?> map) {
      if (map.isEmpty()) {
        gaps.add(path + " is an empty map");
      }
      map.forEach((key, item) -> collectGaps(item, path + "[" + key + "]", gaps));
    } else if (value instanceof Collection<?> items) {
      if (items.isEmpty()) {
        gaps.add(path + " is an empty array");
      }
      int i = 0;
      for (Object item : items) {
        collectGaps(item, path + "[" + i++ + "]", gaps);
      }
    }
  }
}
