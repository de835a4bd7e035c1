package dev.tocsin.notifier.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tocsin.notifier.channel.EmailChannel;
import dev.tocsin.notifier.channel.PagerDutyChannel;
import dev.tocsin.notifier.channel.SlackApiChannel;
import jakarta.mail.internet.InternetAddress;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReceiversFileTest {
  private static final String SLACK_URL = "https://hooks.slack.com/services/T000/B000/sl4ck-s3cret";
  private static final String WEBHOOK_URL = "https://hooks.example.com/in?token=w3bh00k-s3cret";
  private static final String ROUTING_KEY = "r0uting-k3y-s3cret";
  private static final String SMTP_PASSWORD = "smtp-p4ssw0rd-s3cret";
  private static final String SLACK_TOKEN = "xoxb-0000-1111-b0t-t0k3n-s3cret";
  private static final List<String> SECRETS = List.of(SLACK_URL, WEBHOOK_URL, ROUTING_KEY, SMTP_PASSWORD,
      "w3bh00k-s3cret", "sl4ck-s3cret", SLACK_TOKEN, "b0t-t0k3n-s3cret");

  @TempDir
  Path directory;

  @Test
  void readsTheDocumentedExampleWithSecretsFromTheEnvironmentAndFiles() throws IOException {
    Path example = Path.of("src/main/resources/examples/tocsin.yml");
    Path file = directory.resolve("tocsin.yml");
    Files.copy(example, file);
    Files.createDirectories(directory.resolve("secrets"));
    Files.writeString(directory.resolve("secrets/slack-checkout-url"), SLACK_URL + "\n");
    Files.writeString(directory.resolve("secrets/smtp-password"), SMTP_PASSWORD + "\n");
    Map<String, String> environment = Map.of("PAGERDUTY_ROUTING_KEY", ROUTING_KEY,
        "SLACK_BOT_TOKEN", SLACK_TOKEN, "CHECKOUT_WEBHOOK_URL", WEBHOOK_URL,
        "CHECKOUT_WEBHOOK_SIGNING_SECRET", "checkout-signing-secret");

    Receivers receivers = ReceiversFile.load(file, environment);

    assertThat(receivers.receivers()).extracting(Receiver::name)
        .containsExactly("sre-oncall", "team-checkout", "audit-log");
    Receiver oncall = receivers.find("sre-oncall").orElseThrow();
    assertThat(oncall.pagerdutyConfigs()).singleElement().satisfies(pd -> {
      assertThat(pd.routingKey().value()).isEqualTo(ROUTING_KEY);
      assertThat(pd.url()).isEqualTo(PagerDutyChannel.Settings.DEFAULT_BASE_URL);
    });
    assertThat(oncall.slackConfigs()).singleElement().isInstanceOfSatisfying(Receiver.SlackApi.class, slack -> {
      assertThat(slack.token().value()).isEqualTo(SLACK_TOKEN);
      assertThat(slack.channel()).isEqualTo("#incidents");
      assertThat(slack.apiBase()).isEqualTo(SlackApiChannel.DEFAULT_API_BASE);
    });
    Receiver checkout = receivers.find("team-checkout").orElseThrow();
    assertThat(checkout.webhookConfigs()).singleElement().satisfies(webhook -> {
      assertThat(webhook.url().value()).isEqualTo(WEBHOOK_URL);
      assertThat(webhook.sendResolved()).isFalse();
      assertThat(webhook.signingSecret()).hasValueSatisfying(
          secret -> assertThat(secret.value()).isEqualTo("checkout-signing-secret"));
    });
    assertThat(checkout.slackConfigs()).singleElement().isInstanceOfSatisfying(Receiver.SlackWebhook.class,
        slack -> assertThat(slack.apiUrl().value()).isEqualTo(SLACK_URL));
    assertThat(checkout.emailConfigs()).singleElement().satisfies(email -> {
      assertThat(email.to()).extracting(InternetAddress::getAddress)
          .containsExactly("checkout-oncall@example.com", "checkout-leads@example.com");
      assertThat(email.from().getAddress()).isEqualTo("tocsin@example.com");
      assertThat(email.host()).isEqualTo("smtp.example.com");
      assertThat(email.port()).isEqualTo(587);
      assertThat(email.authUsername()).contains("tocsin");
      assertThat(email.authPassword()).hasValueSatisfying(p -> assertThat(p.value()).isEqualTo(SMTP_PASSWORD));
      assertThat(email.tls()).isEqualTo(EmailChannel.Security.STARTTLS_REQUIRED);
    });
    Receiver audit = receivers.find("audit-log").orElseThrow();
    assertThat(audit.webhookConfigs()).isEmpty();
    assertThat(receivers.find("nobody")).isEmpty();
    assertThat(receivers.toString()).contains("[hidden]");
    SECRETS.forEach(secret -> assertThat(receivers.toString()).doesNotContain(secret));
  }

  @Test
  void ignoresOtherSectionsAndDefaultsOptionalFields() {
    Receivers receivers = parse("""
        route: {receiver: ops, group_by: [alertname]}
        escalation_policies: [{name: default}]
        receivers:
          - name: ops
            webhook_configs: [{url: "https://hooks.example.com/ops"}]
            pagerduty_configs:
              - {routing_key: abc}
              - {routing_key: def, url: "https://pd.example.com/v2/enqueue"}
            email_configs:
              - {to: [ops@example.com], from: tocsin@example.com, smarthost: "localhost:25", tls: none}
        """, Map.of());

    Receiver ops = receivers.find("ops").orElseThrow();
    assertThat(ops.webhookConfigs()).singleElement().satisfies(webhook -> assertThat(webhook.sendResolved()).isTrue());
    assertThat(ops.pagerdutyConfigs()).extracting(Receiver.PagerDuty::url).containsExactly(
        PagerDutyChannel.Settings.DEFAULT_BASE_URL, URI.create("https://pd.example.com"));
    assertThat(ops.emailConfigs()).singleElement().satisfies(email -> {
      assertThat(email.authUsername()).isEmpty();
      assertThat(email.authPassword()).isEmpty();
      assertThat(email.tls()).isEqualTo(EmailChannel.Security.NONE);
    });
  }

  @Test
  void substitutesWholeValueEnvironmentReferences() {
    Receivers receivers = parse("""
        receivers:
          - name: ${TEAM}
            slack_configs: [{api_url: "${SLACK_URL}"}]
          - name: "literal-${NOT_A_REFERENCE}"
        """, Map.of("TEAM", "payments", "SLACK_URL", SLACK_URL));

    Receiver payments = receivers.find("payments").orElseThrow();
    assertThat(((Receiver.SlackWebhook) payments.slackConfigs().get(0)).apiUrl().value()).isEqualTo(SLACK_URL);
    assertThat(receivers.find("literal-${NOT_A_REFERENCE}")).isPresent();
  }

  @Test
  void readsSecretFilesRelativeToTheReceiversFile() throws IOException {
    Files.writeString(directory.resolve("key"), "  " + ROUTING_KEY + "\n");
    Path absolute = directory.resolve("url");
    Files.writeString(absolute, WEBHOOK_URL);
    Receivers receivers = parse("""
        receivers:
          - name: ops
            pagerduty_configs: [{routing_key_file: key}]
            webhook_configs: [{url_file: "%s"}]
        """.formatted(absolute), Map.of());

    Receiver ops = receivers.find("ops").orElseThrow();
    assertThat(ops.pagerdutyConfigs().get(0).routingKey().value()).isEqualTo(ROUTING_KEY);
    assertThat(ops.webhookConfigs().get(0).url().value()).isEqualTo(WEBHOOK_URL);
  }

  @Test
  void reportsEveryProblemWithItsPath() throws IOException {
    Files.writeString(directory.resolve("empty"), "\n");
    InvalidReceiversException error = invalid("""
        receivers:
          - name: ops
            webhook_configs:
              - {url: "ftp://files.example.com/x", send_resolved: "maybe"}
              - {}
          - name: team-a
            slack_configs: [{channel: "#ops"}]
          - name: ops
          - webhook_configs: [{url: "not a url"}]
            colour: red
          - name: pd
            pagerduty_configs:
              - {routing_key: "${UNSET_KEY}"}
              - {routing_key: k, routing_key_file: key}
              - {routing_key_file: missing-file}
              - {routing_key_file: empty, url: "pd.example.com"}
          - name: mail
            email_configs:
              - {to: [], from: "not an address", smarthost: "smtp.example.com", tls: ssl3}
              - {to: ["ok@example.com", "@broken"], from: a@example.com, smarthost: "h:0", tls: tls,
                 auth_username: tocsin}
              - {to: "x@example.com", from: a@example.com, smarthost: "h:25", auth_password: pw}
          - name: ""
          - "just a string"
          - name: lists
            webhook_configs: {url: "https://x.example.com"}
        """);

    assertThat(error.problems()).containsExactly(
        "receivers[0].webhook_configs[0].url: must be an absolute http(s) URL with a host",
        "receivers[0].webhook_configs[0].send_resolved: must be true or false",
        "receivers[0].webhook_configs[1].url: is required",
        "receivers[1].slack_configs[0].token: is required",
        "receivers[2].name: duplicate name \"ops\"",
        "receivers[3].colour: unknown key",
        "receivers[3].name: is required",
        "receivers[3].webhook_configs[0].url: must be an absolute http(s) URL with a host",
        "receivers[4].pagerduty_configs[0].routing_key: environment variable UNSET_KEY is not set",
        "receivers[4].pagerduty_configs[1].routing_key: give routing_key or routing_key_file, not both",
        "receivers[4].pagerduty_configs[2].routing_key_file: cannot read " + directory.resolve("missing-file")
            + " (NoSuchFileException)",
        "receivers[4].pagerduty_configs[3].routing_key_file: " + directory.resolve("empty") + " is empty",
        "receivers[4].pagerduty_configs[3].url: must be an absolute http(s) URL with a host",
        "receivers[5].email_configs[0].to: must name at least one recipient",
        "receivers[5].email_configs[0].from: is not an email address",
        "receivers[5].email_configs[0].smarthost: must be host:port with a port between 1 and 65535",
        "receivers[5].email_configs[0].tls: must be one of none, starttls, starttls_required, tls",
        "receivers[5].email_configs[1].to[1]: is not an email address",
        "receivers[5].email_configs[1].smarthost: must be host:port with a port between 1 and 65535",
        "receivers[5].email_configs[1].auth_password: is required with auth_username",
        "receivers[5].email_configs[2].to: must be a list",
        "receivers[5].email_configs[2].auth_username: is required with auth_password",
        "receivers[5].email_configs[2].tls: is required",
        "receivers[6].name: must not be empty",
        "receivers[7]: must be a mapping",
        "receivers[8].webhook_configs: must be a list");
    assertThat(error.getMessage()).startsWith("invalid receivers in test.yml:\n  receivers[0].webhook_configs[0]")
        .contains("\n  receivers[8].webhook_configs: must be a list");
  }

  @Test
  void readsSlacksWebApiFormWithTheTokenFromTheEnvironmentOrAFile() throws IOException {
    Files.writeString(directory.resolve("slack-token"), SLACK_TOKEN + "\n");
    Receivers receivers = parse("""
        receivers:
          - name: ops
            slack_configs:
              - {token: "${SLACK_TOKEN}", channel: "#incidents"}
          - name: stub
            slack_configs:
              - {token_file: slack-token, channel: C0123456, api_base: "http://localhost:8089/api/"}
              - {token_file: slack-token, channel: C0654321}
        """, Map.of("SLACK_TOKEN", SLACK_TOKEN));

    assertThat(receivers.find("ops").orElseThrow().slackConfigs()).containsExactly(
        new Receiver.SlackApi(new Password(SLACK_TOKEN), "#incidents", SlackApiChannel.DEFAULT_API_BASE));
    assertThat(receivers.find("stub").orElseThrow().slackConfigs()).containsExactly(
        new Receiver.SlackApi(new Password(SLACK_TOKEN), "C0123456", URI.create("http://localhost:8089/api")),
        new Receiver.SlackApi(new Password(SLACK_TOKEN), "C0654321", SlackApiChannel.DEFAULT_API_BASE));
    assertThat(receivers.toString()).contains("token=[hidden]").doesNotContain(SLACK_TOKEN);
  }

  @Test
  void reportsEveryProblemOfASlackConfigWithItsPath() {
    InvalidReceiversException error = invalid("""
        receivers:
          - name: mixed
            slack_configs:
              - {api_url: "https://hooks.slack.com/services/T/B/x", token: "%s", channel: "#ops"}
              - {api_url: "https://hooks.slack.com/services/T/B/x", channel: "#ops", api_base: "https://x.example"}
              - {}
              - {channel: C0123456, api_base: "slack.com/api"}
              - {token: "%s", token_file: t}
          - name: web-api
            slack_configs:
              - {token: "%s"}
              - {token: "%s", channel: "# ops"}
              - {token: "has a space", channel: ""}
          - name: several
            slack_configs:
              - {token: "%s", channel: "#ops"}
              - {token: "%s", channel: C0123456}
              - {token: "%s", channel: C0123456}
        """.formatted(SLACK_TOKEN, SLACK_TOKEN, SLACK_TOKEN, SLACK_TOKEN, SLACK_TOKEN, SLACK_TOKEN, SLACK_TOKEN));

    assertThat(error.problems()).containsExactly(
        "receivers[0].slack_configs[0]: give api_url (incoming webhook) or token (Web API), not both",
        "receivers[0].slack_configs[1].channel: is for the Web API (token); an incoming webhook posts to the "
            + "channel it was created for",
        "receivers[0].slack_configs[1].api_base: is for the Web API (token); an incoming webhook posts to the "
            + "channel it was created for",
        "receivers[0].slack_configs[2]: needs api_url or api_url_file (incoming webhook), or token or token_file "
            + "with channel (Web API)",
        "receivers[0].slack_configs[3].token: is required",
        "receivers[0].slack_configs[3].api_base: must be an absolute http(s) URL with a host",
        "receivers[0].slack_configs[4].token: give token or token_file, not both",
        "receivers[0].slack_configs[4].channel: is required with token",
        "receivers[1].slack_configs[0].channel: is required with token",
        "receivers[1].slack_configs[1].channel: must be a channel name like #incidents or an id like C0123456, "
            + "without spaces",
        "receivers[1].slack_configs[2].token: must not contain spaces or line breaks",
        "receivers[1].slack_configs[2].channel: must not be empty",
        "receivers[2].slack_configs[0].channel: must be a channel id like C0123456, not a name, when a receiver "
            + "has more than one Web API slack config (restarts tell their messages apart by channel id)",
        "receivers[2].slack_configs[2].channel: \"C0123456\" already has a Web API slack config in this receiver");
    assertThat(error.getMessage()).doesNotContain(SLACK_TOKEN, "has a space");
  }

  @Test
  void requiresTheReceiversSection() {
    assertThat(invalid("route: {receiver: ops}\n").problems()).containsExactly("receivers: is required");
    assertThat(invalid("").problems()).containsExactly("receivers: is required");
    assertThat(invalid("receivers: {name: ops}\n").problems()).containsExactly("receivers: must be a list");
  }

  @Test
  void locatesASyntaxErrorWithoutQuotingTheFile() {
    InvalidReceiversException error = invalid("""
        receivers:
          - name: ops
            slack_configs: [{api_url: "%s"
        """.formatted(SLACK_URL));

    assertThat(error.problems()).singleElement().asString()
        .startsWith("test.yml: is not valid YAML at line ").doesNotContain("sl4ck-s3cret");
  }

  @Test
  void rejectsDuplicateKeys() {
    assertThat(invalid("""
        receivers:
          - name: ops
            name: ops2
        """).problems()).singleElement().asString().startsWith("test.yml: is not valid YAML at line 3");
  }

  @Test
  void neverQuotesASecretInAProblem() throws IOException {
    Path secretFile = directory.resolve("routing-key");
    Files.writeString(secretFile, ROUTING_KEY);
    InvalidReceiversException error = invalid("""
        receivers:
          - name: leaky
            webhook_configs: [{url: "%s", url_file: other, typo: 1}, {url: "gopher://%s"}]
            slack_configs: [{api_url: "%s/not a url"}]
            pagerduty_configs: [{routing_key_file: routing-key, url: "%s"}]
            email_configs:
              - {to: ["%s"], from: "%s", smarthost: "%s", auth_username: u, auth_password: "%s", tls: "%s"}
        """.formatted(WEBHOOK_URL, WEBHOOK_URL, SLACK_URL, "ftp://" + ROUTING_KEY, SMTP_PASSWORD, SMTP_PASSWORD,
        SMTP_PASSWORD, SMTP_PASSWORD, SMTP_PASSWORD));

    assertThat(error.problems()).hasSizeGreaterThanOrEqualTo(8);
    for (String secret : SECRETS) {
      assertThat(error.getMessage()).doesNotContain(secret);
      assertThat(error.toString()).doesNotContain(secret);
    }
  }

  @Test
  void reportsAnUnreadableFileByName() {
    Path missing = directory.resolve("nope.yml");

    assertThatThrownBy(() -> ReceiversFile.load(missing, Map.of()))
        .isInstanceOfSatisfying(InvalidReceiversException.class, e -> assertThat(e.problems())
            .containsExactly(missing + ": cannot be read (NoSuchFileException)"));
  }

  @Test
  void hidesSecretsWhenPrinted() {
    Receiver receiver = new Receiver("ops",
        List.of(new Receiver.Webhook(new Password(WEBHOOK_URL), true)),
        List.of(), List.of(), List.of());

    assertThat(receiver.toString()).contains("url=[hidden]").doesNotContain("s3cret");
    assertThat(Optional.of(receiver).toString()).doesNotContain("s3cret");
  }

  private Receivers parse(String yaml, Map<String, String> environment) {
    return ReceiversFile.parse(yaml, "test.yml", directory, environment);
  }

  private InvalidReceiversException invalid(String yaml) {
    try {
      ReceiversFile.parse(yaml, "test.yml", directory, Map.of());
    } catch (InvalidReceiversException error) {
      return error;
    }
    throw new AssertionError("expected the receivers to be rejected");
  }
}
