package io.salesflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `./salesflow demo` end to end in its own JVM, with small N. */
class DemoIT {

  @TempDir Path dir;

  @Test
  void demo_withEchoHandler_runsEveryAvailablePhase_andCleansUp() throws Exception {
    // when
    Path reports = dir.resolve("reports");
    JsonNode summary;
    try (ChildCli demo =
        ChildCli.start(
            Map.of(),
            "demo",
            "--records",
            "150",
            "--seed",
            "7",
            "--handler",
            "echo",
            "--batch-size",
            "25",
            "--reports-dir",
            reports.toString())) {
      int code = demo.waitFor(240);

      // then
      assertThat(code).as(demo.toString()).isZero();
      String out = String.join("\n", demo.out());
      assertThat(out)
          .contains("salesflow demo finished")
          .containsPattern("stack +DONE")
          .containsPattern("tables +DONE .*sales_history CREATED")
          .containsPattern("load +DONE .*150 sales, then 3 modifies and 2 deletes")
          .containsPattern("stream +DONE .*155 records through io.salesflow.cli.stream.EchoHandler")
          .containsPattern(
              "verify +DONE .*not compared: io.salesflow.cli.stream.EchoHandler is not the ETL")
          .containsPattern("query +SKIPPED .*query library is not wired into the CLI yet")
          .contains("rows ingested: 0 in pricing_intelligence_local.sales_history");
      // the function's own output went to its log, as Lambda's goes to CloudWatch Logs
      assertThat(out)
          .doesNotContain("INSERT ")
          .contains("function logs: " + reports.resolve("demo-function.log"));
      var functionLog = Files.readAllLines(reports.resolve("demo-function.log"));
      assertThat(functionLog.stream().filter(l -> l.startsWith("INSERT ")).count()).isEqualTo(150);
      assertThat(functionLog.stream().filter(l -> l.startsWith("MODIFY ")).count()).isEqualTo(3);
      assertThat(functionLog.stream().filter(l -> l.startsWith("REMOVE ")).count()).isEqualTo(2);
      summary = new ObjectMapper().readTree(reports.resolve("demo-summary.json").toFile());
    }
    assertThat(summary.get("succeeded").asBoolean()).isTrue();
    assertThat(summary.at("/phases/3/name").asText()).isEqualTo("stream");
    assertThat(summary.at("/phases/3/status").asText()).isEqualTo("DONE");
    assertThat(summary.at("/results/stream records written").asLong()).isEqualTo(155);
    assertThat(Files.readString(reports.resolve("demo-summary.md"))).contains("| load | DONE |");
  }

  @Test
  void demo_withoutIngestion_stopsAfterLoading_andStillSucceeds() throws Exception {
    // given: a function jar without the ETL handler
    Path emptyJar = dir.resolve("empty.jar");
    try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(emptyJar))) {
      jar.putNextEntry(new java.util.jar.JarEntry("README.txt"));
      jar.closeEntry();
    }

    // when
    try (ChildCli demo =
        ChildCli.start(
            Map.of(),
            "demo",
            "--records",
            "40",
            "--handler-jar",
            emptyJar.toString(),
            "--reports-dir",
            dir.resolve("reports").toString())) {
      int code = demo.waitFor(240);

      // then
      assertThat(code).as(demo.toString()).isZero();
      String out = String.join("\n", demo.out());
      assertThat(out)
          .containsPattern("load +DONE .*40 sales")
          .containsPattern(
              "stream +SKIPPED .*ingestion is not built yet: io.salesflow.etl.StreamEtlHandler is not on the class path")
          .containsPattern("query +SKIPPED .*nothing was ingested")
          .contains("once functions/ddb-stream-etl is built");
    }
  }
}
