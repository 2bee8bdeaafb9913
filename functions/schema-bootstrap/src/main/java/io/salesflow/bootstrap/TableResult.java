package io.salesflow.bootstrap;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What bootstrap did to one table.
 *
 * @param table qualified table name
 * @param action CREATED, EVOLVED, UNCHANGED, DROPPED, ABSENT or (dry run) WOULD_CREATE /
 *     WOULD_EVOLVE
 * @param changes human-readable changes applied (or planned), empty when unchanged
 * @param metadataLocation the table's current metadata file, {@code null} if it does not exist
 */
public record TableResult(
    String table, Action action, List<String> changes, String metadataLocation) {

  /** Outcome for one table. */
  public enum Action {
    CREATED,
    EVOLVED,
    UNCHANGED,
    WOULD_CREATE,
    WOULD_EVOLVE,
    DROPPED,
    KEPT,
    ABSENT
  }

  public TableResult {
    changes = List.copyOf(changes);
  }

  /** JSON-friendly form for the Lambda response. */
  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("table", table);
    map.put("action", action.name());
    map.put("changes", changes);
    map.put("metadataLocation", metadataLocation);
    return map;
  }
}
