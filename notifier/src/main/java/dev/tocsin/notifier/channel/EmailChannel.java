package dev.tocsin.notifier.channel;

import dev.tocsin.avro.Notification;
import dev.tocsin.notifier.channel.IncidentEmails.IncidentEmail;
import dev.tocsin.notifier.delivery.DeliveryOutcome;
import dev.tocsin.notifier.delivery.NotificationChannel;
import dev.tocsin.schemas.vocabulary.IncidentLinks;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.types.Password;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.eclipse.angus.mail.util.MailConnectException;

/**
 * Sends each notification as an email over SMTP (see {@link IncidentEmails} for the content):
 * {@code multipart/alternative} with a text and an HTML part, a subject that stays the same for the
 * whole incident, and a {@code Message-ID} per event ({@code <incidentId.sequence@domain>}) that
 * points {@code In-Reply-To} and {@code References} at the incident's first event, so every event
 * lands in one thread. One SMTP connection per delivery. The password never appears in outcomes,
 * {@link #toString()} or logs. Thread-safe.
 *
 * <p>SMTP replies decide the outcome: 2xx delivered (the Message-ID is the external id), 4xx
 * retryable, 5xx permanent; refused or dropped connections and timeouts are retryable.
 */
public final class EmailChannel implements NotificationChannel {
  public static final String INTEGRATION = "email";
  public static final String DEFAULT_MESSAGE_ID_DOMAIN = "tocsin";
  private static final int MAX_REASON_DETAIL = 200;
  private static final Pattern LEADING_REPLY_CODE = Pattern.compile("^\\s*([2-5])\\d\\d[\\s-]");

  /** How the connection to the SMTP server is protected. */
  public enum Security {
    /** Plain SMTP: only for a relay on the same host or network. */
    NONE,
    /** STARTTLS when the server offers it, plain otherwise. */
    STARTTLS,
    /** STARTTLS or no delivery: the server must offer it ({@code mail.smtp.starttls.required}). */
    STARTTLS_REQUIRED,
    /** TLS from the first byte (SMTPS, usually port 465). */
    TLS
  }

  /**
   * Where and how to send.
   *
   * @param username for SMTP AUTH; empty to send without authenticating
   * @param password the SMTP password (a secret); required with a username
   * @param timeout connecting, and each read or write on the connection, get this long
   * @param messageIdDomain right-hand side of generated Message-IDs, e.g. {@code tocsin.example.com}
   */
  public record Settings(String host, int port, Security security, Optional<String> username,
      Optional<Password> password, InternetAddress from, List<InternetAddress> to, Duration timeout,
      IncidentLinks links, String messageIdDomain) {
    public Settings {
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(security, "security");
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(password, "password");
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(timeout, "timeout");
      Objects.requireNonNull(links, "links");
      Objects.requireNonNull(messageIdDomain, "messageIdDomain");
      to = List.copyOf(to);
      List<String> problems = new ArrayList<>();
      if (host.isBlank()) {
        problems.add("host must not be empty");
      }
      if (port < 1 || port > 65535) {
        problems.add("port must be between 1 and 65535, was " + port);
      }
      if (username.isPresent() && username.get().isBlank()) {
        problems.add("username must not be blank; leave it out to send without authenticating");
      }
      if (username.isPresent() != password.isPresent()) {
        problems.add("username and password go together");
      }
      if (to.isEmpty()) {
        problems.add("to must name at least one recipient");
      }
      if (timeout.isNegative() || timeout.isZero()) {
        problems.add("timeout must be positive, was " + timeout);
      }
      if (!messageIdDomain.matches("[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*")) {
        problems.add("messageIdDomain must be a domain name, was " + messageIdDomain);
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("invalid email settings: " + String.join("; ", problems));
      }
    }
  }

  private final Settings settings;
  private final Clock clock;
  private final Session session;
  private final ServerText serverText;

  /** A channel sending with {@code settings}; {@code clock} dates the messages. */
  public EmailChannel(Settings settings, Clock clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.session = Session.getInstance(sessionProperties(settings));
    this.serverText = settings.password().map(p -> ServerText.hiding(p.value())).orElse(ServerText.hiding(""));
  }

  /** The Jakarta Mail session settings for {@code settings}; never the password. */
  static Properties sessionProperties(Settings settings) {
    Properties properties = new Properties();
    String timeoutMillis = Long.toString(settings.timeout().toMillis());
    properties.setProperty("mail.smtp.host", settings.host());
    properties.setProperty("mail.smtp.port", Integer.toString(settings.port()));
    properties.setProperty("mail.smtp.connectiontimeout", timeoutMillis);
    properties.setProperty("mail.smtp.timeout", timeoutMillis);
    properties.setProperty("mail.smtp.writetimeout", timeoutMillis);
    properties.setProperty("mail.smtp.auth", Boolean.toString(settings.username().isPresent()));
    switch (settings.security()) {
      case NONE -> {
      }
      case STARTTLS -> properties.setProperty("mail.smtp.starttls.enable", "true");
      case STARTTLS_REQUIRED -> {
        properties.setProperty("mail.smtp.starttls.enable", "true");
        properties.setProperty("mail.smtp.starttls.required", "true");
      }
      case TLS -> properties.setProperty("mail.smtp.ssl.enable", "true");
    }
    if (settings.security() != Security.NONE) {
      // Jakarta Mail does not check the certificate's host name unless asked.
      properties.setProperty("mail.smtp.ssl.checkserveridentity", "true");
    }
    return properties;
  }

  @Override
  public String integration() {
    return INTEGRATION;
  }

  @Override
  public DeliveryOutcome deliver(Notification notification) {
    IncidentEmail email = IncidentEmails.render(notification, settings.links(), settings.messageIdDomain());
    Transport transport = null;
    try {
      MimeMessage message = message(email);
      transport = session.getTransport("smtp");
      transport.connect(settings.host(), settings.port(), settings.username().orElse(null),
          settings.password().map(Password::value).orElse(null));
      transport.sendMessage(message, message.getAllRecipients());
      int code = transport instanceof SMTPTransport smtp ? smtp.getLastReturnCode() : 250;
      return DeliveryOutcome.delivered(code, email.messageId());
    } catch (MessagingException e) {
      return classify(e, serverText);
    } finally {
      closeQuietly(transport);
    }
  }

  private MimeMessage message(IncidentEmail email) throws MessagingException {
    MimeMessage message = new ThreadedMessage(session, email.messageId());
    message.setFrom(settings.from());
    message.setRecipients(Message.RecipientType.TO, settings.to().toArray(new Address[0]));
    message.setSubject(email.subject(), StandardCharsets.UTF_8.name());
    message.setSentDate(Date.from(clock.instant()));
    if (email.threadRoot().isPresent()) {
      message.setHeader("In-Reply-To", email.threadRoot().get());
      message.setHeader("References", email.threadRoot().get());
    }
    for (var header : email.headers().entrySet()) {
      message.setHeader(header.getKey(), header.getValue());
    }
    // Preferred alternative last (RFC 2046): clients that can show HTML do.
    MimeMultipart alternatives = new MimeMultipart("alternative");
    MimeBodyPart text = new MimeBodyPart();
    text.setText(email.text(), StandardCharsets.UTF_8.name());
    alternatives.addBodyPart(text);
    MimeBodyPart html = new MimeBodyPart();
    html.setText(email.html(), StandardCharsets.UTF_8.name(), "html");
    alternatives.addBodyPart(html);
    message.setContent(alternatives);
    message.saveChanges();
    return message;
  }

  /**
   * Classifies a failed send: the SMTP reply codes in the exception chain decide (any 4xx
   * retryable, else 5xx permanent); refused credentials are permanent; connection problems and
   * anything without a reply code retryable. Server replies are quoted without {@code secrets}.
   */
  static DeliveryOutcome classify(MessagingException error, ServerText secrets) {
    List<Reply> replies = replies(error);
    Optional<Reply> transientReply = replies.stream().filter(reply -> reply.code() / 100 == 4).findFirst();
    Optional<Reply> permanentReply = replies.stream().filter(reply -> reply.code() / 100 == 5).findFirst();
    if (transientReply.isPresent()) {
      Reply reply = transientReply.get();
      return DeliveryOutcome.retryable(reason(reply, secrets), reply.code(), Optional.empty());
    }
    if (permanentReply.isPresent()) {
      Reply reply = permanentReply.get();
      return DeliveryOutcome.permanent(reason(reply, secrets), reply.code());
    }
    if (error instanceof AuthenticationFailedException auth) {
      // The server's reply (535, or 454 for a temporary failure) is in the message, if anywhere.
      OptionalInt code = leadingCode(auth.getMessage());
      if (code.isPresent() && code.getAsInt() / 100 == 4) {
        return DeliveryOutcome.retryable("SMTP server could not check the credentials now (" + code.getAsInt() + ")",
            code.getAsInt(), Optional.empty());
      }
      return code.isPresent()
          ? DeliveryOutcome.permanent("SMTP server refused the credentials (" + code.getAsInt() + ")", code.getAsInt())
          : new DeliveryOutcome.Permanent("SMTP server refused the credentials", OptionalInt.empty());
    }
    if (error instanceof MailConnectException) {
      return DeliveryOutcome.retryable("could not connect to SMTP server");
    }
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof SocketTimeoutException) {
        return DeliveryOutcome.retryable("SMTP server did not answer in time");
      }
      if (cause instanceof IOException) {
        return DeliveryOutcome.retryable("I/O error talking to SMTP server (" + cause.getClass().getSimpleName() + ")");
      }
    }
    // Messages without a reply code are Jakarta Mail's own ("STARTTLS is required but host does not
    // support STARTTLS"); they quote no secret, but the type is enough to tell them apart.
    return DeliveryOutcome.retryable("SMTP delivery failed (" + error.getClass().getSimpleName() + ": "
        + secrets.clean(String.valueOf(error.getMessage()), MAX_REASON_DETAIL) + ")");
  }

  private record Reply(int code, String text) {
  }

  /** Every SMTP reply in the chain: the failed command's, and each refused recipient's. */
  private static List<Reply> replies(MessagingException error) {
    List<Reply> replies = new ArrayList<>();
    for (Exception e = error; e != null; e = e instanceof MessagingException m ? m.getNextException() : null) {
      if (e instanceof SMTPSendFailedException sendFailed && sendFailed.getReturnCode() > 0) {
        replies.add(new Reply(sendFailed.getReturnCode(), String.valueOf(sendFailed.getMessage())));
      } else if (e instanceof SMTPAddressFailedException addressFailed && addressFailed.getReturnCode() > 0) {
        replies.add(new Reply(addressFailed.getReturnCode(), String.valueOf(addressFailed.getMessage())));
      } else if (e instanceof SMTPSenderFailedException senderFailed && senderFailed.getReturnCode() > 0) {
        replies.add(new Reply(senderFailed.getReturnCode(), String.valueOf(senderFailed.getMessage())));
      }
    }
    return replies;
  }

  private static String reason(Reply reply, ServerText secrets) {
    String text = secrets.clean(reply.text(), MAX_REASON_DETAIL);
    return "SMTP server answered " + reply.code() + (text.isEmpty() ? "" : ": " + text);
  }

  private static OptionalInt leadingCode(String message) {
    if (message == null) {
      return OptionalInt.empty();
    }
    Matcher matcher = LEADING_REPLY_CODE.matcher(message);
    return matcher.find() ? OptionalInt.of(Integer.parseInt(message.strip().substring(0, 3))) : OptionalInt.empty();
  }

  private static void closeQuietly(Transport transport) {
    if (transport == null) {
      return;
    }
    try {
      transport.close();
    } catch (MessagingException e) {
      // The message was sent or the failure already classified; a failed QUIT changes neither.
    }
  }

  @Override
  public String toString() {
    return "EmailChannel[host=" + settings.host() + ", port=" + settings.port() + ", security=" + settings.security()
        + ", username=" + settings.username().orElse("(none)") + ", password=[hidden], to=" + settings.to() + "]";
  }

  /**
   * A message whose {@code Message-ID} is ours: Jakarta Mail otherwise replaces it with a random one
   * in {@code saveChanges()}, which would break threading and make a retry a different message.
   */
  private static final class ThreadedMessage extends MimeMessage {
    private final String messageId;

    ThreadedMessage(Session session, String messageId) {
      super(session);
      this.messageId = messageId;
    }

    @Override
    protected void updateMessageID() throws MessagingException {
      setHeader("Message-ID", messageId);
    }
  }
}
