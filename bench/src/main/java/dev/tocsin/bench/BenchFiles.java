package dev.tocsin.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** File helpers the benchmarks share. */
final class BenchFiles {
  private BenchFiles() {
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          System.err.println("cannot remove " + p + ": " + e.getMessage());
        }
      });
    } catch (IOException e) {
      System.err.println("cannot remove " + dir + ": " + e.getMessage());
    }
  }
}
