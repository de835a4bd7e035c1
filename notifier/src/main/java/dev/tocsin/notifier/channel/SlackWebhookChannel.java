package dev.tocsin.notifier.channel;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tocsin.avro.Notification;
import dev.tocsin.notifier.delivery.DeliveryOutcome;
import dev.tocsin.notifier.delivery.NotificationChannel;
import dev.tocsin.schemas.vocabulary.HttpUrls;
import dev.tocsin.schemas.vocabulary.IncidentLinks;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.types.Password;

/**
 * Posts each notification to a Slack incoming webhook as a Block Kit message (see
 * {@link SlackMessages}). The webhook URL is the credential: it never appears in outcomes,
 * {@link #toString()} or logs, which say "Slack". An incoming webhook cannot edit or thread
 * messages, so every event is a new message. Thread-safe.
 *
 * <p>Slack answers {@code 200 ok}; errors are an HTTP status with a plain-text code such as
 * {@code invalid_payload} (400), {@code action_prohibited} (403), {@code no_service} (404) or
 * {@code channel_is_archived} (410), which becomes the reason of a permanent outcome. 408, 429
 * (with {@code Retry-After}) and 5xx are retryable.
 */
public final class SlackWebhookChannel implements NotificationChannel {
  public static final String INTEGRATION = "slack";
  private static final String LABEL = "Slack";
  /** Slack's error codes are short snake_case words; anything else (an HTML error page) is not quoted. */
  private static final Pattern ERROR_CODE = Pattern.compile("[a-z][a-z0-9_]{0,63}");

  private final Settings settings;
  private final URI url;
  private final HttpDelivery http;
  private final ServerText serverText;

  /**
   * Where and how to reach Slack.
   *
   * @param webhookUrl the incoming webhook's URL, {@code https://hooks.slack.com/services/T…/B…/…} (a secret)
   * @param links where incident pages live, for the message's incident link
   * @param timeout connecting and then waiting for the answer each get this long
   */
  public record Settings(Password webhookUrl, IncidentLinks links, Duration timeout) {
    public Settings {
      Objects.requireNonNull(webhookUrl, "webhookUrl");
      Objects.requireNonNull(links, "links");
      Objects.requireNonNull(timeout, "timeout");
      parseUrl(webhookUrl);
    }
  }

  /** A channel posting with {@code settings}; {@code clock} dates {@code Retry-After}. */
  public SlackWebhookChannel(Settings settings, Clock clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.url = parseUrl(settings.webhookUrl());
    this.http = new HttpDelivery(LABEL, settings.timeout(), clock);
    this.serverText = ServerText.hidingUrl(settings.webhookUrl().value());
  }

  /** The URL in {@code secret}; errors describe what is wrong without quoting it. */
  private static URI parseUrl(Password secret) {
    return HttpUrls.require(secret.value() == null ? "" : secret.value(), "Slack webhook URL");
  }

  @Override
  public String integration() {
    return INTEGRATION;
  }

  @Override
  public DeliveryOutcome deliver(Notification notification) {
    byte[] body;
    try {
      body = SlackMessages.MAPPER.writeValueAsBytes(SlackMessages.render(notification, settings.links()));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    HttpDelivery.Exchange exchange = http.postJson(url, body, Map.of());
    if (exchange instanceof HttpDelivery.Failed failed) {
      return failed.outcome();
    }
    HttpDelivery.Answered answer = (HttpDelivery.Answered) exchange;
    if (HttpDelivery.classOf(answer.status()) == HttpDelivery.StatusClass.SUCCESS) {
      return DeliveryOutcome.delivered(answer.status());
    }
    return http.failure(answer, errorCode(answer.body()));
  }

  /** Slack's plain-text error code, or empty when the body is not one. */
  private String errorCode(String body) {
    String code = body.strip();
    return ERROR_CODE.matcher(code).matches() ? serverText.clean(code, 64) : "";
  }

  @Override
  public String toString() {
    return "SlackWebhookChannel[url=[hidden], timeout=" + settings.timeout() + "]";
  }
}
