package io.salesflow.etl;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesflow.bootstrap.SchemaBootstrapService;
import io.salesflow.core.catalog.CatalogFactory;
import io.salesflow.localstack.LocalStack;
import io.salesflow.localstack.LocalStackExtension;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.catalog.Catalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The packaged Lambda jar (shaded and minimized) run in a fresh JVM through its no-argument
 * handler, configured only by environment variables, against the local stack: proves the jar
 * carries everything the handler needs, write and (append-mode replay check) read paths alike.
 */
@ExtendWith(LocalStackExtension.class)
class ShadedJarIT {

  private static final Path JAR = Path.of("target", "ddb-stream-etl-lambda.jar");

  @Test
  void shadedJar_runsHandlerFromEnvironment_andAppendReplayIsSkipped(LocalStack stack)
      throws Exception {
    assertThat(JAR).as("run `mvn package` first").exists();
    Map<String, String> env = EtlFixture.env(stack, "etl_shaded");
    env.put(EtlConfig.MODE, "append");
    EtlConfig config = EtlConfig.from(env);
    Catalog catalog = CatalogFactory.build(config.tables().catalog());
    try {
      new SchemaBootstrapService(catalog).bootstrap(config.tables().tables().all(), false);

      // 60 records, every 10th with a bad price, invoked twice (the second is a replay) ...
      assertThat(probe(env, "60", "true", "10", "2", "1000")).contains("\"failures\":0");
      // ... then a batch overlapping the first by 30 sequence numbers (a partial retry).
      assertThat(probe(env, "60", "false", "10", "1", "1030")).contains("\"failures\":0");

      var rows =
          EtlFixture.read(catalog.loadTable(config.tables().tables().salesHistory().identifier()));
      assertThat(rows).hasSize(54 + 27);
      assertThat(rows).extracting(r -> r.getField("stream_seq")).doesNotHaveDuplicates();
      var errors =
          EtlFixture.read(catalog.loadTable(config.tables().tables().errors().identifier()));
      assertThat(errors)
          .hasSize(9)
          .allSatisfy(r -> assertThat(r.getField("reason")).isEqualTo("BAD_PRICE"));
    } finally {
      CatalogFactory.close(catalog);
    }
  }

  private static String probe(Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                java,
                "-Xmx512m",
                "-cp",
                JAR + File.pathSeparator + Path.of("target", "test-classes"),
                ShadedJarProbe.class.getName()));
    command.addAll(List.of(args));
    Path log = Files.createTempFile(Path.of("target"), "probe", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    boolean done = process.waitFor(120, TimeUnit.SECONDS);
    if (!done) {
      process.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(done).as("probe finished in time; output:%n%s", output).isTrue();
    assertThat(process.exitValue()).as("probe exit code; output:%n%s", output).isZero();
    return output.lines().filter(l -> l.startsWith("PROBE ")).findFirst().orElseThrow();
  }
}
