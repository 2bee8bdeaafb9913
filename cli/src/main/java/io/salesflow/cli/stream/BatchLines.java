package io.salesflow.cli.stream;

import io.salesflow.cli.Output;
import io.salesflow.emulator.Invocation;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Prints one human line per invocation of the stream handler: shard, records and sequence range,
 * then what the function said of the batch (its {@code salesflow-batch} summary line: rows,
 * removes, rejected, commit time) or why it failed.
 */
public final class BatchLines implements Consumer<Invocation> {

  /** The prefix of the ETL function's one-line batch summary (ddb-stream-etl BatchSummaryLine). */
  static final String SUMMARY_PREFIX = "salesflow-batch ";

  private final Output output;

  public BatchLines(Output output) {
    this.output = output;
  }

  @Override
  public void accept(Invocation invocation) {
    output.println(line(invocation));
  }

  /** The line for one invocation. */
  public static String line(Invocation invocation) {
    String where =
        String.format(
            Locale.ROOT,
            "batch %s %d records %s..%s",
            shortShard(invocation.shardId()),
            invocation.records(),
            invocation.firstSequenceNumber(),
            invocation.lastSequenceNumber());
    String took = String.format(Locale.ROOT, "%.1f s", invocation.elapsed().toMillis() / 1000.0);
    Map<String, String> summary = summary(invocation);
    if (invocation.succeeded()) {
      if (summary.isEmpty() || !"OK".equals(summary.get("status"))) {
        return where + ": ok, " + took;
      }
      return String.format(
          Locale.ROOT,
          "%s: %s rows, %s removes, %s rejected, commit %s ms, %s",
          where,
          summary.getOrDefault("rows", "?"),
          summary.getOrDefault("removes", "?"),
          summary.getOrDefault("rejected", "?"),
          summary.getOrDefault("commit_ms", "?"),
          took);
    }
    String why =
        summary.containsKey("reason")
            ? summary.get("reason")
            : invocation.message().isEmpty() ? invocation.outcome() : invocation.message();
    return where + ": FAILED after " + took + ": " + why;
  }

  /** The key=value pairs of the function's summary line; {@code status} is OK or FAILED. */
  static Map<String, String> summary(Invocation invocation) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : invocation.functionLog()) {
      int at = line.indexOf(SUMMARY_PREFIX);
      if (at < 0) {
        continue;
      }
      String rest = line.substring(at + SUMMARY_PREFIX.length()).trim();
      int space = rest.indexOf(' ');
      values.put("status", space < 0 ? rest : rest.substring(0, space));
      if (space < 0) {
        continue;
      }
      String pairs = rest.substring(space + 1);
      int reason = pairs.indexOf("reason=");
      if (reason >= 0) {
        values.put("reason", pairs.substring(reason + "reason=".length()));
        pairs = pairs.substring(0, reason);
      }
      for (String pair : pairs.trim().split("\\s+")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          values.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
      }
    }
    return values;
  }

  private static String shortShard(String shardId) {
    return shardId.length() > 12 ? "…" + shardId.substring(shardId.length() - 8) : shardId;
  }
}
