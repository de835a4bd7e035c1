package dev.tocsin.ingest.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.tocsin.avro.Actor;
import dev.tocsin.avro.CommandType;
import dev.tocsin.avro.IncidentCommand;
import dev.tocsin.avro.PublicStatus;
import dev.tocsin.avro.Severity;
import dev.tocsin.ingest.slack.SlackOutcome.Malformed;
import dev.tocsin.ingest.slack.SlackOutcome.Reply;
import dev.tocsin.schemas.vocabulary.SeverityAliases;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SlackCommandsTest {
  private static final Instant NOW = Instant.parse("2026-11-22T10:53:03.656789Z");
  private static final String ID = "INC-7K2M9QXD";

  private final SlackCommands commands = new SlackCommands(null, SeverityAliases.defaults());

  static Stream<Arguments> validCommands() {
    return Stream.of(
        arguments("ack INC-7K2M9QXD", expect(CommandType.ACKNOWLEDGE, c -> assertThat(c.getMessage()).isNull())),
        arguments("ACK inc-7k2m9qxd", expect(CommandType.ACKNOWLEDGE, c -> { })),
        arguments("acknowledge INC-7K2M9QXD", expect(CommandType.ACKNOWLEDGE, c -> { })),
        arguments("  ack \u00a0 INC-7K2M9QXD  ", expect(CommandType.ACKNOWLEDGE, c -> { })),
        arguments("resolve INC-7K2M9QXD", expect(CommandType.RESOLVE, c -> assertThat(c.getMessage()).isNull())),
        arguments("resolve INC-7K2M9QXD rolled back  deploy 42", expect(CommandType.RESOLVE,
            c -> assertThat(c.getMessage()).isEqualTo("rolled back  deploy 42"))),
        arguments("Resolve inc-7K2M9qxd \"quotes\" stay as typed", expect(CommandType.RESOLVE,
            c -> assertThat(c.getMessage()).isEqualTo("\"quotes\" stay as typed"))),
        arguments("status INC-7K2M9QXD investigating Looking into 5xx on checkout", expect(CommandType.POST_UPDATE,
            c -> {
              assertThat(c.getPublicStatus()).isEqualTo(PublicStatus.INVESTIGATING);
              assertThat(c.getMessage()).isEqualTo("Looking into 5xx on checkout");
            })),
        arguments("status inc-7k2m9qxd Identified bad config push", expect(CommandType.POST_UPDATE,
            c -> assertThat(c.getPublicStatus()).isEqualTo(PublicStatus.IDENTIFIED))),
        arguments("status INC-7K2M9QXD MONITORING fix is out\nwatching error rates", expect(CommandType.POST_UPDATE,
            c -> {
              assertThat(c.getPublicStatus()).isEqualTo(PublicStatus.MONITORING);
              assertThat(c.getMessage()).isEqualTo("fix is out\nwatching error rates");
            })),
        arguments("status INC-7K2M9QXD resolved all clear", expect(CommandType.POST_UPDATE,
            c -> assertThat(c.getPublicStatus()).isEqualTo(PublicStatus.RESOLVED))),
        arguments("status INC-7K2M9QXD monitoring errors &lt; 1% &amp; falling", expect(CommandType.POST_UPDATE,
            c -> assertThat(c.getMessage()).isEqualTo("errors < 1% & falling"))),
        arguments("severity INC-7K2M9QXD sev-2", expect(CommandType.SET_SEVERITY,
            c -> assertThat(c.getSeverity()).isEqualTo(Severity.P1))),
        arguments("assign inc-7k2m9qxd <@U024BE7LH|alice>", expect(CommandType.ASSIGN,
            c -> assertThat(c.getAssignee()).isEqualTo(new Actor("user", "U024BE7LH", "alice")))),
        arguments("silence INC-7K2M9QXD 2h", expect(CommandType.SILENCE,
            c -> assertThat(c.getUntil()).isEqualTo(Instant.parse("2026-11-22T12:53:03.656Z")))));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("validCommands")
  void turnsEachSubcommandIntoItsCommand(String text, Consumer<IncidentCommand> expectation) {
    IncidentCommand command = command(commands.slashCommand(SlackRequests.slashCommand(text), NOW));

    expectation.accept(command);
    assertThat(command.getIncidentId()).isEqualTo(ID);
  }

  @Test
  void publishesSetSeverityWithTheMappedSeverity() {
    IncidentCommand command = command(commands.slashCommand(
        SlackRequests.slashCommand("severity INC-7K2M9QXD critical"), NOW));

    assertThat(command).isEqualTo(fromSlack(CommandType.SET_SEVERITY).setIncidentId(ID).setSeverity(Severity.P0)
        .build());
  }

  @Test
  void publishesAssignToTheMentionedUser() {
    // the mention as Slack sends it with "Escape channels, users, and links" on: real angle brackets
    IncidentCommand command = command(commands.slashCommand(
        SlackRequests.slashCommand("assign INC-7K2M9QXD <@U024BE7LH|alice>"), NOW));

    assertThat(command).isEqualTo(fromSlack(CommandType.ASSIGN).setIncidentId(ID)
        .setAssignee(new Actor("user", "U024BE7LH", "alice")).build());
  }

  @Test
  void publishesAssignToTheMentionedUserWithoutANameWhenSlackSendsNone() {
    IncidentCommand command = command(commands.slashCommand(
        SlackRequests.slashCommand("assign INC-7K2M9QXD <@W0G9QF9GZ>"), NOW));

    assertThat(command.getAssignee()).isEqualTo(new Actor("user", "W0G9QF9GZ", null));
  }

  @Test
  void publishesAssignToTheInvokingUserForMe() {
    IncidentCommand command = command(commands.slashCommand(SlackRequests.slashCommand("assign INC-7K2M9QXD me"), NOW));

    assertThat(command).isEqualTo(fromSlack(CommandType.ASSIGN).setIncidentId(ID)
        .setAssignee(new Actor("user", SlackRequests.USER_ID, SlackRequests.USER_NAME)).build());
  }

  @Test
  void publishesSilenceOfTheIncidentUntilTheClocksNowPlusTheDuration() {
    Clock clock = Clock.fixed(Instant.parse("2026-11-22T23:59:30.123456Z"), ZoneOffset.UTC);

    IncidentCommand command = command(commands.slashCommand(
        SlackRequests.slashCommand("silence INC-7K2M9QXD 1d1h30m deploy freeze &amp; load test"), clock.instant()));

    assertThat(command).isEqualTo(fromSlack(CommandType.SILENCE)
        .setRequestedAt(Instant.parse("2026-11-22T23:59:30.123Z"))
        .setIncidentId(ID)
        .setUntil(Instant.parse("2026-11-24T01:29:30.123Z"))
        .setMessage("deploy freeze & load test")
        .build());
    // no matchers: the engine silences the incident's group
    assertThat(command.getMatchers()).isEmpty();
  }

  @Test
  void publishesSilenceWithoutAMessageWhenNoReasonIsGiven() {
    IncidentCommand command = command(commands.slashCommand(SlackRequests.slashCommand("silence INC-7K2M9QXD 7d"),
        NOW));

    assertThat(command.getMessage()).isNull();
    assertThat(Duration.between(command.getRequestedAt(), command.getUntil())).isEqualTo(Duration.ofDays(7));
  }

  static Stream<Arguments> creations() {
    return Stream.of(
        arguments("create title:\"Checkout is down\" severity:P1 components:checkout,payments",
            "Checkout is down", Severity.P1, List.of("checkout", "payments")),
        arguments("create title:Outage", "Outage", null, List.of()),
        arguments("create severity:critical title:“Checkout is down”", "Checkout is down", Severity.P0, List.of()),
        arguments("create title:\"Checkout is down\" severity:sev-2", "Checkout is down", Severity.P1, List.of()),
        arguments("create title:x severity:SEV3", "x", Severity.P2, List.of()),
        arguments("create title:x severity:low", "x", Severity.P3, List.of()),
        arguments("create title:x severity:p0", "x", Severity.P0, List.of()),
        arguments("CREATE Title:x Severity:warning Components:api", "x", Severity.P2, List.of("api")),
        arguments("create title:\"  spaced \n  out  \" components:\" api gateway , db,,db \"", "spaced out", null,
            List.of("api gateway", "db")),
        arguments("create title:\"Fish &amp; chips &lt;3\"", "Fish & chips <3", null, List.of()),
        arguments("create title:\"It's \u201cbroken\u201d\"", "It's \u201cbroken\u201d", null, List.of()));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("creations")
  void createsIncidentsWithTitleSeverityAndComponents(String text, String title, Severity severity,
      List<String> components) {
    IncidentCommand command = command(commands.slashCommand(SlackRequests.slashCommand(text), NOW));

    assertThat(command.getType()).isEqualTo(CommandType.CREATE);
    assertThat(command.getIncidentId()).isNull();
    assertThat(command.getTitle()).isEqualTo(title);
    assertThat(command.getSeverity()).isEqualTo(severity);
    assertThat(command.getAffectedComponents()).isEqualTo(components);
  }

  static Stream<Arguments> usageErrors() {
    String ackUsage = "Usage: `/incident ack &lt;incident-id&gt;`";
    String resolveUsage = "Usage: `/incident resolve &lt;incident-id&gt; [reason]`";
    String statusUsage =
        "Usage: `/incident status &lt;incident-id&gt; &lt;investigating|identified|monitoring|resolved&gt; &lt;message&gt;`";
    String createUsage = "Usage: `/incident create title:\"&lt;title&gt;\"";
    String severityUsage = "Usage: `/incident severity &lt;incident-id&gt; &lt;P0-P3 or critical|high|medium|low&gt;`";
    String assignUsage = "Usage: `/incident assign &lt;incident-id&gt; &lt;@person|me&gt;`";
    String silenceUsage =
        "Usage: `/incident silence &lt;incident-id&gt; &lt;duration, e.g. 30m, 2h, 1d or 1h30m&gt; [reason]`";
    return Stream.of(
        arguments("ack", List.of("Which incident? Give its id; an incident id looks like INC-7K2M9QXD.", ackUsage)),
        arguments("ack INC-123", List.of("“INC-123” is not an incident id", ackUsage)),
        arguments("ack INC-7K2M9QXI", List.of("“INC-7K2M9QXI” is not an incident id", ackUsage)),
        arguments("ack INC-7K2M9QXDD", List.of("“INC-7K2M9QXDD” is not an incident id", ackUsage)),
        arguments("ack INC-7K2M9QXſ", List.of("“INC-7K2M9QXſ” is not an incident id", ackUsage)),
        arguments("ack INC-7K2M9QXD now please",
            List.of("Unexpected “now please” after the incident id: ack takes only the id.", ackUsage)),
        arguments("resolve", List.of("Which incident?", resolveUsage)),
        arguments("resolve 42 it is fixed", List.of("“42” is not an incident id", resolveUsage)),
        arguments("status INC-7K2M9QXD", List.of("Which status? Give one of investigating, identified, monitoring or"
            + " resolved.", statusUsage)),
        arguments("status INC-7K2M9QXD fixed it", List.of("“fixed” is not a status; use investigating, identified,"
            + " monitoring or resolved.", statusUsage)),
        arguments("status INC-7K2M9QXD monitoring", List.of("Say what changed: a message is required.", statusUsage)),
        arguments("status", List.of("Which incident?", statusUsage)),
        arguments("create", List.of("A title is required, e.g. title:\"Checkout is down\".", createUsage)),
        arguments("create severity:P1", List.of("A title is required", createUsage)),
        arguments("create title:\"Checkout is down", List.of("title: the quote opened at “\"Checkout is down” is"
            + " never closed.", createUsage)),
        arguments("create title:\"Checkout\"down", List.of("title: put a space after the closing quote.")),
        // a typographic quote ends at any quote, so straight quotes cannot nest in it
        arguments("create title:\u201cIt's \"broken\"\u201d", List.of("title: put a space after the closing quote.")),
        arguments("create title:", List.of("title: is empty; write title:value with no space after the colon.")),
        arguments("create title: Outage", List.of("title: is empty;", "Expected key:value but got “Outage”")),
        arguments("create title:\"  \"", List.of("title: is empty.")),
        arguments("create title:x title:y", List.of("title: is given twice.")),
        arguments("create title:x priority:high", List.of("Unknown option “priority:”; create takes title:, severity:"
            + " and components:.")),
        arguments("create title:x severity:urgent", List.of("severity: “urgent” is not a severity; use P0 to P3")),
        arguments("create title:x components:,,", List.of("components: name at least one component")),
        arguments("create title:x outage", List.of("Expected key:value but got “outage”")),
        arguments("create :x title:y", List.of("An option is missing its name before “:”")),
        arguments("create severity:urgent components:", List.of("components: is empty", "A title is required",
            "severity: “urgent” is not a severity")),
        arguments("create title:" + "x".repeat(201), List.of("title: is 201 characters long; at most 200 are allowed.")),
        arguments("create title:x components:" + IntStream.rangeClosed(1, 21).mapToObj(i -> "c" + i)
            .collect(Collectors.joining(",")), List.of("components: 21 given; at most 20")),
        arguments("create title:x components:" + "c".repeat(101), List.of("is longer than 100 characters.")),
        arguments("resolve INC-7K2M9QXD " + "r".repeat(3001), List.of("The reason is 3001 characters long")),
        arguments("status INC-7K2M9QXD monitoring " + "m".repeat(3001), List.of("The message is 3001 characters")),
        arguments("severity INC-7K2M9QXD urgent", List.of("“urgent” is not a severity", severityUsage)),
        arguments("severity inc-1 P1", List.of("“inc-1” is not an incident id", severityUsage)),
        arguments("assign INC-7K2M9QXD @alice", List.of("“@alice” is not a person Tocsin can read", assignUsage)),
        arguments("assign INC-7K2M9QXD", List.of("Whom?", assignUsage)),
        arguments("silence INC-7K2M9QXD 8d", List.of("“8d” is longer than a silence may last", silenceUsage)),
        arguments("silence INC-7K2M9QXD 0m", List.of("“0m” is no time at all", silenceUsage)),
        arguments("silence INC-7K2M9QXD -2h", List.of("“-2h” is negative", silenceUsage)),
        arguments("silence INC-7K2M9QXD whenever", List.of("“whenever” is not a duration", silenceUsage)));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("usageErrors")
  void answersAUsageErrorSayingWhatWasWrong(String text, List<String> expectedParts) {
    SlackOutcome outcome = commands.slashCommand(SlackRequests.slashCommand(text), NOW);

    assertThat(outcome).isInstanceOf(Reply.class);
    String reply = ((Reply) outcome).replyText();
    assertThat(reply).contains(expectedParts).contains("\nUsage: `/incident ");
  }

  @Test
  void answersAnUnknownSubcommandWithTheFullHelp() {
    Reply reply = (Reply) commands.slashCommand(SlackRequests.slashCommand("frobnicate INC-7K2M9QXD"), NOW);

    assertThat(reply.replyText()).startsWith("Unknown subcommand “frobnicate”.\n")
        .contains("/incident ack", "/incident resolve", "/incident create", "/incident status", "/incident severity",
            "/incident assign", "/incident silence", "/incident help");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "help", "HELP", "help me"})
  void answersHelpForHelpOrNoText(String text) {
    Reply reply = (Reply) commands.slashCommand(SlackRequests.slashCommand(text), NOW);

    assertThat(reply.replyText()).startsWith("*/incident* acts on Tocsin incidents:")
        .contains("• `/incident ack &lt;incident-id&gt;` — acknowledge an incident")
        .contains("• `/incident resolve &lt;incident-id&gt; [reason]` — resolve an incident")
        .contains("• `/incident create title:\"&lt;title&gt;\" [severity:&lt;P0-P3 or critical|high|medium|low&gt;]"
            + " [components:&lt;a,b&gt;]` — open an incident by hand")
        .contains("• `/incident status &lt;incident-id&gt; &lt;investigating|identified|monitoring|resolved&gt;"
            + " &lt;message&gt;` — post a status update")
        .contains("• `/incident severity &lt;incident-id&gt; &lt;P0-P3 or critical|high|medium|low&gt;` — change an"
            + " incident's severity")
        .contains("• `/incident assign &lt;incident-id&gt; &lt;@person|me&gt;` — make someone the incident's owner")
        .contains("• `/incident silence &lt;incident-id&gt; &lt;duration, e.g. 30m, 2h, 1d or 1h30m&gt; [reason]` —"
            + " hold back notifications of the incident's alert group, for at most 7 days")
        .contains("• `/incident help` — show this help")
        .doesNotContain("<incident-id>");
  }

  @Test
  void usesTheCommandNameTheAppWasInstalledWith() {
    Map<String, String> fields = SlackRequests.slashCommandFields("ack");
    fields.put("command", "/tocsin");

    Reply reply = (Reply) commands.slashCommand(SlackRequests.form(fields), NOW);

    assertThat(reply.replyText()).contains("Usage: `/tocsin ack &lt;incident-id&gt;`");
  }

  @Test
  void recordsWhoAskedWhenAndThroughWhichIntegration() {
    IncidentCommand command = command(commands.slashCommand(SlackRequests.slashCommand("ack INC-7K2M9QXD"), NOW));

    assertThat(command.getCommandId()).isEqualTo("slack:" + SlackRequests.TRIGGER_ID);
    assertThat(command.getActor()).isEqualTo(new Actor("user", SlackRequests.USER_ID, SlackRequests.USER_NAME));
    assertThat(command.getRequestedAt()).isEqualTo(Instant.parse("2026-11-22T10:53:03.656Z"));
    assertThat(command.getOrigin()).isEqualTo("slack");
  }

  @Test
  void derivesAStableCommandIdFromTheBodyWithoutATriggerId() {
    Map<String, String> fields = SlackRequests.slashCommandFields("ack INC-7K2M9QXD");
    fields.remove("trigger_id");
    byte[] body = SlackRequests.form(fields);
    fields.put("text", "ack INC-7K2M9QXE");

    String first = command(commands.slashCommand(body, NOW)).getCommandId();
    String again = command(commands.slashCommand(body.clone(), NOW.plusSeconds(1))).getCommandId();
    String other = command(commands.slashCommand(SlackRequests.form(fields), NOW)).getCommandId();

    assertThat(first).matches("slack:sha256:[0-9a-f]{64}").isEqualTo(again).isNotEqualTo(other);
  }

  @Test
  void leavesTheNameOutWhenSlackSendsNone() {
    Map<String, String> fields = SlackRequests.slashCommandFields("ack INC-7K2M9QXD");
    fields.remove("user_name");

    assertThat(command(commands.slashCommand(SlackRequests.form(fields), NOW)).getActor().getName()).isNull();
  }

  static Stream<Arguments> replies() {
    return Stream.of(
        arguments("ack inc-7k2m9qxd", "Acknowledged INC-7K2M9QXD — on it."),
        arguments("resolve INC-7K2M9QXD", "Resolved INC-7K2M9QXD."),
        arguments("resolve INC-7K2M9QXD rolled back", "Resolved INC-7K2M9QXD: rolled back"),
        arguments("status INC-7K2M9QXD monitoring fix is out",
            "Posted an update on INC-7K2M9QXD — *Monitoring*: fix is out"),
        arguments("create title:\"Checkout is down\" severity:high components:checkout,payments",
            "Opening incident “Checkout is down” (P1; checkout, payments) — its id and message follow shortly."),
        arguments("create title:Outage", "Opening incident “Outage” — its id and message follow shortly."),
        arguments("severity INC-7K2M9QXD high", "Set the severity of INC-7K2M9QXD to *P1*."),
        // Slack renders the mention with the person's current name
        arguments("assign INC-7K2M9QXD <@U024BE7LH|alice>", "Assigned INC-7K2M9QXD to <@U024BE7LH>."),
        arguments("assign INC-7K2M9QXD me", "Assigned INC-7K2M9QXD to you."),
        // each reader sees the end in their own time zone
        arguments("silence INC-7K2M9QXD 90m", "Silenced the alert group of INC-7K2M9QXD for 1h30m, until"
            + " <!date^1795350183^{date_short_pretty} {time}|2026-11-22 12:23 UTC>."),
        arguments("silence INC-7K2M9QXD 1d0h deploy", "Silenced the alert group of INC-7K2M9QXD for 1d, until"
            + " <!date^1795431183^{date_short_pretty} {time}|2026-11-23 10:53 UTC>: deploy"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("replies")
  void repliesShortlyWithWhatHappened(String text, String expectedReply) {
    assertThat(((SlackOutcome.Command) commands.slashCommand(SlackRequests.slashCommand(text), NOW)).replyText())
        .isEqualTo(expectedReply);
  }

  @Test
  void linksTheIncidentPageWhenConfigured() {
    SlackCommands linking = new SlackCommands("https://tocsin.example.com/incidents/", SeverityAliases.defaults());

    SlackOutcome outcome = linking.slashCommand(SlackRequests.slashCommand("ack INC-7K2M9QXD"), NOW);

    assertThat(((SlackOutcome.Command) outcome).replyText())
        .isEqualTo("Acknowledged <https://tocsin.example.com/incidents/INC-7K2M9QXD|INC-7K2M9QXD> — on it.");
  }

  @ParameterizedTest
  @ValueSource(strings = {"tocsin.example.com/incidents", "ftp://tocsin.example.com", "https://", "https://a b",
      "https://tocsin.example.com/a|b"})
  void refusesAnIncidentUrlBaseThatCannotBeLinked(String base) {
    assertThatIllegalArgumentException().isThrownBy(() -> new SlackCommands(base, SeverityAliases.defaults()));
  }

  @Test
  void escapesUserTextEchoedBackSoNothingCanBeInjected() {
    // Slack sends & < > of the typed text escaped
    String typed = "status INC-7K2M9QXD monitoring ping &lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;";

    SlackOutcome.Command outcome = (SlackOutcome.Command) commands.slashCommand(SlackRequests.slashCommand(typed), NOW);

    assertThat(outcome.command().getMessage()).isEqualTo("ping <!channel> & <https://evil.example|click>");
    assertThat(outcome.replyText())
        .endsWith("ping &lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;")
        .doesNotContain("<!channel>");
  }

  @Test
  void escapesTheSilenceReasonEchoedBack() {
    String typed = "silence INC-7K2M9QXD 1h &lt;!here&gt; see &lt;https://evil.example|runbook&gt;";

    SlackOutcome.Command outcome = (SlackOutcome.Command) commands.slashCommand(SlackRequests.slashCommand(typed), NOW);

    assertThat(outcome.command().getMessage()).isEqualTo("<!here> see <https://evil.example|runbook>");
    assertThat(outcome.replyText()).endsWith(": &lt;!here&gt; see &lt;https://evil.example|runbook&gt;")
        .doesNotContain("<!here>");
  }

  @Test
  void takesTheAssigneesNameOnlyFromSlacksOwnMentionMarkup() {
    // typed, the brackets arrive escaped; the id is all such a "mention" can vouch for
    SlackOutcome.Command outcome = (SlackOutcome.Command) commands.slashCommand(
        SlackRequests.slashCommand("assign INC-7K2M9QXD &lt;@U024BE7LH|the CEO&gt;"), NOW);

    assertThat(outcome.command().getAssignee()).isEqualTo(new Actor("user", "U024BE7LH", null));
    assertThat(outcome.replyText()).isEqualTo("Assigned INC-7K2M9QXD to <@U024BE7LH>.");
  }

  @Test
  void escapesUserTextInUsageErrorsToo() {
    Reply reply = (Reply) commands.slashCommand(SlackRequests.slashCommand("ack &lt;!here&gt;"), NOW);

    assertThat(reply.replyText()).contains("“&lt;!here&gt;” is not an incident id").doesNotContain("<!here>");
  }

  @Test
  void abbreviatesLongEchoedInput() {
    Reply reply = (Reply) commands.slashCommand(SlackRequests.slashCommand("ack " + "X".repeat(500)), NOW);

    assertThat(reply.replyText()).contains("“" + "X".repeat(60) + "…” is not an incident id");
  }

  static Stream<Arguments> malformedBodies() {
    Map<String, String> noUser = SlackRequests.slashCommandFields("ack INC-7K2M9QXD");
    noUser.remove("user_id");
    Map<String, String> noCommand = SlackRequests.slashCommandFields("ack INC-7K2M9QXD");
    noCommand.remove("command");
    Map<String, String> blankUser = SlackRequests.slashCommandFields("ack INC-7K2M9QXD");
    blankUser.put("user_id", " ");
    return Stream.of(
        arguments(SlackRequests.form(noUser), List.of("user_id: is required")),
        arguments(SlackRequests.form(noCommand), List.of("command: is required")),
        arguments(SlackRequests.form(blankUser), List.of("user_id: is required")),
        arguments(new byte[0], List.of("command: is required", "user_id: is required")),
        arguments(bytes("{\"command\":\"/incident\"}"), List.of("command: is required", "user_id: is required")),
        arguments(bytes("command=%2Fincident&user_id=U1&text=ack%zz"),
            List.of("body: form field #3 has an invalid %-escape")),
        arguments(bytes("command=%2Fincident&user_id=U1&text=ack&text=resolve"), List.of("text: appears more than once")));
  }

  @ParameterizedTest
  @MethodSource("malformedBodies")
  void rejectsBodiesThatAreNoSlashCommand(byte[] body, List<String> problems) {
    assertThat(commands.slashCommand(body, NOW)).isEqualTo(new Malformed(problems));
  }

  @Test
  void refusesTextThatIsNotUtf8RatherThanActOnAGuess() {
    byte[] body = bytes("command=%2Fincident&user_id=U1&user_name=%FF%FE&text=resolve+INC-7K2M9QXD+d%E9ploy"
        + "&trigger_id=1.2.3");

    assertThat(commands.slashCommand(body, NOW)).isEqualTo(new SlackOutcome.Refused("not_utf8",
        "Tocsin could not read that request, so nothing was done: \"user_name\", \"text\" are not valid UTF-8."));
  }

  @Test
  void namesNoFieldWhoseNameIsNotPlainWhenRefusingIt() {
    byte[] body = bytes("command=%2Fincident&user_id=U1&%3C%21channel%3E=%FF");

    assertThat(commands.slashCommand(body, NOW)).isEqualTo(new SlackOutcome.Refused("not_utf8",
        "Tocsin could not read that request, so nothing was done: a field is not valid UTF-8."));
  }

  /** A command as every slash command of {@link SlackRequests#slashCommand(String)} at {@link #NOW} starts. */
  private static IncidentCommand.Builder fromSlack(CommandType type) {
    return IncidentCommand.newBuilder()
        .setCommandId("slack:" + SlackRequests.TRIGGER_ID)
        .setType(type)
        .setActor(new Actor("user", SlackRequests.USER_ID, SlackRequests.USER_NAME))
        .setRequestedAt(Instant.parse("2026-11-22T10:53:03.656Z"))
        .setOrigin("slack");
  }

  private static Consumer<IncidentCommand> expect(CommandType type, Consumer<IncidentCommand> more) {
    return command -> {
      assertThat(command.getType()).isEqualTo(type);
      more.accept(command);
    };
  }

  private static IncidentCommand command(SlackOutcome outcome) {
    assertThat(outcome).isInstanceOf(SlackOutcome.Command.class);
    return ((SlackOutcome.Command) outcome).command();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
