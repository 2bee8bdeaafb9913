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
import io.salesflow.cli.stream.StreamOptions;
import io.salesflow.localstack.trino.LocalTrino;
import io.salesflow.sample.EmbeddingFormat;
import io.salesflow.sample.SampleOptions;
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
   * The demo stores embeddings as float32 blobs: 4 kB per sale instead of about 12 kB as a list of
   * 1024 numbers, so a third of the DynamoDB write units and stream payload, and about three times
   * as many records per 6 MB batch. {@code --embedding-format list} runs the list path instead.
   */
  static final EmbeddingFormat DEFAULT_EMBEDDING_FORMAT = EmbeddingFormat.FLOAT32;

  /**
   * The demo's BatchSize: with float32 embeddings a record is 6-7 kB of event JSON, so a batch
   * holds 850-1000 records, whichever of the 6 MB payload cap and this size comes first (with list
   * embeddings, 15-40 kB a record, the cap alone sets it: a few hundred), and commits stay few.
   */
  static final int DEFAULT_BATCH_SIZE = 1000;

  /** Start of the line that gives the JDBC URL of the Trino kept by {@code --keep}. */
  static final String TRINO_KEPT = "Trino (the query library's engine) stays up too: ";

  @ParentCommand SalesflowCli parent;

  @Mixin ConnectionOptions connection;

  @Mixin SampleOptionsMixin sample;

  @Mixin StreamOptions stream;

  @Mixin ReportOptionsMixin reports;

  @Option(
      names = "--keep",
      description =
          "Keep the servers the demo started (local stack, local Trino) running afterwards, until"
              + " Ctrl-C, and print how to connect.")
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

  @Option(
      names = "--backfill",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Tell a deployment's story (default: ${DEFAULT-VALUE}): the sales exist before the"
              + " pipeline (a table without a stream), the stream is turned on, a Scan backfills"
              + " them, then the modifies and deletes stream in. --no-backfill streams everything.")
  boolean backfill;

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
            DEFAULT_BAD_SHARE,
            DEFAULT_EMBEDDING_FORMAT);
    stream.defaultBatchSize(DEFAULT_BATCH_SIZE);
    stream.validate(); // before anything starts
    DemoSettings settings =
        new DemoSettings(
            connection,
            options,
            sample.writeThreads(),
            stream,
            reports.reportsDir(),
            reports.queryPhase,
            keep,
            Duration.ofSeconds(streamTimeoutSeconds),
            verify,
            backfill);
    DemoRunner runner = new DemoRunner(context, settings);
    DemoSummary summary = runner.run();
    int code = summary.succeeded() ? ExitCode.OK : ExitCode.FAILURE;
    boolean started =
        runner.target().flatMap(Target::localStack).isPresent()
            || runner.keptQueryEngine().isPresent();
    if (keep && started) {
      keepRunning(context, runner, runner.target().orElseThrow());
    } else {
      runner.closeQueryEngine();
      runner.target().ifPresent(Target::close);
    }
    return code;
  }

  /** Keeps what the demo started (local stack, local Trino) running until Ctrl-C or SIGTERM. */
  private static void keepRunning(CliContext context, DemoRunner runner, Target target)
      throws InterruptedException {
    Output output = context.output();
    var stack = target.localStack();
    stack.ifPresent(
        s ->
            StackFile.write(
                context.home(), s.dynamoDbEndpoint(), target.table(), target.environment()));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  if (stack.isPresent()) {
                    StackFile.deleteIfOwn(context.home());
                  }
                  runner.closeQueryEngine();
                  target.close();
                  stopped.countDown();
                },
                "salesflow-demo-stop"));
    output.println("");
    stack.ifPresent(s -> StackCommand.print(output, s, target, 0));
    runner
        .keptQueryEngine()
        .ifPresent(
            url ->
                output.println(
                    TRINO_KEPT + url + " (user " + LocalTrino.USER + "); Ctrl-C stops it"));
    stopped.await();
  }
}
