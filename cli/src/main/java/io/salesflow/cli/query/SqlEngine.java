package io.salesflow.cli.query;

import io.salesflow.cli.connection.Target;
import io.salesflow.localstack.trino.LocalTrino;
import io.salesflow.localstack.trino.LocalTrinoOptions;
import io.salesflow.query.engine.AthenaEngineSettings;
import io.salesflow.query.engine.AthenaQueryEngine;
import io.salesflow.query.engine.QueryEngine;
import io.salesflow.query.engine.TrinoQueryEngine;
import java.util.Map;

/**
 * The engine {@code salesflow sql} runs on, through the same {@link QueryEngine} seam as the query
 * library:
 *
 * <ul>
 *   <li>a Trino the target names ({@code --trino-url}, SALESFLOW_TRINO_URL, or the one {@code
 *       salesflow stack --with-trino} keeps attached);
 *   <li>else, for a catalog local Trino can read (a REST catalog and an S3 endpoint, as the local
 *       stack has), a local Trino 476 started for this query and stopped after it;
 *   <li>else Athena in the target's region, in the stage's workgroup.
 * </ul>
 */
public final class SqlEngine implements AutoCloseable {

  private final QueryEngine engine;
  private final String description;
  private final AutoCloseable held;

  private SqlEngine(QueryEngine engine, String description, AutoCloseable held) {
    this.engine = engine;
    this.description = description;
    this.held = held;
  }

  /**
   * Opens the engine for {@code target}.
   *
   * @param workgroup the Athena workgroup, used only when the engine is Athena
   */
  public static SqlEngine open(Target target, String workgroup) {
    String database = target.config().database();
    if (target.trinoUrl().isPresent() || readableByLocalTrino(target)) {
      TrinoServer trino = TrinoServer.open(target);
      return new SqlEngine(
          new TrinoQueryEngine(trino.jdbcUrl(), LocalTrino.USER, database),
          trino.started()
              ? trino.description()
                  + " (started for this query; `salesflow stack --with-trino` keeps one running)"
              : trino.description(),
          trino);
    }
    var athena = target.newAthenaClient();
    AthenaEngineSettings settings =
        new AthenaEngineSettings(
            workgroup,
            AthenaEngineSettings.DEFAULT_CATALOG,
            database,
            null,
            AthenaEngineSettings.DEFAULT_FIRST_POLL,
            AthenaEngineSettings.DEFAULT_MAX_POLL);
    return new SqlEngine(
        new AthenaQueryEngine(athena, settings),
        "Athena in " + target.region() + ", workgroup " + workgroup,
        athena);
  }

  private static boolean readableByLocalTrino(Target target) {
    Map<String, String> properties = target.config().catalog().properties();
    try {
      LocalTrinoOptions.fromCatalogProperties(properties);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The engine. */
  public QueryEngine engine() {
    return engine;
  }

  /** Where queries run, for the user: {@code local Trino 476}, {@code Athena in ...}. */
  public String description() {
    return description;
  }

  @Override
  public void close() {
    engine.close();
    try {
      held.close();
    } catch (Exception e) {
      // closing a client or a local server after the query; nothing left to report
    }
  }
}
