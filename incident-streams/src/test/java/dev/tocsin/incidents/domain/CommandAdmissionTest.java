package dev.tocsin.incidents.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.avro.CommandType;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CommandAdmissionTest {
  private static final Instant NOW = Instant.parse("2026-12-02T08:00:00Z");
  private static final Person ADA = new Person("user", "U1", "Ada");

  private static Command command(CommandType type, String incidentId, List<String> matchers, Instant until) {
    return new Command("c-1", type, incidentId, ADA, NOW, "maintenance", null, null, null, null, List.of(), null,
        null, matchers, until, "slack");
  }

  @Test
  void aCreateGetsAGroupOfItsOwnAndACommandNamingAnIncidentGoesToIt() {
    assertThat(CommandAdmission.admit(command(CommandType.CREATE, null, List.of(), null), NOW))
        .isEqualTo(new CommandAdmission.ToNewGroup("manual:c-1"));
    assertThat(CommandAdmission.admit(command(CommandType.ACKNOWLEDGE, "INC-7K2M9QXD", List.of(), null), NOW))
        .isEqualTo(new CommandAdmission.ToIncident("INC-7K2M9QXD"));
    assertThat(CommandAdmission.admit(command(CommandType.SILENCE, "INC-7K2M9QXD", List.of(), null), NOW))
        .as("a silence of an incident is the incident's to decide")
        .isEqualTo(new CommandAdmission.ToIncident("INC-7K2M9QXD"));
  }

  @Test
  void aSilenceOnMatchersAloneIsReadyToStoreInCanonicalForm() {
    CommandAdmission.Decision decision = CommandAdmission.admit(
        command(CommandType.SILENCE, null, List.of("service = checkout"), NOW.plusSeconds(3600)), NOW);

    assertThat(decision).isEqualTo(new CommandAdmission.Silence(new NewSilence("c-1", List.of("service=\"checkout\""),
        NOW, NOW.plusSeconds(3600), ADA, "maintenance", null)));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "ACKNOWLEDGE |                 | 3600 | incidentId: is required for ACKNOWLEDGE",
      "SILENCE     |                 | 3600 | matchers: a silence without an incident needs matchers",
      "SILENCE     | service=checkout| 0    | until: a silence needs an end in the future",
      "SILENCE     | service=~'.*'   | 3600 | match every alert",
      "SILENCE     | service=        | 3600 | match every alert",
      "SILENCE     | 1x=y            | 3600 | matchers: ",
  })
  void refusalsNameTheFieldTheyAreAbout(CommandType type, String matcher, long untilSeconds, String reason) {
    List<String> matchers = matcher == null ? List.of() : List.of(matcher.replace('\'', '"'));
    CommandAdmission.Decision decision = CommandAdmission.admit(
        command(type, null, matchers, NOW.plusSeconds(untilSeconds)), NOW);

    assertThat(decision).isInstanceOfSatisfying(CommandAdmission.Refused.class,
        refused -> assertThat(refused.reason()).contains(reason));
  }

  @Test
  void anUnknownIncidentIsRefusedByItsId() {
    assertThat(CommandAdmission.unknownIncident("INC-NOSUCH00").reason()).isEqualTo("unknown incident INC-NOSUCH00");
  }
}
