package dev.tocsin.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.schemas.vocabulary.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

class DeadLetteringProductionHandlerTest {
  private static final byte[] KEY = "fp-1".getBytes(StandardCharsets.UTF_8);
  private static final byte[] VALUE = {0, 0, 0, 0, 1, 42};

  private static final ErrorHandlerContext CONTEXT = new ErrorHandlerContext() {
    @Override
    public String topic() {
      return "tocsin.alerts.v1";
    }

    @Override
    public int partition() {
      return 2;
    }

    @Override
    public long offset() {
      return 17;
    }

    @Override
    public Headers headers() {
      return new RecordHeaders();
    }

    @Override
    public String processorNodeId() {
      return "to-incident";
    }

    @Override
    public TaskId taskId() {
      return new TaskId(1, 2);
    }

    @Override
    public long timestamp() {
      return 0;
    }

    @Override
    public byte[] sourceRawKey() {
      return KEY;
    }

    @Override
    public byte[] sourceRawValue() {
      return VALUE;
    }
  };

  private final DeadLetteringProductionHandler handler = new DeadLetteringProductionHandler();

  {
    handler.configure(Map.of(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "tocsin.dead-letters.v1"));
  }

  private static String header(ProducerRecord<byte[], byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  @Test
  void outputTooLargeDeadLettersTheInputAndGoesOn() {
    ProducerRecord<byte[], byte[]> output = new ProducerRecord<>("tocsin.incidents.v1", new byte[1], new byte[2]);

    ProductionExceptionHandler.Response response = handler.handleError(CONTEXT, output,
        new RecordTooLargeException("too large"));

    assertThat(response.result()).isEqualTo(ProductionExceptionHandler.Result.RESUME);
    assertThat(response.deadLetterQueueRecords()).singleElement().satisfies(dead -> {
      assertThat(dead.topic()).isEqualTo("tocsin.dead-letters.v1");
      assertThat(dead.key()).isEqualTo(KEY);
      assertThat(dead.value()).isEqualTo(VALUE);
      assertThat(header(dead, DeadLetterHeaders.EXCEPTION)).isEqualTo(RecordTooLargeException.class.getName());
      assertThat(header(dead, DeadLetterHeaders.TOPIC)).isEqualTo("tocsin.alerts.v1");
      assertThat(header(dead, DeadLetterHeaders.OFFSET)).isEqualTo("17");
      assertThat(header(dead, DeadLetterHeaders.OUTPUT_TOPIC)).isEqualTo("tocsin.incidents.v1");
    });
  }

  @Test
  void transientBrokerFailureIsRetriedNotDeadLettered() {
    ProductionExceptionHandler.Response response = handler.handleError(CONTEXT,
        new ProducerRecord<>("tocsin.incidents.v1", new byte[1], new byte[2]), new NotLeaderOrFollowerException("x"));

    assertThat(response.result()).isEqualTo(ProductionExceptionHandler.Result.RETRY);
    assertThat(response.deadLetterQueueRecords()).isEmpty();
  }
}
