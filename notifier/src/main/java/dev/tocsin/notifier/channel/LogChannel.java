package dev.tocsin.notifier.channel;

import dev.tocsin.avro.Notification;
import dev.tocsin.notifier.delivery.DeliveryOutcome;
import dev.tocsin.notifier.delivery.NotificationChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes one INFO line per notification to the service log; always delivers. Thread-safe. */
public final class LogChannel implements NotificationChannel {
  public static final String INTEGRATION = "log";
  private static final Logger log = LoggerFactory.getLogger(LogChannel.class);

  @Override
  public String integration() {
    return INTEGRATION;
  }

  @Override
  public DeliveryOutcome deliver(Notification notification) {
    log.info("incident {} {} [{}] {} (receiver {}, notification {})", notification.getIncident().getId(),
        notification.getEvent().getType(), notification.getIncident().getSeverity(),
        oneLine(notification.getIncident().getTitle()), oneLine(notification.getReceiver()),
        notification.getNotificationId());
    return DeliveryOutcome.delivered();
  }

  /** Titles come from alert labels; a line break in one must not forge a log line. */
  private static String oneLine(String text) {
    return text.replaceAll("\\p{Cntrl}", " ");
  }
}
