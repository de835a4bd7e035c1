package dev.tocsin.notifier;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The integration name a delivery result carries for each of a receiver's targets: the channel's
 * integration ({@code slack}), with the entry's index appended ({@code slack[1]}) only for the
 * second and later entries of one kind. Results thereby tell a receiver's integrations apart
 * (the delivered-id memory is rebuilt from them), while the common single-entry receiver keeps
 * plain names, and adding a second entry leaves the first one's name, and memory, unchanged.
 */
final class IntegrationLabels {
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
