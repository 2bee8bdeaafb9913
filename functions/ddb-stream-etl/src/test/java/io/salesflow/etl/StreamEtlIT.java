package io.salesflow.etl;

import static io.salesflow.etl.EtlFixture.assertSucceeded;
import static io.salesflow.etl.EtlFixture.n;
import static io.salesflow.etl.EtlFixture.s;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.salesflow.localstack.LocalStack;
import io.salesflow.localstack.LocalStackExtension;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.InputFile;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The real handler on DynamoDB Local's real stream, writing through the REST catalog to S3Proxy,
 * read back with Iceberg's generic reader.
 */
@ExtendWith(LocalStackExtension.class)
class StreamEtlIT {

  private final LocalStack stack;

  StreamEtlIT(LocalStack stack) {
    this.stack = stack;
  }

  /** Inserts 12 sales over several months, then modifies, moves, removes and TTL-expires some. */
  private static List<DynamodbStreamRecord> lifecycle(
      EtlFixture etl, List<List<DynamodbStreamRecord>> batches) {
    for (int i = 0; i < 12; i++) {
      etl.put(
          Sales.item(
              "t" + (i % 2), "p" + i, (100 + i) + ".50", "2024-0" + (1 + i % 6) + "-15T10:00:00Z"));
    }
    batches.add(etl.poll());
    etl.put(Sales.item("t0", "p0", "80.00", "2024-01-15T10:00:00Z")); // price change, same month
    etl.put(Sales.item("t1", "p1", "90.25", "2024-09-02T08:00:00+02:00")); // moves Feb -> Sep
    etl.put(
        Sales.item("t0", "p2", "91.00", "2023-12-31T23:30:00-01:00")); // moves Mar -> 2024-01 UTC
    etl.delete("t1", "p3"); // user remove
    etl.put(Sales.item("t0", "p4", "95.00", "2024-05-15T10:00:00Z"));
    etl.put(Sales.item("t0", "p4", "96.00", "2024-06-15T10:00:00Z")); // two images in one batch
    batches.add(etl.poll());
    etl.delete("t1", "p5"); // expired by TTL (marked below)
    etl.delete("t0", "p6"); // user remove
    etl.put(Sales.item("t1", "p7", "111.11", "2024-02-01T00:00:00Z"));
    List<DynamodbStreamRecord> last = etl.poll();
    last.stream()
        .filter(r -> r.getDynamodb().getKeys().get("product_id").getS().equals("p5"))
        .forEach(EtlFixture::asTtl);
    batches.add(last);
    List<DynamodbStreamRecord> all = new ArrayList<>();
    batches.forEach(all::addAll);
    return all;
  }

  private static void assertMirrors(
      EtlFixture etl, Map<String, Map<String, AttributeValue>> expected) {
    Map<String, Record> rows = etl.rowsByKey();
    assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    expected.forEach(
        (key, item) -> {
          Record row = rows.get(key);
          assertThat((BigDecimal) row.getField("sold_price"))
              .as("price of %s", key)
              .isEqualByComparingTo(item.get("sold_price").n());
          LocalDateTime date =
              SaleImageConverter.soldDate(
                  new com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue()
                      .withS(item.get("sold_date").s()));
          assertThat(row.getField("sold_date")).as("sold_date of %s", key).isEqualTo(date);
          assertThat(row.getField("year")).isEqualTo(date.getYear());
          assertThat(row.getField("month")).isEqualTo(date.getMonthValue());
          assertThat(row.getField("category")).isEqualTo(item.get("category").s());
          assertThat(row.getField("stream_seq")).isNotNull();
          assertThat(row.getField("ingested_at")).isNotNull();
        });
  }

  @ParameterizedTest
  @ValueSource(strings = {"position", "equality"})
  void upsert_tableEqualsDynamoDbFinalState_keepingTtlExpiredRows(String deleteMode)
      throws Exception {
    try (EtlFixture etl =
        new EtlFixture(
            stack,
            "upsert_state_" + deleteMode,
            WriteMode.UPSERT,
            Map.of(EtlConfig.DELETE_MODE, deleteMode))) {
      List<List<DynamodbStreamRecord>> batches = new ArrayList<>();
      lifecycle(etl, batches);
      for (List<DynamodbStreamRecord> batch : batches) {
        assertSucceeded(etl.handle(batch));
      }

      Map<String, Map<String, AttributeValue>> expected = new java.util.HashMap<>(etl.items());
      expected.put(
          "t1|p5", Sales.item("t1", "p5", "105.50", "2024-06-15T10:00:00Z")); // TTL keeps history
      assertMirrors(etl, expected);
      BatchMetrics third = etl.metrics.get(2);
      assertThat(third.ttlSkipped()).isEqualTo(1);
      assertThat(third.removes()).isEqualTo(1);
      // One commit to sales_history per batch; in position mode a batch with user REMOVEs first
      // commits their tombstones (the first batch has none).
      assertThat(etl.metrics.get(0).commits()).isEqualTo(1);
      assertThat(etl.metrics)
          .allSatisfy(
              m ->
                  assertThat(m.commits())
                      .isEqualTo(deleteMode.equals("position") && m.removes() > 0 ? 2 : 1));
      assertThat(etl.snapshots(etl.history())).isEqualTo(etl.metrics.size());
      org.apache.iceberg.FileContent deletes =
          deleteMode.equals("position")
              ? org.apache.iceberg.FileContent.POSITION_DELETES
              : org.apache.iceberg.FileContent.EQUALITY_DELETES;
      try (CloseableIterable<FileScanTask> tasks = etl.history().newScan().planFiles()) {
        List<org.apache.iceberg.DeleteFile> all = new ArrayList<>();
        tasks.forEach(t -> all.addAll(t.deletes()));
        assertThat(all).isNotEmpty().allSatisfy(d -> assertThat(d.content()).isEqualTo(deletes));
      }
    }
  }

  @Test
  void upsert_writesSnappyParquetClusteredByPartition(@TempDir Path dir) throws Exception {
    try (EtlFixture etl = new EtlFixture(stack, "upsert_files", WriteMode.UPSERT)) {
      for (int i = 0; i < 30; i++) {
        etl.put(
            Sales.with(
                Sales.item(
                    "t" + (i % 3), "p" + i, "10.00", "2024-0" + (1 + i % 3) + "-01T00:00:00Z"),
                "embedding",
                Sales.embedding(1024)));
      }
      assertSucceeded(etl.handle(etl.poll()));

      Table table = etl.history();
      List<DataFile> files = new ArrayList<>();
      try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
        tasks.forEach(t -> files.add(t.file()));
      }
      assertThat(files)
          .hasSize(3)
          .allSatisfy(f -> assertThat(f.format()).isEqualTo(FileFormat.PARQUET));
      assertThat(files)
          .extracting(f -> f.partition().get(1, Integer.class))
          .containsExactlyInAnyOrder(1, 2, 3);
      assertThat(etl.metrics.get(0).dataFiles()).isEqualTo(3);
      assertThat(etl.metrics.get(0).deleteFiles()).as("new keys need no delete").isZero();
      InputFile input = table.io().newInputFile(files.get(0).location());
      Path local = dir.resolve("f.parquet");
      try (var in = input.newStream()) {
        Files.copy(in, local);
      }
      try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(local))) {
        assertThat(reader.getFooter().getBlocks().get(0).getColumns())
            .allSatisfy(c -> assertThat(c.getCodec()).isEqualTo(CompressionCodecName.SNAPPY));
        assertThat(reader.getFooter().getBlocks().get(0).getColumns())
            .filteredOn(c -> c.getPath().toDotString().equals("product_id"))
            .as(
                "a Bloom filter on product_id, for the key lookup (tenant_id, dictionary-encoded,"
                    + " is skipped by its dictionary)")
            .singleElement()
            .satisfies(c -> assertThat(c.getBloomFilterOffset()).isPositive());
      }
      assertThat((List<?>) etl.rowsByKey().get("t0|p0").getField("embedding")).hasSize(1024);
    }
  }

  @Test
  void append_tableEqualsEventLog() {
    try (EtlFixture etl = new EtlFixture(stack, "append_log", WriteMode.APPEND)) {
      List<List<DynamodbStreamRecord>> batches = new ArrayList<>();
      List<DynamodbStreamRecord> all = lifecycle(etl, batches);
      for (List<DynamodbStreamRecord> batch : batches) {
        assertSucceeded(etl.handle(batch));
      }

      List<Record> rows = EtlFixture.read(etl.history());
      assertThat(rows)
          .extracting(r -> r.getField("stream_seq"))
          .containsExactlyInAnyOrderElementsOf(
              all.stream().map(r -> r.getDynamodb().getSequenceNumber()).toList());
      assertThat(rows).filteredOn(r -> "REMOVE_TTL".equals(r.getField("stream_event"))).hasSize(1);
      assertThat(rows).filteredOn(r -> "REMOVE".equals(r.getField("stream_event"))).hasSize(2);
    }
  }

  @Test
  void upsert_replays_convergeToOneRowPerKey() {
    // Stops servers on purpose: a stack of its own, so no other test sees a restarted server.
    try (LocalStack faults = LocalStack.start();
        EtlFixture etl = new EtlFixture(faults, "upsert_replays", WriteMode.UPSERT)) {
      List<List<DynamodbStreamRecord>> batches = new ArrayList<>();
      lifecycle(etl, batches);
      List<DynamodbStreamRecord> b1 = batches.get(0);
      List<DynamodbStreamRecord> b2 = batches.get(1);
      List<DynamodbStreamRecord> b3 = batches.get(2);

      assertSucceeded(etl.handle(b1));
      assertSucceeded(etl.handle(b1)); // the same batch twice (e.g. crash after commit, then retry)
      assertSucceeded(etl.handle(b2));
      assertSucceeded(etl.handle(b2.subList(0, b2.size() / 2))); // committed batch retried bisected
      assertSucceeded(etl.handle(b2.subList(b2.size() / 2, b2.size())));
      long snapshotsBefore = etl.snapshots(etl.history());
      BatchResult failed =
          etl.processWithS3DownAtCommit(b3); // S3 down mid-batch: nothing committed
      assertThat(failed.failedSequenceNumbers())
          .containsExactly(b3.get(0).getDynamodb().getSequenceNumber());
      assertThat(failed.failure()).isNotBlank();
      assertThat(etl.snapshots(etl.history())).isEqualTo(snapshotsBefore);
      assertSucceeded(etl.handle(b3));
      assertSucceeded(etl.handle(b3));

      Map<String, Map<String, AttributeValue>> expected = new java.util.HashMap<>(etl.items());
      expected.put("t1|p5", Sales.item("t1", "p5", "105.50", "2024-06-15T10:00:00Z"));
      assertMirrors(etl, expected);
    }
  }

  @Test
  void append_replays_appendEachEventOnce() {
    // Stops servers on purpose: a stack of its own, so no other test sees a restarted server.
    try (LocalStack faults = LocalStack.start();
        EtlFixture etl = new EtlFixture(faults, "append_replays", WriteMode.APPEND)) {
      List<List<DynamodbStreamRecord>> batches = new ArrayList<>();
      List<DynamodbStreamRecord> all = lifecycle(etl, batches);
      List<DynamodbStreamRecord> b1 = batches.get(0);
      List<DynamodbStreamRecord> b2 = batches.get(1);

      assertSucceeded(etl.handle(b1));
      assertSucceeded(etl.handle(b1));
      assertThat(etl.metrics.get(1).replaySkipped()).isEqualTo(b1.size());
      assertSucceeded(etl.handle(b2));
      assertSucceeded(etl.handle(b2.subList(0, 3)));
      assertSucceeded(etl.handle(b2.subList(3, b2.size())));
      assertThat(etl.metrics.get(3).replaySkipped()).isEqualTo(3);
      assertThat(etl.processWithS3DownAtCommit(batches.get(2)).succeeded()).isFalse();
      assertSucceeded(etl.handle(batches.get(2)));

      List<Record> rows = EtlFixture.read(etl.history());
      assertThat(rows)
          .extracting(r -> (String) r.getField("stream_seq"))
          .containsExactlyInAnyOrderElementsOf(
              all.stream().map(r -> r.getDynamodb().getSequenceNumber()).toList());
    }
  }

  @Test
  void interleavedRetriesFromTwoShards_convergeInBothModes() {
    for (WriteMode mode : WriteMode.values()) {
      try (EtlFixture etl = new EtlFixture(stack, "shards_" + mode.name().toLowerCase(), mode)) {
        for (int i = 0; i < 20; i++) {
          etl.put(
              Sales.item(
                  i < 10 ? "shardA" : "shardB",
                  "p" + i,
                  "10." + i,
                  "2024-03-0" + (1 + i % 9) + "T00:00:00Z"));
        }
        List<DynamodbStreamRecord> records = etl.poll();
        Predicate<DynamodbStreamRecord> inA =
            r -> r.getDynamodb().getKeys().get("tenant_id").getS().equals("shardA");
        List<DynamodbStreamRecord> a = records.stream().filter(inA).toList();
        List<DynamodbStreamRecord> b = records.stream().filter(inA.negate()).toList();

        assertSucceeded(etl.handle(a));
        assertSucceeded(etl.handle(b));
        assertSucceeded(etl.handle(a.subList(0, 5)));
        assertSucceeded(etl.handle(b));
        assertSucceeded(etl.handle(a.subList(5, 10)));
        assertSucceeded(etl.handle(b.subList(3, 10)));

        assertThat(EtlFixture.read(etl.history())).as(mode.name()).hasSize(20);
        assertThat(etl.rowsByKey()).hasSize(20);
      }
    }
  }

  @Test
  void catalogUnreachable_failsClearly_andLosesNothing() {
    // Stops servers on purpose: a stack of its own, so no other test sees a restarted server.
    try (LocalStack faults = LocalStack.start();
        EtlFixture etl = new EtlFixture(faults, "catalog_down", WriteMode.UPSERT)) {
      etl.put(Sales.item("t", "p1", "1.00", "2024-01-01"));
      List<DynamodbStreamRecord> batch = etl.poll();
      etl.stack.stopCatalog();
      StreamsEventResponse failed;
      try {
        failed = etl.handle(batch);
      } finally {
        etl.stack.startCatalog();
      }
      assertThat(failed.getBatchItemFailures()).hasSize(1);
      assertThat(etl.metrics.get(0).failed()).isTrue();

      assertSucceeded(etl.handle(batch));
      assertThat(etl.rowsByKey()).containsOnlyKeys("t|p1");
    }
  }

  @Test
  void tooLittleTimeLeft_commitsNothing() {
    try (EtlFixture etl =
        new EtlFixture(
            stack, "no_time", WriteMode.UPSERT, Map.of(EtlConfig.SAFETY_MARGIN_MS, "5000"))) {
      etl.put(Sales.item("t", "p1", "1.00", "2024-01-01"));
      List<DynamodbStreamRecord> batch = etl.poll();

      StreamsEventResponse response = etl.handle(batch, 4_000);

      assertThat(response.getBatchItemFailures())
          .extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
          .containsExactly(batch.get(0).getDynamodb().getSequenceNumber());
      assertThat(etl.history().currentSnapshot()).isNull();
      assertSucceeded(etl.handle(batch, 60_000));
      assertThat(etl.rowsByKey()).hasSize(1);
    }
  }

  @Test
  void fourConcurrentWriters_disjointKeys_allRowsExactlyOnce_conflictsCounted() throws Exception {
    try (EtlFixture etl = new EtlFixture(stack, "concurrent", WriteMode.UPSERT)) {
      for (int i = 0; i < 80; i++) {
        etl.put(Sales.item("w" + (i % 4), "p" + i, "5.00", "2024-0" + (1 + i % 4) + "-10"));
      }
      List<DynamodbStreamRecord> records = etl.poll();
      List<StreamBatchService> services = new ArrayList<>();
      List<List<BatchMetrics>> metrics = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        List<BatchMetrics> sink = new java.util.concurrent.CopyOnWriteArrayList<>();
        metrics.add(sink);
        StreamBatchService service =
            new StreamBatchService(
                etl.config,
                StreamEtlHandler.catalog(etl.config),
                java.time.Clock.systemUTC(),
                sink::add);
        service.warmUp();
        services.add(service);
      }
      java.util.concurrent.CyclicBarrier barrier = new java.util.concurrent.CyclicBarrier(4);
      java.util.concurrent.ExecutorService pool =
          java.util.concurrent.Executors.newFixedThreadPool(4);
      List<java.util.concurrent.Future<Integer>> results = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        String tenant = "w" + w;
        StreamBatchService service = services.get(w);
        List<DynamodbStreamRecord> mine =
            records.stream()
                .filter(r -> r.getDynamodb().getKeys().get("tenant_id").getS().equals(tenant))
                .toList();
        results.add(
            pool.submit(
                () -> {
                  int failures = 0;
                  for (int batch = 0; batch < 5; batch++) {
                    barrier.await();
                    BatchResult result =
                        service.process(mine.subList(batch * 4, batch * 4 + 4), () -> 300_000L);
                    failures += result.succeeded() ? 0 : 1;
                  }
                  return failures;
                }));
      }
      for (var f : results) {
        assertThat(f.get()).isZero();
      }
      pool.shutdown();

      assertThat(etl.rowsByKey()).hasSize(80);
      int commits = metrics.stream().flatMap(List::stream).mapToInt(BatchMetrics::commits).sum();
      int attempts =
          metrics.stream().flatMap(List::stream).mapToInt(BatchMetrics::commitAttempts).sum();
      assertThat(commits).isEqualTo(20);
      assertThat(attempts).as("conflicting commits are retried and counted").isGreaterThan(commits);
    }
  }

  @Test
  void badRecords_goToErrorsTable_onceEach_andNeverBlockTheBatch() {
    try (EtlFixture etl = new EtlFixture(stack, "bad_input", WriteMode.UPSERT)) {
      var good = Sales.item("t", "good", "10.00", "2024-04-01T00:00:00Z");
      etl.put(good);
      etl.put(Sales.with(Sales.item("t", "no-date", "1.00", "x"), "sold_date", null));
      etl.put(Sales.item("t", "bad-date", "1.00", "31/12/2024"));
      etl.put(Sales.item("t", "bad-price", "1.999", "2024-04-01"));
      etl.put(Sales.with(Sales.item("t", "bad-source", "1.00", "2024-04-01"), "source", s("ebay")));
      etl.put(Sales.with(Sales.item("t", "bad-season", "1.00", "2024-04-01"), "season", s("Q1")));
      etl.put(
          Sales.with(
              Sales.item("t", "bad-embedding", "1.00", "2024-04-01"),
              "embedding",
              Sales.embedding(1000)));
      etl.put(Sales.with(Sales.item("t", "bad-type", "1.00", "2024-04-01"), "brand", n("42")));
      etl.put(
          Sales.with(
              Sales.item("t", "oversized", "1.00", "2024-04-01"),
              "description",
              s("x".repeat(20_001))));
      List<DynamodbStreamRecord> batch = new ArrayList<>(etl.poll());
      batch.add(malformed("UPDATE", batch.get(0)));
      DynamodbStreamRecord noSection = malformed("INSERT", batch.get(0));
      noSection.setDynamodb(null);
      noSection.setEventID("no-section");
      batch.add(noSection);
      DynamodbStreamRecord noKey = malformed("INSERT", batch.get(0));
      noKey.getDynamodb().getNewImage().remove("product_id");
      noKey.getDynamodb().setSequenceNumber("999999999999999999999");
      batch.add(noKey);

      assertSucceeded(etl.handle(batch));
      assertSucceeded(etl.handle(batch)); // replay: still one error row per bad record

      assertThat(etl.rowsByKey()).containsOnlyKeys("t|good");
      List<Record> errors = EtlFixture.read(etl.errors());
      assertThat(errors)
          .extracting(r -> (String) r.getField("reason"))
          .containsExactlyInAnyOrder(
              "BAD_DATE",
              "BAD_DATE",
              "BAD_PRICE",
              "BAD_SOURCE",
              "BAD_SEASON",
              "BAD_EMBEDDING",
              "BAD_TYPE",
              "OVERSIZED",
              "UNKNOWN_EVENT",
              "UNDECODABLE",
              "MISSING_KEY");
      Record badPrice =
          errors.stream()
              .filter(r -> "BAD_PRICE".equals(r.getField("reason")))
              .findFirst()
              .orElseThrow();
      assertThat((String) badPrice.getField("message")).contains("more than 2 decimals");
      assertThat((String) badPrice.getField("raw_image"))
          .contains("\"sold_price\":{\"N\":\"1.999\"}");
      assertThat(badPrice.getField("product_id")).isEqualTo("bad-price");
      assertThat(badPrice.getField("stream_seq")).isNotNull();
      assertThat(etl.metrics.get(0).rejected()).isEqualTo(11);
      assertThat(etl.metrics.get(0).rejectedByReason()).containsEntry(Reason.BAD_DATE, 2);
      assertThat(etl.metrics.get(0).commits()).isEqualTo(2);
    }
  }

  @Test
  void emptyBatch_andAllBadBatch_succeed() {
    try (EtlFixture etl = new EtlFixture(stack, "edge_batches", WriteMode.UPSERT)) {
      assertSucceeded(etl.handle(List.of()));
      assertThat(etl.history().currentSnapshot()).isNull();

      etl.put(Sales.item("t", "bad", "-5", "2024-01-01"));
      etl.put(Sales.with(Sales.item("t", "bad2", "5", "2024-01-01"), "source", null));
      assertSucceeded(etl.handle(etl.poll()));

      assertThat(etl.history().currentSnapshot()).isNull();
      assertThat(EtlFixture.read(etl.errors())).hasSize(2);
    }
  }

  @Test
  void tableEvolvedPastTheCode_stillIngests_newColumnNull() {
    try (EtlFixture etl = new EtlFixture(stack, "evolved", WriteMode.UPSERT)) {
      etl.history()
          .updateSchema()
          .addColumn("color", org.apache.iceberg.types.Types.StringType.get(), "Colour")
          .commit();
      etl.put(Sales.item("t", "p1", "12.34", "2024-02-02T00:00:00Z"));

      assertSucceeded(etl.handle(etl.poll()));

      Record row = etl.rowsByKey().get("t|p1");
      assertThat(row.getField("color")).isNull();
      assertThat((BigDecimal) row.getField("sold_price")).isEqualByComparingTo("12.34");
    }
  }

  private static DynamodbStreamRecord malformed(String eventName, DynamodbStreamRecord template) {
    DynamodbStreamRecord r = new DynamodbStreamRecord();
    r.setEventID(template.getEventID() + "-" + eventName);
    r.setEventName(eventName);
    r.setEventSourceARN(template.getEventSourceARN());
    var d = new com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord();
    d.setKeys(template.getDynamodb().getKeys());
    d.setNewImage(new java.util.HashMap<>(template.getDynamodb().getNewImage()));
    d.setSequenceNumber(template.getDynamodb().getSequenceNumber() + "7");
    r.setDynamodb(d);
    return r;
  }
}
