package io.salesflow.cli.command;

import io.salesflow.cli.CliContext;
import io.salesflow.cli.CliException;
import io.salesflow.cli.ExitCode;
import io.salesflow.cli.Output;
import io.salesflow.cli.SalesflowCli;
import io.salesflow.cli.connection.ConnectionOptions;
import io.salesflow.cli.connection.Target;
import io.salesflow.cli.progress.Progress;
import io.salesflow.core.config.ConfigException;
import io.salesflow.etl.BackfillCommitter;
import io.salesflow.etl.BackfillWorker;
import io.salesflow.etl.EtlConfig;
import io.salesflow.etl.backfill.BackfillInputException;
import io.salesflow.etl.backfill.BackfillRunner;
import io.salesflow.etl.backfill.BackfillSource;
import io.salesflow.etl.backfill.ExportSource;
import io.salesflow.etl.backfill.ScanSource;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.iceberg.Table;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * Brings the history that predates the stream into sales_history, from a DynamoDB export in S3 or a
 * parallel Scan, with the stream's converter, checks and upsert rules. Resumable: a re-run of the
 * same export skips what is committed.
 */
@Command(
    name = "backfill",
    mixinStandardHelpOptions = true,
    description = {
      "Backfill sales_history with the sales that predate the stream: from a DynamoDB export"
          + " (ExportTableToPointInTime, DYNAMODB_JSON) or a parallel Scan of the table.",
      "Procedure: 1) the stream and its ETL run first; 2) export (or --scan) and backfill;"
          + " 3) the stream catches up. A backfilled row never replaces a row or a removal the"
          + " stream wrote, so the table ends equal to DynamoDB.",
      "A run that stops (a damaged file, a crash) resumes where it stopped when run again."
    })
public final class BackfillCommand implements Callable<Integer> {

  @ParentCommand SalesflowCli parent;

  @Mixin ConnectionOptions connection;

  static final class From {
    @Option(
        names = "--from-export",
        paramLabel = "<s3 uri>",
        description =
            "The export's folder, s3://bucket/prefix/AWSDynamoDB/<export id>/ (or its"
                + " manifest-summary.json).")
    String export;

    @Option(names = "--scan", description = "Scan the sales table (small tables, local mode).")
    boolean scan;
  }

  @ArgGroup(multiplicity = "1")
  From from;

  @Option(
      names = "--segments",
      paramLabel = "<n>",
      description = "Scan segments (TotalSegments), about one per GB; default 8.")
  int segments = 8;

  @Option(
      names = "--workers",
      paramLabel = "<n>",
      description = "Worker threads converting and writing files; default: the cores.")
  int workers = Runtime.getRuntime().availableProcessors();

  @Option(
      names = "--units-per-commit",
      paramLabel = "<n>",
      description = "Export files or scan segments per commit; default 8.")
  int unitsPerCommit = BackfillRunner.DEFAULT_CHUNK_UNITS;

  @Option(
      names = "--aws",
      paramLabel = "<state machine arn>",
      description =
          "Run the backfill of --from-export on the stage's Step Functions state machine (the"
              + " stack output BackfillStateMachine) instead of here, and follow its progress.")
  String stateMachine;

  @Option(
      names = "--no-wait",
      description = "With --aws: start the execution and return without following it.")
  boolean noWait;

  @Override
  public Integer call() {
    CliContext context = parent.context();
    Output out = context.output();
    if (segments < 1 || workers < 1 || unitsPerCommit < 1) {
      throw CliException.usage("--segments, --workers and --units-per-commit must be at least 1");
    }
    if (stateMachine != null && from.export == null) {
      throw CliException.usage("--aws runs an export's backfill: give --from-export too");
    }
    try (Target target = context.resolver().resolve(connection)) {
      EtlConfig config = config(target);
      target.describe().forEach(out::note);
      Table history;
      try {
        history = target.catalog().loadTable(config.tables().tables().salesHistory().identifier());
      } catch (org.apache.iceberg.exceptions.NoSuchTableException e) {
        throw new CliException(
            ExitCode.FAILURE,
            "Table "
                + config.tables().tables().salesHistory().identifier()
                + " does not exist: create the tables first with `salesflow bootstrap` (or deploy"
                + " the stack), then backfill.");
      }
      BackfillSource source =
          from.export != null
              ? ExportSource.open(history.io(), from.export, config.tables().keyColumns())
              : new ScanSource(
                  target.dynamoDb(),
                  target.table(),
                  segments,
                  config.tables().keyColumns(),
                  Clock.systemUTC());
      if (stateMachine != null) {
        return runInAws(target, config, (ExportSource) source, out);
      }
      out.println("Backfilling from the " + source.describe());
      out.println("  point in time " + source.pointInTime());
      BackfillRunner.Report report;
      try (Bar bar = new Bar(out)) {
        report =
            new BackfillRunner(config, target.catalog(), workers, unitsPerCommit, Clock.systemUTC())
                .run(source, bar);
      }
      print(out, report, from.export != null);
      return ExitCode.OK;
    } catch (BackfillInputException e) {
      throw CliException.failure(e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
  }

  /**
   * Starts the state machine on the export (checked here first, so a bad export fails now with the
   * file named), then follows the committed units in the table's snapshots until all are in.
   */
  private int runInAws(Target target, EtlConfig config, ExportSource source, Output out) {
    source.check();
    com.fasterxml.jackson.databind.node.ObjectNode input =
        new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
    input.put("export", source.directory());
    String execution;
    try (var starter = target.newStepFunctionsStarter()) {
      execution =
          starter.start(
              stateMachine, "backfill-" + java.time.Instant.now().getEpochSecond(), input);
    }
    out.println("Started " + execution);
    out.println("  on the " + source.describe());
    if (noWait) {
      out.println(
          "Follow it in the Step Functions console, or run this command again without"
              + " --no-wait (a new execution resumes; committed files are skipped).");
      return ExitCode.OK;
    }
    BackfillCommitter committer = new BackfillCommitter(config, target.catalog());
    int total = source.units().size();
    try (Progress progress = Progress.start(out, "data files committed", total)) {
      while (true) {
        BackfillCommitter.Progress done = committer.progress(source.id());
        long committed = source.units().stream().filter(done::done).count();
        progress.stepTo(committed);
        if (committed == total) {
          break;
        }
        try {
          Thread.sleep(15_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          out.println("Stopped following; the execution goes on: " + execution);
          return ExitCode.OK;
        }
      }
    }
    out.println("All " + total + " data files of the export are committed.");
    return ExitCode.OK;
  }

  private static EtlConfig config(Target target) {
    target.config();
    try {
      return EtlConfig.from(target.environment());
    } catch (ConfigException e) {
      throw CliException.usage(
          "Invalid ETL configuration:\n  " + String.join("\n  ", e.problems()));
    }
  }

  private static void print(Output out, BackfillRunner.Report r, boolean export) {
    out.println(
        String.format(
            "Backfill done in %s: %d units (%d committed before), %d items read",
            Output.duration(Duration.ofMillis(r.millis())), r.units(), r.resumed(), r.items()));
    out.println(
        String.format(
            "  %d rows added in %d commits (%d data files); %d left out (the stream already wrote"
                + " or removed the key); %d settled after a race with the stream",
            r.added(), r.commits(), r.dataFiles(), r.leftOut(), r.settled()));
    out.println(
        String.format(
            "  %d items rejected into sales_history_errors (see `salesflow status`)",
            r.rejected()));
    out.println("Next:");
    out.println(
        "  1. Keep the stream running (`salesflow stream` locally, the deployed function in AWS):"
            + " it brings every change since "
            + r.pointInTime()
            + ".");
    out.println(
        "  2. Check with `salesflow status`; compact the backfilled months with `salesflow"
            + " maintain --compact`.");
    if (export) {
      out.println("  3. Running this command again is safe: it resumes and adds nothing twice.");
    }
  }

  /** The progress bar of the items read, and a line per commit. */
  private static final class Bar implements BackfillRunner.Listener, AutoCloseable {
    private final Output out;
    private Progress progress;

    Bar(Output out) {
      this.out = out;
    }

    @Override
    public void planned(BackfillSource source, int units, int resumed) {
      if (resumed > 0) {
        out.println("  resuming: " + resumed + " of " + units + " units were committed before");
      }
      progress = Progress.start(out, "units", units - resumed);
    }

    @Override
    public void staged(BackfillWorker.Staged staged) {
      if (progress != null) {
        progress.stepBy(staged.units().size());
      }
    }

    @Override
    public void committed(BackfillCommitter.ChunkResult chunk) {
      if (out.verbose()) {
        out.note(
            "committed "
                + chunk.units().size()
                + " units: "
                + chunk.added()
                + " rows added, "
                + chunk.leftOut()
                + " left out");
      }
    }

    @Override
    public void close() {
      if (progress != null) {
        progress.close();
      }
    }
  }
}
