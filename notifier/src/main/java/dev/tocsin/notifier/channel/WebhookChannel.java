package dev.tocsin.notifier.channel;

import dev.tocsin.avro.Notification;
import dev.tocsin.notifier.delivery.DeliveryOutcome;
import dev.tocsin.notifier.delivery.NotificationChannel;
import dev.tocsin.schemas.vocabulary.IncidentLinks;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.common.config.types.Password;

/**
 * Posts each notification as JSON to one generic webhook URL, with the notification id in
 * {@value #NOTIFICATION_ID_HEADER} so receivers can drop repeats. The URL is treated as a secret
 * (it often embeds a token): it never appears in outcomes or log lines, which say "webhook".
 *
 * <p>With a signing secret, each request also carries {@value #TIMESTAMP_HEADER} (Unix seconds)
 * and {@value #SIGNATURE_HEADER}: {@code v1=} and the lowercase hex HMAC-SHA256, keyed with the
 * secret, of {@code "v1:" + timestamp + ":" + body} (the raw body bytes). A receiver recomputes it,
 * compares in constant time and refuses timestamps more than a few minutes away from its clock,
 * as with Slack's request signing. Thread-safe.
 */
public final class WebhookChannel implements NotificationChannel {
  public static final String INTEGRATION = "webhook";
  public static final String NOTIFICATION_ID_HEADER = "X-Tocsin-Notification-Id";
  public static final String TIMESTAMP_HEADER = "X-Tocsin-Timestamp";
  public static final String SIGNATURE_HEADER = "X-Tocsin-Signature";

  private final URI url;
  private final Duration timeout;
  private final Clock clock;
  private final HttpDelivery http;
  private final Password signingSecret;
  private final IncidentLinks links;

  /**
   * A channel posting to {@code url}, giving up on an attempt after {@code timeout} (connecting
   * and waiting for the answer each get that long); payloads carry no incident link.
   */
  public WebhookChannel(URI url, Duration timeout, Clock clock) {
    this(url, timeout, clock, null);
  }

  /** The same, signing every request with {@code signingSecret} (null: unsigned). */
  public WebhookChannel(URI url, Duration timeout, Clock clock, Password signingSecret) {
    this(url, timeout, clock, signingSecret, IncidentLinks.none());
  }

  /** The same, each payload linking its incident's page in {@code links}. */
  public WebhookChannel(URI url, Duration timeout, Clock clock, Password signingSecret, IncidentLinks links) {
    this.signingSecret = signingSecret == null || signingSecret.value().isEmpty() ? null : signingSecret;
    this.links = Objects.requireNonNull(links, "links");
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
    byte[] body = WebhookPayload.render(notification, links);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(NOTIFICATION_ID_HEADER, notification.getNotificationId());
    if (signingSecret != null) {
      String timestamp = Long.toString(clock.instant().getEpochSecond());
      headers.put(TIMESTAMP_HEADER, timestamp);
      headers.put(SIGNATURE_HEADER, signature(signingSecret, timestamp, body));
    }
    HttpDelivery.Exchange exchange = http.postJson(url, body, headers);
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

  /** {@code v1=} + hex HMAC-SHA256(secret, "v1:" + timestamp + ":" + body): what a receiver recomputes. */
  public static String signature(Password secret, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.value().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update(("v1:" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
      return "v1=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every JVM", e);
    }
  }

  @Override
  public String toString() {
    return "WebhookChannel[url=[hidden], timeout=" + timeout + ", signed=" + (signingSecret != null) + "]";
  }
}
