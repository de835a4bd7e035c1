package dev.tocsin.notifier.receiver;

import static dev.tocsin.schemas.config.ConfigTree.present;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tocsin.notifier.channel.EmailChannel;
import dev.tocsin.notifier.channel.PagerDutyChannel;
import dev.tocsin.notifier.channel.SlackApiChannel;
import dev.tocsin.schemas.config.ConfigTree;
import dev.tocsin.schemas.vocabulary.HttpUrls;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.types.Password;

/**
 * Reads the {@code receivers:} section of a {@code tocsin.yml} (other top-level sections belong to
 * other services and are ignored) into {@link Receivers}, reporting every problem at once with its
 * field path. A string value that is exactly {@code ${NAME}} is replaced by the environment
 * variable {@code NAME}; each secret may instead be read from a file ({@code url_file},
 * {@code api_url_file}, {@code token_file}, {@code routing_key_file}, {@code auth_password_file}), a relative path
 * being resolved against the receivers file's directory. Problems never quote a secret, nor the
 * YAML around a syntax error. Stateless and thread-safe.
 */
public final class ReceiversFile {
  private ReceiversFile() {
  }

  /**
   * Reads and validates the receivers in {@code file}.
   *
   * @param environment where {@code ${NAME}} references are looked up, normally {@code System.getenv()}
   * @throws InvalidReceiversException listing every problem, including an unreadable file
   */
  public static Receivers load(Path file, Map<String, String> environment) {
    Walker walker = new Walker(file.toAbsolutePath().getParent(), environment);
    return walker.finish(file.toString(), walker.tree.readYaml(file));
  }

  /**
   * Validates the receivers in {@code yaml}.
   *
   * @param source names the YAML in the exception's message, e.g. its file name
   * @param directory where relative {@code *_file} paths are resolved
   * @throws InvalidReceiversException listing every problem
   */
  public static Receivers parse(String yaml, String source, Path directory, Map<String, String> environment) {
    Walker walker = new Walker(directory, environment);
    return walker.finish(source, walker.tree.parseYaml(yaml, source));
  }

  /** One validation pass, collecting problems as it goes; the records it returns are only valid without any. */
  private static final class Walker {
    private final Path directory;
    private final ConfigTree tree;

    Walker(Path directory, Map<String, String> environment) {
      this.directory = directory;
      this.tree = new ConfigTree(environment);
    }

    Receivers finish(String source, Optional<JsonNode> document) {
      Receivers receivers = document.map(this::receivers).orElse(null);
      if (tree.problemCount() > 0) {
        throw new InvalidReceiversException(source, tree.problems());
      }
      return receivers;
    }

    private Receivers receivers(JsonNode root) {
      if (!root.isObject()) {
        tree.report("(top level): must be a mapping of sections");
        return new Receivers(List.of());
      }
      JsonNode section = root.get("receivers");
      if (section == null || section.isNull()) {
        tree.report("receivers: is required");
        return new Receivers(List.of());
      }
      List<Receiver> receivers = new ArrayList<>();
      Set<String> names = new HashSet<>();
      List<JsonNode> entries = tree.list(section, "receivers");
      for (int i = 0; i < entries.size(); i++) {
        String path = "receivers[" + i + "]";
        Optional<Receiver> receiver = receiver(entries.get(i), path);
        if (receiver.isPresent()) {
          if (names.add(receiver.get().name())) {
            receivers.add(receiver.get());
          } else {
            tree.report(path + ".name: duplicate name \"" + receiver.get().name() + "\"");
          }
        }
      }
      return new Receivers(receivers);
    }

    private Optional<Receiver> receiver(JsonNode node, String path) {
      if (!tree.mapping(node, path, "name", "webhook_configs", "slack_configs", "pagerduty_configs", "email_configs")) {
        return Optional.empty();
      }
      Optional<String> name = tree.requiredString(node, "name", path);
      List<Receiver.Webhook> webhooks = each(node, "webhook_configs", path, this::webhook);
      SlackTargets slackTargets = new SlackTargets(webApiForms(node.get("slack_configs")));
      List<Receiver.Slack> slacks = each(node, "slack_configs", path,
          (entry, at) -> slack(entry, at, slackTargets));
      List<Receiver.PagerDuty> pagerDuties = each(node, "pagerduty_configs", path, this::pagerDuty);
      List<Receiver.Email> emails = each(node, "email_configs", path, this::email);
      return name.map(n -> new Receiver(n, webhooks, slacks, pagerDuties, emails));
    }

    private Optional<Receiver.Webhook> webhook(JsonNode node, String path) {
      if (!tree.mapping(node, path, "url", "url_file", "send_resolved", "signing_secret", "signing_secret_file")) {
        return Optional.empty();
      }
      Optional<Password> url = secret(node, "url", path).filter(value -> httpUrl(value, path + ".url"));
      boolean sendResolved = tree.bool(node, "send_resolved", path, true);
      Optional<Password> signing = present(node, "signing_secret") || present(node, "signing_secret_file")
          ? secret(node, "signing_secret", path) : Optional.empty();
      return url.map(value -> new Receiver.Webhook(value, sendResolved, signing));
    }

    /**
     * An incoming webhook ({@code api_url}) or the Web API ({@code token}, {@code channel},
     * {@code api_base}): the keys given say which, and one entry cannot mix them.
     */
    private Optional<Receiver.Slack> slack(JsonNode node, String path, SlackTargets targets) {
      if (!tree.mapping(node, path, "api_url", "api_url_file", "token", "token_file", "channel", "api_base")) {
        return Optional.empty();
      }
      boolean webhook = present(node, "api_url") || present(node, "api_url_file");
      boolean webApi = isWebApi(node);
      if (webhook && (present(node, "token") || present(node, "token_file"))) {
        tree.report(path + ": give api_url (incoming webhook) or token (Web API), not both");
        return Optional.empty();
      }
      if (webhook) {
        boolean mixed = false;
        for (String key : List.of("channel", "api_base")) {
          if (present(node, key)) {
            tree.report(path + "." + key + ": is for the Web API (token); an incoming webhook posts to the channel "
                + "it was created for");
            mixed = true;
          }
        }
        Optional<Password> url = secret(node, "api_url", path).filter(value -> httpUrl(value, path + ".api_url"));
        return mixed ? Optional.empty() : url.map(Receiver.SlackWebhook::new);
      }
      if (!webApi) {
        tree.report(path + ": needs api_url or api_url_file (incoming webhook), or token or token_file with channel "
            + "(Web API)");
        return Optional.empty();
      }
      return slackApi(node, path, targets);
    }

    private Optional<Receiver.Slack> slackApi(JsonNode node, String path, SlackTargets targets) {
      int before = tree.problemCount();
      Optional<Password> token = secret(node, "token", path);
      if (token.isPresent() && !SlackApiChannel.validToken(token.get().value())) {
        tree.report(path + ".token: must not contain spaces or line breaks");
      }
      Optional<String> channel = present(node, "channel")
          ? tree.nonEmptyString(node.get("channel"), path + ".channel").map(String::strip)
          : Optional.empty();
      if (!present(node, "channel")) {
        tree.report(path + ".channel: is required with token");
      } else if (channel.isPresent()) {
        channel(channel.get(), path + ".channel", targets);
      }
      URI apiBase = SlackApiChannel.DEFAULT_API_BASE;
      if (present(node, "api_base")) {
        Optional<String> given = tree.string(node.get("api_base"), path + ".api_base")
            .filter(value -> httpUrl(new Password(value), path + ".api_base"));
        if (given.isPresent()) {
          String base = given.get().strip();
          while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
          }
          apiBase = URI.create(base);
        }
      }
      if (tree.problemCount() > before) {
        return Optional.empty();
      }
      return Optional.of(new Receiver.SlackApi(token.orElseThrow(), channel.orElseThrow(), apiBase));
    }

    /**
     * Checks a Web API {@code channel}. Delivery results name a message by channel id only, so
     * when a receiver posts to several channels, each must be given by id for a restarted notifier
     * to tell their messages apart; and two entries posting to one channel would fight over its
     * messages.
     */
    private void channel(String channel, String path, SlackTargets targets) {
      if (!SlackApiChannel.isChannel(channel)) {
        tree.report(path + ": must be a channel name like #incidents or an id like C0123456, without spaces");
        return;
      }
      if (targets.webApiForms() > 1 && !SlackApiChannel.isChannelId(channel)) {
        tree.report(path + ": must be a channel id like C0123456, not a name, when a receiver has more than one "
            + "Web API slack config (restarts tell their messages apart by channel id)");
      } else if (!targets.channels().add(channel)) {
        tree.report(path + ": \"" + channel + "\" already has a Web API slack config in this receiver");
      }
    }

    private static boolean isWebApi(JsonNode node) {
      return node != null && node.isObject() && List.of("token", "token_file", "channel", "api_base").stream()
          .anyMatch(key -> present(node, key))
          && !present(node, "api_url") && !present(node, "api_url_file");
    }

    /** How many entries of a {@code slack_configs} list are in the Web API form. */
    private static int webApiForms(JsonNode slackConfigs) {
      int count = 0;
      if (slackConfigs != null && slackConfigs.isArray()) {
        for (JsonNode entry : slackConfigs) {
          count += isWebApi(entry) ? 1 : 0;
        }
      }
      return count;
    }

    private Optional<Receiver.PagerDuty> pagerDuty(JsonNode node, String path) {
      if (!tree.mapping(node, path, "routing_key", "routing_key_file", "url")) {
        return Optional.empty();
      }
      Optional<Password> routingKey = secret(node, "routing_key", path);
      URI url = PagerDutyChannel.Settings.DEFAULT_BASE_URL;
      if (present(node, "url")) {
        Optional<String> given = tree.string(node.get("url"), path + ".url");
        if (given.isEmpty()) {
          return Optional.empty();
        }
        if (!httpUrl(new Password(given.get()), path + ".url")) {
          return Optional.empty();
        }
        url = eventsApiBase(given.get().strip());
      }
      URI base = url;
      return routingKey.map(key -> new Receiver.PagerDuty(key, base));
    }

    private Optional<Receiver.Email> email(JsonNode node, String path) {
      if (!tree.mapping(node, path, "to", "from", "smarthost", "auth_username", "auth_password", "auth_password_file",
          "tls")) {
        return Optional.empty();
      }
      int before = tree.problemCount();
      List<InternetAddress> to = new ArrayList<>();
      List<JsonNode> recipients = tree.requiredList(node, "to", path, "must name at least one recipient");
      for (int i = 0; i < recipients.size(); i++) {
        String at = path + ".to[" + i + "]";
        tree.string(recipients.get(i), at).flatMap(value -> address(value, at)).ifPresent(to::add);
      }
      Optional<InternetAddress> from = tree.requiredString(node, "from", path)
          .flatMap(value -> address(value, path + ".from"));
      Optional<HostPort> smarthost = tree.requiredString(node, "smarthost", path)
          .flatMap(value -> hostPort(value, path + ".smarthost"));
      Optional<String> username = present(node, "auth_username")
          ? tree.nonEmptyString(node.get("auth_username"), path + ".auth_username")
          : Optional.empty();
      Optional<Password> password = present(node, "auth_password") || present(node, "auth_password_file")
          ? secret(node, "auth_password", path) : Optional.empty();
      if (present(node, "auth_username") && !present(node, "auth_password") && !present(node, "auth_password_file")) {
        tree.report(path + ".auth_password: is required with auth_username");
      }
      if (!present(node, "auth_username") && (present(node, "auth_password") || present(node, "auth_password_file"))) {
        tree.report(path + ".auth_username: is required with auth_password");
      }
      Optional<EmailChannel.Security> tls = tree.requiredString(node, "tls", path)
          .flatMap(value -> security(value, path + ".tls"));
      if (tree.problemCount() > before) {
        return Optional.empty();
      }
      return Optional.of(new Receiver.Email(to, from.orElseThrow(), smarthost.orElseThrow().host(),
          smarthost.orElseThrow().port(), username, password, tls.orElseThrow()));
    }

    /** A secret from {@code key}, or from the file {@code key_file} names; exactly one of them. */
    private Optional<Password> secret(JsonNode node, String key, String path) {
      String fileKey = key + "_file";
      boolean inline = present(node, key);
      boolean fromFile = present(node, fileKey);
      if (inline && fromFile) {
        tree.report(path + "." + key + ": give " + key + " or " + fileKey + ", not both");
        return Optional.empty();
      }
      if (!inline && !fromFile) {
        tree.report(path + "." + key + ": is required");
        return Optional.empty();
      }
      if (inline) {
        return tree.nonEmptyString(node.get(key), path + "." + key).map(Password::new);
      }
      String at = path + "." + fileKey;
      Optional<String> file = tree.nonEmptyString(node.get(fileKey), at);
      if (file.isEmpty()) {
        return Optional.empty();
      }
      Path secretFile = directory == null ? Path.of(file.get()) : directory.resolve(file.get());
      String value;
      try {
        value = Files.readString(secretFile, StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        tree.report(at + ": cannot read " + secretFile + " (" + e.getClass().getSimpleName() + ")");
        return Optional.empty();
      }
      if (value.isEmpty()) {
        tree.report(at + ": " + secretFile + " is empty");
        return Optional.empty();
      }
      return Optional.of(new Password(value));
    }

    /** Checks that {@code url} is an absolute http(s) URL with a host, without quoting it. */
    private boolean httpUrl(Password url, String path) {
      if (HttpUrls.parse(url.value()).isEmpty()) {
        tree.report(path + ": " + HttpUrls.MUST_BE_ABSOLUTE_HTTP);
        return false;
      }
      return true;
    }

    /** Alertmanager users give the full enqueue URL; the channel wants the API's base. */
    private static URI eventsApiBase(String url) {
      String base = url;
      while (base.endsWith("/")) {
        base = base.substring(0, base.length() - 1);
      }
      if (base.endsWith("/v2/enqueue")) {
        base = base.substring(0, base.length() - "/v2/enqueue".length());
      }
      return URI.create(base);
    }

    private Optional<InternetAddress> address(String value, String path) {
      try {
        InternetAddress address = new InternetAddress(value.strip(), true);
        return Optional.of(address);
      } catch (AddressException e) {
        tree.report(path + ": is not an email address");
        return Optional.empty();
      }
    }

    private Optional<HostPort> hostPort(String value, String path) {
      String text = value.strip();
      int colon = text.lastIndexOf(':');
      String host = colon < 0 ? "" : text.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      int port;
      try {
        port = colon < 0 ? -1 : Integer.parseInt(text.substring(colon + 1));
      } catch (NumberFormatException e) {
        port = -1;
      }
      if (host.isBlank() || port < 1 || port > 65535) {
        tree.report(path + ": must be host:port with a port between 1 and 65535");
        return Optional.empty();
      }
      return Optional.of(new HostPort(host, port));
    }

    private Optional<EmailChannel.Security> security(String value, String path) {
      String wanted = value.strip().toLowerCase(Locale.ROOT);
      Optional<EmailChannel.Security> security = Arrays.stream(EmailChannel.Security.values())
          .filter(candidate -> candidate.name().toLowerCase(Locale.ROOT).equals(wanted)).findFirst();
      if (security.isEmpty()) {
        tree.report(path + ": must be one of " + Arrays.stream(EmailChannel.Security.values())
            .map(candidate -> candidate.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
      }
      return security;
    }

    /** Applies {@code parse} to each entry of the optional list {@code key}, keeping the valid ones. */
    private <T> List<T> each(JsonNode node, String key, String path, Parser<T> parse) {
      if (!present(node, key)) {
        return List.of();
      }
      List<JsonNode> entries = tree.list(node.get(key), path + "." + key);
      List<T> parsed = new ArrayList<>();
      for (int i = 0; i < entries.size(); i++) {
        parse.parse(entries.get(i), path + "." + key + "[" + i + "]").ifPresent(parsed::add);
      }
      return parsed;
    }
  }

  /** Parses one entry of a list at {@code path}, reporting its problems to the walker. */
  @FunctionalInterface
  private interface Parser<T> {
    Optional<T> parse(JsonNode node, String path);
  }

  private record HostPort(String host, int port) {
  }

  /** The Web API slack configs of one receiver: how many there are, and the channels seen so far. */
  private record SlackTargets(int webApiForms, Set<String> channels) {
    SlackTargets(int webApiForms) {
      this(webApiForms, new HashSet<>());
    }
  }
}
