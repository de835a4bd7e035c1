package dev.tocsin.ingest.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.tocsin.avro.Severity;
import dev.tocsin.ingest.slack.SlashRequest.Assign;
import dev.tocsin.ingest.slack.SlashRequest.Assignee;
import dev.tocsin.ingest.slack.SlashRequest.Invalid;
import dev.tocsin.ingest.slack.SlashRequest.SetSeverity;
import dev.tocsin.ingest.slack.SlashRequest.Silence;
import dev.tocsin.ingest.slack.SlashRequest.Verb;
import dev.tocsin.schemas.vocabulary.SeverityAliases;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@code severity}, {@code assign} and {@code silence} subcommands, on text already unescaped from mrkdwn. */
class SlashCommandGrammarTest {
  private static final String ID = "INC-7K2M9QXD";
  private static final String NOT_AN_ID = "is not an incident id; an incident id looks like INC-7K2M9QXD.";
  private static final String WHICH_INCIDENT = "Which incident? Give its id; an incident id looks like INC-7K2M9QXD.";

  static Stream<Arguments> severities() {
    return Stream.of(
        arguments("severity INC-7K2M9QXD P0", Severity.P0),
        arguments("severity INC-7K2M9QXD p1", Severity.P1),
        arguments("severity INC-7K2M9QXD P2", Severity.P2),
        arguments("severity INC-7K2M9QXD P3", Severity.P3),
        arguments("severity INC-7K2M9QXD critical", Severity.P0),
        arguments("severity INC-7K2M9QXD High", Severity.P1),
        arguments("severity INC-7K2M9QXD MEDIUM", Severity.P2),
        arguments("severity INC-7K2M9QXD low", Severity.P3),
        arguments("severity INC-7K2M9QXD sev-1", Severity.P0),
        arguments("severity INC-7K2M9QXD sev1", Severity.P0),
        arguments("severity INC-7K2M9QXD SEV-2", Severity.P1),
        arguments("severity INC-7K2M9QXD sev-3", Severity.P2),
        arguments("severity INC-7K2M9QXD sev-4", Severity.P3),
        arguments("Severity inc-7k2m9qxd \u00a0 p0  ", Severity.P0),
        // the engine's aliases, which ingest once refused: one table now
        arguments("severity INC-7K2M9QXD page", Severity.P0),
        arguments("severity INC-7K2M9QXD warn", Severity.P2),
        arguments("severity INC-7K2M9QXD informational", Severity.P3));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("severities")
  void acceptsEveryAliasTheEngineMaps(String text, Severity expected) {
    String alias = text.strip().substring(text.strip().lastIndexOf(' ') + 1);
    assertThat(SeverityAliases.defaults().parse(alias)).contains(expected);
  }

  @Test
  void configuredAliasesAddToTheBuiltInOnes() {
    SeverityAliases configured = SeverityAliases.defaults().withOverrides(Map.of("disaster", Severity.P0));

    assertThat(SlashCommandGrammar.parse("severity INC-7K2M9QXD Disaster", configured))
        .isEqualTo(new SetSeverity(ID, Severity.P0));
    assertThat(SlashCommandGrammar.parse("severity INC-7K2M9QXD sev-2", configured))
        .isEqualTo(new SetSeverity(ID, Severity.P1));
    assertThat(SlashCommandGrammar.parse("severity INC-7K2M9QXD disaster", SeverityAliases.defaults()))
        .isInstanceOf(Invalid.class);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("severities")
  void readsSeverityWithEverySeverityAlias(String text, Severity expected) {
    assertThat(SlashCommandGrammar.parse(text, SeverityAliases.defaults())).isEqualTo(new SetSeverity(ID, expected));
  }

  static Stream<Arguments> assignees() {
    return Stream.of(
        arguments("assign INC-7K2M9QXD <@U024BE7LH|alice>", new Assignee.Mentioned("U024BE7LH", "alice")),
        arguments("assign INC-7K2M9QXD <@U024BE7LH>", new Assignee.Mentioned("U024BE7LH", null)),
        arguments("assign INC-7K2M9QXD <@U024BE7LH|>", new Assignee.Mentioned("U024BE7LH", null)),
        arguments("assign inc-7k2m9qxd   <@W0G9QF9GZ|bob.smith>  ", new Assignee.Mentioned("W0G9QF9GZ", "bob.smith")),
        arguments("assign INC-7K2M9QXD <@U024BE7LH|Alice Liddell>", new Assignee.Mentioned("U024BE7LH",
            "Alice Liddell")),
        arguments("assign INC-7K2M9QXD me", new Assignee.Invoker()),
        arguments("ASSIGN INC-7K2M9QXD Me", new Assignee.Invoker()));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("assignees")
  void readsAssignWithAMentionOrMe(String text, Assignee expected) {
    assertThat(SlashCommandGrammar.parse(text, SeverityAliases.defaults())).isEqualTo(new Assign(ID, expected));
  }

  static Stream<Arguments> silences() {
    return Stream.of(
        arguments("silence INC-7K2M9QXD 30m", Duration.ofMinutes(30), null),
        arguments("silence INC-7K2M9QXD 2h", Duration.ofHours(2), null),
        arguments("silence INC-7K2M9QXD 1d", Duration.ofDays(1), null),
        arguments("silence INC-7K2M9QXD 1h30m", Duration.ofMinutes(90), null),
        arguments("silence INC-7K2M9QXD 1d2h3m", Duration.ofDays(1).plusHours(2).plusMinutes(3), null),
        arguments("silence INC-7K2M9QXD 90m", Duration.ofMinutes(90), null),
        arguments("silence INC-7K2M9QXD 2H", Duration.ofHours(2), null),
        arguments("silence INC-7K2M9QXD 02h", Duration.ofHours(2), null),
        arguments("silence INC-7K2M9QXD 7d", Duration.ofDays(7), null),
        arguments("silence INC-7K2M9QXD 168h", Duration.ofDays(7), null),
        arguments("silence INC-7K2M9QXD 10080m", Duration.ofDays(7), null),
        arguments("silence INC-7K2M9QXD 0h1m", Duration.ofMinutes(1), null),
        // leading zeros are no magnitude
        arguments("silence INC-7K2M9QXD 0000000000000000000001h", Duration.ofHours(1), null),
        arguments("silence INC-7K2M9QXD 2h deploy in progress, see <#C0123|ops>", Duration.ofHours(2),
            "deploy in progress, see <#C0123|ops>"),
        arguments("silence inc-7k2m9qxd 45m  known flapping\nticket OPS-12 ", Duration.ofMinutes(45),
            "known flapping\nticket OPS-12"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("silences")
  void readsSilenceWithItsDurationAndReason(String text, Duration duration, String reason) {
    assertThat(SlashCommandGrammar.parse(text, SeverityAliases.defaults())).isEqualTo(new Silence(ID, duration, reason));
  }

  static Stream<Arguments> usageErrors() {
    String severities = "use P0 to P3, critical, high, medium, low or sev-1 to sev-4.";
    String durations = "e.g. 30m, 2h, 1d or 1h30m, at most 7 days.";
    String notAPerson =
        "is not a person Tocsin can read: mention them by picking them from Slack's @ menu, or write me.";
    String tooLong = "is longer than a silence may last: at most 7 days (7d).";
    return Stream.of(
        arguments("severity", Verb.SEVERITY, List.of(WHICH_INCIDENT)),
        arguments("severity INC-123 P1", Verb.SEVERITY, List.of("“INC-123” " + NOT_AN_ID)),
        arguments("severity P1", Verb.SEVERITY, List.of("“P1” " + NOT_AN_ID)),
        arguments("severity INC-7K2M9QXI P1", Verb.SEVERITY, List.of("“INC-7K2M9QXI” " + NOT_AN_ID)),
        arguments("severity INC-7K2M9QXD", Verb.SEVERITY, List.of("Which severity? Give one of P0 to P3, critical,"
            + " high, medium, low or sev-1 to sev-4.")),
        arguments("severity INC-7K2M9QXD urgent", Verb.SEVERITY,
            List.of("“urgent” is not a severity; " + severities)),
        arguments("severity INC-7K2M9QXD P4", Verb.SEVERITY, List.of("“P4” is not a severity; " + severities)),
        arguments("severity INC-7K2M9QXD sev-5", Verb.SEVERITY,
            List.of("“sev-5” is not a severity; " + severities)),
        arguments("severity INC-7K2M9QXD P1 because checkout", Verb.SEVERITY, List.of("Unexpected “because"
            + " checkout” after the severity: severity takes only the id and the severity.")),
        arguments("severity 42 urgent", Verb.SEVERITY, List.of("“42” " + NOT_AN_ID,
            "“urgent” is not a severity; " + severities)),

        arguments("assign", Verb.ASSIGN, List.of(WHICH_INCIDENT)),
        arguments("assign <@U024BE7LH|alice>", Verb.ASSIGN, List.of("“<@U024BE7LH|alice>” " + NOT_AN_ID)),
        arguments("assign INC-7K2M9QX me", Verb.ASSIGN, List.of("“INC-7K2M9QX” " + NOT_AN_ID)),
        arguments("assign INC-7K2M9QXD", Verb.ASSIGN, List.of("Whom? Mention the person (@name) or write me.")),
        // what Slack sends when the app's "Escape channels, users, and links" is off
        arguments("assign INC-7K2M9QXD @alice", Verb.ASSIGN, List.of("“@alice” " + notAPerson,
            "(A mention arrives as plain text when the Slack app's “Escape channels, users, and links” setting"
                + " is off.)")),
        arguments("assign INC-7K2M9QXD alice", Verb.ASSIGN, List.of("“alice” " + notAPerson)),
        arguments("assign INC-7K2M9QXD myself", Verb.ASSIGN, List.of("“myself” " + notAPerson)),
        arguments("assign INC-7K2M9QXD U024BE7LH", Verb.ASSIGN, List.of("“U024BE7LH” " + notAPerson)),
        arguments("assign INC-7K2M9QXD <#C0123INCID|incidents>", Verb.ASSIGN,
            List.of("“<#C0123INCID|incidents>” " + notAPerson)),
        arguments("assign INC-7K2M9QXD <!here>", Verb.ASSIGN, List.of("“<!here>” " + notAPerson)),
        arguments("assign INC-7K2M9QXD <!subteam^S0614TZR7|@oncall>", Verb.ASSIGN,
            List.of("“<!subteam^S0614TZR7|@oncall>” " + notAPerson)),
        arguments("assign INC-7K2M9QXD <@u024be7lh>", Verb.ASSIGN, List.of("“<@u024be7lh>” " + notAPerson)),
        arguments("assign INC-7K2M9QXD <@U024BE7LH", Verb.ASSIGN, List.of("“<@U024BE7LH” " + notAPerson)),
        arguments("assign INC-7K2M9QXD <@>", Verb.ASSIGN, List.of("“<@>” " + notAPerson)),
        arguments("assign INC-7K2M9QXD <@U024BE7LH|alice> <@U0G9QF9GZ|bob>", Verb.ASSIGN,
            List.of("Unexpected “<@U0G9QF9GZ|bob>” after the assignee: assign takes one person.")),
        arguments("assign INC-7K2M9QXD <@U024BE7LH|alice>, please", Verb.ASSIGN,
            List.of("Unexpected “, please” after the assignee")),
        arguments("assign INC-7K2M9QXD me too", Verb.ASSIGN, List.of("Unexpected “too” after the assignee")),

        arguments("silence", Verb.SILENCE, List.of(WHICH_INCIDENT)),
        arguments("silence 2h", Verb.SILENCE, List.of("“2h” " + NOT_AN_ID)),
        arguments("silence 2h INC-7K2M9QXD", Verb.SILENCE, List.of("“2h” " + NOT_AN_ID,
            "“INC-7K2M9QXD” is not a duration; give one " + durations)),
        arguments("silence INC-7K2M9QXD", Verb.SILENCE, List.of("For how long? Give a duration, " + durations)),
        arguments("silence INC-7K2M9QXD 0m", Verb.SILENCE,
            List.of("“0m” is no time at all; silence for at least a minute.")),
        arguments("silence INC-7K2M9QXD 0d0h0m", Verb.SILENCE, List.of("“0d0h0m” is no time at all")),
        arguments("silence INC-7K2M9QXD 000h", Verb.SILENCE, List.of("“000h” is no time at all")),
        arguments("silence INC-7K2M9QXD -30m", Verb.SILENCE,
            List.of("“-30m” is negative; a silence lasts a positive time, " + durations)),
        arguments("silence INC-7K2M9QXD -1d2h", Verb.SILENCE, List.of("“-1d2h” is negative")),
        arguments("silence INC-7K2M9QXD 8d", Verb.SILENCE, List.of("“8d” " + tooLong)),
        arguments("silence INC-7K2M9QXD 7d1m", Verb.SILENCE, List.of("“7d1m” " + tooLong)),
        arguments("silence INC-7K2M9QXD 169h", Verb.SILENCE, List.of("“169h” " + tooLong)),
        arguments("silence INC-7K2M9QXD 10081m", Verb.SILENCE, List.of("“10081m” " + tooLong)),
        arguments("silence INC-7K2M9QXD 6d23h61m", Verb.SILENCE, List.of("“6d23h61m” " + tooLong)),
        arguments("silence INC-7K2M9QXD 99999999999999999999999d99999999999h9999999999m", Verb.SILENCE,
            List.of(tooLong)),
        arguments("silence INC-7K2M9QXD soon", Verb.SILENCE,
            List.of("“soon” is not a duration; give one " + durations)),
        arguments("silence INC-7K2M9QXD 30", Verb.SILENCE, List.of("“30” is not a duration")),
        arguments("silence INC-7K2M9QXD 30s", Verb.SILENCE, List.of("“30s” is not a duration")),
        arguments("silence INC-7K2M9QXD 1w", Verb.SILENCE, List.of("“1w” is not a duration")),
        arguments("silence INC-7K2M9QXD 30m1h", Verb.SILENCE, List.of("“30m1h” is not a duration")),
        arguments("silence INC-7K2M9QXD 1h1h", Verb.SILENCE, List.of("“1h1h” is not a duration")),
        arguments("silence INC-7K2M9QXD 1.5h", Verb.SILENCE, List.of("“1.5h” is not a duration")),
        arguments("silence INC-7K2M9QXD PT2H", Verb.SILENCE, List.of("“PT2H” is not a duration")),
        arguments("silence INC-7K2M9QXD +2h", Verb.SILENCE, List.of("“+2h” is not a duration")),
        arguments("silence INC-7K2M9QXD -", Verb.SILENCE, List.of("“-” is not a duration")),
        arguments("silence INC-7K2M9QXD h", Verb.SILENCE, List.of("“h” is not a duration")),
        // Character.isDigit would take these
        arguments("silence INC-7K2M9QXD \u0663\u0660m", Verb.SILENCE, List.of("is not a duration")),
        arguments("silence INC-7K2M9QXD \uff13\uff10m", Verb.SILENCE, List.of("is not a duration")),
        arguments("silence INC-7K2M9QXD 2h " + "r".repeat(3001), Verb.SILENCE,
            List.of("The reason is 3001 characters long; at most 3000 are allowed.")));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("usageErrors")
  void rejectsBadInputNamingEachProblem(String text, Verb verb, List<String> expectedProblems) {
    SlashRequest request = SlashCommandGrammar.parse(text, SeverityAliases.defaults());

    assertThat(request).isInstanceOf(Invalid.class);
    Invalid invalid = (Invalid) request;
    assertThat(invalid.verb()).isEqualTo(verb);
    assertThat(String.join("\n", invalid.problems())).contains(expectedProblems);
  }
}
