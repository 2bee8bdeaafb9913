package io.salesflow.etl;

import io.salesflow.core.table.SalesHistoryTable;
import io.salesflow.core.table.StreamSequence;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Append mode's idempotency check, in the manner of Iceberg's Kafka Connect and Flink sinks: each
 * commit records the stream ARN, sequence range and batch digest in its snapshot summary. Before
 * committing, a batch whose digest is already recorded is skipped whole; a batch whose range
 * overlaps a recorded one (a bisected half, a partial retry) is checked record by record against
 * the {@code stream_seq} values already in the table, so exactly the committed records are skipped.
 */
final class ReplayGuard {

  static final String STREAM_ARN = "salesflow.stream-arn";
  static final String SEQ_FIRST = "salesflow.seq-first";
  static final String SEQ_LAST = "salesflow.seq-last";
  static final String DIGEST = "salesflow.batch-digest";
  private static final int MAX_SNAPSHOTS = 2_000;
  private static final long STREAM_RETENTION_MS = 25L * 60 * 60 * 1000; // 24 h plus slack

  private ReplayGuard() {}

  /** Sequence numbers among {@code sequences} that an earlier commit already appended. */
  static Set<String> alreadyCommitted(
      Table table, String streamArn, List<String> sequences, String digest, long nowMillis) {
    if (sequences.isEmpty()) {
      return Set.of();
    }
    String first = sequences.get(0);
    String last = sequences.get(sequences.size() - 1);
    boolean overlap = false;
    Snapshot snapshot = table.currentSnapshot();
    for (int depth = 0; snapshot != null && depth < MAX_SNAPSHOTS; depth++) {
      if (snapshot.timestampMillis() < nowMillis - STREAM_RETENTION_MS) {
        break; // older commits cannot hold records the stream still delivers
      }
      Map<String, String> summary = snapshot.summary();
      if (streamArn.equals(summary.get(STREAM_ARN))) {
        if (digest.equals(summary.get(DIGEST))) {
          return new HashSet<>(sequences);
        }
        overlap |= overlaps(first, last, summary.get(SEQ_FIRST), summary.get(SEQ_LAST));
      }
      snapshot = snapshot.parentId() == null ? null : table.snapshot(snapshot.parentId());
    }
    return overlap ? present(table, sequences) : Set.of();
  }

  private static Set<String> present(Table table, List<String> sequences) {
    Set<String> found = new HashSet<>();
    try (CloseableIterable<Record> rows =
        IcebergGenerics.read(table)
            .select(SalesHistoryTable.STREAM_SEQ)
            .where(Expressions.in(SalesHistoryTable.STREAM_SEQ, sequences.toArray()))
            .build()) {
      Set<String> wanted = new HashSet<>(sequences);
      for (Record row : rows) {
        Object seq = row.getField(SalesHistoryTable.STREAM_SEQ);
        if (seq != null && wanted.contains(seq.toString())) {
          found.add(seq.toString());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read stream_seq from " + table.name(), e);
    }
    return found;
  }

  static boolean overlaps(String first, String last, String otherFirst, String otherLast) {
    if (otherFirst == null || otherLast == null) {
      return false;
    }
    return compare(first, otherLast) <= 0 && compare(otherFirst, last) <= 0;
  }

  /** DynamoDB sequence numbers are decimal strings of varying length: compare as numbers. */
  static int compare(String a, String b) {
    return StreamSequence.compare(a, b);
  }
}
