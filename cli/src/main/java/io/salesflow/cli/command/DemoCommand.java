package io.salesflow.cli.command;

import io.salesflow.cli.CliContext;
import io.salesflow.cli.CliException;
import io.salesflow.cli.ExitCode;
import io.salesflow.cli.Output;
import io.salesflow.cli.SalesflowCli;
import io.salesflow.cli.connection.ConnectionOptions;
import io.salesflow.cli.connection.StackFile;
import io.salesflow.cli.connection.Target;
import io.salesflow.cli.demo.DemoRunner;
import io.salesflow.cli.demo.DemoSettings;
import io.salesflow.cli.demo.DemoSummary;
import io.salesflow.cli.query.QueryPhases;
import io.salesflow.cli.stream.StreamOptions;
import io.salesflow.sample.SampleOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** The whole pipeline locally, end to end. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the pipeline end to end: start the local stack, create the tables, load sample sales"
          + " (with modifies, deletes and a few bad records), stream them through the ETL handler"
          + " until caught up, check the tables against the data, run the query library, write"
          + " reports and print a summary.",
      "Phases whose code is not built yet are reported as skipped; the servers are stopped at"
          + " the end unless --keep."
    })
public final class DemoCommand implements Callable<Integer> {

  /** Defaults of the demo's sample: 2 % modified, 1 % deleted, 1 % bad. */
  static final double DEFAULT_UPDATE_SHARE = 0.02;

  static final double DEFAULT_DELETE_SHARE = 0.01;
  static final double DEFAULT_BAD_SHARE = 0.01;

  /**
   * The demo's BatchSize: with 1024-value embeddings a record is 15-40 kB of event JSON, so the 6
   * MB payload cap, not this, sets the batch (a few hundred records), and commits stay few.
   */
  static final int DEFAULT_BATCH_SIZE = 1000;

  @ParentCommand SalesflowCli parent;

  @Mixin ConnectionOptions connection;

  @Mixin SampleOptionsMixin sample;

  @Mixin StreamOptions stream;

  @Option(
      names = "--reports-dir",
      paramLabel = "DIR",
      defaultValue = "reports",
      description = "Where reports go (default: ${DEFAULT-VALUE}).")
  Path reportsDir;

  @Option(
      names = "--query-phase",
      paramLabel = "CLASS",
      defaultValue = QueryPhases.DEFAULT_CLASS,
      description = "QueryPhase implementation (default: ${DEFAULT-VALUE}).")
  String queryPhase;

  @Option(
      names = "--keep",
      description =
          "Keep the local servers running afterwards (until Ctrl-C) and print how to connect.")
  boolean keep;

  @Option(
      names = "--stream-timeout",
      paramLabel = "SECONDS",
      defaultValue = "600",
      description = "Longest wait for the stream to be caught up (default: ${DEFAULT-VALUE}).")
  int streamTimeoutSeconds;

  @Option(
      names = "--verify",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Compare the tables with the loaded data when the ETL ran (default: ${DEFAULT-VALUE}).")
  boolean verify;

  @Override
  public Integer call() throws InterruptedException {
    CliContext context = parent.context();
    if (streamTimeoutSeconds < 1) {
      throw CliException.usage(
          "Invalid --stream-timeout: " + streamTimeoutSeconds + ", must be 1 or more");
    }
    int records = sample.recordsGiven() ? sample.records : SampleOptions.DEFAULT_RECORDS;
    SampleOptions options =
        sample.toOptions(
            SampleOptions.DEFAULT_RECORDS,
            (int) Math.round(records * DEFAULT_UPDATE_SHARE),
            (int) Math.round(records * DEFAULT_DELETE_SHARE),
            DEFAULT_BAD_SHARE);
    stream.defaultBatchSize(DEFAULT_BATCH_SIZE);
    stream.toConfig("us-east-1"); // validates the flags before anything starts
    DemoSettings settings =
        new DemoSettings(
            connection,
            options,
            sample.writeThreads(),
            stream,
            reportsDir.toAbsolutePath(),
            queryPhase,
            keep,
            Duration.ofSeconds(streamTimeoutSeconds),
            verify);
    DemoRunner runner = new DemoRunner(context, settings);
    DemoSummary summary = runner.run();
    int code = summary.succeeded() ? ExitCode.OK : ExitCode.FAILURE;
    if (keep && runner.target().isPresent() && runner.target().get().localStack().isPresent()) {
      keepRunning(context, runner.target().get());
    } else {
      runner.target().ifPresent(Target::close);
    }
    return code;
  }

  private static void keepRunning(CliContext context, Target target) throws InterruptedException {
    Output output = context.output();
    var stack = target.localStack().orElseThrow();
    StackFile.write(context.home(), stack.dynamoDbEndpoint(), target.table(), target.environment());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  StackFile.deleteIfOwn(context.home());
                  target.close();
                  stopped.countDown();
                },
                "salesflow-demo-stop"));
    output.println("");
    StackCommand.print(output, stack, target, 0);
    stopped.await();
  }
}
