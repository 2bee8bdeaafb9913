package io.salesflow.query.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a query cost. Fields an engine does not report are {@code null}.
 *
 * @param engine {@code athena} or {@code trino}
 * @param queryId the engine's query id
 * @param bytesScanned bytes read from storage (Athena: DataScannedInBytes, the billed figure;
 *     Trino: physical input bytes)
 * @param rowsScanned rows read from the table (Trino only)
 * @param splitsScanned splits processed by the table scans, one per data file for files below the
 *     split size (Trino only)
 * @param engineTimeMillis time the engine spent (Athena: EngineExecutionTimeInMillis; Trino:
 *     elapsed time)
 * @param queueTimeMillis time queued before running, if reported
 * @param wallTimeMillis time this client waited, start to last row
 */
public record QueryStatistics(
    String engine,
    String queryId,
    Long bytesScanned,
    Long rowsScanned,
    Long splitsScanned,
    Long engineTimeMillis,
    Long queueTimeMillis,
    long wallTimeMillis) {

  /** The statistics as a map without the {@code null} entries, for JSON and logs. */
  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("engine", engine);
    map.put("queryId", queryId);
    putIfPresent(map, "bytesScanned", bytesScanned);
    putIfPresent(map, "rowsScanned", rowsScanned);
    putIfPresent(map, "splitsScanned", splitsScanned);
    putIfPresent(map, "engineTimeMillis", engineTimeMillis);
    putIfPresent(map, "queueTimeMillis", queueTimeMillis);
    map.put("wallTimeMillis", wallTimeMillis);
    return map;
  }

  private static void putIfPresent(Map<String, Object> map, String key, Object value) {
    if (value != null) {
      map.put(key, value);
    }
  }
}
