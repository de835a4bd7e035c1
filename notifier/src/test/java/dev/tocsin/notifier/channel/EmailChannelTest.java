package dev.tocsin.notifier.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.tocsin.avro.IncidentEventType;
import dev.tocsin.avro.Notification;
import dev.tocsin.notifier.channel.EmailChannel.Security;
import dev.tocsin.notifier.delivery.DeliveryOutcome;
import dev.tocsin.notifier.support.LogCapture;
import dev.tocsin.notifier.support.SampleNotifications;
import dev.tocsin.notifier.support.ScriptedSmtpServer;
import dev.tocsin.schemas.vocabulary.IncidentLinks;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import org.apache.kafka.common.config.types.Password;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.Logger;

class EmailChannelTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-04T10:20:00Z"), ZoneOffset.UTC);
  private static final String PASSWORD = "sm7p-S3CRET-pa55";
  private static final String INCIDENT = "INC-7K2M9QXD";

  @RegisterExtension
  static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
      .withConfiguration(GreenMailConfiguration.aConfig().withUser("tocsin@example.com", "tocsin", PASSWORD))
      .withPerMethodLifecycle(true);

  private static EmailChannel.Settings settings(int port, Security security, Optional<String> username,
      Optional<Password> password) {
    return new EmailChannel.Settings("127.0.0.1", port, security, username, password,
        address("Tocsin <tocsin@example.com>"), List.of(address("sre-oncall@example.com")), Duration.ofSeconds(5),
        IncidentLinks.under("https://tocsin.example.com/incidents"), EmailChannel.DEFAULT_MESSAGE_ID_DOMAIN);
  }

  private static EmailChannel channel() {
    return new EmailChannel(settings(SMTP.getSmtp().getPort(), Security.NONE, Optional.empty(), Optional.empty()),
        CLOCK);
  }

  private static EmailChannel channel(int port, Security security) {
    return new EmailChannel(settings(port, security, Optional.empty(), Optional.empty()), CLOCK);
  }

  private static InternetAddress address(String address) {
    try {
      return new InternetAddress(address, true);
    } catch (AddressException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static MimeMessage onlyMessage() {
    MimeMessage[] received = SMTP.getReceivedMessages();
    assertThat(received).hasSize(1);
    return received[0];
  }

  @Test
  void sendsTextAndHtmlAlternativesWithIncidentHeaders() throws MessagingException, IOException {
    DeliveryOutcome outcome = channel().deliver(SampleNotifications.event(INCIDENT, 1, IncidentEventType.OPENED));

    assertThat(outcome).isEqualTo(DeliveryOutcome.delivered(250, "<INC-7K2M9QXD.1@tocsin>"));
    MimeMessage message = onlyMessage();
    assertThat(message.getSubject()).isEqualTo("[Tocsin] INC-7K2M9QXD HighErrorRate on checkout");
    assertThat(message.getFrom()).containsExactly(address("Tocsin <tocsin@example.com>"));
    assertThat(message.getAllRecipients()).containsExactly(address("sre-oncall@example.com"));
    assertThat(message.getMessageID()).isEqualTo("<INC-7K2M9QXD.1@tocsin>");
    assertThat(message.getHeader("In-Reply-To")).isNull();
    assertThat(message.getHeader("References")).isNull();
    assertThat(message.getSentDate().toInstant()).isEqualTo(CLOCK.instant());
    assertThat(message.getHeader("Auto-Submitted", null)).isEqualTo("auto-generated");
    assertThat(message.getHeader("X-Incident-Id", null)).isEqualTo(INCIDENT);
    assertThat(message.getHeader("X-Severity", null)).isEqualTo("P1");
    assertThat(message.getHeader("X-Tocsin-Notification-Id", null)).isEqualTo("INC-7K2M9QXD:1:sre-oncall");

    assertThat(message.getContentType()).startsWith("multipart/alternative");
    Multipart alternatives = (Multipart) message.getContent();
    assertThat(alternatives.getCount()).isEqualTo(2);
    BodyPart text = alternatives.getBodyPart(0);
    BodyPart html = alternatives.getBodyPart(1);
    assertThat(text.getContentType()).isEqualToIgnoringCase("text/plain; charset=UTF-8");
    assertThat(html.getContentType()).isEqualToIgnoringCase("text/html; charset=UTF-8");
    assertThat(normalised(text)).contains(
        "Incident opened: HighErrorRate on checkout",
        "A P1 incident was opened at 2025-03-04 10:15 UTC and is being investigated.",
        "Status:    Triggered (investigating)",
        "Severity:  P1",
        "Affected:  checkout",
        "Started:   2025-03-04 10:15 UTC",
        "Alerts:    2 firing",
        "Incident:  INC-7K2M9QXD",
        "Link:      https://tocsin.example.com/incidents/INC-7K2M9QXD",
        "What is happening\nError rate above 5% for 10 minutes",
        "- HighErrorRate on checkout-1 (firing since 2025-03-04 10:15 UTC)\n"
            + "  Checkout 5xx ratio is 7.2% (threshold 5%)\n"
            + "  Runbook: https://runbooks.example.com/checkout/high-error-rate\n"
            + "  Source: http://prometheus.example.com:9090/graph?g0.expr=job%3Acheckout&g0.tab=1");
    assertThat(normalised(html)).contains(
        "<h2 style=\"margin:0 0 8px\">Incident opened: HighErrorRate on checkout</h2>",
        "<a href=\"https://tocsin.example.com/incidents/INC-7K2M9QXD\">Open in Tocsin</a>",
        "<a href=\"https://runbooks.example.com/checkout/high-error-rate\">Runbook</a>",
        "<a href=\"http://prometheus.example.com:9090/graph?g0.expr=job%3Acheckout&amp;g0.tab=1\">Source</a>",
        "<li><strong>HighErrorRate on checkout-2</strong> (firing since 2025-03-04 10:15 UTC)"
            + "<br>Checkout 5xx ratio is 6.1% (threshold 5%)");
  }

  @Test
  void threadsEveryEventOfAnIncidentUnderTheFirstWithOneSubject() throws MessagingException, IOException {
    EmailChannel channel = channel();

    channel.deliver(SampleNotifications.event(INCIDENT, 1, IncidentEventType.OPENED));
    channel.deliver(SampleNotifications.event(INCIDENT, 2, IncidentEventType.ACKNOWLEDGED));
    DeliveryOutcome resolved = channel.deliver(SampleNotifications.event(INCIDENT, 3, IncidentEventType.RESOLVED));

    assertThat(resolved).isEqualTo(DeliveryOutcome.delivered(250, "<INC-7K2M9QXD.3@tocsin>"));
    MimeMessage[] received = SMTP.getReceivedMessages();
    assertThat(received).hasSize(3);
    assertThat(Arrays.stream(received).map(EmailChannelTest::subject).distinct())
        .containsExactly("[Tocsin] INC-7K2M9QXD HighErrorRate on checkout");
    assertThat(received[0].getMessageID()).isEqualTo("<INC-7K2M9QXD.1@tocsin>");
    for (int i = 1; i < 3; i++) {
      assertThat(received[i].getMessageID()).isEqualTo("<INC-7K2M9QXD." + (i + 1) + "@tocsin>");
      assertThat(received[i].getHeader("In-Reply-To", null)).isEqualTo("<INC-7K2M9QXD.1@tocsin>");
      assertThat(received[i].getHeader("References", null)).isEqualTo("<INC-7K2M9QXD.1@tocsin>");
    }
    assertThat(normalised(part(received[1], 0))).contains(
        "Acknowledged by jane: HighErrorRate on checkout",
        "Acknowledged by jane at 2025-03-04 10:25 UTC.",
        "Status:    Acknowledged (identified)",
        "Update\nLooking into it");
    assertThat(normalised(part(received[2], 0))).contains(
        "Resolved: HighErrorRate on checkout",
        "This incident was resolved at 2025-03-04 10:57 UTC after 42 minutes.",
        "Resolved:  2025-03-04 10:57 UTC",
        "Duration:  42 minutes",
        "Alerts:    2 resolved",
        "Resolution\nError rate back below 1% after rolling back checkout v2.31",
        "- HighErrorRate on checkout-1 (resolved at 2025-03-04 10:57 UTC)");
  }

  @Test
  void escapesAlertTextInTheHtmlPart() throws MessagingException, IOException {
    Notification hostile = SampleNotifications.withText(
        SampleNotifications.event(INCIDENT, 1, IncidentEventType.OPENED),
        "Checkout <b>down</b> & \"out\"", "<script>alert('pwned')</script>");

    channel().deliver(hostile);

    MimeMessage message = onlyMessage();
    String html = normalised(part(message, 1));
    assertThat(html)
        .doesNotContain("<script>", "<b>down</b>")
        .contains("&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;")
        .contains("Incident opened: Checkout &lt;b&gt;down&lt;/b&gt; &amp; &quot;out&quot;");
    // Plain text is shown as text by every client: it keeps what the alert said.
    assertThat(normalised(part(message, 0))).contains("<script>alert('pwned')</script>");
    assertThat(message.getSubject()).isEqualTo("[Tocsin] INC-7K2M9QXD Checkout <b>down</b> & \"out\"");
  }

  @Test
  void keepsLineBreaksInTheTitleOutOfTheSubject() throws MessagingException {
    channel().deliver(SampleNotifications.withText(SampleNotifications.event(INCIDENT, 1, IncidentEventType.OPENED),
        "Disk full\r\nBcc: victim@example.com", "summary"));

    MimeMessage message = onlyMessage();
    assertThat(message.getSubject()).isEqualTo("[Tocsin] INC-7K2M9QXD Disk full Bcc: victim@example.com");
    assertThat(message.getHeader("Bcc")).isNull();
  }

  @Test
  void authenticatesWithTheConfiguredCredentials() {
    EmailChannel channel = new EmailChannel(settings(SMTP.getSmtp().getPort(), Security.NONE,
        Optional.of("tocsin"), Optional.of(new Password(PASSWORD))), CLOCK);

    DeliveryOutcome outcome = channel.deliver(SampleNotifications.event(INCIDENT, 1, IncidentEventType.OPENED));

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
    assertThat(SMTP.getReceivedMessages()).hasSize(1);
  }

  @Test
  void refusedCredentialsArePermanentAndThePasswordIsNeverShown() {
    String wrong = "wr0ng-" + PASSWORD;
    EmailChannel channel = new EmailChannel(settings(SMTP.getSmtp().getPort(), Security.NONE,
        Optional.of("tocsin"), Optional.of(new Password(wrong))), CLOCK);
    DeliveryOutcome outcome;
    List<String> logLines;
    try (LogCapture logs = LogCapture.of(Logger.ROOT_LOGGER_NAME)) {
      outcome = channel.deliver(SampleNotifications.event(INCIDENT, 1, IncidentEventType.OPENED));
      logLines = logs.lines();
    }

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Permanent.class);
    assertThat(((DeliveryOutcome.Permanent) outcome).reason()).startsWith("SMTP server refused the credentials");
    assertThat(SMTP.getReceivedMessages()).isEmpty();
    assertThat(List.of(outcome.toString(), channel.toString(), String.join("\n", logLines)))
        .allSatisfy(text -> assertThat(text).doesNotContain(PASSWORD));
  }

  @ParameterizedTest(name = "{0} answering {1} is {3}")
  @CsvSource(delimiter = '|', value = {
      "RCPT | 550 5.1.1 <sre-oncall@example.com>: Recipient address rejected | 550 | PERMANENT",
      "RCPT | 451 4.3.0 Temporary lookup failure                          | 451 | RETRYABLE",
      "MAIL | 421 4.7.0 Too many connections, try later                   | 421 | RETRYABLE",
      "MAIL | 553 5.7.1 Sender address rejected: not owned by user        | 553 | PERMANENT",
      "DATA | 452 4.3.1 Insufficient system storage                       | 452 | RETRYABLE",
      "DATA | 554 5.7.1 Message rejected as spam                          | 554 | PERMANENT",
  })
  void classifiesTheSmtpReply(String verb, String reply, int code, String expected) {
    try (ScriptedSmtpServer server = ScriptedSmtpServer.start(Map.of(verb, reply))) {
      DeliveryOutcome outcome = channel(server.port(), Security.NONE)
          .deliver(SampleNotifications.event(INCIDENT, 1, IncidentEventType.OPENED));

      assertThat(outcome.statusCode()).isEqualTo(OptionalInt.of(code));
      assertThat(kind(outcome)).isEqualTo(expected);
      assertThat(outcome.reason()).isEqualTo("SMTP server answered " + code + ": " + reply);
    }
  }

  @Test
  void neverSendsInTheClearWhenStartTlsIsRequired() {
    try (ScriptedSmtpServer server = ScriptedSmtpServer.start(Map.of())) {
      DeliveryOutcome outcome = channel(server.port(), Security.STARTTLS_REQUIRED)
          .deliver(SampleNotifications.event(INCIDENT, 1, IncidentEventType.OPENED));

      assertThat(outcome).isInstanceOf(DeliveryOutcome.Retryable.class);
      assertThat(outcome.reason()).contains("STARTTLS");
      assertThat(server.commands()).noneMatch(command -> command.startsWith("MAIL") || command.startsWith("DATA"));
    }
  }

  @Test
  void aRefusedConnectionIsRetryable() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }

    DeliveryOutcome outcome = channel(port, Security.NONE)
        .deliver(SampleNotifications.event(INCIDENT, 1, IncidentEventType.OPENED));

    assertThat(outcome).isEqualTo(DeliveryOutcome.retryable("could not connect to SMTP server"));
  }

  @Test
  void anyTransientReplyAmongRefusedRecipientsMakesTheFailureRetryable() {
    SMTPSendFailedException error = new SMTPSendFailedException("RCPT", 550, "550 no such user", null, null, null,
        null);
    error.setNextException(new SMTPAddressFailedException(address("b@example.com"), "RCPT", 450, "450 mailbox busy"));

    DeliveryOutcome outcome = EmailChannel.classify(error, ServerText.hiding(PASSWORD));

    assertThat(outcome).isEqualTo(DeliveryOutcome.retryable("SMTP server answered 450: 450 mailbox busy", 450,
        Optional.empty()));
  }

  @Test
  void hidesThePasswordShouldTheServerQuoteIt() {
    SMTPSendFailedException error = new SMTPSendFailedException("AUTH", 535, "535 bad password " + PASSWORD + "\r\n",
        null, null, null, null);

    DeliveryOutcome outcome = EmailChannel.classify(error, ServerText.hiding(PASSWORD));

    assertThat(outcome).isEqualTo(DeliveryOutcome.permanent("SMTP server answered 535: 535 bad password [hidden]",
        535));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "NONE              | ",
      "STARTTLS          | mail.smtp.starttls.enable",
      "STARTTLS_REQUIRED | mail.smtp.starttls.enable mail.smtp.starttls.required",
      "TLS               | mail.smtp.ssl.enable",
  })
  void setsJakartaMailUpForTheChosenSecurity(Security security, String enabled) {
    Properties properties = EmailChannel.sessionProperties(settings(587, security, Optional.of("tocsin"),
        Optional.of(new Password(PASSWORD))));

    List<String> expected = enabled == null ? List.of() : List.of(enabled.split(" "));
    for (String key : List.of("mail.smtp.starttls.enable", "mail.smtp.starttls.required", "mail.smtp.ssl.enable")) {
      assertThat(properties.getProperty(key)).as(key).isEqualTo(expected.contains(key) ? "true" : null);
    }
    assertThat(properties.getProperty("mail.smtp.ssl.checkserveridentity"))
        .isEqualTo(security == Security.NONE ? null : "true");
    assertThat(properties.getProperty("mail.smtp.auth")).isEqualTo("true");
    assertThat(properties.getProperty("mail.smtp.connectiontimeout")).isEqualTo("5000");
    assertThat(properties.getProperty("mail.smtp.timeout")).isEqualTo("5000");
    assertThat(properties.toString()).doesNotContain(PASSWORD);
  }

  @Test
  void refusesIncompleteSettingsNamingEveryProblem() {
    assertThatThrownBy(() -> new EmailChannel.Settings(" ", 0, Security.STARTTLS_REQUIRED, Optional.of("tocsin"),
        Optional.empty(), address("tocsin@example.com"), List.of(), Duration.ofSeconds(5), IncidentLinks.none(),
        "tocsin"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid email settings: host must not be empty; port must be between 1 and 65535, was 0; "
            + "username and password go together; to must name at least one recipient");
  }

  @Test
  void hidesThePasswordWhenPrinted() {
    EmailChannel.Settings settings = settings(587, Security.STARTTLS_REQUIRED, Optional.of("tocsin"),
        Optional.of(new Password(PASSWORD)));

    assertThat(settings.toString()).doesNotContain(PASSWORD);
    assertThat(new EmailChannel(settings, CLOCK).toString()).doesNotContain(PASSWORD).contains("password=[hidden]");
  }

  private static String subject(MimeMessage message) {
    try {
      return message.getSubject();
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static BodyPart part(MimeMessage message, int index) throws MessagingException, IOException {
    return ((Multipart) message.getContent()).getBodyPart(index);
  }

  private static String normalised(BodyPart part) throws MessagingException, IOException {
    return part.getContent().toString().replace("\r\n", "\n");
  }

  private static String kind(DeliveryOutcome outcome) {
    if (outcome instanceof DeliveryOutcome.Delivered) {
      return "DELIVERED";
    }
    return outcome instanceof DeliveryOutcome.Retryable ? "RETRYABLE" : "PERMANENT";
  }
}
