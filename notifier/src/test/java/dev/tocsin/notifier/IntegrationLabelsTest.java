package dev.tocsin.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.avro.Notification;
import dev.tocsin.notifier.delivery.DeliveryOutcome;
import dev.tocsin.notifier.delivery.NotificationChannel;
import java.util.List;
import org.junit.jupiter.api.Test;

class IntegrationLabelsTest {

  @Test
  void keepsPlainNamesAndIndexesOnlyTheSecondAndLaterEntryOfAKind() {
    List<ReceiverChannels.Target> targets = List.of(target("team/log", "log"),
        target("team/webhook_configs[0]", "webhook"), target("team/webhook_configs[1]", "webhook"),
        target("team/slack_configs[0]", "slack"), target("team/webhook_configs[2]", "webhook"));

    assertThat(IntegrationLabels.of(targets)).containsExactly("log", "webhook", "webhook[1]", "slack", "webhook[2]");
  }

  private static ReceiverChannels.Target target(String key, String integration) {
    return new ReceiverChannels.Target(key, new NotificationChannel() {
      @Override
      public String integration() {
        return integration;
      }

      @Override
      public DeliveryOutcome deliver(Notification notification) {
        return DeliveryOutcome.delivered();
      }
    });
  }
}
