package io.salesflow.etl;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesflow.localstack.CatalogFaultProxy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL of the process running the real ETL at the two worst moments: after its data files were
 * written but before the commit reached the catalog, and just after the catalog applied the commit
 * (before the answer came back and before the shard's checkpoint moved). A restarted process must
 * leave the table exactly equal to DynamoDB, without a lost or duplicated row.
 */
class EtlProcessKillIT {

  @Test
  void killedBetweenWriteAndCommit_thenJustAfterCommit_restartConvergesExactly(@TempDir Path dir)
      throws Exception {
    try (IngestionHarness etl = new IngestionHarness("process_kill", dir, 23)) {
      etl.write(700);

      etl.proxy.holdCommits(CatalogFaultProxy.Hold.BEFORE_FORWARDING);
      Process first = launch(etl, dir, "follow", "first");
      assertThat(etl.proxy.awaitHeldCommit(Duration.ofMinutes(2))).as("a commit held").isTrue();
      Table before = etl.history();
      long snapshotsBefore = count(before);
      kill(first);
      etl.proxy.release();
      assertThat(count(etl.history()))
          .as("the killed commit never landed")
          .isEqualTo(snapshotsBefore);

      etl.write(300);
      etl.proxy.holdCommits(CatalogFaultProxy.Hold.AFTER_APPLYING);
      Process second = launch(etl, dir, "follow", "second");
      assertThat(etl.proxy.awaitHeldCommit(Duration.ofMinutes(2))).as("a commit held").isTrue();
      long applied = count(etl.history());
      kill(second);
      etl.proxy.release();
      assertThat(applied)
          .as("the second commit landed before the kill")
          .isGreaterThan(snapshotsBefore);

      Process last = launch(etl, dir, "caught-up", "last");
      assertThat(last.waitFor(4, TimeUnit.MINUTES)).as("caught up in time").isTrue();
      assertThat(last.exitValue()).as("exit code, log in %s", dir).isZero();

      int rows = etl.assertTableEqualsDynamoDb();
      assertThat(etl.onFailureFile).doesNotExist();
      System.out.println("process kill: " + rows + " rows compared after two SIGKILLs");
    }
  }

  private static long count(Table table) {
    table.refresh();
    return java.util.stream.StreamSupport.stream(table.snapshots().spliterator(), false).count();
  }

  private static Process launch(IngestionHarness etl, Path dir, String mode, String name)
      throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        new ArrayList<>(
            List.of(
                java,
                "-Xmx512m",
                "-Dhttp.keepAlive=false",
                "-Djava.io.tmpdir=" + dir,
                "-cp",
                System.getProperty("java.class.path"),
                EtlStreamProcess.class.getName(),
                etl.stack.dynamoDbEndpoint().toString(),
                etl.stack.accessKeyId(),
                etl.stack.secretAccessKey(),
                etl.stack.region(),
                etl.name,
                etl.checkpointFile.toString(),
                etl.onFailureFile.toString(),
                mode));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(etl.env);
    Path log = dir.resolve(name + ".log");
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    Files.createDirectories(dir);
    return builder.start();
  }

  private static void kill(Process process) throws InterruptedException {
    process.destroyForcibly(); // SIGKILL
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
  }
}
