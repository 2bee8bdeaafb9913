package io.salesflow.etl;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import io.salesflow.bootstrap.SchemaBootstrapService;
import io.salesflow.core.catalog.CatalogFactory;
import io.salesflow.core.table.SalesHistoryTable;
import io.salesflow.localstack.LocalStack;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.RowDelta;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.ClusteredDataWriter;
import org.apache.iceberg.io.ClusteredEqualityDeleteWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.types.Types;

/**
 * Ingestion benchmark: rows/s through the service against Iceberg's own generic Parquet writer on
 * the same rows (the ceiling), batch latency percentiles by phase, peak heap of a maximum-size (6
 * MB) batch in a 512 MB heap, and cold start of the shaded jar. Prints Markdown tables.
 *
 * <p>Run: {@code mvn -B -ntp -pl functions/ddb-stream-etl -am verify -DskipTests -Petl-benchmark}
 * (see README, Performance).
 */
public final class EtlBenchmark {

  private static final Path JAR = Path.of("target", "ddb-stream-etl-lambda.jar");

  private EtlBenchmark() {}

  public static void main(String[] args) throws Exception {
    try (LocalStack stack = LocalStack.start()) {
      Map<String, String> env = EtlFixture.env(stack, "bench_etl");
      EtlConfig config = EtlConfig.from(env);
      Catalog catalog = StreamEtlHandler.catalog(config);
      new SchemaBootstrapService(catalog).bootstrap(config.tables().tables().all(), false);
      StreamBatchService service =
          new StreamBatchService(config, catalog, Clock.systemUTC(), m -> {});
      service.warmUp();
      Table table = catalog.loadTable(config.tables().tables().salesHistory().identifier());
      Table ceilingTable = ceilingTable(stack, catalog, "bench_ceiling");

      // Cold start first, while the local servers are idle: a fresh JVM measured during the
      // throughput runs would mostly measure the benchmark's own load on this 2-core machine.
      System.out.println(
          "### Shaded jar ("
              + String.format(Locale.ROOT, "%,d", Files.size(JAR))
              + " bytes), fresh JVM per run");
      System.out.println();
      System.out.println(
          "| probe | runs | JVM start to handler ready ms (p50) | JVM start to first batch committed ms (p50) | peak heap MB | max heap MB |");
      System.out.println("|---|---|---|---|---|---|");
      probeRow(env, "cold start, 1-record batch", 5, "-Xmx512m", "1", "false", "0", "1", 5_000_000);
      probeRow(
          env,
          "cold start, 1-record batch, -XX:TieredStopAtLevel=1",
          5,
          "-Xmx512m -XX:TieredStopAtLevel=1",
          "1",
          "false",
          "0",
          "1",
          5_100_000);
      // ~240 records of 1024 numbers each is the 6 MB event payload limit in DynamoDB JSON.
      List<DynamodbStreamRecord> big = SyntheticRecords.batch(1, 1, 240, true, 0);
      long payload =
          big.stream()
              .mapToLong(r -> DynamoJson.image(r.getDynamodb().getNewImage()).toString().length())
              .sum();
      probeRow(
          env,
          String.format(
              Locale.ROOT,
              "6 MB batch (240 records with embeddings, %.1f MB of images)",
              payload / 1e6),
          3,
          "-Xmx512m",
          "240",
          "true",
          "0",
          "1",
          6_000_000);
      System.out.println();

      System.out.println(
          "### Ingestion throughput and latency (upsert mode, local REST catalog + S3Proxy)");
      System.out.println();
      System.out.println(
          "| batch | runs | service rows/s | ceiling: Iceberg's writers + one commit, rows/s | ratio | Iceberg's data writer alone, no commit, rows/s | ratio | p50 batch ms | p95 batch ms | p50 decode / write / commit ms |");
      System.out.println("|---|---|---|---|---|---|---|---|---|---|");
      long sequence = 1_000_000;
      // Warm-up: JIT and connection pools, not measured.
      sequence = throughput(service, table, ceilingTable, true, 1000, false, 3, sequence, null);
      sequence = throughput(service, table, ceilingTable, true, 100, false, 10, sequence, "100");
      sequence = throughput(service, table, ceilingTable, true, 1000, false, 7, sequence, "1,000");
      sequence =
          throughput(service, table, ceilingTable, true, 10_000, false, 5, sequence, "10,000");
      sequence =
          throughput(
              service, table, ceilingTable, true, 200, true, 7, sequence, "200 with embeddings");
      // Append mode writes no delete files: the gap to the ceiling is then decode + commit only.
      Map<String, String> appendEnv = EtlFixture.env(stack, "bench_etl_append");
      appendEnv.put(EtlConfig.MODE, "append");
      EtlConfig appendConfig = EtlConfig.from(appendEnv);
      new SchemaBootstrapService(catalog).bootstrap(appendConfig.tables().tables().all(), false);
      StreamBatchService append =
          new StreamBatchService(appendConfig, catalog, Clock.systemUTC(), m -> {});
      append.warmUp();
      Table appendTable =
          catalog.loadTable(appendConfig.tables().tables().salesHistory().identifier());
      Table appendCeilingTable = ceilingTable(stack, catalog, "bench_ceiling_append");
      sequence =
          throughput(
              append,
              appendTable,
              appendCeilingTable,
              false,
              1000,
              false,
              7,
              sequence,
              "1,000, append mode");
      sequence =
          throughput(
              append,
              appendTable,
              appendCeilingTable,
              false,
              10_000,
              false,
              5,
              sequence,
              "10,000, append mode");
      System.out.println();

      CatalogFactory.close(catalog);
    }
    System.exit(0);
  }

  private static long throughput(
      StreamBatchService service,
      Table table,
      Table ceilingTable,
      boolean upsert,
      int size,
      boolean embeddings,
      int runs,
      long sequence,
      String label)
      throws IOException {
    List<Long> batchMs = new ArrayList<>();
    List<Long> decode = new ArrayList<>();
    List<Long> write = new ArrayList<>();
    List<Long> commit = new ArrayList<>();
    List<Double> serviceRate = new ArrayList<>();
    List<Double> ceilingRate = new ArrayList<>();
    List<Double> dataOnlyRate = new ArrayList<>();
    for (int run = 0; run < runs; run++) {
      List<DynamodbStreamRecord> batch =
          SyntheticRecords.batch(sequence, sequence, size, embeddings, 0);
      sequence += size;
      long start = System.nanoTime();
      BatchResult result = service.process(batch, () -> 600_000L);
      long nanos = System.nanoTime() - start;
      if (!result.succeeded()) {
        throw new IllegalStateException("benchmark batch failed: " + result.failure());
      }
      batchMs.add(nanos / 1_000_000);
      decode.add(result.metrics().decodeMillis());
      write.add(result.metrics().writeMillis());
      commit.add(result.metrics().commitMillis());
      serviceRate.add(size / (nanos / 1e9));
      List<Record> rows = rows(batch);
      dataOnlyRate.add(ceiling(table, rows, false, false));
      ceilingRate.add(ceiling(ceilingTable, rows, upsert, true));
    }
    if (label != null) {
      double s = median(serviceRate);
      double c = median(ceilingRate);
      double d = median(dataOnlyRate);
      System.out.printf(
          Locale.ROOT,
          "| %s | %d | %,.0f | %,.0f | %.2f | %,.0f | %.2f | %d | %d | %d / %d / %d |%n",
          label,
          runs,
          s,
          c,
          s / c,
          d,
          s / d,
          percentile(batchMs, 50),
          percentile(batchMs, 95),
          percentile(decode, 50),
          percentile(write, 50),
          percentile(commit, 50));
    }
    return sequence;
  }

  /** The same rows as the service writes, decoded outside the timing. */
  static List<Record> rows(List<DynamodbStreamRecord> batch) {
    SaleImageConverter converter =
        new SaleImageConverter(
            SalesHistoryTable.schema(SalesHistoryTable.DEFAULT_KEY_COLUMNS),
            SalesHistoryTable.DEFAULT_KEY_COLUMNS,
            20_000);
    List<Record> rows = new ArrayList<>();
    LocalDateTime now = LocalDateTime.now();
    for (DynamodbStreamRecord r : batch) {
      Record row = converter.toRow(r.getDynamodb().getNewImage());
      row.setField("stream_seq", r.getDynamodb().getSequenceNumber());
      row.setField("ingested_at", now);
      rows.add(row);
    }
    return rows;
  }

  /**
   * A table with the sales_history definition for the ceiling's commits, apart from the service's.
   */
  static Table ceilingTable(LocalStack stack, Catalog catalog, String namespace) {
    EtlConfig config = EtlConfig.from(EtlFixture.env(stack, namespace));
    new SchemaBootstrapService(catalog).bootstrap(config.tables().tables().all(), false);
    return catalog.loadTable(config.tables().tables().salesHistory().identifier());
  }

  /**
   * Rows/s of Iceberg's own generic writers on these rows, clustered by partition, on one thread,
   * to the same S3 server: the data files, plus with {@code keyDeletes} an equality-delete file of
   * the rows' keys per partition (the files upsert mode writes, and what Iceberg's equality-delta
   * writers write for an upsert, as in Flink's upsert sink). With {@code commit} the files are then
   * committed the way Iceberg's own sinks do (one row delta, or one fast append), which makes this
   * what ingesting the rows costs with Iceberg's API and no service around it; without, the files
   * are deleted again.
   */
  static double ceiling(Table table, List<Record> rows, boolean keyDeletes, boolean commit)
      throws IOException {
    InternalRecordWrapper wrapper = new InternalRecordWrapper(table.schema().asStruct());
    PartitionKey key = new PartitionKey(table.spec(), table.schema());
    List<Object[]> keyed = new ArrayList<>();
    for (Record row : rows) {
      key.partition(wrapper.wrap(row));
      PartitionKey copy = key.copy();
      keyed.add(new Object[] {row, copy, table.spec().partitionToPath(copy)});
    }
    keyed.sort(Comparator.comparing(o -> (String) o[2]));
    Schema keySchema = table.schema().select(SalesHistoryTable.DEFAULT_KEY_COLUMNS);
    int[] equalityIds = keySchema.columns().stream().mapToInt(f -> f.fieldId()).toArray();
    GenericFileWriterFactory factory =
        new GenericFileWriterFactory.Builder(table)
            .dataFileFormat(FileFormat.PARQUET)
            .deleteFileFormat(FileFormat.PARQUET)
            .equalityFieldIds(equalityIds)
            .equalityDeleteRowSchema(keySchema)
            .build();
    OutputFileFactory files =
        OutputFileFactory.builderFor(table, 9, 9)
            .format(FileFormat.PARQUET)
            .operationId(UUID.randomUUID().toString())
            .build();
    long start = System.nanoTime();
    ClusteredDataWriter<Record> writer =
        new ClusteredDataWriter<>(factory, files, table.io(), 128L << 20);
    try (writer) {
      for (Object[] o : keyed) {
        writer.write((Record) o[0], table.spec(), (PartitionKey) o[1]);
      }
    }
    List<DataFile> dataFiles = writer.result().dataFiles();
    List<DeleteFile> deleteFiles = new ArrayList<>();
    if (keyDeletes) {
      ClusteredEqualityDeleteWriter<Record> deletes =
          new ClusteredEqualityDeleteWriter<>(factory, files, table.io(), 128L << 20);
      try (deletes) {
        for (Object[] o : keyed) {
          GenericRecord k = GenericRecord.create(keySchema);
          for (Types.NestedField field : keySchema.columns()) {
            k.setField(field.name(), ((Record) o[0]).getField(field.name()));
          }
          deletes.write(k, table.spec(), (PartitionKey) o[1]);
        }
      }
      deleteFiles.addAll(deletes.result().deleteFiles());
    }
    if (commit && keyDeletes) {
      RowDelta delta = table.newRowDelta();
      dataFiles.forEach(delta::addRows);
      deleteFiles.forEach(delta::addDeletes);
      delta.commit();
    } else if (commit) {
      AppendFiles append = table.newFastAppend();
      dataFiles.forEach(append::appendFile);
      append.commit();
    }
    double rate = rows.size() / ((System.nanoTime() - start) / 1e9);
    if (!commit) {
      dataFiles.forEach(f -> table.io().deleteFile(f.location()));
      deleteFiles.forEach(f -> table.io().deleteFile(f.location()));
    }
    return rate;
  }

  private static void probeRow(
      Map<String, String> env,
      String label,
      int runs,
      String heap,
      String records,
      String embeddings,
      String badEvery,
      String invocations,
      long firstSequence)
      throws Exception {
    List<Long> ready = new ArrayList<>();
    List<Long> committed = new ArrayList<>();
    long peak = 0;
    long max = 0;
    for (int run = 0; run < runs; run++) {
      String line =
          probe(
              env,
              heap,
              records,
              embeddings,
              badEvery,
              invocations,
              Long.toString(firstSequence + run * 10_000L));
      ready.add(field(line, "readyMs"));
      committed.add(field(line, "firstCommittedMs"));
      peak = Math.max(peak, field(line, "peakHeapBytes"));
      max = field(line, "maxHeapBytes");
    }
    System.out.printf(
        Locale.ROOT,
        "| %s | %d | %d | %d | %.0f | %.0f |%n",
        label,
        runs,
        percentile(ready, 50),
        percentile(committed, 50),
        peak / 1048576.0,
        max / 1048576.0);
  }

  private static String probe(Map<String, String> env, String jvmOptions, String... args)
      throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(List.of(jvmOptions.split(" ")));
    command.addAll(
        List.of(
            "-XX:+UseSerialGC",
            "-cp",
            JAR + File.pathSeparator + Path.of("target", "test-classes"),
            ShadedJarProbe.class.getName()));
    command.addAll(List.of(args));
    Path log = Files.createTempFile(Path.of("target"), "bench-probe", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    // the probe measures from here: process creation and JVM boot count as cold start
    List<String> launch = new ArrayList<>(command);
    launch.add(1, "-D" + ShadedJarProbe.LAUNCH_PROPERTY + "=" + System.currentTimeMillis());
    Process process = builder.command(launch).start();
    if (!process.waitFor(300, TimeUnit.SECONDS) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IllegalStateException(
          "probe failed, see " + log + ":\n" + Files.readString(log, StandardCharsets.UTF_8));
    }
    return Files.readAllLines(log, StandardCharsets.UTF_8).stream()
        .filter(l -> l.startsWith("PROBE "))
        .findFirst()
        .orElseThrow();
  }

  private static long field(String line, String name) {
    int at = line.indexOf("\"" + name + "\":") + name.length() + 3;
    int end = at;
    while (end < line.length()
        && (Character.isDigit(line.charAt(end)) || line.charAt(end) == '-')) {
      end++;
    }
    return Long.parseLong(line.substring(at, end));
  }

  static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }

  static long percentile(List<Long> values, int p) {
    List<Long> sorted = values.stream().sorted().toList();
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }
}
