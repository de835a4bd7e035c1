package dev.tocsin.api.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.api.auth.ApiKeys;
import dev.tocsin.api.auth.Scope;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ConsoleUsersTest {
  /** One hash, made once, for both users: each hash costs 210,000 PBKDF2 iterations. */
  private static String hash;
  private static ConsoleUsers users;

  @BeforeAll
  static void configure() {
    hash = PasswordHashes.hash("s3cret-on-call".toCharArray());
    users = new ConsoleUsers(List.of(
        new ConsoleUsers.User("alice", hash, Set.of(Scope.READ, Scope.WRITE)),
        new ConsoleUsers.User("viewer", hash, Set.of(Scope.READ))));
  }

  @Test
  void theRightNameAndPasswordLogInAsTheUserWithItsScopes() {
    assertThat(users.login("alice", "s3cret-on-call".toCharArray()))
        .contains(new ApiKeys.Caller("alice", Set.of(Scope.READ, Scope.WRITE)));
    assertThat(users.login("viewer", "s3cret-on-call".toCharArray()))
        .contains(new ApiKeys.Caller("viewer", Set.of(Scope.READ)));
  }

  @Test
  void aWrongPasswordLogsNobodyIn() {
    assertThat(users.login("alice", "s3cret-on-cal".toCharArray())).isEmpty();
    assertThat(users.login("alice", new char[0])).isEmpty();
  }

  @Test
  void anUnknownNameLogsNobodyInEvenWithAUsersPassword() {
    assertThat(users.login("mallory", "s3cret-on-call".toCharArray())).isEmpty();
    assertThat(users.login("Alice", "s3cret-on-call".toCharArray())).isEmpty();
  }

  @Test
  void noNameLogsNobodyIn() {
    assertThat(users.login(null, "s3cret-on-call".toCharArray())).isEmpty();
  }

  @Test
  void aUsersStringHidesItsPasswordHash() {
    ConsoleUsers.User alice = new ConsoleUsers.User("alice", hash, Set.of(Scope.WRITE));

    assertThat(alice.toString())
        .isEqualTo("User[name=alice, passwordHash=[hidden], scopes=[WRITE]]")
        .doesNotContain(hash)
        .doesNotContain(hash.split("\\$")[3])
        .doesNotContain("pbkdf2");
    assertThat(alice.passwordHash()).isEqualTo(hash);
  }

  @Test
  void aUsersScopesAreCopied() {
    Set<Scope> scopes = new HashSet<>(Set.of(Scope.READ));
    ConsoleUsers.User user = new ConsoleUsers.User("viewer", hash, scopes);

    scopes.add(Scope.WRITE);

    assertThat(user.scopes()).containsExactly(Scope.READ);
  }

  @Test
  void noUsersAreEmptyAndLogNobodyIn() {
    assertThat(ConsoleUsers.none().isEmpty()).isTrue();
    assertThat(users.isEmpty()).isFalse();
    assertThat(ConsoleUsers.none().login("alice", "s3cret-on-call".toCharArray())).isEmpty();
  }
}
