package dev.tocsin.incidents.topology;

import dev.tocsin.avro.Alert;
import dev.tocsin.incidents.config.RouteMatch;
import dev.tocsin.incidents.config.RouteTree;
import java.nio.charset.StandardCharsets;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Keys each alert by the group of every route it matches ({@code continue} makes it several), and
 * says which route in a header, so the engine behind the repartition does not walk the route tree
 * again.
 */
final class RouteAlerts implements Processor<String, Alert, String, SpecificRecord> {
  /** Header of an alert on its way to the engine: the id of the route that matched it. */
  static final String ROUTE_HEADER = "tocsin.route";

  private final RouteTree routes;
  private ProcessorContext<String, SpecificRecord> context;

  RouteAlerts(RouteTree routes) {
    this.routes = routes;
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.context = context;
  }

  @Override
  public void process(Record<String, Alert> record) {
    Alert alert = record.value();
    for (RouteMatch match : routes.match(alert.getLabels())) {
      Headers headers = new RecordHeaders(record.headers().toArray())
          .add(ROUTE_HEADER, match.route().id().getBytes(StandardCharsets.UTF_8));
      context.forward(new Record<String, SpecificRecord>(match.groupKey(), alert, record.timestamp(), headers));
    }
  }

  /** The route id an alert record carries, or null when it carries none. */
  static String routeId(Headers headers) {
    var header = headers.lastHeader(ROUTE_HEADER);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
