package io.salesflow.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesflow.localstack.LocalStack;
import io.salesflow.localstack.LocalStackExtension;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The packaged (shaded, minimized) Lambda jar run in a fresh JVM through its no-argument handler,
 * configured only by environment variables: proves the jar carries the read (deletes applied),
 * write and commit paths compaction needs, and expiry and orphan listing.
 */
@ExtendWith(LocalStackExtension.class)
class ShadedJarIT {

  private static final Path JAR = Path.of("target", "table-maintenance-lambda.jar");

  @Test
  void shadedJar_runsTheHandlerFromTheEnvironment_andCompacts(LocalStack stack) throws Exception {
    assertThat(JAR).as("run `mvn package` first").exists();
    List<YearMonth> months = List.of(YearMonth.of(2025, 5), YearMonth.of(2025, 6));
    try (MaintenanceFixture table = new MaintenanceFixture(stack, "shaded_it", months)) {
      table.ingest(8, 3);
      List<String> rows = table.rows();

      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Path log = Files.createTempFile(Path.of("target"), "probe", ".log");
      ProcessBuilder builder =
          new ProcessBuilder(
                  java,
                  "-Xmx512m",
                  "-cp",
                  JAR + File.pathSeparator + Path.of("target", "test-classes"),
                  ShadedJarProbe.class.getName())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      builder.environment().putAll(table.env);
      builder.environment().put(MaintenanceConfig.TASKS, "compact,manifests,expire,orphans");
      Process process = builder.start();
      boolean done = process.waitFor(120, TimeUnit.SECONDS);
      if (!done) {
        process.destroyForcibly();
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);

      assertThat(done).as("probe finished in time; output:%n%s", output).isTrue();
      assertThat(process.exitValue()).as("probe exit code; output:%n%s", output).isZero();
      assertThat(output.lines().filter(l -> l.startsWith("PROBE ")).findFirst())
          .hasValueSatisfying(
              line ->
                  assertThat(line)
                      .contains("\"complete\":true")
                      .contains("\"partitionsCompacted\":2"));
      assertThat(output).contains("\"_aws\"").contains("Salesflow/Maintenance");
      assertThat(table.files(Set.of(new MonthPartition(2025, 5), new MonthPartition(2025, 6))))
          .isEqualTo(2);
      assertThat(table.rows()).isEqualTo(rows);
    }
  }
}
