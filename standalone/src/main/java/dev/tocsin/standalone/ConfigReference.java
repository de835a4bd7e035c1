package dev.tocsin.standalone;

import dev.tocsin.incidents.IncidentStreamsConfig;
import dev.tocsin.api.IncidentApiConfig;
import dev.tocsin.ingest.IngestConfig;
import dev.tocsin.notifier.NotifierConfig;
import dev.tocsin.schemas.config.ServiceProperties;
import dev.tocsin.schemas.serde.AvroSerdeConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;

/**
 * Renders the configuration reference of every service from its {@link ConfigDef}, so the
 * README's tables come from the code (a test keeps them equal). Run {@code main} to print them.
 */
public final class ConfigReference {
  /** Each documented section: heading → declaration. */
  static final Map<String, ConfigDef> SECTIONS = sections();

  private ConfigReference() {
  }

  private static Map<String, ConfigDef> sections() {
    Map<String, ConfigDef> sections = new LinkedHashMap<>();
    sections.put("standalone", StandaloneConfig.CONFIG);
    sections.put("alert-ingest", IngestConfig.CONFIG);
    sections.put("incident-streams", IncidentStreamsConfig.CONFIG);
    sections.put("notifier", NotifierConfig.CONFIG);
    sections.put("incident-api", IncidentApiConfig.CONFIG);
    sections.put("Avro serde (every service)", AvroSerdeConfig.CONFIG);
    return sections;
  }

  /** The Markdown tables for every section. */
  public static String markdown() {
    StringBuilder out = new StringBuilder();
    SECTIONS.forEach((heading, def) -> {
      out.append("#### ").append(heading).append("\n\n");
      out.append("| key | environment | type | default | description |\n");
      out.append("|---|---|---|---|---|\n");
      List<ConfigDef.ConfigKey> keys = def.configKeys().values().stream()
          .sorted(java.util.Comparator.comparing(k -> k.name)).toList();
      for (ConfigDef.ConfigKey key : keys) {
        out.append("| `").append(key.name).append("` | `")
            .append(ServiceProperties.ENV_PREFIX).append(key.name.toUpperCase(Locale.ROOT).replace('.', '_'))
            .append("` | ").append(key.type.name().toLowerCase(Locale.ROOT))
            .append(" | ").append(defaultOf(key))
            .append(" | ").append(escape(key.documentation))
            .append(key.validator == null ? "" : " Valid: " + escape(key.validator.toString()) + ".")
            .append(" |\n");
      }
      out.append('\n');
    });
    return out.toString();
  }

  private static String escape(String text) {
    return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String defaultOf(ConfigDef.ConfigKey key) {
    if (!key.hasDefault()) {
      return "required";
    }
    Object value = key.defaultValue;
    if (value instanceof Password password) {
      return password.value().isEmpty() ? "(empty)" : "(hidden)";
    }
    if (value == null || value.toString().isEmpty() || "[]".equals(value.toString())) {
      return "(empty)";
    }
    if (value instanceof List<?> list) {
      return "`" + String.join(",", list.stream().map(Object::toString).toList()) + "`";
    }
    return "`" + value + "`";
  }

  public static void main(String[] args) {
    System.out.print(markdown());
  }
}
