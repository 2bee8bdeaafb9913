package io.salesflow.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {

  @TempDir Path dir;

  @Test
  void positions_surviveANewStoreOnTheSameFile() {
    // given
    Path file = dir.resolve("nested/checkpoints.json");
    CheckpointStore first = CheckpointStore.file(file);
    first.bind("arn:stream-1");
    first.save("shard-1", "0042");
    first.markEnded("shard-0");

    // when
    CheckpointStore second = CheckpointStore.file(file);
    second.bind("arn:stream-1");

    // then
    assertThat(second.sequenceNumber("shard-1")).contains("0042");
    assertThat(second.ended("shard-1")).isFalse();
    assertThat(second.ended("shard-0")).isTrue();
    assertThat(second.sequenceNumber("shard-0")).isEmpty();
    assertThat(Files.exists(dir.resolve("nested/checkpoints.json.tmp"))).isFalse();
  }

  @Test
  void positions_ofAnotherStream_areDropped() {
    // given
    Path file = dir.resolve("checkpoints.json");
    CheckpointStore first = CheckpointStore.file(file);
    first.bind("arn:stream-1");
    first.save("shard-1", "0042");

    // when: the table was recreated, its stream has a new ARN
    CheckpointStore second = CheckpointStore.file(file);
    second.bind("arn:stream-2");

    // then
    assertThat(second.isEmpty()).isTrue();
    assertThat(second.sequenceNumber("shard-1")).isEmpty();
  }

  @Test
  void corruptFile_isReportedWithTheFix() throws IOException {
    // given
    Path file = dir.resolve("checkpoints.json");
    Files.writeString(file, "{\"version\":1,\"shards\":{");

    // when / then
    assertThatThrownBy(() -> CheckpointStore.file(file).bind("arn:stream-1"))
        .isInstanceOf(StreamPollerException.class)
        .hasMessageContaining("Cannot read checkpoint file " + file)
        .hasMessageContaining("Delete it to start again");
  }
}
