package dev.tocsin.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UncheckpointedStateTest {
  @TempDir
  Path state;

  @Test
  void onlyTaskDirectoriesWithoutACheckpointAreRemoved() throws Exception {
    Path app = state.resolve("engine");
    Path clean = Files.createDirectories(app.resolve("2_0/rocksdb/alert-dedup"));
    Files.writeString(app.resolve("2_0/.checkpoint"), "0\n1\n");
    Files.writeString(Files.createDirectories(app.resolve("3_1/rocksdb/incident-alerts")).resolve("000001.sst"), "x");
    Path global = Files.createDirectories(app.resolve("global/rocksdb"));
    Path processId = Files.writeString(app.resolve("kafka-streams-process-metadata"), "{}");

    assertThat(UncheckpointedState.drop(state, "engine")).containsExactly("3_1");

    assertThat(app.resolve("3_1")).doesNotExist();
    assertThat(clean).isDirectory();
    assertThat(global).isDirectory();
    assertThat(processId).exists();
  }

  @Test
  void stateAnotherInstanceHoldsIsLeftAlone() throws Exception {
    Path app = Files.createDirectories(state.resolve("engine/3_0/rocksdb"));
    try (FileChannel channel = FileChannel.open(state.resolve("engine/.lock"), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE)) {
      var lock = channel.lock();
      assertThat(UncheckpointedState.drop(state, "engine")).isEmpty();
      lock.release();
    }
    assertThat(app).isDirectory();
  }

  @Test
  void aFirstStartHasNothingToRemove() {
    assertThat(UncheckpointedState.drop(state.resolve("absent"), "engine")).isEmpty();
  }
}
