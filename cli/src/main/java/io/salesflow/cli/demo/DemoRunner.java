package io.salesflow.cli.demo;

import io.salesflow.bootstrap.BootstrapResult;
import io.salesflow.bootstrap.SchemaBootstrapService;
import io.salesflow.bootstrap.TableResult;
import io.salesflow.cli.CliContext;
import io.salesflow.cli.CliException;
import io.salesflow.cli.Output;
import io.salesflow.cli.connection.Target;
import io.salesflow.cli.demo.DemoSummary.Status;
import io.salesflow.cli.progress.LoadProgressBars;
import io.salesflow.cli.query.QueryPhase;
import io.salesflow.cli.query.QueryPhaseRequest;
import io.salesflow.cli.query.QueryPhaseResult;
import io.salesflow.cli.query.QueryPhaseText;
import io.salesflow.cli.query.QueryPhaseUnavailableException;
import io.salesflow.cli.query.QueryPhases;
import io.salesflow.cli.status.StatusReader;
import io.salesflow.cli.status.TableStatus;
import io.salesflow.cli.stream.FunctionLog;
import io.salesflow.cli.stream.HandlerLoader;
import io.salesflow.cli.stream.StreamRunner;
import io.salesflow.core.table.SalesTables;
import io.salesflow.emulator.EventSourceMappingConfig;
import io.salesflow.emulator.StreamPoller;
import io.salesflow.etl.EtlConfig;
import io.salesflow.etl.backfill.BackfillRunner;
import io.salesflow.etl.backfill.ScanSource;
import io.salesflow.localstack.LocalStackOptions;
import io.salesflow.sample.BatchWriter;
import io.salesflow.sample.LoadResult;
import io.salesflow.sample.SalesTableCreator;
import io.salesflow.sample.SampleLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The demo, phase by phase: stack, tables, load, stream, verify, query. A phase whose code is not
 * built yet (the ETL handler, the query library) or that cannot run on this machine (the query
 * phase without a JDK 24+ for local Trino) is reported as SKIPPED with the reason, and the demo
 * still succeeds; a phase that runs and fails (a query included) makes the demo fail. The summary
 * is always printed and written to the reports directory.
 */
public final class DemoRunner {

  private final CliContext context;
  private final Output output;
  private final DemoSettings settings;
  private final DemoSummary summary = new DemoSummary();
  private Target target;
  private LoadResult load;
  private boolean tablesWereEmpty = true;
  private boolean backfillStory;
  private BackfillRunner.Report backfilled;
  private StreamRunner.Outcome streamed;
  private String handlerName;
  private QueryPhase queryPhase;

  public DemoRunner(CliContext context, DemoSettings settings) {
    this.context = context;
    this.output = context.output();
    this.settings = settings;
  }

  /** Runs every phase; returns the summary (also printed and written). */
  public DemoSummary run() {
    try {
      phase("stack", this::startStack);
      phase("tables", this::createTables);
      phase("load", this::loadSales);
      if (phaseIf("stream", this::stream)) {
        phase("verify", this::verify);
        phaseIf("query", this::query);
      } else {
        summary.phase("verify", Status.SKIPPED, Duration.ZERO, "nothing was ingested");
        summary.phase("query", Status.SKIPPED, Duration.ZERO, "nothing was ingested");
      }
    } catch (PhaseFailed e) {
      // recorded in the summary
    } finally {
      finish();
    }
    return summary;
  }

  /** The target, for {@code --keep}. */
  public Optional<Target> target() {
    return Optional.ofNullable(target);
  }

  private void startStack() {
    output.note("Starting the local stack ...");
    target = context.resolver().startLocal(settings.connection(), LocalStackOptions.defaults());
    String where =
        target.localStack().map(s -> "local servers on 127.0.0.1").orElse("given endpoints");
    done(where + "; " + String.join("; ", target.describe()));
  }

  private void createTables() {
    SalesTableCreator.TableState state =
        new SalesTableCreator(target.dynamoDb()).ensure(target.table(), !settings.backfill());
    // A table this run created starts without its stream when the demo tells the backfill's
    // story; one that existed keeps the stream it has.
    backfillStory = settings.backfill() && state.created();
    if (!backfillStory && !state.streamReady()) {
      throw new CliException(
          io.salesflow.cli.ExitCode.FAILURE,
          "Table " + target.table() + " has no NEW_AND_OLD_IMAGES stream");
    }
    BootstrapResult result =
        new SchemaBootstrapService(target.catalog())
            .bootstrap(target.config().tables().all(), false);
    List<String> parts = new ArrayList<>();
    parts.add("DynamoDB " + state.table() + (state.created() ? " created" : " existed"));
    for (TableResult table : result.tables()) {
      parts.add(table.table() + " " + table.action());
      tablesWereEmpty &= table.action() == TableResult.Action.CREATED;
    }
    tablesWereEmpty &= state.created();
    done(String.join(", ", parts));
  }

  private void loadSales() {
    try (LoadProgressBars progress = new LoadProgressBars(output)) {
      load =
          new SampleLoader(
                  new BatchWriter(target.dynamoDb(), target.table()),
                  target.table(),
                  settings.writeThreads())
              .load(settings.sample(), progress, backfillStory ? this::backfill : () -> {});
    }
    done(
        load.inserted()
            + " sales"
            + (backfilled == null ? ", then " : " before the pipeline (backfilled), then ")
            + load.modified()
            + " modifies and "
            + load.deleted()
            + " deletes"
            + (backfilled == null ? "" : " streamed")
            + "; "
            + load.defective()
            + " deliberately bad"
            + (load.defects().isEmpty() ? "" : " (" + load.describeDefects() + ")"));
    summary.result("stream records written", streamRecords());
  }

  /** Records the stream carries: every write, or only the live changes after a backfill. */
  private long streamRecords() {
    return backfilled == null ? load.streamRecords() : load.modified() + load.deleted();
  }

  /**
   * Between the history and the live changes: the stream is turned on first, then a parallel Scan
   * backfills what the table holds, as `salesflow backfill --scan` does after a deployment.
   */
  private void backfill() {
    output.note("Turning the stream on and backfilling the existing sales from a Scan ...");
    new SalesTableCreator(target.dynamoDb()).enableStream(target.table());
    EtlConfig config = EtlConfig.from(settings.stream().handlerEnvironment(target.environment()));
    backfilled =
        new BackfillRunner(
                config,
                target.catalog(),
                2,
                BackfillRunner.DEFAULT_CHUNK_UNITS,
                java.time.Clock.systemUTC())
            .run(
                new ScanSource(
                    target.dynamoDb(),
                    target.table(),
                    4,
                    config.tables().keyColumns(),
                    java.time.Clock.systemUTC()),
                new BackfillRunner.Listener() {});
    summary.result(
        "backfilled (sales before the stream)",
        backfilled.added()
            + " rows from a Scan of "
            + target.table()
            + " in "
            + backfilled.millis()
            + " ms, "
            + backfilled.rejected()
            + " rejected, "
            + backfilled.commits()
            + " commits");
  }

  private boolean stream() {
    Path functionLog = settings.reportsDir().resolve("demo-function.log");
    try (FunctionLog redirected = FunctionLog.to(functionLog)) {
      boolean ran = streamThroughHandler();
      if (ran) {
        summary.result("function logs", functionLog);
      }
      return ran;
    }
  }

  private boolean streamThroughHandler() {
    HandlerLoader loader = new HandlerLoader(context.home(), context.environment());
    var env = settings.stream().handlerEnvironment(target.environment());
    Optional<HandlerLoader.LoadedHandler> handler;
    try {
      handler = loader.load(settings.stream().handler(), settings.stream().handlerJar(), env);
    } catch (CliException e) {
      if (e.exitCode() != io.salesflow.cli.ExitCode.NOT_BUILT) {
        throw e;
      }
      skip("ingestion is not pluggable yet: " + e.getMessage());
      summary.note(
          "The sales are in DynamoDB and its stream; once the ETL handler takes its config in a"
              + " public constructor, `./salesflow demo` streams them through it.");
      return false;
    }
    if (handler.isEmpty()) {
      String why =
          HandlerLoader.resolveAlias(settings.stream().handler())
                  .equals(HandlerLoader.DEFAULT_HANDLER)
              ? "ingestion is not built yet: "
              : "handler not found: ";
      skip(
          why + loader.explainMissing(settings.stream().handler(), settings.stream().handlerJar()));
      summary.note(
          "The sales are in DynamoDB and its stream; once functions/ddb-stream-etl is built,"
              + " `./salesflow demo` streams them through it.");
      return false;
    }
    handlerName = handler.get().className();
    EventSourceMappingConfig config = settings.stream().toConfig(target.region());
    Path work = workDir();
    StreamRunner runner = new StreamRunner(output);
    StreamPoller poller =
        runner.poller(
            target,
            handler.get(),
            config,
            work.resolve("checkpoints.json"),
            settings.reportsDir().resolve("demo-on-failure.jsonl"));
    streamed = runner.untilCaughtUp(poller, streamRecords(), settings.streamTimeout());
    var stats = streamed.stats();
    done(
        stats.recordsCompleted()
            + " records through "
            + handlerName
            + " ("
            + handler.get().origin()
            + ") in "
            + stats.invocations()
            + " invocations"
            + (stats.recordsFailed() > 0
                ? ", "
                    + stats.recordsFailed()
                    + " sent to the on-failure file "
                    + streamed.onFailureFile()
                : ""));
    return true;
  }

  private void verify() {
    SalesTables tables = target.config().tables();
    StatusReader reader = new StatusReader(target.catalog());
    TableStatus history = reader.salesHistory(tables.salesHistory());
    TableStatus errors = reader.errors(tables.errors());
    summary.result(
        "rows ingested",
        history.liveRows()
            + " in "
            + history.name()
            + (history.priceTotal() == null
                ? ""
                : " (sold_price total " + history.priceTotal().toPlainString() + ")"));
    summary.result("rejected by reason", errors.liveRows() + " " + errors.byReason());
    summary.result(
        "commits",
        history.commits() + " on sales_history, " + errors.commits() + " on sales_history_errors");
    summary.result(
        "files",
        history.dataFiles()
            + " data + "
            + history.deleteFiles()
            + " delete files (sales_history), "
            + errors.dataFiles()
            + " data files (errors)");
    summary.result(
        "expected from the loaded data",
        load.expectedLiveRows()
            + " rows (sold_price total "
            + load.expectedPriceTotal().toPlainString()
            + "), "
            + load.defective()
            + " rejected");
    if (!settings.verify()) {
      done("tables read; comparison off (--no-verify)");
      return;
    }
    if (!HandlerLoader.DEFAULT_HANDLER.equals(handlerName)) {
      done("tables read; not compared: " + handlerName + " is not the ETL");
      return;
    }
    if (!tablesWereEmpty) {
      done("tables read; not compared: the tables existed before this run");
      return;
    }
    List<String> mismatches =
        TableCheck.mismatches(load, history, errors, streamed.stats().recordsFailed());
    if (!mismatches.isEmpty()) {
      throw new CliException(
          io.salesflow.cli.ExitCode.FAILURE,
          "Tables differ from the loaded data: " + String.join("; ", mismatches));
    }
    done(
        "tables match the loaded data: "
            + load.expectedLiveRows()
            + " rows, sold_price total "
            + load.expectedPriceTotal().toPlainString()
            + ", "
            + load.defective()
            + " rejected");
  }

  private QueryPhase adopt(QueryPhase loaded) {
    queryPhase = loaded;
    if (settings.keep()) {
      loaded.keepEngine();
    }
    return loaded;
  }

  /** How to connect to the query engine {@code --keep} left running (a Trino JDBC URL). */
  public Optional<String> keptQueryEngine() {
    return queryPhase == null ? Optional.empty() : queryPhase.keptEngine();
  }

  /** Stops the query engine: at the end of the run, or on exit with {@code --keep}. */
  public void closeQueryEngine() {
    if (queryPhase != null) {
      queryPhase.close();
    }
  }

  private QueryPhaseRequest queryRequest() {
    return new QueryPhaseRequest(
        target.config(),
        target.config().catalog().properties(),
        target.environment(),
        target.trinoUrl(),
        settings.reportsDir());
  }

  private boolean query() {
    Optional<QueryPhase> phase = QueryPhases.load(settings.queryPhase()).map(this::adopt);
    if (phase.isEmpty()) {
      skip(QueryPhases.explainMissing(settings.queryPhase()));
      return false;
    }
    output.note("Running the query library (" + phase.get().describe() + ") ...");
    QueryPhaseResult result;
    try {
      result = phase.get().run(queryRequest());
    } catch (QueryPhaseUnavailableException e) {
      // A machine without a JDK 24+ cannot run local Trino: like a part not built, not a failure.
      skip("cannot run here: " + e.getMessage());
      return false;
    }
    QueryPhaseText.commonDirectory(result.files())
        .ifPresent(
            dir -> summary.result("query reports", dir + " (" + result.files().size() + " files)"));
    if (result.summary() != null) {
      summary.result("query summary", result.summary());
    }
    if (result.queriesFailed() > 0) {
      throw new CliException(
          io.salesflow.cli.ExitCode.FAILURE,
          result.queriesFailed()
              + " of "
              + (result.queriesRun() + result.queriesFailed() + result.queriesSkipped())
              + " queries failed: "
              + QueryPhaseText.failures(result));
    }
    done(
        result.queriesRun()
            + " queries ran ("
            + phase.get().describe()
            + "), "
            + result.files().size()
            + " report files"
            + (result.queriesSkipped() > 0
                ? "; " + result.queriesSkipped() + " skipped: " + QueryPhaseText.skipped(result)
                : ""));
    return true;
  }

  private void finish() {
    if (!settings.keep()) {
      try {
        closeQueryEngine();
      } catch (RuntimeException e) {
        summary.note("could not stop the query engine: " + e.getMessage());
      }
    }
    List<Path> written = List.of();
    try {
      written = summary.write(settings.reportsDir());
    } catch (UncheckedIOException e) {
      summary.note("could not write the summary: " + e.getMessage());
    }
    if (!written.isEmpty()) {
      summary.result(
          "reports", settings.reportsDir() + " (" + written.get(0).getFileName() + ", ...)");
    }
    summary.lines().forEach(output::println);
  }

  // --- phase bookkeeping -------------------------------------------------------------------

  private long phaseStart;
  private Status phaseStatus;
  private String phaseDetail;

  private void phase(String name, Runnable body) {
    phaseIf(
        name,
        () -> {
          body.run();
          return true;
        });
  }

  private boolean phaseIf(String name, Supplier<Boolean> body) {
    phaseStart = System.nanoTime();
    phaseStatus = null;
    phaseDetail = "";
    try {
      boolean ran = body.get();
      summary.phase(name, phaseStatus == null ? Status.DONE : phaseStatus, elapsed(), phaseDetail);
      return ran;
    } catch (RuntimeException e) {
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      if (!(e instanceof CliException) && !e.getClass().getName().startsWith("io.salesflow.")) {
        message = e.getClass().getSimpleName() + ": " + message;
      }
      summary.phase(name, Status.FAILED, elapsed(), message);
      if (output.verbose()) {
        e.printStackTrace(output.err());
      }
      throw new PhaseFailed();
    }
  }

  private void done(String detail) {
    phaseStatus = Status.DONE;
    phaseDetail = detail;
  }

  private void skip(String reason) {
    phaseStatus = Status.SKIPPED;
    phaseDetail = reason;
  }

  private Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - phaseStart);
  }

  private Path workDir() {
    Path dir =
        target
            .localStack()
            .map(s -> s.baseDir().resolve("demo"))
            .orElse(context.home().resolve(".salesflow").resolve("demo"));
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create " + dir, e);
    }
  }

  /** Unwinds the phases after a failure that is already in the summary. */
  private static final class PhaseFailed extends RuntimeException {
    PhaseFailed() {
      super(null, null, false, false);
    }
  }
}
