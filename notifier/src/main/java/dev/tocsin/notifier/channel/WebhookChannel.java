package dev.tocsin.notifier.channel;

import dev.tocsin.avro.Notification;
import dev.tocsin.notifier.delivery.DeliveryOutcome;
import dev.tocsin.notifier.delivery.NotificationChannel;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
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
  private static final String USER_AGENT = "tocsin-notifier";

  private final URI url;
  private final Duration timeout;
  private final Clock clock;
  private final HttpClient client;

  /**
   * A channel posting to {@code url}, giving up on an attempt after {@code timeout} (connecting
   * and waiting for the answer each get that long).
   */
  public WebhookChannel(URI url, Duration timeout, Clock clock) {
    this.url = Objects.requireNonNull(url, "url");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.client = HttpClient.newBuilder()
        .connectTimeout(timeout)
        // HTTP/2 over cleartext would send an h2c upgrade with the POST, which some receivers mishandle.
        .version(HttpClient.Version.HTTP_1_1)
        // A redirect would re-send the body to a URL nobody configured; report it instead.
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  @Override
  public String integration() {
    return INTEGRATION;
  }

  @Override
  public DeliveryOutcome deliver(Notification notification) {
    HttpRequest request = HttpRequest.newBuilder(url)
        .timeout(timeout)
        .header("Content-Type", "application/json")
        .header("User-Agent", USER_AGENT)
        .header(NOTIFICATION_ID_HEADER, notification.getNotificationId())
        .POST(HttpRequest.BodyPublishers.ofByteArray(WebhookPayload.render(notification)))
        .build();
    try {
      HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
      return classify(response.statusCode(), response.headers().firstValue("Retry-After"), clock.instant());
    } catch (HttpConnectTimeoutException e) {
      return DeliveryOutcome.retryable("could not connect to webhook within " + timeout.toMillis() + " ms");
    } catch (HttpTimeoutException e) {
      return DeliveryOutcome.retryable("webhook did not answer within " + timeout.toMillis() + " ms");
    } catch (ConnectException e) {
      return DeliveryOutcome.retryable("could not connect to webhook");
    } catch (IOException e) {
      // I/O exception messages may quote the URL, so only the type is reported.
      return DeliveryOutcome.retryable("I/O error talking to webhook (" + e.getClass().getSimpleName() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return DeliveryOutcome.retryable("webhook delivery interrupted");
    }
  }

  /**
   * Classifies a webhook's answer: 2xx delivered; 408, 429 and 5xx retryable, honouring
   * {@code Retry-After}; anything else (other 4xx, unfollowed 3xx) permanent.
   */
  public static DeliveryOutcome classify(int status, Optional<String> retryAfterHeader, Instant now) {
    if (status >= 200 && status < 300) {
      return DeliveryOutcome.delivered(status);
    }
    String reason = "webhook answered HTTP " + status;
    if (status == 408 || status == 429 || (status >= 500 && status < 600)) {
      return DeliveryOutcome.retryable(reason, status, retryAfterHeader.flatMap(value -> parseRetryAfter(value, now)));
    }
    if (status >= 300 && status < 400) {
      return DeliveryOutcome.permanent(reason + " (redirects are not followed; configure the final URL)", status);
    }
    return DeliveryOutcome.permanent(reason, status);
  }

  /** A {@code Retry-After} value as a delay: delta-seconds or an HTTP date; empty when unreadable. */
  static Optional<Duration> parseRetryAfter(String value, Instant now) {
    String trimmed = value.trim();
    if (trimmed.isEmpty()) {
      return Optional.empty();
    }
    if (trimmed.chars().allMatch(Character::isDigit)) {
      try {
        return Optional.of(Duration.ofSeconds(Long.parseLong(trimmed)));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
    try {
      Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration delay = Duration.between(now, at);
      return Optional.of(delay.isNegative() ? Duration.ZERO : delay);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return "WebhookChannel[url=[hidden], timeout=" + timeout + "]";
  }
}
