package io.salesflow.query.engine;

import io.salesflow.query.engine.QueryExecutionException.Outcome;
import java.time.Duration;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.AthenaError;
import software.amazon.awssdk.services.athena.model.GetQueryExecutionRequest;
import software.amazon.awssdk.services.athena.model.InvalidRequestException;
import software.amazon.awssdk.services.athena.model.QueryExecution;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;
import software.amazon.awssdk.services.athena.model.QueryExecutionStatistics;
import software.amazon.awssdk.services.athena.model.StartQueryExecutionRequest;
import software.amazon.awssdk.services.athena.model.StopQueryExecutionRequest;

/**
 * Runs queries on Athena (engine v3) through the SDK: StartQueryExecution in the configured
 * workgroup and database with the parameters as ExecutionParameters, GetQueryExecution polled with
 * exponential backoff until a terminal state, StopQueryExecution when the time limit passes, then
 * GetQueryResults page by page. FAILED and CANCELLED become {@link QueryExecutionException}s that
 * carry Athena's reason.
 */
public final class AthenaQueryEngine implements QueryEngine {

  private static final Logger LOG = LoggerFactory.getLogger(AthenaQueryEngine.class);

  private final AthenaClient athena;
  private final AthenaEngineSettings settings;
  private final Sleeper sleeper;
  private final LongSupplier nanoTime;

  /** An engine on the real clock. */
  public AthenaQueryEngine(AthenaClient athena, AthenaEngineSettings settings) {
    this(athena, settings, Sleeper.SYSTEM, System::nanoTime);
  }

  /** An engine whose waits and clock are supplied, for tests. */
  public AthenaQueryEngine(
      AthenaClient athena, AthenaEngineSettings settings, Sleeper sleeper, LongSupplier nanoTime) {
    this.athena = athena;
    this.settings = settings;
    this.sleeper = sleeper;
    this.nanoTime = nanoTime;
  }

  @Override
  public String name() {
    return "athena";
  }

  @Override
  public QueryResult execute(QueryRequest request) {
    long start = nanoTime.getAsLong();
    String id = start(request);
    LOG.info(
        "Athena query {} started: {} (workgroup {})", request.label(), id, settings.workgroup());
    QueryExecution execution = awaitCompletion(request, id, start);
    AthenaResults.Page page = new AthenaResults(athena).fetch(request, id, execution);
    QueryExecutionStatistics stats = execution.statistics();
    long wall = (nanoTime.getAsLong() - start) / 1_000_000;
    return new QueryResult(
        page.columns(),
        page.rows(),
        page.truncated(),
        new QueryStatistics(
            name(),
            id,
            stats == null ? null : stats.dataScannedInBytes(),
            null,
            null,
            stats == null ? null : stats.engineExecutionTimeInMillis(),
            stats == null ? null : stats.queryQueueTimeInMillis(),
            wall));
  }

  private String start(QueryRequest request) {
    StartQueryExecutionRequest.Builder builder =
        StartQueryExecutionRequest.builder()
            .queryString(request.sql())
            .workGroup(settings.workgroup())
            .queryExecutionContext(c -> c.catalog(settings.catalog()).database(settings.database()))
            // Makes the SDK's own retries of this call idempotent: one query, not several.
            .clientRequestToken(UUID.randomUUID().toString());
    if (settings.outputLocation() != null) {
      builder.resultConfiguration(r -> r.outputLocation(settings.outputLocation()));
    }
    if (!request.parameters().isEmpty()) {
      builder.executionParameters(
          request.parameters().stream().map(AthenaValues::literal).toList());
    }
    try {
      return athena.startQueryExecution(builder.build()).queryExecutionId();
    } catch (InvalidRequestException e) {
      throw new QueryExecutionException(
          Outcome.FAILED,
          null,
          "Athena refused query '" + request.label() + "': " + message(e) + where(),
          e);
    } catch (SdkException e) {
      throw new QueryExecutionException(
          Outcome.UNAVAILABLE,
          null,
          "Cannot start Athena query '"
              + request.label()
              + "'"
              + where()
              + ": "
              + message(e)
              + ". Check the workgroup exists and the function may athena:StartQueryExecution.",
          e);
    }
  }

  private QueryExecution awaitCompletion(QueryRequest request, String id, long start) {
    Duration delay = settings.firstPoll();
    while (true) {
      QueryExecution execution = poll(request, id);
      QueryExecutionState state = execution.status().state();
      if (state == QueryExecutionState.SUCCEEDED) {
        return execution;
      }
      if (state == QueryExecutionState.FAILED) {
        throw failed(request, id, execution);
      }
      if (state == QueryExecutionState.CANCELLED) {
        throw cancelled(request, id, execution);
      }
      Duration elapsed = Duration.ofNanos(nanoTime.getAsLong() - start);
      if (elapsed.compareTo(request.timeout()) >= 0) {
        throw timedOut(request, id);
      }
      Duration remaining = request.timeout().minus(elapsed);
      sleep(request, id, delay.compareTo(remaining) < 0 ? delay : remaining);
      Duration doubled = delay.multipliedBy(2);
      delay = doubled.compareTo(settings.maxPoll()) < 0 ? doubled : settings.maxPoll();
    }
  }

  private QueryExecution poll(QueryRequest request, String id) {
    try {
      return athena
          .getQueryExecution(GetQueryExecutionRequest.builder().queryExecutionId(id).build())
          .queryExecution();
    } catch (SdkException e) {
      throw new QueryExecutionException(
          Outcome.UNAVAILABLE,
          id,
          "Cannot read the status of Athena query '"
              + request.label()
              + "' ("
              + id
              + "): "
              + message(e),
          e);
    }
  }

  private void sleep(QueryRequest request, String id, Duration duration) {
    try {
      sleeper.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopQuietly(id, e);
      throw new QueryExecutionException(
          Outcome.CANCELLED,
          id,
          "Interrupted while waiting for Athena query '"
              + request.label()
              + "' ("
              + id
              + "); it was stopped",
          e);
    }
  }

  private QueryExecutionException timedOut(QueryRequest request, String id) {
    QueryExecutionException timeout =
        new QueryExecutionException(
            Outcome.TIMED_OUT,
            id,
            "Athena query '"
                + request.label()
                + "' ("
                + id
                + ") did not finish within "
                + request.timeout().toSeconds()
                + " s and was stopped (StopQueryExecution). Narrow it with partition filters (year,"
                + " month) or raise SALESFLOW_QUERY_TIMEOUT_SECONDS.");
    stopQuietly(id, timeout);
    return timeout;
  }

  private void stopQuietly(String id, Throwable primary) {
    try {
      athena.stopQueryExecution(StopQueryExecutionRequest.builder().queryExecutionId(id).build());
    } catch (SdkException e) {
      primary.addSuppressed(e);
    }
  }

  private QueryExecutionException failed(
      QueryRequest request, String id, QueryExecution execution) {
    AthenaError error = execution.status().athenaError();
    String reason = reason(execution);
    String category =
        error == null || error.errorCategory() == null
            ? ""
            : " ["
                + switch (error.errorCategory()) {
                  case 1 -> "system error";
                  case 2 -> "user error";
                  default -> "error";
                }
                + (error.errorType() == null ? "" : " " + error.errorType())
                + "]";
    return new QueryExecutionException(
        Outcome.FAILED,
        id,
        "Athena query '"
            + request.label()
            + "' ("
            + id
            + ") FAILED: "
            + reason
            + category
            + where());
  }

  private QueryExecutionException cancelled(
      QueryRequest request, String id, QueryExecution execution) {
    String reason = reason(execution);
    return new QueryExecutionException(
        Outcome.CANCELLED,
        id,
        "Athena query '"
            + request.label()
            + "' ("
            + id
            + ") was CANCELLED: "
            + (reason.isEmpty() ? "by a user or a workgroup data usage limit" : reason)
            + where());
  }

  private static String reason(QueryExecution execution) {
    AthenaError error = execution.status().athenaError();
    if (error != null && error.errorMessage() != null) {
      return error.errorMessage();
    }
    String reason = execution.status().stateChangeReason();
    return reason == null ? "" : reason;
  }

  private String where() {
    return " (workgroup " + settings.workgroup() + ", database " + settings.database() + ")";
  }

  static String message(SdkException e) {
    return e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException service
            && service.awsErrorDetails() != null
            && service.awsErrorDetails().errorMessage() != null
        ? service.awsErrorDetails().errorMessage()
        : e.getMessage();
  }
}
