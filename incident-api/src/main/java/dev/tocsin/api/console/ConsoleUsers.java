package dev.tocsin.api.console;

import dev.tocsin.api.auth.ApiKeys;
import dev.tocsin.api.auth.Scope;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The console's users from {@code console.users} in tocsin.yml: a name, a PBKDF2 password hash
 * ({@link PasswordHashes}) and scopes (both by default). A wrong name costs the same as a wrong
 * password. Immutable.
 */
public final class ConsoleUsers {
  /** A hash nobody's password matches, checked for unknown names so they take as long. */
  private static final String DUMMY = PasswordHashes.hash("not a password".toCharArray());

  private final Map<String, User> users;

  /** One configured user. */
  public record User(String name, String passwordHash, Set<Scope> scopes) {
    public User {
      scopes = Set.copyOf(scopes);
    }

    @Override
    public String toString() {
      return "User[name=" + name + ", passwordHash=[hidden], scopes=" + scopes + "]";
    }
  }

  public ConsoleUsers(List<User> users) {
    this.users = users.stream().collect(Collectors.toUnmodifiableMap(User::name, Function.identity()));
  }

  public static ConsoleUsers none() {
    return new ConsoleUsers(List.of());
  }

  public boolean isEmpty() {
    return users.isEmpty();
  }

  /** The caller a name and password log in as, if they match. */
  public Optional<ApiKeys.Caller> login(String name, char[] password) {
    User user = name == null ? null : users.get(name);
    boolean matches = PasswordHashes.matches(password, user == null ? DUMMY : user.passwordHash());
    return user != null && matches ? Optional.of(new ApiKeys.Caller(user.name(), user.scopes())) : Optional.empty();
  }
}
