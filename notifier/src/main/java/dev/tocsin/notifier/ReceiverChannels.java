package dev.tocsin.notifier;

import dev.tocsin.avro.IncidentEventType;
import dev.tocsin.avro.Notification;
import dev.tocsin.notifier.channel.EmailChannel;
import dev.tocsin.notifier.channel.LogChannel;
import dev.tocsin.notifier.channel.PagerDutyChannel;
import dev.tocsin.notifier.channel.SlackApiChannel;
import dev.tocsin.notifier.channel.SlackWebhookChannel;
import dev.tocsin.notifier.channel.WebhookChannel;
import dev.tocsin.notifier.delivery.DeliveryOutcome;
import dev.tocsin.notifier.delivery.NotificationChannel;
import dev.tocsin.notifier.receiver.Receiver;
import dev.tocsin.notifier.receiver.Receivers;
import dev.tocsin.notifier.receiver.ReceiversFile;
import dev.tocsin.schemas.vocabulary.IncidentLinks;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which channels deliver a notification, chosen by its receiver: either the same channels for
 * every receiver (no receivers file), or each named receiver's own integrations (the log for one with none).
 * Each channel comes with the key its deliveries are remembered under, so that two integrations
 * of one kind in a receiver are deduplicated separately. Immutable and thread-safe.
 */
public final class ReceiverChannels {
  private static final Logger log = LoggerFactory.getLogger(ReceiverChannels.class);

  /** A channel and the key under which its deliveries are remembered. */
  public record Target(String key, NotificationChannel channel) {
    public Target {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(channel, "channel");
    }
  }

  /** Set when every receiver gets the same channels; null when channels are chosen by name. */
  private final List<Target> everyReceiver;
  private final Map<String, List<Target>> byName;

  private ReceiverChannels(List<Target> everyReceiver, Map<String, List<Target>> byName) {
    this.everyReceiver = everyReceiver == null ? null : List.copyOf(everyReceiver);
    this.byName = Map.copyOf(byName);
  }

  /**
   * The channels {@code config} asks for: each receiver's in the receivers file, or, without
   * one, {@link NotifierService#channels(NotifierConfig, Clock)} for every receiver; their
   * messages link incidents under {@code incident.url.base}.
   *
   * @param environment where the file's {@code ${NAME}} references are looked up
   * @throws dev.tocsin.notifier.receiver.InvalidReceiversException listing every problem in the file
   */
  public static ReceiverChannels from(NotifierConfig config, Map<String, String> environment, Clock clock) {
    Optional<Path> file = config.receiversFile();
    if (file.isEmpty()) {
      return forEveryReceiver(NotifierService.channels(config, clock));
    }
    if (config.webhookUrl().isPresent()) {
      log.warn("{} is ignored: receivers come from {}", NotifierConfig.WEBHOOK_URL_CONFIG,
          NotifierConfig.RECEIVERS_FILE_CONFIG);
    }
    return of(ReceiversFile.load(file.get(), environment), config.webhookTimeout(), config.incidentLinks(), clock);
  }

  /** The same {@code channels}, in order, for every receiver; deliveries are remembered per integration. */
  public static ReceiverChannels forEveryReceiver(List<NotificationChannel> channels) {
    if (channels.isEmpty()) {
      throw new IllegalArgumentException("at least one notification channel is required");
    }
    return new ReceiverChannels(channels.stream().map(c -> new Target(c.integration(), c)).toList(), Map.of());
  }

  /**
   * For each of {@code receivers}, its integrations in file order (the log for a receiver that
   * names none; an INFO line per notification is too much beside a real integration), each attempt
   * limited to {@code timeout} and each message linking its incident's page in {@code links}.
   */
  public static ReceiverChannels of(Receivers receivers, Duration timeout, IncidentLinks links, Clock clock) {
    Map<String, List<Target>> byName = new LinkedHashMap<>();
    NotificationChannel logChannel = new LogChannel();
    for (Receiver receiver : receivers.receivers()) {
      String prefix = receiver.name() + "/";
      List<Target> targets = new ArrayList<>();
      for (int i = 0; i < receiver.webhookConfigs().size(); i++) {
        Receiver.Webhook webhook = receiver.webhookConfigs().get(i);
        NotificationChannel channel = new WebhookChannel(URI.create(webhook.url().value().strip()), timeout, clock,
            webhook.signingSecret().orElse(null), links);
        targets.add(new Target(prefix + "webhook_configs[" + i + "]",
            webhook.sendResolved() ? channel : new UnlessResolved(channel)));
      }
      for (int i = 0; i < receiver.slackConfigs().size(); i++) {
        targets.add(new Target(prefix + "slack_configs[" + i + "]",
            slackChannel(receiver.name(), receiver.slackConfigs().get(i), timeout, links, clock)));
      }
      for (int i = 0; i < receiver.pagerdutyConfigs().size(); i++) {
        Receiver.PagerDuty pagerDuty = receiver.pagerdutyConfigs().get(i);
        PagerDutyChannel.Settings settings = new PagerDutyChannel.Settings(pagerDuty.url(), pagerDuty.routingKey(),
            links, timeout);
        targets.add(new Target(prefix + "pagerduty_configs[" + i + "]", new PagerDutyChannel(settings, clock)));
      }
      for (int i = 0; i < receiver.emailConfigs().size(); i++) {
        Receiver.Email email = receiver.emailConfigs().get(i);
        EmailChannel.Settings settings = new EmailChannel.Settings(email.host(), email.port(), email.tls(),
            email.authUsername(), email.authPassword(), email.from(), email.to(), timeout, links,
            EmailChannel.DEFAULT_MESSAGE_ID_DOMAIN);
        targets.add(new Target(prefix + "email_configs[" + i + "]", new EmailChannel(settings, clock)));
      }
      if (targets.isEmpty()) {
        // A receiver with no integration still settles its notifications somewhere people can see.
        targets.add(new Target(prefix + LogChannel.INTEGRATION, logChannel));
      }
      byName.put(receiver.name(), targets);
    }
    return new ReceiverChannels(null, byName);
  }

  /** An incoming webhook, or the Web API keeping one message per incident of {@code receiver}. */
  private static NotificationChannel slackChannel(String receiver, Receiver.Slack slack, Duration timeout,
      IncidentLinks links, Clock clock) {
    if (slack instanceof Receiver.SlackApi api) {
      return new SlackApiChannel(new SlackApiChannel.Settings(api.token(), api.channel(), api.apiBase(), links,
          timeout, Optional.of(receiver)), clock);
    }
    return new SlackWebhookChannel(new SlackWebhookChannel.Settings(((Receiver.SlackWebhook) slack).apiUrl(),
        links, timeout), clock);
  }

  /** The channels for notifications to {@code receiver}, in delivery order; empty if it is not defined. */
  public Optional<List<Target>> forReceiver(String receiver) {
    return everyReceiver != null ? Optional.of(everyReceiver) : Optional.ofNullable(byName.get(receiver));
  }

  /** Describes the routing for the start-up log line; names integrations, never their secrets. */
  @Override
  public String toString() {
    if (everyReceiver != null) {
      return "every receiver: " + everyReceiver.stream().map(t -> t.channel().integration()).toList();
    }
    Map<String, List<String>> described = new LinkedHashMap<>();
    byName.forEach((name, targets) -> described.put(name, targets.stream()
        .map(t -> t.channel().integration()).toList()));
    return "receivers " + new TreeMap<>(described);
  }

  /** A webhook with {@code send_resolved: false}: RESOLVED events are skipped, not sent. */
  private static final class UnlessResolved implements NotificationChannel {
    private final NotificationChannel delegate;

    UnlessResolved(NotificationChannel delegate) {
      this.delegate = delegate;
    }

    @Override
    public String integration() {
      return delegate.integration();
    }

    @Override
    public DeliveryOutcome deliver(Notification notification) {
      if (notification.getEvent().getType() == IncidentEventType.RESOLVED) {
        return DeliveryOutcome.skipped("send_resolved is false for this webhook");
      }
      return delegate.deliver(notification);
    }

    @Override
    public String toString() {
      return delegate + " (send_resolved false)";
    }
  }
}
