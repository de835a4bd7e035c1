package dev.tocsin.notifier;

import dev.tocsin.notifier.channel.EmailChannel;
import dev.tocsin.notifier.channel.LogChannel;
import dev.tocsin.notifier.channel.PagerDutyChannel;
import dev.tocsin.notifier.channel.SlackApiChannel;
import dev.tocsin.notifier.channel.SlackWebhookChannel;
import dev.tocsin.notifier.channel.WebhookChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The integration name a delivery result carries for each of a receiver's targets: the channel's
 * integration ({@code slack}), with the entry's index appended ({@code slack[1]}) only for the
 * second and later entries of one kind. Results thereby tell a receiver's integrations apart
 * (the delivered-id memory is rebuilt from them), while the common single-entry receiver keeps
 * plain names, and adding a second entry leaves the first one's name, and memory, unchanged.
 */
final class IntegrationLabels {
  /**
   * Every integration a target built by {@link ReceiverChannels} can have, each of which
   * {@link NotifierConfig#rateLimits()} decides a limit for. A channel kind added there belongs here too.
   */
  static final Set<String> INTEGRATIONS = Set.of(LogChannel.INTEGRATION, WebhookChannel.INTEGRATION,
      SlackWebhookChannel.INTEGRATION, SlackApiChannel.INTEGRATION, PagerDutyChannel.INTEGRATION,
      EmailChannel.INTEGRATION);

  private IntegrationLabels() {
  }

  /** One label per target, in the targets' order. */
  static List<String> of(List<ReceiverChannels.Target> targets) {
    Map<String, Integer> seen = new HashMap<>();
    List<String> labels = new ArrayList<>(targets.size());
    for (ReceiverChannels.Target target : targets) {
      String integration = target.channel().integration();
      int index = seen.merge(integration, 1, Integer::sum) - 1;
      labels.add(index == 0 ? integration : integration + "[" + index + "]");
    }
    return labels;
  }
}
