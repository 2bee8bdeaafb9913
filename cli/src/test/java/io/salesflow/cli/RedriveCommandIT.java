package io.salesflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesflow.core.catalog.CatalogFactory;
import io.salesflow.core.table.SalesHistoryTable;
import io.salesflow.localstack.CatalogFaultProxy;
import io.salesflow.localstack.LocalStack;
import io.salesflow.localstack.LocalStackExtension;
import io.salesflow.sample.BatchWriter;
import io.salesflow.sample.EmbeddingFormat;
import io.salesflow.sample.LoadProgress;
import io.salesflow.sample.SalesTableCreator;
import io.salesflow.sample.SampleLoader;
import io.salesflow.sample.SampleOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * `salesflow stream` with the real ETL when its retries run out (a catalog refusing every call,
 * with --max-retries 1): it says so, exits 4 and names the redrive; `salesflow redrive` then
 * applies exactly those ranges through the same handler, once, and refuses an expired range.
 */
@ExtendWith(LocalStackExtension.class)
class RedriveCommandIT {

  private static final String STAGE = "redrivecli";
  private static final String TABLE = "redrive_sales";

  private final LocalStack stack;
  @TempDir Path home;

  RedriveCommandIT(LocalStack stack) {
    this.stack = stack;
  }

  @Test
  void streamExhaustsRetries_exits4_thenRedriveAppliesTheRangesOnce() throws Exception {
    // given: 150 sales in DynamoDB, both tables bootstrapped, and a catalog that answers until the
    // first commit, then refuses every call
    new SalesTableCreator(stack.dynamoDbClient()).ensure(TABLE);
    new SampleLoader(new BatchWriter(stack.dynamoDbClient(), TABLE), TABLE)
        .load(
            new SampleOptions(150, 7, LocalDate.of(2025, 6, 30), 10, 5, 0, EmbeddingFormat.FLOAT32),
            LoadProgress.NONE);
    assertThat(cli(stack.catalogUri().toString(), "bootstrap").exitCode()).isZero();
    Path onFailure = home.resolve("on-failure.jsonl");
    CliRun stream;
    try (CatalogFaultProxy proxy = CatalogFaultProxy.start(stack.catalogUri(), null)) {
      proxy.holdCommits(CatalogFaultProxy.Hold.BEFORE_FORWARDING);
      CompletableFuture<CliRun> running =
          CompletableFuture.supplyAsync(
              () ->
                  cli(
                      proxy.uri().toString(),
                      "stream",
                      "--until-caught-up",
                      "--max-wait",
                      "300",
                      "--max-retries",
                      "1",
                      "--no-bisect",
                      "--retry-delay",
                      "100",
                      "--checkpoint-file",
                      home.resolve("checkpoints.json").toString(),
                      "--on-failure-file",
                      onFailure.toString()));
      assertThat(proxy.awaitHeldCommit(Duration.ofMinutes(2))).as("first commit").isTrue();
      proxy.refuse(true);
      proxy.release();
      stream = running.get(5, TimeUnit.MINUTES);
    }

    // then: stream tells the truth
    assertThat(stream.exitCode()).as(stream.toString()).isEqualTo(ExitCode.ON_FAILURE);
    assertThat(stream.out())
        .contains("FAILED after")
        .contains("went to the on-failure file " + onFailure)
        .contains("they are NOT in the table")
        .contains("./salesflow redrive --on-failure-file " + onFailure);
    assertThat(rows()).isEmpty();

    // when: the catalog is back, redrive applies the ranges
    CliRun redrive =
        cli(stack.catalogUri().toString(), "redrive", "--on-failure-file", onFailure.toString());
    assertThat(redrive.exitCode()).as(redrive.toString()).isZero();
    assertThat(redrive.out()).contains("applied shard").contains(" rows, ");
    assertThat(rows()).as("sales_history against DynamoDB").isEqualTo(dynamoDbKeys());

    // and again: nothing is applied twice
    CliRun again =
        cli(stack.catalogUri().toString(), "redrive", "--on-failure-file", onFailure.toString());
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.out()).contains("Redrive: 0 ranges applied").contains("already applied");

    // and a range the stream no longer holds is refused, naming the recovery
    String expired =
        Files.readAllLines(onFailure)
            .get(0)
            .replaceAll(
                "\"shardId\":\"[^\"]+\"", "\"shardId\":\"shardId-00000000000000000000-gone\"");
    Path old = home.resolve("old-on-failure.jsonl");
    Files.writeString(old, expired + "\n");
    CliRun refused =
        cli(stack.catalogUri().toString(), "redrive", "--on-failure-file", old.toString());
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCode.ON_FAILURE);
    assertThat(refused.out())
        .contains("EXPIRED")
        .contains("the stream no longer holds it")
        .contains("backfill");
  }

  private CliRun cli(String catalogUri, String command, String... args) {
    List<String> all = new ArrayList<>(List.of(command));
    all.addAll(List.of(args));
    List<String> flags = new ArrayList<>(CliRun.catalogFlags(stack, STAGE));
    flags.set(flags.indexOf("--catalog-uri") + 1, catalogUri);
    all.addAll(flags);
    if (!command.equals("bootstrap")) {
      all.addAll(
          List.of(
              "--dynamodb-endpoint",
              stack.dynamoDbEndpoint().toString(),
              "--table",
              TABLE,
              "--handler-jar",
              etlJar().toString()));
    }
    return CliRun.run(home, Map.of(), all.toArray(String[]::new));
  }

  private static Path etlJar() {
    Path home = Path.of(System.getProperty("salesflow.home", "..")).toAbsolutePath().normalize();
    return home.resolve("functions/ddb-stream-etl/target/ddb-stream-etl-lambda.jar");
  }

  private Set<String> dynamoDbKeys() {
    Set<String> keys = new TreeSet<>();
    stack
        .dynamoDbClient()
        .scanPaginator(b -> b.tableName(TABLE))
        .items()
        .forEach(i -> keys.add(i.get("tenant_id").s() + "|" + i.get("product_id").s()));
    return keys;
  }

  private Set<String> rows() {
    Catalog catalog = CatalogUtil.buildIcebergCatalog("it", stack.catalogProperties(), null);
    try {
      var table =
          catalog.loadTable(
              TableIdentifier.of("pricing_intelligence_" + STAGE, SalesHistoryTable.NAME));
      Set<String> keys = new TreeSet<>();
      List<String> all = new ArrayList<>();
      try (CloseableIterable<Record> it = IcebergGenerics.read(table).build()) {
        for (Record r : it) {
          String key = r.getField("tenant_id") + "|" + r.getField("product_id");
          keys.add(key);
          all.add(key);
        }
      }
      assertThat(all).as("one row per key").hasSameSizeAs(keys);
      return keys;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } finally {
      CatalogFactory.close(catalog);
    }
  }
}
