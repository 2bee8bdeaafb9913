package io.salesflow.etl;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import io.salesflow.bootstrap.SchemaBootstrapService;
import io.salesflow.core.catalog.CatalogFactory;
import io.salesflow.localstack.LocalStack;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.ClusteredDataWriter;
import org.apache.iceberg.io.OutputFileFactory;

/**
 * Position-mode upsert benchmark: one month of sales_history preloaded with 10k, 100k and 1M rows
 * (compacted files, as after maintenance), then batches of 1,000 stream records through the
 * service: INSERT-only, 10 % and 50 % MODIFY/REMOVE of keys in that month. Prints rows/s against
 * the ceiling (Iceberg's generic writer on the batch's rows plus one commit), the key lookup's cost
 * cold (a new container: the index is built), warm (the index follows the table) and without the
 * index, and the index's heap. Prints Markdown tables.
 *
 * <p>Run: {@code mvn -B -ntp -pl functions/ddb-stream-etl -am verify -DskipTests
 * -Pupsert-benchmark} (see README, Performance); arguments: month sizes, e.g. {@code 10000,100000}.
 */
public final class UpsertBenchmark {

  private static final int BATCH = 1_000;
  private static final int RUNS = 5;
  private static final String MONTH = "2025-03";

  private UpsertBenchmark() {}

  public static void main(String[] args) throws Exception {
    List<Integer> sizes = new ArrayList<>();
    for (String s : (args.length > 0 ? args[0] : "10000,100000,1000000").split(",")) {
      sizes.add(Integer.parseInt(s.trim()));
    }
    System.out.println("### Upsert by key index (position deletes), batches of 1,000 records");
    System.out.println();
    System.out.println(
        "| rows in the month | batch | service rows/s | ceiling rows/s | ratio | p50 batch ms |"
            + " p50 lookup / write / commit ms |");
    System.out.println("|---|---|---|---|---|---|---|");
    List<String> lookupRows = new ArrayList<>();
    try (LocalStack stack = LocalStack.start()) {
      for (int monthRows : sizes) {
        Map<String, String> env = EtlFixture.env(stack, "bench_upsert_" + monthRows);
        EtlConfig config = EtlConfig.from(env);
        Catalog catalog = StreamEtlHandler.catalog(config);
        new SchemaBootstrapService(catalog).bootstrap(config.tables().tables().all(), false);
        Table table = catalog.loadTable(config.tables().tables().salesHistory().identifier());
        Table ceilingTable =
            EtlBenchmark.ceilingTable(stack, catalog, "bench_upsert_ceiling_" + monthRows);
        Stream stream = new Stream(monthRows);
        stream.preload(table);
        lookupRows.add(lookupCost(table, config, stream, monthRows));

        StreamBatchService service =
            new StreamBatchService(config, catalog, Clock.systemUTC(), m -> {});
        service.warmUp();
        for (int i = 0; i < 5; i++) { // warm-up (JIT, connections); the first builds the index
          service.process(stream.batch(BATCH, i % 2 == 0 ? 0 : 10), () -> 600_000L);
        }
        KeyIndex follower = new KeyIndex(config.tables().keyColumns(), 512L << 20);
        table.refresh();
        follower.find(table, List.of());
        List<Long> warm = new ArrayList<>();
        for (int changedPercent : new int[] {0, 10, 50}) {
          List<Double> rates = new ArrayList<>();
          List<Double> ceilings = new ArrayList<>();
          List<Long> millis = new ArrayList<>();
          List<Long> lookups = new ArrayList<>();
          List<Long> writes = new ArrayList<>();
          List<Long> commits = new ArrayList<>();
          for (int run = 0; run < RUNS; run++) {
            List<DynamodbStreamRecord> batch = stream.batch(BATCH, changedPercent);
            table.refresh();
            long lookup = System.nanoTime();
            follower.find(table, stream.keys(batch));
            warm.add((System.nanoTime() - lookup) / 1_000_000);
            long start = System.nanoTime();
            BatchResult result = service.process(batch, () -> 600_000L);
            long nanos = System.nanoTime() - start;
            if (!result.succeeded()) {
              throw new IllegalStateException("benchmark batch failed: " + result.failure());
            }
            millis.add(nanos / 1_000_000);
            lookups.add(result.metrics().lookupMillis());
            writes.add(result.metrics().writeMillis());
            commits.add(result.metrics().commitMillis());
            rates.add(BATCH / (nanos / 1e9));
            ceilings.add(EtlBenchmark.ceiling(ceilingTable, stream.rows(batch), false, true));
          }
          double rate = EtlBenchmark.median(rates);
          double ceiling = EtlBenchmark.median(ceilings);
          System.out.printf(
              Locale.ROOT,
              "| %,d | %s | %,.0f | %,.0f | %.2f | %d | %d / %d / %d |%n",
              monthRows,
              changedPercent == 0
                  ? "INSERT only"
                  : changedPercent + " % MODIFY/REMOVE of the month's keys",
              rate,
              ceiling,
              rate / ceiling,
              EtlBenchmark.percentile(millis, 50),
              EtlBenchmark.percentile(lookups, 50),
              EtlBenchmark.percentile(writes, 50),
              EtlBenchmark.percentile(commits, 50));
        }
        lookupRows.add(
            String.format(
                Locale.ROOT,
                "| %,d | warm, another writer's index: reads what each batch committed (p50 / p95"
                    + " of %d) | %d / %d ms | | |",
                monthRows,
                warm.size(),
                EtlBenchmark.percentile(warm, 50),
                EtlBenchmark.percentile(warm, 95)));
        CatalogFactory.close(catalog);
      }
    }
    System.out.println();
    System.out.println("### Key lookup for a batch of 1,000 keys (half present, half new)");
    System.out.println();
    System.out.println(
        "| rows in the month | lookup | ms | index heap, estimated | index heap, measured |");
    System.out.println("|---|---|---|---|---|");
    lookupRows.forEach(System.out::println);
    System.exit(0); // DynamoDB Local's threads are not daemons
  }

  /** Cold (index built by a new container), and without the index, on the preloaded month. */
  private static String lookupCost(Table table, EtlConfig config, Stream stream, int monthRows) {
    List<SaleKey> keys = new ArrayList<>();
    for (int i = 0; i < BATCH / 2; i++) {
      keys.add(stream.existingKey(i * (monthRows / (BATCH / 2))));
      keys.add(new SaleKey(List.of("tenant-0", "absent-" + i)));
    }
    List<String> lines = new ArrayList<>();
    List<Long> cold = new ArrayList<>();
    long estimated = 0;
    long measured = 0;
    for (int run = 0; run < 3; run++) {
      long before = usedHeap();
      KeyIndex index = new KeyIndex(config.tables().keyColumns(), 512L << 20);
      long start = System.nanoTime();
      KeyLookup.Result found = index.find(table, keys);
      cold.add((System.nanoTime() - start) / 1_000_000);
      if (found.rows().size() != BATCH / 2) {
        throw new IllegalStateException("lookup found " + found.rows().size() + " keys");
      }
      estimated = index.bytes();
      measured = usedHeap() - before;
      if (index.size() < 0) {
        throw new IllegalStateException(); // keeps the index reachable until measured
      }
    }
    List<Long> none = new ArrayList<>();
    for (int run = 0; run < 3; run++) {
      long start = System.nanoTime();
      KeyLookup.find(table, config.tables().keyColumns(), keys);
      none.add((System.nanoTime() - start) / 1_000_000);
    }
    lines.add(
        String.format(
            Locale.ROOT,
            "| %,d | cold: a new container builds the index (median of 3) | %d ms | %.1f MB | %.1f"
                + " MB |",
            monthRows,
            EtlBenchmark.percentile(cold, 50),
            estimated / 1048576.0,
            measured / 1048576.0));
    lines.add(
        String.format(
            Locale.ROOT,
            "| %,d | no index (ETL_KEY_INDEX_MB=0): files pruned by stats and Bloom filters (median"
                + " of 3) | %d ms | | |",
            monthRows,
            EtlBenchmark.percentile(none, 50)));
    return String.join("\n", lines);
  }

  private static long usedHeap() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** Images of one month's sales and the stream changes over them. */
  private static final class Stream {
    private final int preloaded;
    private final SplittableRandom random = new SplittableRandom(42);

    /** Preloaded keys changed since (absent: still the preloaded image; null: removed). */
    private final Map<SaleKey, Map<String, AttributeValue>> changed = new java.util.HashMap<>();

    private long sequence = 1_000_000_000L;
    private long products;

    Stream(int preloaded) {
      this.preloaded = preloaded;
    }

    SaleKey existingKey(int i) {
      return new SaleKey(List.of("tenant-" + (i % 5), "pre-" + i));
    }

    /** Writes the month's rows straight with Iceberg's writer, as compacted files. */
    void preload(Table table) throws java.io.IOException {
      int chunk = 100_000;
      for (int from = 0; from < preloaded; from += chunk) {
        List<DynamodbStreamRecord> records = new ArrayList<>();
        for (int i = from; i < Math.min(preloaded, from + chunk); i++) {
          records.add(record("INSERT", image(existingKey(i), "19.99"), null));
        }
        List<Record> rows = EtlBenchmark.rows(records);
        InternalRecordWrapper wrapper = new InternalRecordWrapper(table.schema().asStruct());
        PartitionKey partition = new PartitionKey(table.spec(), table.schema());
        partition.partition(wrapper.wrap(rows.get(0)));
        GenericFileWriterFactory factory =
            new GenericFileWriterFactory.Builder(table).dataFileFormat(FileFormat.PARQUET).build();
        OutputFileFactory files =
            OutputFileFactory.builderFor(table, 1, from)
                .format(FileFormat.PARQUET)
                .operationId(UUID.randomUUID().toString())
                .build();
        ClusteredDataWriter<Record> writer =
            new ClusteredDataWriter<>(factory, files, table.io(), 128L << 20);
        try (writer) {
          for (Record row : rows) {
            writer.write(row, table.spec(), partition);
          }
        }
        AppendFiles append = table.newFastAppend();
        writer.result().dataFiles().forEach(append::appendFile);
        append.commit();
      }
      table.refresh();
    }

    /**
     * {@code size} records: {@code changedPercent} % MODIFY or REMOVE of live keys, the rest new.
     */
    List<DynamodbStreamRecord> batch(int size, int changedPercent) {
      List<DynamodbStreamRecord> records = new ArrayList<>(size);
      java.util.Set<SaleKey> used = new java.util.HashSet<>();
      while (records.size() < size) {
        if (random.nextInt(100) < changedPercent) {
          SaleKey key = existingKey(random.nextInt(preloaded));
          Map<String, AttributeValue> old =
              changed.containsKey(key) ? changed.get(key) : image(key, "19.99");
          if (old == null || !used.add(key)) {
            continue; // removed already, or changed in this batch
          }
          if (random.nextBoolean()) {
            Map<String, AttributeValue> image = image(key, (20 + random.nextInt(900)) + ".50");
            changed.put(key, image);
            records.add(record("MODIFY", image, old));
          } else {
            changed.put(key, null);
            records.add(record("REMOVE", null, old));
          }
        } else {
          SaleKey key = new SaleKey(List.of("tenant-" + random.nextInt(5), "new-" + products++));
          used.add(key);
          records.add(record("INSERT", image(key, "49.00"), null));
        }
      }
      return records;
    }

    List<SaleKey> keys(List<DynamodbStreamRecord> batch) {
      List<SaleKey> keys = new ArrayList<>();
      for (DynamodbStreamRecord r : batch) {
        Map<String, AttributeValue> k = r.getDynamodb().getKeys();
        keys.add(new SaleKey(List.of(k.get("tenant_id").getS(), k.get("product_id").getS())));
      }
      return keys;
    }

    /** The batch's images as rows (the old image for a REMOVE): what the ceiling writes. */
    List<Record> rows(List<DynamodbStreamRecord> batch) {
      List<DynamodbStreamRecord> asInserts = new ArrayList<>();
      for (DynamodbStreamRecord r : batch) {
        Map<String, AttributeValue> image =
            r.getDynamodb().getNewImage() != null
                ? r.getDynamodb().getNewImage()
                : r.getDynamodb().getOldImage();
        asInserts.add(record("INSERT", image, null));
      }
      return EtlBenchmark.rows(asInserts);
    }

    private static Map<String, AttributeValue> image(SaleKey key, String price) {
      Map<String, AttributeValue> image = new LinkedHashMap<>();
      image.put("tenant_id", new AttributeValue().withS(key.values().get(0)));
      image.put("product_id", new AttributeValue().withS(key.values().get(1)));
      image.put("category", new AttributeValue().withS("coats"));
      image.put("brand", new AttributeValue().withS("Prada"));
      image.put("condition", new AttributeValue().withS("like_new"));
      image.put("sold_price", new AttributeValue().withN(price));
      image.put("sold_date", new AttributeValue().withS(MONTH + "-14T10:15:00Z"));
      image.put("source", new AttributeValue().withS("smartgo"));
      image.put("image_s3_key", new AttributeValue().withS("images/" + key.values().get(1)));
      image.put("description", new AttributeValue().withS("Pre-owned " + key.values().get(1)));
      return image;
    }

    private DynamodbStreamRecord record(
        String event, Map<String, AttributeValue> image, Map<String, AttributeValue> old) {
      long seq = sequence++;
      Map<String, AttributeValue> any = image != null ? image : old;
      DynamodbStreamRecord record = new DynamodbStreamRecord();
      record.setEventID("evt-" + seq);
      record.setEventName(event);
      record.setEventSource("aws:dynamodb");
      record.setEventVersion("1.1");
      record.setAwsRegion("us-east-1");
      record.setEventSourceARN(SyntheticRecords.ARN);
      StreamRecord ddb = new StreamRecord();
      ddb.setKeys(Map.of("tenant_id", any.get("tenant_id"), "product_id", any.get("product_id")));
      ddb.setNewImage(image);
      ddb.setOldImage(old);
      ddb.setSequenceNumber(String.format("%021d", seq));
      ddb.setApproximateCreationDateTime(new Date(1_750_000_000_000L + seq));
      ddb.setSizeBytes(500L);
      record.setDynamodb(ddb);
      return record;
    }
  }
}
