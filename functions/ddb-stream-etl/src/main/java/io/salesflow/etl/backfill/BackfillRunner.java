package io.salesflow.etl.backfill;

import io.salesflow.etl.BackfillCommitter;
import io.salesflow.etl.BackfillWorker;
import io.salesflow.etl.EtlConfig;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.iceberg.catalog.Catalog;

/**
 * Runs a backfill on this machine: the workers in a thread pool, one unit each, and one committer
 * that commits their staged files a chunk of units at a time as they finish. The same worker and
 * committer run as Lambda functions under Step Functions in AWS.
 *
 * <p>A unit that fails (a damaged data file) stops the run cleanly: the units not yet committed are
 * discarded (their files deleted) and the error names the file. What was committed stays; a re-run
 * resumes after it.
 */
public final class BackfillRunner {

  /** Progress, for a bar or log lines. */
  public interface Listener {
    /** Before the workers start: units in all, units an earlier run committed. */
    default void planned(BackfillSource source, int units, int resumed) {}

    /** A unit was converted and its files written. */
    default void staged(BackfillWorker.Staged staged) {}

    /** A chunk was committed. */
    default void committed(BackfillCommitter.ChunkResult chunk) {}
  }

  /**
   * What a run did.
   *
   * @param units units in the source
   * @param resumed units committed by earlier runs, skipped
   * @param items items read
   * @param added rows now in sales_history
   * @param leftOut rows whose key the table already held (or duplicated in the source)
   * @param settled rows deleted after their commit because the stream wrote the key meanwhile
   * @param rejected items in sales_history_errors
   * @param commits chunk commits of sales_history
   * @param dataFiles data files added to sales_history
   * @param workMillis time the workers spent reading, converting and writing, summed
   * @param commitMillis time the committer spent committing and settling
   */
  public record Report(
      String source,
      Instant pointInTime,
      int units,
      int resumed,
      long items,
      long added,
      long leftOut,
      long settled,
      long rejected,
      int commits,
      int dataFiles,
      long workMillis,
      long commitMillis,
      long millis) {}

  /** Units per chunk commit by default. */
  public static final int DEFAULT_CHUNK_UNITS = 8;

  private final EtlConfig config;
  private final Catalog catalog;
  private final int threads;
  private final int chunkUnits;
  private final Clock clock;

  public BackfillRunner(
      EtlConfig config, Catalog catalog, int threads, int chunkUnits, Clock clock) {
    if (threads < 1 || chunkUnits < 1) {
      throw new IllegalArgumentException("threads and units per commit must be at least 1");
    }
    this.config = config;
    this.catalog = catalog;
    this.threads = threads;
    this.chunkUnits = chunkUnits;
    this.clock = clock;
  }

  public Report run(BackfillSource source, Listener listener) {
    long start = System.nanoTime();
    source.check();
    BackfillCommitter committer = new BackfillCommitter(config, catalog);
    Instant now = clock.instant();
    BackfillCommitter.Progress progress = committer.begin(source.id(), source.pointInTime(), now);
    List<String> units = source.units();
    List<String> todo = units.stream().filter(u -> !progress.done(u)).toList();
    listener.planned(source, units.size(), units.size() - todo.size());

    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "salesflow-backfill-worker");
              t.setDaemon(true);
              return t;
            });
    CompletionService<BackfillWorker.Staged> done = new ExecutorCompletionService<>(pool);
    java.util.concurrent.atomic.AtomicLong workNanos = new java.util.concurrent.atomic.AtomicLong();
    List<Future<BackfillWorker.Staged>> running = new ArrayList<>();
    for (String unit : todo) {
      running.add(
          done.submit(
              () -> {
                BackfillWorker worker =
                    new BackfillWorker(
                        config,
                        committer.history(),
                        committer.errors(),
                        source.id(),
                        source.pointInTime(),
                        now);
                worker.unit(unit);
                long started = System.nanoTime();
                try {
                  source.read(unit, worker);
                  return worker.finish();
                } catch (RuntimeException e) {
                  worker.abandon();
                  throw e;
                } finally {
                  workNanos.addAndGet(System.nanoTime() - started);
                }
              }));
    }
    Tally tally = new Tally();
    List<BackfillWorker.Staged> chunk = new ArrayList<>();
    try {
      for (int i = 0; i < todo.size(); i++) {
        BackfillWorker.Staged staged = take(done);
        tally.items += staged.items();
        listener.staged(staged);
        chunk.add(staged);
        if (chunk.size() >= chunkUnits) {
          commit(committer, source, chunk, tally, listener);
        }
      }
      commit(committer, source, chunk, tally, listener);
    } catch (RuntimeException e) {
      running.forEach(f -> f.cancel(true));
      pool.shutdownNow();
      committer.discard(chunk);
      for (Future<BackfillWorker.Staged> f : running) {
        if (f.isDone() && !f.isCancelled()) {
          try {
            BackfillWorker.Staged staged = f.get();
            if (!chunk.contains(staged) && !tally.handedOver.contains(staged)) {
              committer.discard(List.of(staged));
            }
          } catch (InterruptedException | ExecutionException ignored) {
            // failed or interrupted: the worker deleted its own files
          }
        }
      }
      throw e;
    } finally {
      pool.shutdownNow();
    }
    return new Report(
        source.id(),
        source.pointInTime(),
        units.size(),
        units.size() - todo.size(),
        tally.items,
        tally.added,
        tally.leftOut,
        tally.settled,
        tally.rejected,
        tally.commits,
        tally.dataFiles,
        workNanos.get() / 1_000_000,
        tally.commitNanos / 1_000_000,
        (System.nanoTime() - start) / 1_000_000);
  }

  private static void commit(
      BackfillCommitter committer,
      BackfillSource source,
      List<BackfillWorker.Staged> chunk,
      Tally tally,
      Listener listener) {
    if (chunk.isEmpty()) {
      return;
    }
    // From here the files are the committer's: committed, deleted by it after a failed commit, or
    // of a commit whose outcome is unknown (the catalog died while answering). Such a commit may
    // have landed, so the failure path below must never delete them.
    List<BackfillWorker.Staged> handed = List.copyOf(chunk);
    chunk.clear();
    tally.handedOver.addAll(handed);
    long started = System.nanoTime();
    BackfillCommitter.ChunkResult result = committer.commit(source.id(), handed);
    tally.commitNanos += System.nanoTime() - started;
    tally.added += result.added();
    tally.leftOut += result.leftOut();
    tally.settled += result.settled();
    tally.rejected += result.errors();
    tally.dataFiles += result.dataFiles();
    tally.commits += result.snapshotId() == null ? 0 : 1;
    listener.committed(result);
  }

  private static BackfillWorker.Staged take(CompletionService<BackfillWorker.Staged> done) {
    try {
      return done.take().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Backfill interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException("Backfill worker failed: " + e.getCause(), e.getCause());
    }
  }

  private static final class Tally {
    long items;
    long added;
    long leftOut;
    long settled;
    long rejected;
    int commits;
    int dataFiles;
    long commitNanos;
    final List<BackfillWorker.Staged> handedOver = new ArrayList<>();
  }
}
