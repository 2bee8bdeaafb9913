package io.salesflow.cli.query;

import java.nio.file.Path;
import java.util.List;

/**
 * What the query phase did.
 *
 * @param queriesRun queries that succeeded
 * @param queriesFailed queries that failed (the phase fails when any did)
 * @param files report files written
 * @param summary the human-readable summary report, if one was written
 */
public record QueryPhaseResult(int queriesRun, int queriesFailed, List<Path> files, Path summary) {

  public QueryPhaseResult {
    files = List.copyOf(files);
  }
}
