package dev.tocsin.incidents.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TransitionTest {

  @Test
  void everyAppliedTransitionHasItsOwnKind() throws Exception {
    Set<Transition.Kind> kinds = EnumSet.noneOf(Transition.Kind.class);
    Class<?>[] records = Transition.Applied.class.getPermittedSubclasses();
    for (Class<?> record : records) {
      Object[] args = Arrays.stream(record.getRecordComponents())
          .map(c -> c.getType() == List.class ? List.of() : null).toArray();
      Transition.Applied t = (Transition.Applied) record.getDeclaredConstructors()[0].newInstance(args);
      assertThat(kinds.add(t.kind())).as("%s shares its kind", record.getSimpleName()).isTrue();
      assertThat(t.kind().name().replace("_", "")).isEqualToIgnoringCase(record.getSimpleName());
    }
    assertThat(kinds).as("a kind without a transition")
        .containsExactlyInAnyOrderElementsOf(EnumSet.allOf(Transition.Kind.class));
    assertThat(records).hasSize(Transition.Kind.values().length);
  }
}
