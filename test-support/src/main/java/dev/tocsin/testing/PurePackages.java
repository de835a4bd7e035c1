package dev.tocsin.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the sources of packages that must stay plain Java — the decisions: parsing, severity,
 * routing, the lifecycle, escalation — and finds what would tie them to a broker, a server or the
 * system clock: an import (or a fully qualified use) of Kafka, Jetty, an HTTP or mail client, a
 * logger, or a read of the current time. A plain text scan, so it needs no library and reads
 * exactly what a reviewer reads.
 */
public final class PurePackages {
  /** Package prefixes a pure package may not use. */
  public static final List<String> FORBIDDEN_PACKAGES = List.of("org.apache.kafka.", "org.eclipse.jetty.",
      "java.net.http.", "jakarta.mail.", "org.slf4j.", "dev.failsafe.");
  /** Calls that read the time instead of being given it. */
  public static final List<String> FORBIDDEN_CALLS = List.of("Instant.now(", "System.currentTimeMillis(",
      "System.nanoTime(", "Clock.system", "LocalDateTime.now(", "OffsetDateTime.now(", "ZonedDateTime.now(");

  private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)\\s*;", Pattern.MULTILINE);

  private PurePackages() {
  }

  /**
   * Every violation in the {@code .java} files directly under {@code packageDirectory} (not its
   * subpackages), each as {@code File.java: uses X}; empty when the package is pure.
   *
   * @throws IllegalArgumentException when the directory holds no Java file, so a moved package
   *     cannot make the check pass by finding nothing
   */
  public static List<String> violations(Path packageDirectory) {
    List<Path> sources;
    try (Stream<Path> files = Files.list(packageDirectory)) {
      sources = files.filter(file -> file.toString().endsWith(".java")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + packageDirectory, e);
    }
    if (sources.isEmpty()) {
      throw new IllegalArgumentException(packageDirectory + " holds no Java source");
    }
    List<String> violations = new ArrayList<>();
    for (Path source : sources) {
      String text;
      try {
        text = Files.readString(source, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + source, e);
      }
      String name = source.getFileName().toString();
      Matcher imports = IMPORT.matcher(text);
      while (imports.find()) {
        String imported = imports.group(1);
        FORBIDDEN_PACKAGES.stream().filter(imported::startsWith).findFirst()
            .ifPresent(prefix -> violations.add(name + ": imports " + imported));
      }
      String code = IMPORT.matcher(text).replaceAll("");
      for (String prefix : FORBIDDEN_PACKAGES) {
        if (code.contains(prefix)) {
          violations.add(name + ": uses " + prefix + "* by its full name");
        }
      }
      for (String call : FORBIDDEN_CALLS) {
        if (code.contains(call)) {
          violations.add(name + ": reads the time with " + call + "...; take it as a parameter");
        }
      }
    }
    return violations;
  }
}
