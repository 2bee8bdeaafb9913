package io.salesflow.cli.redrive;

import io.salesflow.cli.Output;
import io.salesflow.emulator.Redriver;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What a redrive did, range by range, and whether anything is left pending. */
public final class RedriveReport {

  private int applied;
  private long records;
  private int invocations;
  private int alreadyApplied;
  private int discarded;
  private final List<String> expired = new ArrayList<>();
  private final List<String> failed = new ArrayList<>();
  private final List<String> heldBack = new ArrayList<>();

  public void applied(Redriver.Result result) {
    applied++;
    records += result.records();
    invocations += result.invocations();
  }

  public void alreadyApplied(int count) {
    alreadyApplied = count;
  }

  public void expired(FailedRange range, String message) {
    expired.add(describe(range) + ": " + message);
  }

  public void discarded(FailedRange range) {
    discarded++;
  }

  public void failed(FailedRange range, String message) {
    failed.add(describe(range) + ": " + message);
  }

  public void heldBack(FailedRange range) {
    heldBack.add(describe(range));
  }

  /** Whether every pending range was applied. */
  public boolean complete() {
    return expired.isEmpty() && failed.isEmpty() && heldBack.isEmpty();
  }

  public int appliedRanges() {
    return applied;
  }

  public static String appliedLine(Redriver.Result result) {
    return String.format(
        Locale.ROOT,
        "  applied shard %s %s..%s: %d records in %d invocations",
        result.batch().shardId(),
        result.batch().startSequenceNumber(),
        result.batch().endSequenceNumber(),
        result.records(),
        result.invocations());
  }

  public void print(Output output) {
    output.println(
        String.format(
            Locale.ROOT,
            "Redrive: %d ranges applied (%d records, %d invocations), %d already applied earlier,"
                + " %d expired ranges discarded, %d expired, %d failed, %d held back behind them.",
            applied,
            records,
            invocations,
            alreadyApplied,
            discarded,
            expired.size(),
            failed.size(),
            heldBack.size()));
    heldBack.forEach(
        r -> output.println("  held back (an earlier range of its shard still fails): " + r));
    if (!failed.isEmpty()) {
      output.println("  Fix the cause (the function log says it) and run the redrive again.");
    }
    if (!expired.isEmpty()) {
      output.println(
          "  Expired ranges cannot be replayed from the stream: recover their keys from the table"
              + " itself (a backfill from a DynamoDB export or a Scan of the sales table), then run"
              + " the redrive again with --discard-expired to stop reporting them.");
    }
  }

  private static String describe(FailedRange range) {
    return range.batch().shardId()
        + " "
        + range.batch().startSequenceNumber()
        + ".."
        + range.batch().endSequenceNumber();
  }
}
