package dev.tocsin.ingest.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.avro.Alert;
import dev.tocsin.avro.AlertSource;
import dev.tocsin.avro.AlertStatus;
import dev.tocsin.ingest.domain.AlertBatch;
import dev.tocsin.ingest.domain.AlertLimits;
import dev.tocsin.ingest.json.JsonFields;
import dev.tocsin.schemas.serde.AvroTrust;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/** What every alert source promises about any batch it returns, whatever the body; checked by the fuzz tests. */
public final class AlertBatchInvariants {
  static {
    // Decoding a generated record looks its class up, which Avro refuses for untrusted classes.
    AvroTrust.ensure();
  }

  private AlertBatchInvariants() {
  }

  /**
   * Asserts that {@code batch} is a well-formed outcome: a rejection lists readable problems, and
   * every accepted alert is within {@code limits}, named, fingerprinted and survives Avro unchanged.
   *
   * @param endsOnlyWhenResolved whether the source promises endsAt exactly for resolved alerts
   */
  public static void assertWellFormed(AlertBatch batch, AlertLimits limits, AlertSource source, Instant receivedAt,
      boolean endsOnlyWhenResolved) {
    assertThat(batch).isNotNull();
    if (batch instanceof AlertBatch.Rejected rejected) {
      assertThat(rejected.reason()).isNotNull();
      assertThat(rejected.problems()).isNotEmpty().hasSizeLessThanOrEqualTo(101)
          .allSatisfy(problem -> assertThat(JsonFields.isWellFormedUnicode(problem)).as(problem).isTrue());
      return;
    }
    AlertBatch.Accepted accepted = (AlertBatch.Accepted) batch;
    assertThat(accepted.alerts()).hasSizeLessThanOrEqualTo(limits.maxAlerts());
    for (Alert alert : accepted.alerts()) {
      assertThat(alert.getSource()).isEqualTo(source);
      assertThat(alert.getFingerprint()).isNotBlank();
      assertThat(alert.getLabels().get("alertname")).isNotBlank();
      assertWithinLimits(alert.getLabels(), limits);
      assertWithinLimits(alert.getAnnotations(), limits);
      for (String text : new String[] {alert.getGeneratorUrl(), alert.getGroupKey(), alert.getReceiver(),
          alert.getExternalUrl()}) {
        if (text != null) {
          assertThat(JsonFields.length(text)).isLessThanOrEqualTo(limits.maxValueLength());
        }
      }
      assertThat(alert.getReceivedAt()).isEqualTo(receivedAt.truncatedTo(ChronoUnit.MILLIS));
      if (endsOnlyWhenResolved) {
        assertThat(alert.getEndsAt() != null).isEqualTo(alert.getStatus() == AlertStatus.RESOLVED);
      }
      if (alert.getEndsAt() != null && endsOnlyWhenResolved) {
        assertThat(alert.getEndsAt()).isAfterOrEqualTo(alert.getStartsAt());
      }
      assertThat(roundTrip(alert)).isEqualTo(alert);
    }
  }

  private static void assertWithinLimits(Map<String, String> map, AlertLimits limits) {
    assertThat(map.size()).isLessThanOrEqualTo(limits.maxLabels());
    map.forEach((name, value) -> {
      assertThat(JsonFields.length(name)).isBetween(1, limits.maxKeyLength());
      assertThat(JsonFields.length(value)).isLessThanOrEqualTo(limits.maxValueLength());
      assertThat(JsonFields.isWellFormedUnicode(name) && JsonFields.isWellFormedUnicode(value)).isTrue();
    });
  }

  /** The alert written and read back with Avro, as the Kafka serdes would. */
  private static Alert roundTrip(Alert alert) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
      new SpecificDatumWriter<>(Alert.class).write(alert, encoder);
      encoder.flush();
      BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(out.toByteArray(), null);
      return new SpecificDatumReader<>(Alert.class).read(null, decoder);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
