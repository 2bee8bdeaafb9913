package io.salesflow.etl;

import io.salesflow.etl.backfill.BackfillRunner;
import io.salesflow.etl.backfill.ExportSource;
import java.time.Clock;
import org.apache.iceberg.catalog.Catalog;

/**
 * A backfill in a process of its own, so a test can kill it with SIGKILL: {@code BackfillProcess
 * <export location>}, one worker, one unit per commit; configuration from the environment.
 */
public final class BackfillProcess {

  private BackfillProcess() {}

  public static void main(String[] args) {
    EtlConfig config = EtlConfig.fromEnvironment();
    Catalog catalog = StreamEtlHandler.catalog(config);
    var history = catalog.loadTable(config.tables().tables().salesHistory().identifier());
    BackfillRunner.Report report =
        new BackfillRunner(config, catalog, 1, 1, Clock.systemUTC())
            .run(
                ExportSource.open(history.io(), args[0], config.tables().keyColumns()),
                new BackfillRunner.Listener() {});
    System.out.println("backfill done: " + report);
    System.exit(0);
  }
}
