package dev.tocsin.notifier.channel;

import dev.tocsin.notifier.delivery.DeliveryOutcome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The HTTP side every HTTP channel shares: one client set-up, one POST per call, transport
 * failures turned into retryable outcomes and one status table. Reasons name the integration
 * ({@code webhook}, {@code Slack}, {@code PagerDuty}), never the URL, which is often the
 * credential itself. Thread-safe.
 */
final class HttpDelivery {
  /** Enough for any vendor's error message; the rest of a larger body is read and dropped. */
  static final int MAX_BODY_BYTES = 16 * 1024;
  private static final String USER_AGENT = "tocsin-notifier";

  private final String label;
  private final Duration timeout;
  private final Clock clock;
  private final HttpClient client;

  /**
   * Posts for the integration called {@code label} in reasons; connecting and then waiting for the
   * response headers each get {@code timeout}.
   */
  HttpDelivery(String label, Duration timeout, Clock clock) {
    this.label = Objects.requireNonNull(label, "label");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
    this.client = HttpClient.newBuilder()
        .connectTimeout(timeout)
        // HTTP/2 over cleartext would send an h2c upgrade with the POST, which some receivers mishandle.
        .version(HttpClient.Version.HTTP_1_1)
        // A redirect would re-send the body to a URL nobody configured; report it instead.
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /** What one POST came to: an answer to classify, or a transport failure already classified. */
  sealed interface Exchange {
  }

  /** The receiver answered; {@code body} is at most {@link #MAX_BODY_BYTES} of it, decoded as UTF-8. */
  record Answered(int status, Optional<String> retryAfter, String body) implements Exchange {
  }

  /** No usable answer: refused, timed out, reset or interrupted. */
  record Failed(DeliveryOutcome outcome) implements Exchange {
  }

  /** Which way a status goes, the same for every HTTP integration. */
  enum StatusClass {
    SUCCESS, RETRYABLE, PERMANENT
  }

  /**
   * The one status table: 2xx success; 408, 429 and 5xx retryable (the receiver was busy or
   * broken, not the request); everything else, including unfollowed 3xx, permanent.
   */
  static StatusClass classOf(int status) {
    if (status >= 200 && status < 300) {
      return StatusClass.SUCCESS;
    }
    if (status == 408 || status == 429 || (status >= 500 && status < 600)) {
      return StatusClass.RETRYABLE;
    }
    return StatusClass.PERMANENT;
  }

  /** Posts {@code json} to {@code url} with {@code headers} (which may replace the default content type), once. */
  Exchange postJson(URI url, byte[] json, Map<String, String> headers) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(url)
        .timeout(timeout)
        .header("Content-Type", "application/json")
        .header("User-Agent", USER_AGENT)
        .POST(HttpRequest.BodyPublishers.ofByteArray(json));
    headers.forEach(builder::setHeader);
    CompletableFuture<HttpResponse<byte[]>> pending = client.sendAsync(builder.build(), HttpDelivery::boundedBody);
    try {
      // The request timeout stops at the response headers; this deadline also covers a body that stalls.
      HttpResponse<byte[]> response = pending.get(timeout.multipliedBy(3).toMillis(), TimeUnit.MILLISECONDS);
      return new Answered(response.statusCode(), response.headers().firstValue("Retry-After"),
          new String(response.body(), StandardCharsets.UTF_8));
    } catch (TimeoutException e) {
      pending.cancel(true);
      return new Failed(DeliveryOutcome.retryable(label + " did not finish answering within "
          + timeout.multipliedBy(3).toMillis() + " ms"));
    } catch (ExecutionException e) {
      return new Failed(transportFailure(e.getCause()));
    } catch (InterruptedException e) {
      pending.cancel(true);
      Thread.currentThread().interrupt();
      return new Failed(DeliveryOutcome.retryable(label + " delivery interrupted"));
    }
  }

  private DeliveryOutcome transportFailure(Throwable cause) {
    if (cause instanceof HttpConnectTimeoutException) {
      return DeliveryOutcome.retryable("could not connect to " + label + " within " + timeout.toMillis() + " ms");
    }
    if (cause instanceof HttpTimeoutException) {
      return DeliveryOutcome.retryable(label + " did not answer within " + timeout.toMillis() + " ms");
    }
    if (cause instanceof ConnectException) {
      return DeliveryOutcome.retryable("could not connect to " + label);
    }
    // Exception messages may quote the URL, so only the type is reported.
    String type = cause == null ? "unknown" : cause.getClass().getSimpleName();
    if (cause instanceof IOException) {
      return DeliveryOutcome.retryable("I/O error talking to " + label + " (" + type + ")");
    }
    return DeliveryOutcome.retryable("failed talking to " + label + " (" + type + ")");
  }

  /**
   * The outcome of a status the table calls retryable or permanent, with {@code Retry-After}
   * honoured on retryable ones; {@code detail}, when not empty, is what the receiver said.
   */
  DeliveryOutcome failure(Answered answer, String detail) {
    return failure(label, answer.status(), answer.retryAfter(), clock.instant(), detail);
  }

  /** {@link #failure(Answered, String)} for a given time, so it can be tested without a server. */
  static DeliveryOutcome failure(String label, int status, Optional<String> retryAfterHeader, Instant now,
      String detail) {
    String reason = label + " answered HTTP " + status + (detail.isEmpty() ? "" : ": " + detail);
    if (classOf(status) == StatusClass.RETRYABLE) {
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

  /** Keeps the first {@link #MAX_BODY_BYTES} of a body and drains the rest. */
  private static HttpResponse.BodySubscriber<byte[]> boundedBody(HttpResponse.ResponseInfo info) {
    ByteArrayOutputStream kept = new ByteArrayOutputStream();
    return HttpResponse.BodySubscribers.mapping(
        HttpResponse.BodySubscribers.ofByteArrayConsumer(chunk -> chunk.ifPresent(bytes -> {
          int room = MAX_BODY_BYTES - kept.size();
          if (room > 0) {
            kept.write(bytes, 0, Math.min(room, bytes.length));
          }
        })),
        done -> kept.toByteArray());
  }
}
