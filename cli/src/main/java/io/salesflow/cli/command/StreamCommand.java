package io.salesflow.cli.command;

import io.salesflow.cli.CliContext;
import io.salesflow.cli.CliException;
import io.salesflow.cli.ExitCode;
import io.salesflow.cli.Output;
import io.salesflow.cli.SalesflowCli;
import io.salesflow.cli.connection.ConnectionOptions;
import io.salesflow.cli.connection.Target;
import io.salesflow.cli.stream.BatchLines;
import io.salesflow.cli.stream.FunctionLog;
import io.salesflow.cli.stream.HandlerLoader;
import io.salesflow.cli.stream.StreamOptions;
import io.salesflow.cli.stream.StreamRunner;
import io.salesflow.emulator.EventSourceMappingConfig;
import io.salesflow.emulator.StreamPoller;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Runs the ingestion poller: the local stand-in for Lambda's event source mapping. */
@Command(
    name = "stream",
    mixinStandardHelpOptions = true,
    description = {
      "Poll the sales table's stream like Lambda's event source mapping and call the stream"
          + " handler with the same DynamodbEvent: every shard (parents before children), batch"
          + " size, batching window, 6 MB payload cap, partial batch responses, bisect, retries,"
          + " on-failure file, checkpoints (a restart resumes where it stopped).",
      "Runs until Ctrl-C, or with --until-caught-up until every shard has nothing new."
    })
public final class StreamCommand implements Callable<Integer> {

  @ParentCommand SalesflowCli parent;

  @Mixin ConnectionOptions connection;

  @Mixin StreamOptions stream;

  @Option(
      names = "--checkpoint-file",
      paramLabel = "FILE",
      description = "Shard positions (default: .salesflow/checkpoints/TABLE.HANDLER.json).")
  Path checkpointFile;

  @Option(
      names = "--on-failure-file",
      paramLabel = "FILE",
      description =
          "Exhausted batches, JSON lines (default: .salesflow/on-failure/TABLE.HANDLER.jsonl).")
  Path onFailureFile;

  @Option(
      names = "--until-caught-up",
      description = "Stop when every shard has nothing new, instead of running until Ctrl-C.")
  boolean untilCaughtUp;

  @Option(
      names = "--log-format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description =
          "text: one line per batch here, the function's JSON logs and EMF metrics in"
              + " .salesflow/logs/TABLE.HANDLER.log; json: the function's output here instead"
              + " (default: ${DEFAULT-VALUE}; the echo handler always prints here).")
  String logFormat;

  @Option(
      names = "--max-wait",
      paramLabel = "SECONDS",
      defaultValue = "600",
      description =
          "With --until-caught-up: fail if not caught up by then (default: ${DEFAULT-VALUE}).")
  int maxWaitSeconds;

  @Override
  public Integer call() throws InterruptedException {
    CliContext context = parent.context();
    Output output = context.output();
    if (maxWaitSeconds < 1) {
      throw CliException.usage("Invalid --max-wait: " + maxWaitSeconds + ", must be 1 or more");
    }
    if (!logFormat.equals("text") && !logFormat.equals("json")) {
      throw CliException.usage("Invalid --log-format: " + logFormat + ", must be text or json");
    }
    stream.validate();
    try (Target target = context.resolver().resolve(connection)) {
      EventSourceMappingConfig config = stream.toConfig(target.region());
      HandlerLoader.LoadedHandler handler =
          stream.loadHandler(context, target.environment(), "stream");
      target.describe().forEach(output::note);
      output.note("Handler: " + handler.className() + " (" + handler.origin() + ")");
      String mapping = StreamOptions.mappingName(target.table(), handler);
      Path checkpoints = file(checkpointFile, context, "checkpoints", mapping + ".json");
      Path failures = file(onFailureFile, context, "on-failure", mapping + ".jsonl");
      // The echo handler's output is what it is for: it stays on the terminal.
      boolean json =
          logFormat.equals("json")
              || handler.className().equals(HandlerLoader.resolveAlias("echo"));
      Path logFile = file(null, context, "logs", mapping + ".log");
      if (!json) {
        output.note("Function logs and metrics: " + logFile);
      }
      StreamRunner runner = new StreamRunner(output);
      StreamPoller poller =
          runner.poller(
              target, handler, config, checkpoints, failures, json ? null : new BatchLines(output));
      if (json) {
        return run(runner, poller, config, output, true);
      }
      try (FunctionLog redirected = FunctionLog.to(logFile)) {
        return run(runner, poller, config, output, false);
      }
    }
  }

  private int run(
      StreamRunner runner,
      StreamPoller poller,
      EventSourceMappingConfig config,
      Output output,
      boolean json)
      throws InterruptedException {
    StreamRunner.Outcome outcome;
    if (untilCaughtUp) {
      Duration maxWait = Duration.ofSeconds(maxWaitSeconds);
      outcome =
          json
              ? runner.untilCaughtUp(poller, -1, maxWait)
              : runner.untilCaughtUpQuietly(poller, maxWait);
    } else {
      output.note("Polling " + poller.streamArn() + "; Ctrl-C to stop.");
      CountDownLatch finished = new CountDownLatch(1);
      Thread hook =
          new Thread(
              () -> {
                poller.stop();
                awaitQuietly(finished, config.functionTimeout().plusSeconds(15));
              },
              "salesflow-stream-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        outcome = json ? runner.follow(poller) : runner.followQuietly(poller);
      } finally {
        finished.countDown();
      }
    }
    output.println(
        "Stream " + poller.streamArn() + ", " + Output.duration(outcome.elapsed()) + ":");
    output.println(StreamRunner.line(outcome.stats()));
    output.println("  checkpoints " + outcome.checkpointFile());
    if (outcome.stats().failedBatches() == 0) {
      return ExitCode.OK;
    }
    output.println(
        "  "
            + outcome.stats().failedBatches()
            + " batches ("
            + outcome.stats().recordsFailed()
            + " records) went to the on-failure file "
            + outcome.onFailureFile()
            + ": they are NOT in the table.");
    output.println(
        "  Apply them with: ./salesflow redrive --on-failure-file " + outcome.onFailureFile());
    return ExitCode.ON_FAILURE;
  }

  /** {@code given}, or {@code .salesflow/<dir>/<name>} in the checkout. */
  public static Path file(Path given, CliContext context, String dir, String name) {
    return given != null
        ? given.toAbsolutePath()
        : context.home().resolve(".salesflow").resolve(dir).resolve(name);
  }

  private static void awaitQuietly(CountDownLatch latch, Duration timeout) {
    try {
      latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
