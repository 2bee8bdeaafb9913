package io.salesflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Argument validation: every mistake gets exit code 2 or 1 and a message naming the fix. */
class SalesflowCliTest {

  @TempDir Path home;

  private CliRun run(String... args) {
    return CliRun.run(home, Map.of(), args);
  }

  /** A port nothing listens on. */
  private static String closedEndpoint() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return "http://127.0.0.1:" + socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"demo", "stack", "bootstrap", "load-sample", "stream", "query", "sql", "status"})
  void help_describesEachCommand(String command) {
    // when
    CliRun run = run(command, "--help");

    // then
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("Usage: salesflow " + command).contains("--help");
  }

  @Test
  void version_isTheBuildVersion() {
    CliRun run = run("--version");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("salesflow 0.1.0");
  }

  @Test
  void unknownCommand_isAUsageError_withASuggestion() {
    // when
    CliRun run = run("staus");

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("Unmatched argument at index 0: 'staus'").contains("status");
  }

  @Test
  void noCommand_printsUsage_andIsAUsageError() {
    CliRun run = run();
    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.out()).contains("Commands:").contains("demo");
    assertThat(run.err()).contains("Missing command");
  }

  @Test
  void nonNumericRecords_namesTheOption() {
    CliRun run = run("load-sample", "--records", "lots");
    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err())
        .contains("Invalid value for option '--records': 'lots' is not an int")
        .contains("salesflow load-sample --help");
  }

  @Test
  void outOfRangeValues_areAllReported_beforeConnecting() {
    // when: the endpoint is closed, but validation comes first
    CliRun run =
        run(
            "load-sample",
            "--records",
            "0",
            "--updates",
            "-1",
            "--bad-share",
            "1.5",
            "--dynamodb-endpoint",
            closedEndpoint());

    // then
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err())
        .contains("Invalid --records: 0, must be between 1 and 1000000")
        .contains("Invalid --updates: -1, must be 0 or more")
        .contains("Invalid --bad-share: 1.5, must be between 0 and 1")
        .doesNotContain("Cannot reach");
  }

  @Test
  void negativeRecords_reportsOnlyTheFlagGiven_notTheDefaultsDerivedFromIt() {
    for (String command : List.of("load-sample", "demo")) {
      CliRun run = run(command, "--records", "-5", "--dynamodb-endpoint", closedEndpoint());

      assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.USAGE);
      assertThat(run.err())
          .contains("Invalid --records: -5, must be between 1 and 1000000")
          .doesNotContain("--updates")
          .doesNotContain("--deletes")
          .doesNotContain("Cannot reach");
    }
  }

  @Test
  void badStreamFlag_withoutAStack_namesTheFlag_notTheRegion() {
    for (String command : List.of("stream", "redrive")) {
      CliRun run = run(command, "--batch-size", "0");

      assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.USAGE);
      assertThat(run.err())
          .contains("Invalid BatchSize (--batch-size): 0, must be between 1 and 10000")
          .doesNotContainIgnoringCase("region");
    }
  }

  @Test
  void sql_withoutAQuery_orWithABadFormat_isAUsageError_beforeConnecting(@TempDir Path dir)
      throws IOException {
    Path empty = java.nio.file.Files.writeString(dir.resolve("q.sql"), "  ;\n");

    assertThat(run("sql").err())
        .contains("Give the query either as an argument or with --file, e.g. salesflow sql");
    assertThat(run("sql", "--file", empty.toString()).err())
        .contains("The query is empty (--file " + empty + ")");
    CliRun format = run("sql", "SELECT 1", "--format", "xml");
    assertThat(format.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(format.err()).contains("Invalid --format: xml, must be one of [table, csv, json]");
  }

  @Test
  void badEmbeddingFormatAndDate_nameTheirFlags() {
    assertThat(run("load-sample", "--embedding-format", "f16").err())
        .contains("Invalid --embedding-format 'f16': must be one of [list, float32, float64]");
    assertThat(run("load-sample", "--as-of", "2025-13-01").err())
        .contains("Invalid --as-of: '2025-13-01', must be a date like 2025-06-30");
  }

  @Test
  void badStreamSettings_nameTheParameterAndFlag() {
    // when
    CliRun run =
        run(
            "stream",
            "--batch-size",
            "0",
            "--batching-window",
            "301",
            "--dynamodb-endpoint",
            closedEndpoint());

    // then
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err())
        .contains("Invalid BatchSize (--batch-size): 0, must be between 1 and 10000")
        .contains("Invalid MaximumBatchingWindowInSeconds (--batching-window): 301");
  }

  @Test
  void badEnum_listsTheChoices() {
    CliRun run = run("stream", "--starting-position", "MIDDLE");
    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("--starting-position").contains("TRIM_HORIZON, LATEST");
  }

  @Test
  void demo_validatesBeforeStartingAnything() {
    CliRun run = run("demo", "--batch-size", "20000");
    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("Invalid BatchSize (--batch-size): 20000");
    assertThat(run.err()).doesNotContain("Starting the local stack");
  }

  @Test
  void malformedEndpoint_namesTheFlag() {
    CliRun run = run("load-sample", "--dynamodb-endpoint", "localhost:8000");
    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err())
        .contains(
            "Invalid --dynamodb-endpoint: 'localhost:8000', must be an http:// or https:// URL");
  }

  @Test
  void unreachableDynamoDb_failsFast_namingEndpointAndFlag() {
    // given
    String endpoint = closedEndpoint();

    // when
    long start = System.nanoTime();
    CliRun run = run("load-sample", "--records", "10", "--dynamodb-endpoint", endpoint);

    // then
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.FAILURE);
    assertThat(run.err())
        .contains("Cannot reach DynamoDB at " + endpoint + " (--dynamodb-endpoint)")
        .contains("start a local stack with `./salesflow stack`");
    assertThat(System.nanoTime() - start).isLessThan(10_000_000_000L);
  }

  @Test
  void unreachableCatalog_failsFast_namingEndpoint() {
    // given
    String endpoint = closedEndpoint();

    // when
    CliRun run =
        run(
            "status",
            "--catalog-uri",
            endpoint,
            "--warehouse",
            "s3://bucket/prefix",
            "--stage",
            "dev");

    // then
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.FAILURE);
    assertThat(run.err())
        .contains("Cannot reach the Iceberg REST catalog at " + endpoint + " (catalog flags)");
  }

  @Test
  void missingCatalogConfiguration_namesFlagsAndVariables() {
    // when: no stack running, no flags, empty environment
    CliRun run = run("status");

    // then
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err())
        .contains("Missing --stage (SALESFLOW_STAGE): set it to the deployment stage")
        .contains("Missing --bucket (SALESFLOW_ANALYTICS_BUCKET)")
        .contains("start a local stack with `./salesflow stack`");
  }

  @Test
  void unknownHandlerClass_isAUsageError() {
    CliRun run =
        run(
            "stream",
            "--handler",
            "com.example.NoSuchHandler",
            "--dynamodb-endpoint",
            closedEndpoint());
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err())
        .contains("Cannot stream: com.example.NoSuchHandler is not on the class path");
  }

  @Test
  void query_withAQueryPhaseThatIsNotOnTheClassPath_exitsWithNotBuilt() {
    CliRun run = run("query", "--query-phase", "com.example.NoSuchPhase");
    assertThat(run.exitCode()).isEqualTo(ExitCode.NOT_BUILT);
    assertThat(run.err())
        .contains("the query library is not wired into the CLI yet")
        .contains("no class com.example.NoSuchPhase on the class path");
  }
}
