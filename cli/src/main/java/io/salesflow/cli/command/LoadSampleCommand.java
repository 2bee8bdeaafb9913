package io.salesflow.cli.command;

import io.salesflow.cli.CliContext;
import io.salesflow.cli.ExitCode;
import io.salesflow.cli.Output;
import io.salesflow.cli.SalesflowCli;
import io.salesflow.cli.connection.ConnectionOptions;
import io.salesflow.cli.connection.Target;
import io.salesflow.cli.progress.LoadProgressBars;
import io.salesflow.sample.BatchWriter;
import io.salesflow.sample.EmbeddingFormat;
import io.salesflow.sample.LoadResult;
import io.salesflow.sample.SalesTableCreator;
import io.salesflow.sample.SampleLoader;
import io.salesflow.sample.SampleOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Generates sample sales and writes them to the DynamoDB sales table. */
@Command(
    name = "load-sample",
    mixinStandardHelpOptions = true,
    description = {
      "Write realistic sample sales to the DynamoDB sales table (BatchWriteItem, 25 per call,"
          + " unprocessed items retried with backoff), then optional modifies and deletes.",
      "Creates the table (stream NEW_AND_OLD_IMAGES, on-demand) if absent. Works against AWS"
          + " with the default credential chain and --region."
    })
public final class LoadSampleCommand implements Callable<Integer> {

  @ParentCommand SalesflowCli parent;

  @Mixin ConnectionOptions connection;

  @Mixin SampleOptionsMixin sample;

  @Option(
      names = "--create-table",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Create the table if absent (default: ${DEFAULT-VALUE}).")
  boolean createTable;

  @Override
  public Integer call() {
    CliContext context = parent.context();
    SampleOptions options =
        sample.toOptions(SampleOptions.DEFAULT_RECORDS, 0, 0, 0, EmbeddingFormat.LIST);
    int threads = sample.writeThreads();
    try (Target target = context.resolver().resolve(connection)) {
      context.output().note(target.describe().get(0));
      if (createTable) {
        ensureTable(context.output(), target);
      }
      LoadResult result = load(context.output(), target, options, threads);
      print(context.output(), result);
      return ExitCode.OK;
    }
  }

  static SalesTableCreator.TableState ensureTable(Output output, Target target) {
    SalesTableCreator.TableState state =
        new SalesTableCreator(target.dynamoDb()).ensure(target.table());
    if (state.created()) {
      output.note("Created DynamoDB table " + state.table() + " (stream NEW_AND_OLD_IMAGES)");
    }
    if (!state.streamReady()) {
      output.note(
          "Warning: table "
              + state.table()
              + " has "
              + (state.streamArn() == null
                  ? "no stream"
                  : "a " + state.streamViewType() + " stream")
              + "; the ETL needs NEW_AND_OLD_IMAGES.");
    }
    return state;
  }

  static LoadResult load(Output output, Target target, SampleOptions options, int threads) {
    try (LoadProgressBars progress = new LoadProgressBars(output)) {
      return new SampleLoader(
              new BatchWriter(target.dynamoDb(), target.table()), target.table(), threads)
          .load(options, progress);
    }
  }

  static void print(Output output, LoadResult result) {
    output.printf(
        "Loaded %d sales into %s in %s (%d BatchWriteItem calls, %d retries of unprocessed items)",
        result.inserted(),
        result.table(),
        Output.duration(result.elapsed()),
        result.batchCalls(),
        result.batchRetries());
    output.printf(
        "  modified %d, deleted %d, deliberately bad %d %s",
        result.modified(),
        result.deleted(),
        result.defective(),
        result.defects().isEmpty() ? "" : "(" + result.describeDefects() + ")");
    output.printf(
        "  stream records written %d; from an empty table, a correct ETL ends with %d rows in"
            + " sales_history (sold_price total %s) and %d in sales_history_errors",
        result.streamRecords(),
        result.expectedLiveRows(),
        result.expectedPriceTotal().toPlainString(),
        result.defective());
  }
}
