package dev.tocsin.schemas.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupMembershipTest {
  @Test
  void anInstanceIdIsGeneratedOnceAndKeptForTheNextStart(@TempDir Path dir) {
    Path file = dir.resolve("state/group-instance-id");

    String first = GroupMembership.instanceId(file, "notifier");

    assertThat(first).matches("notifier-[0-9a-f]{8}");
    assertThat(file).hasContent(first);
    assertThat(GroupMembership.instanceId(file, "notifier")).isEqualTo(first);
    assertThat(GroupMembership.instanceId(dir.resolve("other"), "notifier")).isNotEqualTo(first);
  }

  @Test
  void aKeptNameKafkaWouldRefuseIsReportedWithItsFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("group-instance-id");
    Files.writeString(file, "not a name\n");

    assertThatThrownBy(() -> GroupMembership.instanceId(file, "engine")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(file.toString()).hasMessageContaining("delete it");
  }

  @Test
  void aConfiguredNameIsEmptyOrWhatKafkaAccepts() {
    GroupMembership.INSTANCE_ID_SETTING.ensureValid("x.instance.id", "");
    GroupMembership.INSTANCE_ID_SETTING.ensureValid("x.instance.id", "engine-eu_1.a");
    assertThatThrownBy(() -> GroupMembership.INSTANCE_ID_SETTING.ensureValid("x.instance.id", "engine/1"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("x.instance.id");
  }
}
