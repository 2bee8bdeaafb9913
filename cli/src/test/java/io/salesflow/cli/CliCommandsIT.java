package io.salesflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesflow.localstack.LocalStack;
import io.salesflow.localstack.LocalStackExtension;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The commands attached to given endpoints (the test's local stack), in this JVM. */
@ExtendWith(LocalStackExtension.class)
class CliCommandsIT {

  private final LocalStack stack;
  @TempDir Path home;

  CliCommandsIT(LocalStack stack) {
    this.stack = stack;
  }

  private CliRun run(String... args) {
    return CliRun.run(home, Map.of(), args);
  }

  private String[] catalogFlags(String stage) {
    return CliRun.catalogFlags(stack, stage).toArray(String[]::new);
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  @Test
  void loadSample_thenStream_againstGivenEndpoints() {
    // when
    CliRun load =
        run(
            "load-sample",
            "--dynamodb-endpoint",
            stack.dynamoDbEndpoint().toString(),
            "--table",
            "cli_sales",
            "--records",
            "60",
            "--updates",
            "5",
            "--deletes",
            "3",
            "--bad-share",
            "0.1",
            "--seed",
            "3");
    CliRun stream =
        run(
            "stream",
            "--dynamodb-endpoint",
            stack.dynamoDbEndpoint().toString(),
            "--table",
            "cli_sales",
            "--handler",
            "echo",
            "--until-caught-up",
            "--checkpoint-file",
            home.resolve("cp.json").toString());

    // then
    assertThat(load.exitCode()).as(load.toString()).isZero();
    assertThat(load.out())
        .contains("Loaded 60 sales into cli_sales")
        .contains("modified 5, deleted 3");
    assertThat(load.err()).contains("Created DynamoDB table cli_sales (stream NEW_AND_OLD_IMAGES)");
    var items = stack.dynamoDbClient().scan(b -> b.tableName("cli_sales")).count();
    assertThat(items).isEqualTo(57);
    assertThat(stream.exitCode()).as(stream.toString()).isZero();
    assertThat(stream.out()).contains("completed 68, sent to on-failure 0");
    assertThat(stream.err()).contains("Handler: io.salesflow.cli.stream.EchoHandler (class path)");
  }

  @Test
  void bootstrap_isIdempotent_andStatusReadsThroughTheCatalog() {
    // when
    CliRun first = run(concat(new String[] {"bootstrap"}, catalogFlags("clitest")));
    CliRun again = run(concat(new String[] {"bootstrap"}, catalogFlags("clitest")));
    CliRun status = run(concat(new String[] {"status"}, catalogFlags("clitest")));

    // then
    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(first.out())
        .contains("Database pricing_intelligence_clitest (created)")
        .contains("pricing_intelligence_clitest.sales_history: CREATED")
        .contains("pricing_intelligence_clitest.sales_history_errors: CREATED")
        .contains("pricing_intelligence_clitest.sales_history_tombstones: CREATED");
    assertThat(again.out()).contains("sales_history: UNCHANGED").contains("(exists)");
    assertThat(status.exitCode()).as(status.toString()).isZero();
    assertThat(status.out())
        .contains(
            "pricing_intelligence_clitest.sales_history  "
                + stack.warehouse()
                + "/clitest/sales_history")
        .contains("no commits yet");
  }
}
