package io.salesflow.etl.backfill;

import io.salesflow.etl.BackfillCommitter;
import io.salesflow.etl.BackfillWorker;
import io.salesflow.etl.EtlConfig;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backfill of an export in AWS, in the three steps Step Functions runs: {@link #plan} (check
 * the export, keep the tombstones, say where the data files are), {@link #work} (a Distributed Map
 * of workers, each converting a few data files and staging their files) and {@link #commit} (one
 * committer, chunk by chunk, within the invocation's time, called again until done).
 */
public final class BackfillService {

  private static final Logger LOG = LoggerFactory.getLogger(BackfillService.class);

  /** No chunk commit is started with less invocation time left than this. */
  static final long COMMIT_MARGIN_MS = 120_000;

  /**
   * What the workers need.
   *
   * @param source the export's ARN
   * @param directory the export's folder
   * @param bucket the bucket of {@code manifest-files.json}, for the Distributed Map's reader
   * @param manifestKey its key
   * @param units data files in the export
   * @param resumed data files committed by an earlier run
   */
  public record Plan(
      String source,
      String directory,
      String bucket,
      String manifestKey,
      int units,
      int resumed,
      String pointInTime) {}

  /** What one worker invocation staged. */
  public record Worked(int units, int skipped, long items, long rows, long rejected) {}

  /**
   * What one committer invocation did.
   *
   * @param done whether every unit of the export is committed
   */
  public record Committed(
      boolean done, int committedUnits, int totalUnits, long added, long leftOut, long rejected) {}

  private final EtlConfig config;
  private final BackfillCommitter committer;
  private final Clock clock;

  public BackfillService(EtlConfig config, Catalog catalog, Clock clock) {
    this.config = config;
    this.committer = new BackfillCommitter(config, catalog);
    this.clock = clock;
  }

  private ExportSource open(String location) {
    return ExportSource.open(committer.history().io(), location, config.tables().keyColumns());
  }

  public Plan plan(String exportLocation) {
    ExportSource source = open(exportLocation);
    source.check();
    BackfillCommitter.Progress progress =
        committer.begin(source.id(), source.pointInTime(), clock.instant());
    int resumed = (int) source.units().stream().filter(progress::done).count();
    String directory = source.directory();
    String withoutScheme = directory.substring(directory.indexOf("://") + 3);
    String bucket = withoutScheme.substring(0, withoutScheme.indexOf('/'));
    String key = withoutScheme.substring(bucket.length() + 1) + ExportSource.FILES;
    LOG.info(
        "Backfill of {} planned: {} data files, {} committed before",
        source.describe(),
        source.units().size(),
        resumed);
    return new Plan(
        source.id(),
        directory,
        bucket,
        key,
        source.units().size(),
        resumed,
        source.pointInTime().toString());
  }

  /**
   * Converts the given data files (their keys as in {@code manifest-files.json}) and stages their
   * files; data files already committed are skipped.
   */
  public Worked work(String exportLocation, List<String> dataFileKeys) {
    ExportSource source = open(exportLocation);
    BackfillCommitter.Progress progress = committer.progress(source.id());
    List<String> units = new ArrayList<>();
    int skipped = 0;
    for (String key : dataFileKeys) {
      String unit = ExportSource.unitOf(key);
      if (progress.done(unit)) {
        skipped++;
      } else {
        units.add(unit);
      }
    }
    if (units.isEmpty()) {
      return new Worked(0, skipped, 0, 0, 0);
    }
    BackfillWorker worker =
        new BackfillWorker(
            config,
            committer.history(),
            committer.errors(),
            source.id(),
            source.pointInTime(),
            clock.instant());
    try {
      for (String unit : units) {
        worker.unit(unit);
        source.read(unit, worker);
      }
      BackfillWorker.Staged staged = worker.finish();
      new BackfillStaging(committer.history(), committer.errors(), source.id()).write(staged);
      return new Worked(units.size(), skipped, staged.items(), staged.rows(), staged.rejected());
    } catch (RuntimeException e) {
      worker.abandon();
      throw e;
    }
  }

  /** Commits staged work chunk by chunk while the invocation has time. */
  public Committed commit(String exportLocation, int unitsPerChunk, LongSupplier remainingMillis) {
    ExportSource source = open(exportLocation);
    Table history = committer.history();
    BackfillStaging staging = new BackfillStaging(history, committer.errors(), source.id());
    long added = 0;
    long leftOut = 0;
    long rejected = 0;
    List<BackfillStaging.Record> records = staging.list();
    for (int i = 0; i < records.size() && remainingMillis.getAsLong() > COMMIT_MARGIN_MS; ) {
      List<BackfillStaging.Record> chunk = new ArrayList<>();
      int units = 0;
      while (i < records.size() && (chunk.isEmpty() || units < unitsPerChunk)) {
        BackfillStaging.Record record = records.get(i++);
        chunk.add(record);
        units += record.staged().units().size();
      }
      BackfillCommitter.ChunkResult result =
          committer.commit(
              source.id(), chunk.stream().map(BackfillStaging.Record::staged).toList());
      chunk.forEach(staging::remove);
      added += result.added();
      leftOut += result.leftOut() + result.settled();
      rejected += result.errors();
    }
    BackfillCommitter.Progress progress = committer.progress(source.id());
    int committed = (int) source.units().stream().filter(progress::done).count();
    boolean done = committed == source.units().size();
    LOG.info(
        "Backfill of {}: {} of {} data files committed{}",
        source.id(),
        committed,
        source.units().size(),
        done ? "; done" : "");
    return new Committed(done, committed, source.units().size(), added, leftOut, rejected);
  }
}
