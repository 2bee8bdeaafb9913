package io.salesflow.athenaquery;

import io.salesflow.query.engine.AthenaEngineSettings;
import io.salesflow.query.engine.AthenaQueryEngine;
import io.salesflow.query.engine.QueryEngine;
import io.salesflow.query.engine.TrinoQueryEngine;
import java.time.Duration;
import java.util.function.Supplier;
import software.amazon.awssdk.services.athena.AthenaClient;

/** Builds the configured query engine: Athena in AWS, Trino for local runs. */
final class QueryEngines {

  private QueryEngines() {}

  static QueryEngine create(AthenaQueryConfig config, Supplier<AthenaClient> athena) {
    if ("trino".equals(config.engine())) {
      try {
        Class.forName("io.trino.jdbc.TrinoDriver");
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(
            "Cannot use "
                + AthenaQueryConfig.ENGINE
                + "=trino: the Trino JDBC driver (io.trino:trino-jdbc) is not on the class path;"
                + " the Lambda jar carries Athena only. Run locally with the driver, or use athena.",
            e);
      }
      return new TrinoQueryEngine(config.trinoUrl(), config.trinoUser(), config.database());
    }
    return new AthenaQueryEngine(
        athena.get(),
        new AthenaEngineSettings(
            config.workgroup(),
            config.athenaCatalog(),
            config.database(),
            config.athenaOutputLocation(),
            AthenaEngineSettings.DEFAULT_FIRST_POLL,
            Duration.ofSeconds(2)));
  }
}
