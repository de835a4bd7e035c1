package dev.tocsin.notifier.channel;

import dev.tocsin.avro.Notification;
import dev.tocsin.notifier.delivery.DeliveryOutcome;
import dev.tocsin.notifier.delivery.NotificationChannel;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Posts each notification as JSON to one generic webhook URL, with the notification id in
 * {@value #NOTIFICATION_ID_HEADER} so receivers can drop repeats. The URL is treated as a secret
 * (it often embeds a token): it never appears in outcomes or log lines, which say "webhook".
 * Thread-safe.
 */
public final class WebhookChannel implements NotificationChannel {
  public static final String INTEGRATION = "webhook";
  public static final String NOTIFICATION_ID_HEADER = "X-Tocsin-Notification-Id";

  private final URI url;
  private final Duration timeout;
  private final Clock clock;
  private final HttpDelivery http;

  /**
   * A channel posting to {@code url}, giving up on an attempt after {@code timeout} (connecting
   * and waiting for the answer each get that long).
   */
  public WebhookChannel(URI url, Duration timeout, Clock clock) {
    this.url = Objects.requireNonNull(url, "url");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.http = new HttpDelivery(INTEGRATION, timeout, clock);
  }

  @Override
  public String integration() {
    return INTEGRATION;
  }

  @Override
  public DeliveryOutcome deliver(Notification notification) {
    HttpDelivery.Exchange exchange = http.postJson(url, WebhookPayload.render(notification),
        Map.of(NOTIFICATION_ID_HEADER, notification.getNotificationId()));
    if (exchange instanceof HttpDelivery.Failed failed) {
      return failed.outcome();
    }
    HttpDelivery.Answered answer = (HttpDelivery.Answered) exchange;
    return classify(answer.status(), answer.retryAfter(), clock.instant());
  }

  /**
   * Classifies a webhook's answer: 2xx delivered; 408, 429 and 5xx retryable, honouring
   * {@code Retry-After}; anything else (other 4xx, unfollowed 3xx) permanent.
   */
  public static DeliveryOutcome classify(int status, Optional<String> retryAfterHeader, Instant now) {
    if (HttpDelivery.classOf(status) == HttpDelivery.StatusClass.SUCCESS) {
      return DeliveryOutcome.delivered(status);
    }
    return HttpDelivery.failure(INTEGRATION, status, retryAfterHeader, now, "");
  }

  @Override
  public String toString() {
    return "WebhookChannel[url=[hidden], timeout=" + timeout + "]";
  }
}
