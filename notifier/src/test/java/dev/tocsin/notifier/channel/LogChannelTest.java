package dev.tocsin.notifier.channel;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.tocsin.avro.Incident;
import dev.tocsin.avro.Notification;
import dev.tocsin.notifier.delivery.DeliveryOutcome;
import dev.tocsin.notifier.support.LogCapture;
import dev.tocsin.notifier.support.SampleNotifications;
import org.junit.jupiter.api.Test;

class LogChannelTest {

  @Test
  void logsOneInfoLinePerNotificationAndAlwaysDelivers() {
    Notification notification = SampleNotifications.opened("n-1", "INC-7K2M9QXD");
    try (LogCapture logs = LogCapture.of(LogChannel.class.getName())) {

      DeliveryOutcome outcome = new LogChannel().deliver(notification);

      assertThat(outcome).isEqualTo(DeliveryOutcome.delivered());
      assertThat(logs.events()).singleElement().satisfies(event -> {
        assertThat(event.getLevel()).isEqualTo(Level.INFO);
        assertThat(event.getFormattedMessage())
            .contains("INC-7K2M9QXD", "OPENED", "P1", "HighErrorRate on checkout");
      });
    }
  }

  @Test
  void keepsATitleWithLineBreaksOnOneLine() {
    Notification sample = SampleNotifications.opened("n-1", "INC-1");
    Notification notification = Notification.newBuilder(sample)
        .setIncident(Incident.newBuilder(sample.getIncident()).setTitle("disk full\nINFO forged line").build())
        .build();
    try (LogCapture logs = LogCapture.of(LogChannel.class.getName())) {

      new LogChannel().deliver(notification);

      assertThat(logs.lines()).singleElement().asString().doesNotContain("\n").contains("disk full INFO forged line");
    }
  }
}
