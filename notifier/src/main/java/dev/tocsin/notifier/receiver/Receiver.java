package dev.tocsin.notifier.receiver;

import dev.tocsin.notifier.channel.EmailChannel;
import jakarta.mail.internet.InternetAddress;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.config.types.Password;

/**
 * One named receiver and the integrations it delivers through, in Alertmanager's vocabulary.
 * Secrets are {@link Password}s, so a receiver prints them as {@code [hidden]}. Immutable.
 */
public record Receiver(String name, List<Webhook> webhookConfigs, List<Slack> slackConfigs,
    List<PagerDuty> pagerdutyConfigs, List<Email> emailConfigs) {
  public Receiver {
    Objects.requireNonNull(name, "name");
    webhookConfigs = List.copyOf(webhookConfigs);
    slackConfigs = List.copyOf(slackConfigs);
    pagerdutyConfigs = List.copyOf(pagerdutyConfigs);
    emailConfigs = List.copyOf(emailConfigs);
  }

  /**
   * A generic webhook; {@code sendResolved} false skips RESOLVED events; {@code signingSecret},
   * when present, signs every request (see {@code WebhookChannel}).
   */
  public record Webhook(Password url, boolean sendResolved, Optional<Password> signingSecret) {
    public Webhook {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(signingSecret, "signingSecret");
    }

    /** An unsigned webhook. */
    public Webhook(Password url, boolean sendResolved) {
      this(url, sendResolved, Optional.empty());
    }
  }

  /** A {@code slack_configs} entry: an incoming webhook or the Web API with a bot token. */
  public sealed interface Slack permits SlackWebhook, SlackApi {
  }

  /** A Slack incoming webhook; {@code apiUrl} is its URL, itself the credential. */
  public record SlackWebhook(Password apiUrl) implements Slack {
    public SlackWebhook {
      Objects.requireNonNull(apiUrl, "apiUrl");
    }
  }

  /**
   * Slack's Web API, keeping one message per incident in {@code channel} (a name such as
   * {@code #incidents} or an id); {@code apiBase} is the API's base URL.
   */
  public record SlackApi(Password token, String channel, URI apiBase) implements Slack {
    public SlackApi {
      Objects.requireNonNull(token, "token");
      Objects.requireNonNull(channel, "channel");
      Objects.requireNonNull(apiBase, "apiBase");
    }
  }

  /** A PagerDuty Events API v2 integration; {@code url} is the API's base URL. */
  public record PagerDuty(Password routingKey, URI url) {
    public PagerDuty {
      Objects.requireNonNull(routingKey, "routingKey");
      Objects.requireNonNull(url, "url");
    }
  }

  /** Email through an SMTP smarthost; a username always comes with a password. */
  public record Email(List<InternetAddress> to, InternetAddress from, String host, int port,
      Optional<String> authUsername, Optional<Password> authPassword, EmailChannel.Security tls) {
    public Email {
      to = List.copyOf(to);
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(authUsername, "authUsername");
      Objects.requireNonNull(authPassword, "authPassword");
      Objects.requireNonNull(tls, "tls");
    }
  }
}
