package dev.tocsin.notifier.channel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tocsin.avro.DeliveryResult;
import dev.tocsin.avro.Notification;
import dev.tocsin.notifier.delivery.DeliveryOutcome;
import dev.tocsin.notifier.delivery.NotificationChannel;
import dev.tocsin.notifier.delivery.ResultAware;
import dev.tocsin.schemas.vocabulary.HttpUrls;
import dev.tocsin.schemas.vocabulary.IncidentLinks;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.types.Password;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one Slack message per incident current through the Web API with a bot token: the first
 * notification of an incident posts the message ({@code chat.postMessage}, see
 * {@link SlackMessages#incidentMessage}), each later one updates it ({@code chat.update}) and
 * replies in its thread saying what happened. Which message shows which incident is held in a
 * bounded, least-recently-used store, rebuilt after a restart from earlier delivery results
 * ({@link #restore}); a delivered outcome's external id is {@code <channel id>/<ts>} of that
 * message. Thread-safe: deliveries for one incident are serialised, so two of them never post two
 * messages.
 *
 * <p>HTTP statuses go through {@link HttpDelivery}'s table ({@code 429} with {@code Retry-After});
 * Slack's {@code {"ok":false,"error":...}} answers, which come with HTTP 200, through
 * {@link SlackApiErrors}. The token never appears in outcomes, logs or {@link #toString()}.
 */
public final class SlackApiChannel implements NotificationChannel, ResultAware {
  public static final String INTEGRATION = "slack-api";
  public static final URI DEFAULT_API_BASE = URI.create("https://slack.com/api");
  static final String POST = "chat.postMessage";
  static final String UPDATE = "chat.update";
  /** Incidents whose message is remembered; an incident quiet for longer than this many others gets a new message. */
  static final int DEFAULT_CAPACITY = 10_000;

  private static final Logger log = LoggerFactory.getLogger(SlackApiChannel.class);
  private static final String LABEL = "Slack API";
  private static final String CONTENT_TYPE = "application/json; charset=utf-8";
  /** Public (C), private (G) and direct-message (D) conversation ids, as Slack returns them. */
  private static final Pattern CHANNEL_ID = Pattern.compile("[CGD][A-Z0-9]{6,20}");
  /** A name such as {@code #incidents} or an id; Slack's names are short and never hold white space. */
  private static final Pattern CHANNEL = Pattern.compile("[^\\s\\p{Cntrl}]{1,255}");
  private static final Pattern TS = Pattern.compile("[0-9]{1,12}\\.[0-9]{1,9}");
  private static final int LOCK_STRIPES = 64;

  private final Settings settings;
  private final Clock clock;
  private final HttpDelivery http;
  private final ServerText serverText;
  private final Messages messages;
  private final Object[] locks = new Object[LOCK_STRIPES];

  /**
   * Where and how to reach Slack.
   *
   * @param token the bot token, {@code xoxb-…} (a secret), with the {@code chat:write} scope
   * @param channel where the messages go: a name such as {@code #incidents} or an id such as {@code C0123456}
   * @param apiBase the Web API's base URL, {@link #DEFAULT_API_BASE} but in tests
   * @param links where incident pages live, for the message's incident link
   * @param timeout connecting and then waiting for each answer each get this long
   * @param receiver the receiver this channel delivers for, if it delivers for one only; {@link #restore}
   *     ignores other receivers' results
   */
  public record Settings(Password token, String channel, URI apiBase, IncidentLinks links, Duration timeout,
      Optional<String> receiver) {
    public Settings {
      Objects.requireNonNull(token, "token");
      Objects.requireNonNull(channel, "channel");
      Objects.requireNonNull(apiBase, "apiBase");
      Objects.requireNonNull(links, "links");
      Objects.requireNonNull(timeout, "timeout");
      Objects.requireNonNull(receiver, "receiver");
      if (token.value() == null || token.value().isEmpty() || !validToken(token.value())) {
        throw new IllegalArgumentException("Slack bot token must be non-empty, without spaces or line breaks");
      }
      if (!isChannel(channel)) {
        throw new IllegalArgumentException("Slack channel must be a name like #incidents or an id like C0123456, "
            + "without spaces");
      }
      apiBase = normalisedApiBase(apiBase);
    }
  }

  /** A channel posting with {@code settings}, remembering the messages of {@link #DEFAULT_CAPACITY} incidents. */
  public SlackApiChannel(Settings settings, Clock clock) {
    this(settings, clock, DEFAULT_CAPACITY);
  }

  /** As {@link #SlackApiChannel(Settings, Clock)}, remembering the messages of {@code capacity} incidents. */
  SlackApiChannel(Settings settings, Clock clock, int capacity) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.http = new HttpDelivery(LABEL, settings.timeout(), clock);
    this.serverText = ServerText.hiding(settings.token().value());
    this.messages = new Messages(capacity);
    for (int i = 0; i < locks.length; i++) {
      locks[i] = new Object();
    }
  }

  /** Whether {@code channel} is a conversation id such as {@code C0123456}, rather than a name. */
  public static boolean isChannelId(String channel) {
    return CHANNEL_ID.matcher(channel).matches();
  }

  /** Whether {@code channel} can name a Slack channel: a name such as {@code #incidents}, or an id. */
  public static boolean isChannel(String channel) {
    return CHANNEL.matcher(channel).matches();
  }

  /** Whether {@code token} can go in an HTTP header: no white space or control characters. */
  public static boolean validToken(String token) {
    return token.chars().noneMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c));
  }

  private static URI normalisedApiBase(URI given) {
    String text = given.toString().strip();
    while (text.endsWith("/")) {
      text = text.substring(0, text.length() - 1);
    }
    String base = text;
    return HttpUrls.parse(base).orElseThrow(() -> new IllegalArgumentException(
        "Slack API base " + HttpUrls.MUST_BE_ABSOLUTE_HTTP + ", was " + base));
  }

  @Override
  public String integration() {
    return INTEGRATION;
  }

  @Override
  public DeliveryOutcome deliver(Notification notification) {
    String incidentId = notification.getIncident().getId();
    synchronized (locks[Math.floorMod(incidentId.hashCode(), LOCK_STRIPES)]) {
      Optional<Message> message = messages.get(incidentId);
      return message.isPresent() ? follow(notification, message.get()) : post(notification);
    }
  }

  /** Posts the incident's message, which from now on is the one kept current. */
  private DeliveryOutcome post(Notification notification) {
    ObjectNode body = SlackMessages.MAPPER.createObjectNode().put("channel", settings.channel());
    body.setAll(SlackMessages.incidentMessage(notification, settings.links()));
    Call call = call(POST, body, notification);
    if (call instanceof Failure failure) {
      return failure.outcome();
    }
    Ok ok = (Ok) call;
    String incidentId = notification.getIncident().getId();
    Optional<Message> message = Message.of(ok.answer().path("channel").asText(""), ok.answer().path("ts").asText(""),
        notification.getEvent().getSequence());
    if (message.isEmpty()) {
      log.warn("{} accepted the message of incident {} without saying where it is; its next event posts a new one",
          LABEL, incidentId);
      return DeliveryOutcome.delivered(ok.status());
    }
    messages.put(incidentId, message.get());
    return DeliveryOutcome.delivered(ok.status(), message.get().externalId());
  }

  /** Brings the incident's {@code message} up to date and replies in its thread with what happened. */
  private DeliveryOutcome follow(Notification notification, Message message) {
    String incidentId = notification.getIncident().getId();
    long sequence = notification.getEvent().getSequence();
    Message current = message;
    // A late redelivery of an older event must not roll the message back; it still gets its reply.
    if (sequence >= message.sequence()) {
      ObjectNode update = SlackMessages.MAPPER.createObjectNode()
          .put("channel", message.channel()).put("ts", message.ts());
      update.setAll(SlackMessages.incidentMessage(notification, settings.links()));
      Call call = call(UPDATE, update, notification);
      if (call instanceof Gone gone) {
        log.info("the Slack message {} of incident {} is gone ({}); posting a new one", message.externalId(),
            incidentId, gone.error());
        return post(notification);
      }
      if (call instanceof Failure failure) {
        return failure.outcome();
      }
      current = new Message(message.channel(), message.ts(), sequence);
      messages.put(incidentId, current);
    }
    ObjectNode reply = SlackMessages.MAPPER.createObjectNode()
        .put("channel", current.channel()).put("thread_ts", current.ts());
    reply.setAll(SlackMessages.threadReply(notification));
    // Only chat.update answers Gone.
    Call call = call(POST, reply, notification);
    if (call instanceof Failure failure) {
      return failure.outcome();
    }
    return DeliveryOutcome.delivered(((Ok) call).status(), current.externalId());
  }

  /** What one Web API call came to. */
  private sealed interface Call permits Ok, Gone, Failure {
  }

  /** Slack answered {@code "ok": true}. */
  private record Ok(int status, JsonNode answer) implements Call {
  }

  /** The message to update no longer exists. */
  private record Gone(String error) implements Call {
  }

  /** Anything else, already classified. */
  private record Failure(DeliveryOutcome outcome) implements Call {
  }

  private Call call(String method, ObjectNode body, Notification notification) {
    byte[] json;
    try {
      json = SlackMessages.MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    HttpDelivery.Exchange exchange = http.postJson(URI.create(settings.apiBase() + "/" + method), json, Map.of(
        "Authorization", "Bearer " + settings.token().value(),
        "Content-Type", CONTENT_TYPE,
        WebhookChannel.NOTIFICATION_ID_HEADER, notification.getNotificationId()));
    if (exchange instanceof HttpDelivery.Failed failed) {
      return new Failure(failed.outcome());
    }
    HttpDelivery.Answered answer = (HttpDelivery.Answered) exchange;
    Optional<JsonNode> parsed = parse(answer.body());
    String error = parsed.map(node -> node.path("error").asText("")).orElse("");
    Optional<String> code = SlackApiErrors.code(error).map(text -> serverText.clean(text, 64));
    if (HttpDelivery.classOf(answer.status()) != HttpDelivery.StatusClass.SUCCESS) {
      return new Failure(http.failure(answer, code.orElse("")));
    }
    if (parsed.isEmpty() || !parsed.get().path("ok").isBoolean()) {
      return new Failure(DeliveryOutcome.permanent(LABEL + " answered " + method + " with HTTP " + answer.status()
          + " but not with a Web API answer (is the API base right?)", answer.status()));
    }
    if (parsed.get().path("ok").booleanValue()) {
      return new Ok(answer.status(), parsed.get());
    }
    SlackApiErrors.Entry entry = SlackApiErrors.classify(method, error);
    String reason = LABEL + " " + method + " failed: " + code.orElse("an unrecognised error")
        + (entry.hint().isEmpty() ? "" : " (" + entry.hint() + ")");
    return switch (entry.verdict()) {
      case RETRY -> new Failure(DeliveryOutcome.retryable(reason, answer.status(),
          answer.retryAfter().flatMap(value -> HttpDelivery.parseRetryAfter(value, clock.instant()))));
      case POST_ANEW -> new Gone(code.orElse("message_not_found"));
      case GIVE_UP -> new Failure(DeliveryOutcome.permanent(reason, answer.status()));
    };
  }

  private static Optional<JsonNode> parse(String body) {
    try {
      JsonNode node = SlackMessages.MAPPER.readTree(body);
      return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  /**
   * Takes note of an earlier delivery of this integration: a delivered result's external id names
   * the incident's message, later results replacing earlier ones. Results of other receivers, and
   * when the channel is configured by id, of other channels, are ignored.
   */
  @Override
  public void restore(DeliveryResult result) {
    if (!INTEGRATION.equals(result.getIntegration())
        || result.getOutcome() != dev.tocsin.avro.DeliveryOutcome.DELIVERED
        || result.getExternalId() == null
        || settings.receiver().filter(receiver -> !receiver.equals(result.getReceiver())).isPresent()) {
      return;
    }
    Optional<Message> message = Message.parse(result.getExternalId(), result.getEventSequence());
    if (message.isEmpty()
        || (isChannelId(settings.channel()) && !settings.channel().equals(message.get().channel()))) {
      return;
    }
    messages.put(result.getIncidentId(), message.get());
  }

  @Override
  public String toString() {
    return "SlackApiChannel[channel=" + settings.channel() + ", apiBase=" + settings.apiBase()
        + ", token=[hidden], timeout=" + settings.timeout() + "]";
  }

  /** Where an incident's message is, and the latest event it shows. */
  record Message(String channel, String ts, long sequence) {
    /** The message at {@code channel} and {@code ts}, if both look like Slack's. */
    static Optional<Message> of(String channel, String ts, long sequence) {
      return isChannelId(channel) && TS.matcher(ts).matches() ? Optional.of(new Message(channel, ts, sequence))
          : Optional.empty();
    }

    /** The message an {@link #externalId()} names. */
    static Optional<Message> parse(String externalId, long sequence) {
      int slash = externalId.indexOf('/');
      return slash < 0 ? Optional.empty()
          : of(externalId.substring(0, slash), externalId.substring(slash + 1), sequence);
    }

    /** {@code <channel id>/<ts>}, the delivery result's external id. */
    String externalId() {
      return channel + "/" + ts;
    }
  }

  /** Each incident's message, the least recently used forgotten beyond a capacity. Thread-safe. */
  private static final class Messages {
    private final LeastRecentlyUsed byIncident;

    Messages(int capacity) {
      if (capacity < 1) {
        throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
      }
      this.byIncident = new LeastRecentlyUsed(capacity);
    }

    synchronized Optional<Message> get(String incidentId) {
      return Optional.ofNullable(byIncident.get(incidentId));
    }

    synchronized void put(String incidentId, Message message) {
      byIncident.put(incidentId, message);
    }
  }

  private static final class LeastRecentlyUsed extends LinkedHashMap<String, Message> {
    private static final long serialVersionUID = 1L;
    private final int capacity;

    LeastRecentlyUsed(int capacity) {
      super(16, 0.75f, true);
      this.capacity = capacity;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Message> eldest) {
      return size() > capacity;
    }
  }
}
