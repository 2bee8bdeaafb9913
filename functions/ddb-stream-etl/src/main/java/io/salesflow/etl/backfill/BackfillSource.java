package io.salesflow.etl.backfill;

import io.salesflow.etl.BackfillWorker;
import java.time.Instant;
import java.util.List;

/**
 * Where the history that predates the stream comes from: a DynamoDB export in S3, or a parallel
 * Scan. Its work is split in units (an export's data files, a scan's segments), each read whole by
 * one worker and committed whole.
 */
public interface BackfillSource {

  /** Identifies the source in snapshot summaries, so a re-run resumes it: the export's ARN. */
  String id();

  /** The state the source shows: the export time, or when the scan started. */
  Instant pointInTime();

  /** The units, in a stable order. */
  List<String> units();

  /** Items the source says it holds, -1 if it does not say. */
  long expectedItems();

  /** Checks the source is usable before anything is written, else throws with the fix. */
  void check();

  /** Reads one unit into the worker (after {@code worker.unit(unit)}). */
  void read(String unit, BackfillWorker worker);

  /** For messages: the export's location, or the scanned table. */
  String describe();
}
