package dev.tocsin.incidents;

import dev.tocsin.schemas.vocabulary.DeadLetterHeaders;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When an output cannot be written for good (too large, not serializable, refused by the
 * broker), dead-letters the input record that produced it and goes on, so no bad record stops the
 * engine or loops it through restarts; a transient failure is retried. The dead letter carries the
 * input's raw key and value and the {@link DeadLetterHeaders} of the input's place and the
 * exception, plus the output topic that refused it. Stateless.
 */
public final class DeadLetteringProductionHandler implements ProductionExceptionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetteringProductionHandler.class);
  private String deadLetterTopic;

  @Override
  public void configure(Map<String, ?> configs) {
    Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
    deadLetterTopic = topic == null ? null : topic.toString();
  }

  @Override
  public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
      Exception exception) {
    if (exception instanceof RetriableException) {
      return Response.retry();
    }
    return deadLetter(context, record.topic(), exception);
  }

  @Override
  @SuppressWarnings("rawtypes")
  public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record, Exception exception,
      SerializationExceptionOrigin origin) {
    return deadLetter(context, record.topic(), exception);
  }

  private Response deadLetter(ErrorHandlerContext context, String outputTopic, Exception exception) {
    LOG.error("could not write to {} for the input at {}-{}@{}; the input goes to the dead-letter topic {}",
        outputTopic, context.topic(), context.partition(), context.offset(), deadLetterTopic, exception);
    if (deadLetterTopic == null) {
      return Response.resume();
    }
    RecordHeaders headers = new RecordHeaders();
    DeadLetterHeaders.source(headers, context.topic(), context.partition(), context.offset());
    DeadLetterHeaders.exception(headers, exception);
    DeadLetterHeaders.add(headers, DeadLetterHeaders.OUTPUT_TOPIC, outputTopic);
    return Response.resume(List.of(new ProducerRecord<>(deadLetterTopic, null, context.sourceRawKey(),
        context.sourceRawValue(), headers)));
  }
}
