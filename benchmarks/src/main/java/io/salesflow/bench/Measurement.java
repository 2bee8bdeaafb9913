package io.salesflow.bench;

import java.util.List;

/**
 * Timings and scan statistics of one query over several runs.
 *
 * @param name what ran
 * @param wallMillis client-side time of each measured run, start to last row
 * @param rowsOut rows returned
 * @param rowsScanned rows read from the table
 * @param filesScanned splits of the table scan (one per data file here)
 * @param bytesScanned bytes read from storage
 */
record Measurement(
    String name,
    List<Long> wallMillis,
    long rowsOut,
    long rowsScanned,
    long filesScanned,
    long bytesScanned) {

  Measurement {
    wallMillis = List.copyOf(wallMillis);
  }

  long median() {
    List<Long> sorted = wallMillis.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  long min() {
    return wallMillis.stream().mapToLong(Long::longValue).min().orElse(0);
  }
}
