package io.salesflow.etl;

import io.salesflow.bootstrap.SchemaBootstrapService;
import io.salesflow.core.table.SalesHistoryTable;
import io.salesflow.etl.backfill.BackfillRunner;
import io.salesflow.etl.backfill.ExportSource;
import io.salesflow.localstack.LocalStack;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.Record;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Backfill throughput on the local servers: an export in DynamoDB's layout (files of 50,000 items,
 * 20 % with a 1,024-dimension embedding stored as float32 binary) read from the local S3 server,
 * converted, written and committed, against Iceberg's generic data writer alone on the same rows
 * (converted beforehand, clustered by partition, one thread, one append). Prints Markdown tables:
 * rows/s and the ratio, peak heap, files against the target size, commits; then the AWS estimate
 * for a 50 GB table derived from the measured time per data file.
 *
 * <p>{@code mvn -B -ntp -pl functions/ddb-stream-etl -am verify -DskipTests
 * -Dsalesflow.it.skip=true -Pbackfill-benchmark [-Dbackfill.benchmark.sizes=100000,1000000]}
 */
public final class BackfillBenchmark {

  private static final int ITEMS_PER_FILE = 50_000;

  private BackfillBenchmark() {}

  public static void main(String[] args) throws Exception {
    List<Integer> sizes = new ArrayList<>();
    for (String s : (args.length > 0 ? args[0] : "100000,1000000").split(",")) {
      sizes.add(Integer.parseInt(s.trim()));
    }
    System.out.println("### Backfill from a DynamoDB export (local S3 server, 2 cores)");
    System.out.println();
    System.out.println(
        "| sales | workers | export MB (gzip) | backfill rows/s | Iceberg writer alone rows/s |"
            + " ratio | worker s / commit s | peak heap MB | data files | avg file MB (target"
            + " 128) | commits |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
    List<String> estimates = new ArrayList<>();
    try (LocalStack stack = LocalStack.start()) {
      for (int sales : sizes) {
        ExportLayout layout = export(stack, sales);
        long exportBytes = exportBytes(stack, layout);
        for (int workers : List.of(1, 2)) {
          String db = "bench_backfill_" + sales + "_" + workers;
          EtlConfig config = EtlConfig.from(EtlFixture.env(stack, db));
          Catalog catalog = StreamEtlHandler.catalog(config);
          new SchemaBootstrapService(catalog).bootstrap(config.tables().tables().all(), false);
          Table history = catalog.loadTable(config.tables().tables().salesHistory().identifier());
          System.gc();
          resetPeaks();
          BackfillRunner.Report report =
              new BackfillRunner(
                      config,
                      catalog,
                      workers,
                      BackfillRunner.DEFAULT_CHUNK_UNITS,
                      Clock.systemUTC())
                  .run(
                      ExportSource.open(
                          history.io(), layout.location(), config.tables().keyColumns()),
                      new BackfillRunner.Listener() {});
          long peak = peakHeapMb();
          history.refresh();
          List<DataFile> files = new ArrayList<>();
          history.newScan().planFiles().forEach(t -> files.add(t.file()));
          double avgMb =
              files.stream().mapToLong(DataFile::fileSizeInBytes).average().orElse(0) / (1 << 20);
          int commits = 0;
          for (Snapshot s : history.snapshots()) {
            if (s.summary().containsKey(BackfillCommitter.UNITS)) {
              commits++;
            }
          }
          double rowsPerSecond = report.added() * 1000.0 / report.millis();
          double ceiling = ceiling(stack, catalog, config, layout, sales, workers);
          System.out.printf(
              Locale.ROOT,
              "| %,d | %d | %.0f | %,.0f | %,.0f | %.2f | %.1f / %.1f | %,d | %d | %.1f | %d |%n",
              sales,
              workers,
              exportBytes / 1048576.0,
              rowsPerSecond,
              ceiling,
              rowsPerSecond / ceiling,
              report.workMillis() / 1000.0,
              report.commitMillis() / 1000.0,
              peak,
              files.size(),
              avgMb,
              commits);
          if (workers == 1) {
            estimates.add(estimate(report, sales, exportBytes, layout));
          }
        }
      }
    }
    System.out.println();
    System.out.println("### AWS estimate for a 50 GB table (Step Functions path)");
    System.out.println();
    estimates.forEach(System.out::println);
  }

  /** Rows/s of Iceberg's generic writer alone on the same rows, converted beforehand. */
  private static double ceiling(
      LocalStack stack, Catalog catalog, EtlConfig config, ExportLayout layout, int sales, int run)
      throws Exception {
    if (run != 1) {
      return CEILINGS.get(sales);
    }
    Table table = EtlBenchmark.ceilingTable(stack, catalog, "bench_backfill_ceiling_" + sales);
    SaleImageConverter converter =
        new SaleImageConverter(
            config.tables().tables().salesHistory().schema(),
            config.tables().keyColumns(),
            config.maxStringLength());
    // In slices of 200,000 rows (1M converted rows at once do not fit the heap); the time of
    // each slice's write and append is summed.
    SplittableRandom random = new SplittableRandom(sales);
    double seconds = 0;
    for (int from = 0; from < sales; from += 200_000) {
      List<Record> rows = new ArrayList<>();
      for (int i = from; i < Math.min(sales, from + 200_000); i++) {
        Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue>
            image = io.salesflow.etl.backfill.ScanSource.image(item(random, i));
        var row = converter.toRow(image);
        row.setField(SalesHistoryTable.STREAM_EVENT, BackfillWorker.EVENT);
        rows.add(row);
      }
      seconds += rows.size() / EtlBenchmark.ceiling(table, rows, false, true);
    }
    double rowsPerSecond = sales / seconds;
    CEILINGS.put(sales, rowsPerSecond);
    return rowsPerSecond;
  }

  private static final Map<Integer, Double> CEILINGS = new LinkedHashMap<>();

  /**
   * Lambda time and cost for 50 GB from the time per data file measured here (one worker thread, as
   * a 3 GB worker has 2 vCPUs of which the reads and writes use both).
   */
  private static String estimate(
      BackfillRunner.Report report, int sales, long exportBytes, ExportLayout layout) {
    double secondsPerGb = report.millis() / 1000.0 / (exportBytes / 1e9);
    double gb = 50;
    double workerSeconds = secondsPerGb * gb;
    int files =
        (int) Math.ceil(gb * 1e9 / (exportBytes / (double) Math.max(1, sales / ITEMS_PER_FILE)));
    double lambdaGbSeconds = workerSeconds * 3.008;
    double lambdaCost = lambdaGbSeconds * 0.0000166667 + files / 4.0 * 0.0000002;
    double transitions = files / 4.0 * 4 + 20;
    double sfnCost = transitions * 0.000025;
    double s3Cost = files * 0.0000004 + (files / 4.0) * 24 * 0.000005;
    double wallMinutes = workerSeconds / AWS_WORKERS / 60 + 5;
    return String.format(
        Locale.ROOT,
        "- measured on %,d sales: %.0f s per GB of gzip export on one worker thread; a 50 GB"
            + " export is about %,d data files; %,.0f worker-seconds at 3,008 MB = %,.0f GB-s,"
            + " about $%.2f of Lambda, $%.2f of Step Functions (%,.0f state transitions), $%.2f of"
            + " S3 requests; about %.0f minutes at %d workers at once (plus commits).",
        sales,
        secondsPerGb,
        files,
        workerSeconds,
        lambdaGbSeconds,
        lambdaCost,
        sfnCost,
        transitions,
        s3Cost,
        wallMinutes,
        AWS_WORKERS);
  }

  /** Workers at once in AWS: the state machine's MaxConcurrency (infra-cdk's Backfill). */
  private static final int AWS_WORKERS = 32;

  private static ExportLayout export(LocalStack stack, int sales) {
    ExportLayout layout =
        new ExportLayout(
            stack.s3Client(),
            stack.bucket(),
            "exports/bench-" + sales,
            "sales",
            Instant.now().truncatedTo(ChronoUnit.SECONDS));
    SplittableRandom random = new SplittableRandom(sales);
    for (int from = 0; from < sales; from += ITEMS_PER_FILE) {
      List<Map<String, AttributeValue>> items = new ArrayList<>();
      for (int i = from; i < Math.min(sales, from + ITEMS_PER_FILE); i++) {
        items.add(item(random, i));
      }
      layout.file(items);
    }
    return layout.write();
  }

  private static long exportBytes(LocalStack stack, ExportLayout layout) {
    long bytes = 0;
    for (var object :
        stack
            .s3Client()
            .listObjectsV2Paginator(b -> b.bucket(stack.bucket()).prefix(layout.folderKey()))
            .contents()) {
      bytes += object.size();
    }
    return bytes;
  }

  private static final String[] CATEGORIES = {"coats", "handbags", "shoes", "dresses", "watches"};

  static Map<String, AttributeValue> item(SplittableRandom random, int i) {
    String date =
        String.format(
            "%d-%02d-%02dT%02d:%02d:00Z",
            2023 + random.nextInt(3),
            1 + random.nextInt(12),
            1 + random.nextInt(28),
            random.nextInt(24),
            random.nextInt(60));
    Map<String, AttributeValue> item =
        Sales.item(
            "tenant-" + random.nextInt(20),
            "p" + i,
            (10 + random.nextInt(5000)) + "." + String.format("%02d", random.nextInt(100)),
            date);
    item.put("category", AttributeValue.fromS(CATEGORIES[random.nextInt(CATEGORIES.length)]));
    if (random.nextInt(5) == 0) {
      ByteBuffer vector = ByteBuffer.allocate(1024 * 4).order(ByteOrder.LITTLE_ENDIAN);
      for (int d = 0; d < 1024; d++) {
        vector.putFloat((float) (random.nextDouble() * 2 - 1));
      }
      item.put("embedding", AttributeValue.fromB(SdkBytes.fromByteArray(vector.array())));
    }
    return item;
  }

  private static void resetPeaks() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
  }

  private static long peakHeapMb() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak >> 20;
  }
}
