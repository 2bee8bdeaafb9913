package io.salesflow.etl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import io.salesflow.bootstrap.SchemaBootstrapService;
import io.salesflow.etl.backfill.BackfillInputException;
import io.salesflow.etl.backfill.BackfillRunner;
import io.salesflow.etl.backfill.ExportSource;
import io.salesflow.etl.backfill.ScanSource;
import io.salesflow.localstack.LocalStack;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.Record;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The backfill on the real local servers: exports written in DynamoDB's real layout into the local
 * S3 server (DynamoDB Local has no export), a parallel Scan of DynamoDB Local, and the live stream
 * running beside it. Every final state is compared row by row with what the test wrote.
 */
class BackfillIT {

  private static LocalStack stack;

  @BeforeAll
  static void start() {
    stack = LocalStack.start();
  }

  @AfterAll
  static void stop() {
    // the stack is shared by the module's tests and stopped at JVM exit
  }

  /** One database of its own per test. */
  private record Tables(EtlConfig config, Catalog catalog, Map<String, String> env) {
    Table history() {
      return catalog.loadTable(config.tables().tables().salesHistory().identifier());
    }

    Table errors() {
      return catalog.loadTable(config.tables().tables().errors().identifier());
    }

    BackfillRunner runner(int threads, int chunk) {
      return new BackfillRunner(config, catalog, threads, chunk, Clock.systemUTC());
    }

    ExportSource export(ExportLayout layout) {
      return ExportSource.open(history().io(), layout.location(), config.tables().keyColumns());
    }
  }

  private static Tables tables(String database) {
    Map<String, String> env = EtlFixture.env(stack, database);
    EtlConfig config = EtlConfig.from(env);
    Catalog catalog = StreamEtlHandler.catalog(config);
    new SchemaBootstrapService(catalog).bootstrap(config.tables().tables().all(), false);
    return new Tables(config, catalog, env);
  }

  private static final BackfillRunner.Listener QUIET = new BackfillRunner.Listener() {};

  @Test
  void export_everyAttributeType_rowByRow_andMeetsWhatTheStreamWrote_andARerunAddsNothing() {
    Tables t = tables("backfill_export");
    Instant exportTime = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    Map<String, String> expected = new TreeMap<>();
    for (int i = 0; i < 240; i++) {
      String tenant = "t" + (i % 4);
      String product = "p" + i;
      String price = (10 + i) + "." + String.format("%02d", i % 100);
      String date = String.format("%d-%02d-%02dT10:00:00Z", 2023 + i % 3, 1 + i % 12, 1 + i % 28);
      Map<String, AttributeValue> item = Sales.item(tenant, product, price, date);
      if (i % 5 == 0) {
        item.put("embedding", Sales.embedding(1024));
      } else if (i % 5 == 1) {
        item.put("embedding", float32(1024, i));
      }
      // attributes the table does not keep, of every other type: ignored, never a reject
      item.put("tags", AttributeValue.fromSs(List.of("vintage", "tag" + i)));
      item.put("scores", AttributeValue.fromNs(List.of("1", "2.5")));
      item.put("blobs", AttributeValue.fromBs(List.of(SdkBytes.fromUtf8String("x"))));
      item.put("meta", AttributeValue.fromM(Map.of("ok", AttributeValue.fromBool(true))));
      item.put("gone", AttributeValue.fromNul(true));
      items.add(item);
      expected.put(tenant + "|" + product, new BigDecimal(price).toPlainString() + "@" + date);
    }
    List<Map<String, AttributeValue>> bad =
        List.of(
            Sales.item("t1", "bad-price", "12.345", "2024-03-01T00:00:00Z"),
            Sales.with(Sales.item("t1", "x", "1.00", "2024-03-01T00:00:00Z"), "product_id", null),
            Sales.item("t2", "bad-date", "5.00", "2024-02-30T00:00:00Z"));
    ExportLayout layout =
        new ExportLayout(stack.s3Client(), stack.bucket(), "exports/one", "sales", exportTime);
    layout.file(items.subList(0, 100)).file(items.subList(100, 200));
    List<String> third = new ArrayList<>();
    items.subList(200, 240).forEach(i -> third.add(ExportLayout.line(i)));
    bad.forEach(i -> third.add(ExportLayout.line(i)));
    third.add("{\"NotItem\": {\"tenant_id\": {\"S\": \"t1\"}}}");
    third.add("this is not json");
    layout.rawFile(third).write();

    // The stream wrote two of the keys before the backfill: a newer price for t0|p0, and removed
    // t1|p1. The export's older images of both must not win.
    StreamBatchService stream =
        new StreamBatchService(t.config(), t.catalog(), Clock.systemUTC(), m -> {});
    DynamodbStreamRecord modify =
        SyntheticRecords.insert(
            5_000, ScanSource.image(Sales.item("t0", "p0", "999.99", "2025-06-01T10:00:00Z")));
    modify.setEventName("MODIFY");
    DynamodbStreamRecord remove = SyntheticRecords.insert(5_001, ScanSource.image(items.get(1)));
    remove.setEventName("REMOVE");
    remove.getDynamodb().setOldImage(remove.getDynamodb().getNewImage());
    remove.getDynamodb().setNewImage(null);
    assertThat(stream.process(List.of(modify, remove), () -> 300_000L).failure()).isNull();
    expected.put("t0|p0", "999.99@2025-06-01T10:00:00Z");
    expected.remove("t1|p1");

    BackfillRunner.Report report = t.runner(2, 1).run(t.export(layout), QUIET);

    assertThat(report.units()).isEqualTo(3);
    assertThat(report.items()).isEqualTo(240 + 3 + 2);
    assertThat(report.added()).isEqualTo(238);
    assertThat(report.leftOut()).isEqualTo(2);
    assertThat(report.rejected()).isEqualTo(5);
    assertThat(report.commits()).isEqualTo(3);
    Map<String, Record> rows = rowsByKey(t.history());
    assertThat(priceAtDate(rows)).isEqualTo(expected);
    BigDecimal sum =
        rows.values().stream()
            .map(r -> (BigDecimal) r.getField("sold_price"))
            .reduce(BigDecimal.ZERO, BigDecimal::add);
    BigDecimal expectedSum =
        expected.values().stream()
            .map(v -> new BigDecimal(v.substring(0, v.indexOf('@'))))
            .reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(sum).isEqualByComparingTo(expectedSum);
    // probes: lineage, a list embedding, a float32 binary embedding, a row without one
    Record p5 = rows.get("t1|p5");
    assertThat(p5.getField("stream_seq")).isNull();
    assertThat(p5.getField("stream_event")).isEqualTo("BACKFILL");
    assertThat(p5.getField("event_time"))
        .isEqualTo(LocalDateTime.ofInstant(exportTime, java.time.ZoneOffset.UTC));
    @SuppressWarnings("unchecked")
    List<Double> list = (List<Double>) p5.getField("embedding");
    assertThat(list).hasSize(1024);
    assertThat(list.get(3)).isEqualTo(Math.sin(3));
    @SuppressWarnings("unchecked")
    List<Double> binary = (List<Double>) rows.get("t2|p6").getField("embedding");
    assertThat(binary.get(7)).isEqualTo((double) (float) (6 + 7 / 1000.0));
    assertThat(rows.get("t3|p7").getField("embedding")).isNull();
    assertThat(rows.get("t0|p0").getField("stream_event")).isEqualTo("MODIFY");
    assertThat(reasons(t.errors()))
        .containsEntry("BAD_PRICE", 1L)
        .containsEntry("MISSING_KEY", 1L)
        .containsEntry("BAD_DATE", 1L)
        .containsEntry("UNDECODABLE", 2L);
    assertThat(EtlFixture.read(t.errors()))
        .anySatisfy(
            e ->
                assertThat((String) e.getField("message"))
                    .contains("line is not {\"Item\"")
                    .contains(layout.dataKey(2).substring(layout.folderKey().length())));

    // A re-run resumes after everything: no commit, nothing added.
    Table history = t.history();
    long snapshot = history.currentSnapshot().snapshotId();
    long errorCount = EtlFixture.read(t.errors()).size();
    BackfillRunner.Report again = t.runner(2, 1).run(t.export(layout), QUIET);
    assertThat(again.resumed()).isEqualTo(3);
    assertThat(again.commits()).isZero();
    history.refresh();
    assertThat(history.currentSnapshot().snapshotId()).isEqualTo(snapshot);
    assertThat(EtlFixture.read(t.errors())).hasSize((int) errorCount);
    assertThat(history.properties())
        .containsKey(io.salesflow.core.table.SalesHistoryTombstonesTable.KEEP_UNTIL_PROPERTY);
  }

  @Test
  void badInputs_nameTheFileAndTheFix_andNothingIsHalfCommitted() {
    Tables t = tables("backfill_bad");
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    for (int i = 0; i < 90; i++) {
      items.add(
          Sales.item(
              "t" + i % 3, "p" + i, "1" + i + ".00", "2024-0" + (1 + i % 9) + "-02T00:00:00Z"));
    }
    // a missing manifest
    assertThatThrownBy(
            () ->
                ExportSource.open(
                    t.history().io(),
                    "s3://" + stack.bucket() + "/exports/nowhere/AWSDynamoDB/1/",
                    t.config().tables().keyColumns()))
        .isInstanceOf(BackfillInputException.class)
        .hasMessageContaining("exports/nowhere/AWSDynamoDB/1/manifest-summary.json does not exist")
        .hasMessageContaining("--from-export");
    // a malformed manifest
    ExportLayout broken =
        new ExportLayout(stack.s3Client(), stack.bucket(), "exports/broken", "sales", now);
    broken.file(items.subList(0, 10)).write();
    broken.put(broken.folderKey() + "manifest-files.json", "{\"itemCount\": 3}\n".getBytes());
    assertThatThrownBy(() -> t.export(broken))
        .isInstanceOf(BackfillInputException.class)
        .hasMessageContaining("manifest-files.json line 1 is malformed");
    // ION
    ExportLayout ion =
        new ExportLayout(stack.s3Client(), stack.bucket(), "exports/ion", "sales", now);
    ion.format = "ION";
    ion.file(items.subList(0, 10)).write();
    assertThatThrownBy(() -> t.export(ion))
        .isInstanceOf(BackfillInputException.class)
        .hasMessageContaining("ION")
        .hasMessageContaining("--export-format DYNAMODB_JSON");
    // an export of another table
    ExportLayout other =
        new ExportLayout(stack.s3Client(), stack.bucket(), "exports/other", "orders", now);
    other.file(List.of(Map.of("order_id", AttributeValue.fromS("o1")))).write();
    assertThatThrownBy(() -> t.runner(1, 1).run(t.export(other), QUIET))
        .isInstanceOf(BackfillInputException.class)
        .hasMessageContaining("table/orders")
        .hasMessageContaining("[tenant_id, product_id]");
    assertThat(t.history().currentSnapshot()).isNull();

    // a truncated gzip in the second of three files: the first is committed, the second names
    // itself, the third is not committed; once the file is whole again a re-run finishes.
    ExportLayout truncated =
        new ExportLayout(stack.s3Client(), stack.bucket(), "exports/truncated", "sales", now);
    truncated.file(items.subList(0, 30)).file(items.subList(30, 60)).file(items.subList(60, 90));
    truncated.write();
    byte[] whole = truncated.get(truncated.dataKey(1));
    truncated.put(truncated.dataKey(1), java.util.Arrays.copyOf(whole, whole.length / 2));
    String name = truncated.dataKey(1).substring(truncated.dataKey(1).lastIndexOf('/') + 1);
    assertThatThrownBy(() -> t.runner(1, 1).run(t.export(truncated), QUIET))
        .isInstanceOf(BackfillInputException.class)
        .hasMessageContaining(name)
        .hasMessageContaining("truncated")
        .hasMessageContaining("re-run resumes");
    assertThat(rowsByKey(t.history())).hasSize(30);
    truncated.put(truncated.dataKey(1), whole);
    BackfillRunner.Report resumed = t.runner(1, 1).run(t.export(truncated), QUIET);
    assertThat(resumed.resumed()).isEqualTo(1);
    assertThat(resumed.added()).isEqualTo(60);
    assertThat(rowsByKey(t.history())).hasSize(90);

    // a file with fewer items than its manifest says
    ExportLayout shortFile =
        new ExportLayout(stack.s3Client(), stack.bucket(), "exports/short", "sales", now);
    shortFile.file(items.subList(0, 5)).write();
    shortFile.put(shortFile.dataKey(0), ExportLayout.gzip(ExportLayout.line(items.get(0)) + "\n"));
    assertThatThrownBy(() -> t.runner(1, 1).run(t.export(shortFile), QUIET))
        .isInstanceOf(BackfillInputException.class)
        .hasMessageContaining("holds 1 items but manifest-files.json says 5");

    // an export older than the tombstones reach
    ExportLayout old =
        new ExportLayout(
            stack.s3Client(),
            stack.bucket(),
            "exports/old",
            "sales",
            now.minus(Duration.ofDays(3)));
    old.file(items.subList(0, 5)).write();
    Tables fresh = tables("backfill_old");
    assertThatThrownBy(() -> fresh.runner(1, 1).run(fresh.export(old), QUIET))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Take a new export");
  }

  @Test
  void killedInTheMiddle_aRerunNeitherDuplicatesNorLoses(@TempDir Path dir) throws Exception {
    Tables t = tables("backfill_kill");
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    ExportLayout layout =
        new ExportLayout(stack.s3Client(), stack.bucket(), "exports/kill", "sales", now);
    Map<String, String> expected = new TreeMap<>();
    for (int f = 0; f < 24; f++) {
      List<Map<String, AttributeValue>> items = new ArrayList<>();
      for (int i = 0; i < 150; i++) {
        String product = "f" + f + "-p" + i;
        String date = String.format("2024-%02d-%02dT08:00:00Z", 1 + (i % 12), 1 + f);
        String price = (f + 1) + "." + String.format("%02d", i % 100);
        items.add(Sales.item("t" + i % 5, product, price, date));
        expected.put(
            "t" + i % 5 + "|" + product, new BigDecimal(price).toPlainString() + "@" + date);
      }
      layout.file(items);
    }
    layout.write();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(
            java,
            "-Xmx512m",
            "-cp",
            System.getProperty("java.class.path"),
            BackfillProcess.class.getName(),
            layout.location());
    builder.environment().putAll(t.env());
    builder.redirectErrorStream(true).redirectOutput(dir.resolve("backfill.log").toFile());
    Process process = builder.start();
    Table history = t.history();
    Awaitility.await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              history.refresh();
              return chunkCommits(history) >= 3 || !process.isAlive();
            });
    assertThat(process.isAlive()).as("backfill still running after 3 chunks").isTrue();
    process.destroyForcibly(); // SIGKILL
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    history.refresh();
    int before = chunkCommits(history);
    assertThat(before).isBetween(3, 23);

    BackfillRunner.Report report = t.runner(2, 1).run(t.export(layout), QUIET);

    assertThat(report.resumed()).isGreaterThanOrEqualTo(before);
    assertThat(report.resumed() + chunkCommitsAfter(t.history(), before)).isEqualTo(24);
    assertThat(priceAtDate(rowsByKey(t.history()))).isEqualTo(expected);
    System.out.printf(
        "backfill killed after %d of 24 chunks; the re-run resumed %d and committed the rest;"
            + " %d rows equal the export%n",
        before, report.resumed(), expected.size());
  }

  @Test
  void scan_whileWritersChangeTheTable_convergesWithTheStream(@TempDir Path dir) throws Exception {
    try (IngestionHarness etl = new IngestionHarness("backfill_scan", dir, 20261204)) {
      etl.write(600); // the history before the pipeline: never in the stream
      etl.startStreamingFromLatest();
      Thread writers =
          new Thread(
              () -> {
                for (int i = 0; i < 40; i++) {
                  etl.write(10);
                  try {
                    Thread.sleep(50);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              });
      writers.start();
      EtlConfig config = EtlConfig.from(etl.directEnv());
      BackfillRunner.Report report =
          new BackfillRunner(config, etl.catalog, 2, 1, Clock.systemUTC())
              .run(
                  new ScanSource(
                      etl.stack.dynamoDbClient(),
                      etl.name,
                      6,
                      config.tables().keyColumns(),
                      Clock.systemUTC()),
                  QUIET);
      writers.join();
      int rows = etl.awaitConvergedAndStop(Duration.ofMinutes(4));
      // the history's keys that no write during the backfill touched come from the scan alone
      assertThat(report.added()).isGreaterThan(50);
      assertThat(rows).isGreaterThan(200);
      System.out.printf(
          "scan backfill beside the stream: %d items read, %d added, %d left out, %d settled;"
              + " %d rows equal DynamoDB after the stream caught up%n",
          report.items(), report.added(), report.leftOut(), report.settled(), rows);
    }
  }

  /**
   * Data and faults the backfill was not designed around: an item the export holds in a rejected
   * form that the stream corrects after the backfill; a key the stream removed before it; and the
   * catalog killed with SIGKILL in the middle of the run. The run fails, the catalog comes back, a
   * re-run finishes, and the table holds exactly what DynamoDB holds.
   */
  @Test
  void rejectedThenCorrected_removedBefore_catalogKilledMidRun_endsExact() throws Exception {
    Tables t = tables("backfill_adversary");
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    ExportLayout layout =
        new ExportLayout(stack.s3Client(), stack.bucket(), "exports/adversary", "sales", now);
    Map<String, String> expected = new TreeMap<>();
    for (int f = 0; f < 16; f++) {
      List<Map<String, AttributeValue>> items = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        String product = "a" + f + "-" + i;
        String date = String.format("2025-%02d-07T12:00:00Z", 1 + (i + f) % 12);
        items.add(Sales.item("t" + i % 3, product, "3." + (10 + i), date));
        expected.put("t" + i % 3 + "|" + product, "3." + (10 + i) + "@" + date);
      }
      if (f == 5) {
        items.add(Sales.item("t9", "fixed-later", "12.345", "2025-02-01T00:00:00Z"));
      }
      layout.file(items);
    }
    layout.write();
    // the stream removed one exported key before the backfill started
    StreamBatchService stream =
        new StreamBatchService(t.config(), t.catalog(), Clock.systemUTC(), m -> {});
    DynamodbStreamRecord remove =
        SyntheticRecords.insert(
            9_000, ScanSource.image(Sales.item("t0", "a3-0", "3.10", "2025-04-07T12:00:00Z")));
    remove.setEventName("REMOVE");
    remove.getDynamodb().setOldImage(remove.getDynamodb().getNewImage());
    remove.getDynamodb().setNewImage(null);
    assertThat(stream.process(List.of(remove), () -> 300_000L).failure()).isNull();
    expected.remove("t0|a3-0");

    // the catalog is killed once two chunks are in
    Table history = t.history();
    Thread killer =
        new Thread(
            () -> {
              Awaitility.await()
                  .atMost(Duration.ofMinutes(2))
                  .pollInterval(Duration.ofMillis(50))
                  .ignoreExceptions()
                  .until(
                      () -> {
                        history.refresh();
                        return chunkCommits(history) >= 2;
                      });
              stack.killCatalog();
            });
    killer.start();
    Throwable failure = null;
    try {
      t.runner(1, 1).run(t.export(layout), QUIET);
    } catch (RuntimeException e) {
      failure = e;
    }
    killer.join();
    stack.startCatalog();
    assertThat(failure).as("the run stopped when the catalog died").isNotNull();

    BackfillRunner.Report rerun = t.runner(2, 1).run(t.export(layout), QUIET);
    assertThat(rerun.resumed()).isGreaterThanOrEqualTo(2);
    assertThat(reasons(t.errors())).containsEntry("BAD_PRICE", 1L);
    // then the stream brings the correction of the rejected item, after the backfill
    DynamodbStreamRecord fix =
        SyntheticRecords.insert(
            9_001,
            ScanSource.image(Sales.item("t9", "fixed-later", "12.34", "2025-02-01T00:00:00Z")));
    fix.setEventName("MODIFY");
    assertThat(stream.process(List.of(fix), () -> 300_000L).failure()).isNull();
    expected.put("t9|fixed-later", "12.34@2025-02-01T00:00:00Z");

    assertThat(priceAtDate(rowsByKey(t.history()))).isEqualTo(expected);
    assertThat(reasons(t.errors())).containsEntry("BAD_PRICE", 1L);
    System.out.printf(
        "adversary backfill: catalog killed after 2 chunks (%s); the re-run resumed %d of 16"
            + " files; %d rows equal DynamoDB's, the rejected item corrected by the stream%n",
        failure.getClass().getSimpleName(), rerun.resumed(), expected.size());
  }

  /**
   * The AWS path, step by step as the state machine runs it: plan, the Distributed Map's workers
   * over batches of manifest-files.json lines (one batch delivered twice, as a retried worker), the
   * committer called until done. Step Functions itself is not here; its steps are.
   */
  @Test
  void stepFunctionsSteps_planWorkCommit_stageThroughS3_andARetriedWorkerAddsNothing() {
    Tables t = tables("backfill_sfn");
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    ExportLayout layout =
        new ExportLayout(stack.s3Client(), stack.bucket(), "exports/sfn", "sales", now);
    Map<String, String> expected = new TreeMap<>();
    for (int f = 0; f < 5; f++) {
      List<Map<String, AttributeValue>> items = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        String product = "s" + f + "-" + i;
        String date = String.format("2023-%02d-03T08:00:00Z", 1 + i % 12);
        items.add(Sales.item("t" + i % 2, product, "7." + (10 + i), date));
        expected.put("t" + i % 2 + "|" + product, "7." + (10 + i) + "@" + date);
      }
      layout.file(items);
    }
    layout.write();
    io.salesflow.etl.backfill.BackfillHandler handler =
        new io.salesflow.etl.backfill.BackfillHandler(t.config());

    Map<String, Object> plan =
        handler.handleRequest(Map.of("action", "plan", "export", layout.location()), null);
    assertThat(plan)
        .containsEntry("bucket", stack.bucket())
        .containsEntry("manifestKey", layout.folderKey() + "manifest-files.json")
        .containsEntry("units", 5)
        .containsEntry("resumed", 0);
    List<Map<String, Object>> lines = new ArrayList<>();
    for (String line :
        new String(layout.get(layout.folderKey() + "manifest-files.json")).split("\n")) {
      lines.add(json(line));
    }
    for (int i = 0; i < lines.size(); i += 2) {
      Map<String, Object> batch =
          Map.of(
              "action", "work",
              "export", layout.location(),
              "Items", lines.subList(i, Math.min(lines.size(), i + 2)));
      Map<String, Object> worked = handler.handleRequest(batch, null);
      assertThat(worked.get("items")).isEqualTo(40L * ((List<?>) batch.get("Items")).size());
      if (i == 0) {
        handler.handleRequest(batch, null); // a retried worker stages the same units again
      }
    }
    Map<String, Object> committed =
        handler.handleRequest(Map.of("action", "commit", "export", layout.location()), null);
    assertThat(committed).containsEntry("done", true).containsEntry("committedUnits", 5);
    assertThat(committed.get("added")).isEqualTo(200L);
    assertThat(priceAtDate(rowsByKey(t.history()))).isEqualTo(expected);
    // the staging records are gone; a second commit call finds nothing and changes nothing
    long snapshot = t.history().currentSnapshot().snapshotId();
    Map<String, Object> again =
        handler.handleRequest(Map.of("action", "commit", "export", layout.location()), null);
    assertThat(again).containsEntry("done", true).containsEntry("added", 0L);
    assertThat(t.history().currentSnapshot().snapshotId()).isEqualTo(snapshot);
    // a worker run again after the commit skips the committed files
    Map<String, Object> late =
        handler.handleRequest(
            Map.of("action", "work", "export", layout.location(), "Items", lines.subList(0, 2)),
            null);
    assertThat(late).containsEntry("units", 0).containsEntry("skipped", 2);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> json(String line) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readValue(line, Map.class);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static int chunkCommits(Table history) {
    int n = 0;
    for (Snapshot s : history.snapshots()) {
      if (s.summary().containsKey(BackfillCommitter.UNITS)) {
        n++;
      }
    }
    return n;
  }

  private static int chunkCommitsAfter(Table history, int before) {
    return chunkCommits(history) - before;
  }

  private static AttributeValue float32(int size, int seed) {
    ByteBuffer buffer = ByteBuffer.allocate(size * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < size; i++) {
      buffer.putFloat((float) (seed + i / 1000.0));
    }
    return AttributeValue.fromB(SdkBytes.fromByteArray(buffer.array()));
  }

  private static Map<String, Record> rowsByKey(Table table) {
    Map<String, Record> rows = new TreeMap<>();
    for (Record r : EtlFixture.read(table)) {
      String key = r.getField("tenant_id") + "|" + r.getField("product_id");
      assertThat(rows.put(key, r)).as("second row for key %s", key).isNull();
    }
    return rows;
  }

  private static Map<String, String> priceAtDate(Map<String, Record> rows) {
    Map<String, String> out = new TreeMap<>();
    rows.forEach(
        (key, r) ->
            out.put(
                key,
                ((BigDecimal) r.getField("sold_price")).toPlainString()
                    + "@"
                    + ((LocalDateTime) r.getField("sold_date")).toString()
                    + ":00Z"));
    return out;
  }

  private static Map<String, Long> reasons(Table errors) {
    Map<String, Long> counts = new TreeMap<>();
    EtlFixture.read(errors)
        .forEach(r -> counts.merge((String) r.getField("reason"), 1L, Long::sum));
    return counts;
  }
}
