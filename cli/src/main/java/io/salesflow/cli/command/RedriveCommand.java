package io.salesflow.cli.command;

import io.salesflow.cli.CliContext;
import io.salesflow.cli.CliException;
import io.salesflow.cli.ExitCode;
import io.salesflow.cli.Output;
import io.salesflow.cli.SalesflowCli;
import io.salesflow.cli.connection.ConnectionOptions;
import io.salesflow.cli.connection.Target;
import io.salesflow.cli.redrive.FailedRange;
import io.salesflow.cli.redrive.OnFailureSource;
import io.salesflow.cli.redrive.RedriveReport;
import io.salesflow.cli.stream.BatchLines;
import io.salesflow.cli.stream.FunctionLog;
import io.salesflow.cli.stream.HandlerLoader;
import io.salesflow.cli.stream.StreamOptions;
import io.salesflow.emulator.EventSourceMappingConfig;
import io.salesflow.emulator.RangeExpiredException;
import io.salesflow.emulator.RedriveFailedException;
import io.salesflow.emulator.Redriver;
import io.salesflow.emulator.StreamRangeReader;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * Applies the batches the event source mapping gave up on: reads the on-failure records (the local
 * file, or the on-failure SQS queue in AWS), re-reads exactly each shard range from the stream, and
 * feeds it through the same handler and guards as {@code stream}.
 */
@Command(
    name = "redrive",
    mixinStandardHelpOptions = true,
    description = {
      "Apply the batches that went to the on-failure destination: re-read each one's shard and"
          + " sequence range from the stream (while the stream still holds it, 24 hours) and run"
          + " it through the stream handler, in shard order. Idempotent: applied ranges are"
          + " recorded (local) or deleted from the queue (AWS), and the handler's guards make a"
          + " repeat harmless.",
      "Exit code 4 when a range could not be applied (expired, or still failing): the message"
          + " names the recovery."
    })
public final class RedriveCommand implements Callable<Integer> {

  @ParentCommand SalesflowCli parent;

  @Mixin ConnectionOptions connection;

  @Mixin StreamOptions stream;

  @Option(
      names = "--on-failure-file",
      paramLabel = "FILE",
      description =
          "On-failure records to apply (default: the one `stream` writes,"
              + " .salesflow/on-failure/TABLE.HANDLER.jsonl).")
  Path onFailureFile;

  @Option(
      names = "--queue-url",
      paramLabel = "URL",
      description =
          "Read the on-failure SQS queue instead (AWS: the stack output EtlFailureQueueUrl);"
              + " applied messages are deleted.")
  String queueUrl;

  @Option(
      names = "--attempts",
      paramLabel = "N",
      defaultValue = "5",
      description =
          "Invocations of one batch before its range is left pending, 1-100 (default:"
              + " ${DEFAULT-VALUE}).")
  int attempts;

  @Option(
      names = "--discard-expired",
      description =
          "Record expired ranges as handled (ledger entry, or the message deleted) once their keys"
              + " were recovered by a backfill, so they stop being reported.")
  boolean discardExpired;

  @Override
  public Integer call() {
    CliContext context = parent.context();
    Output output = context.output();
    if (attempts < 1 || attempts > 100) {
      throw CliException.usage("Invalid --attempts: " + attempts + ", must be between 1 and 100");
    }
    if (queueUrl != null && onFailureFile != null) {
      throw CliException.usage("Give --on-failure-file or --queue-url, not both");
    }
    stream.validate();
    try (Target target = context.resolver().resolve(connection)) {
      EventSourceMappingConfig config = stream.toConfig(target.region());
      HandlerLoader.LoadedHandler handler =
          stream.loadHandler(context, target.environment(), "redrive");
      String mapping = StreamOptions.mappingName(target.table(), handler);
      try (OnFailureSource source = source(context, target, mapping)) {
        target.describe().forEach(output::note);
        output.note("Handler: " + handler.className() + " (" + handler.origin() + ")");
        output.note("On-failure records: " + source.describe());
        Path logFile = StreamCommand.file(null, context, "logs", mapping + ".log");
        output.note("Function logs and metrics: " + logFile);
        try (FunctionLog redirected = FunctionLog.to(logFile)) {
          RedriveReport report = redrive(target, handler, config, source, output);
          report.print(output);
          return report.complete() ? ExitCode.OK : ExitCode.ON_FAILURE;
        }
      }
    }
  }

  private RedriveReport redrive(
      Target target,
      HandlerLoader.LoadedHandler handler,
      EventSourceMappingConfig config,
      OnFailureSource source,
      Output output) {
    Redriver redriver =
        new Redriver(
            new StreamRangeReader(target.streams()),
            Redriver.inProcess(handler.factory(), config, new BatchLines(output)),
            config,
            attempts);
    RedriveReport report = new RedriveReport();
    Set<String> blockedShards = new HashSet<>();
    List<FailedRange> ranges = source.pending();
    report.alreadyApplied(source.alreadyApplied());
    for (FailedRange range : ranges) {
      String shard = range.batch().streamArn() + "/" + range.batch().shardId();
      if (blockedShards.contains(shard)) {
        // Per-shard order: a later range never goes before an earlier one that is still pending.
        report.heldBack(range);
        continue;
      }
      try {
        Redriver.Result result = redriver.redrive(range.batch());
        source.applied(range);
        report.applied(result);
        output.println(RedriveReport.appliedLine(result));
      } catch (RangeExpiredException e) {
        // Not replayable at all: later ranges of the shard go ahead, and the keys of this one
        // converge by a backfill of the table's current state.
        if (discardExpired) {
          source.applied(range);
          report.discarded(range);
          output.println("  discarded (expired, --discard-expired): " + e.getMessage());
        } else {
          report.expired(range, e.getMessage());
          output.println("  EXPIRED " + e.getMessage());
        }
      } catch (RedriveFailedException e) {
        blockedShards.add(shard);
        report.failed(range, e.getMessage());
        output.println("  FAILED " + e.getMessage());
      }
    }
    return report;
  }

  private OnFailureSource source(CliContext context, Target target, String mapping) {
    if (queueUrl != null) {
      return OnFailureSource.queue(target.newSqsClient(), queueUrl);
    }
    Path file = StreamCommand.file(onFailureFile, context, "on-failure", mapping + ".jsonl");
    return OnFailureSource.file(file);
  }
}
