package io.salesflow.athenaquery;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.salesflow.query.QueryLibrary;
import io.salesflow.query.engine.QueryEngine;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * Lambda entry point of athena-query: runs library queries on demand ({@code {"query": "<name>",
 * "parameters": {...}}}) and on EventBridge schedules (the schedule's set of queries), writes each
 * result to S3 as CSV, JSON and an HTML summary, and returns the report locations and statistics.
 * See {@link RunRequest} for the event forms.
 *
 * <p>Configuration comes from the environment ({@link AthenaQueryConfig}); the SDK clients, the
 * engine and the query library are built once per container.
 */
public final class AthenaQueryHandler
    implements RequestHandler<Map<String, Object>, Map<String, Object>> {

  private final QueryLibrary library;
  private final AthenaQueryService service;
  private final Clock clock;

  /** Used by Lambda: reads the environment, builds clients, engine and library. */
  public AthenaQueryHandler() {
    this(AthenaQueryConfig.fromEnvironment());
  }

  private AthenaQueryHandler(AthenaQueryConfig config) {
    this(config, new ClientFactory(config));
  }

  private AthenaQueryHandler(AthenaQueryConfig config, ClientFactory clients) {
    this(
        config,
        QueryLibrary.fromClasspath(),
        QueryEngines.create(config, clients::athena),
        new S3ReportStore(clients.s3(), config.reportBucket()),
        Clock.systemUTC());
  }

  /** A handler on the given collaborators (tests, local runs). */
  public AthenaQueryHandler(
      AthenaQueryConfig config,
      QueryLibrary library,
      QueryEngine engine,
      software.amazon.awssdk.services.s3.S3Client s3,
      Clock clock) {
    this(config, library, engine, new S3ReportStore(s3, config.reportBucket()), clock);
  }

  AthenaQueryHandler(
      AthenaQueryConfig config,
      QueryLibrary library,
      QueryEngine engine,
      ReportStore store,
      Clock clock) {
    this.library = library;
    this.service = new AthenaQueryService(library, engine, store, config);
    this.clock = clock;
  }

  @Override
  public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
    String requestId = context == null ? UUID.randomUUID().toString() : context.getAwsRequestId();
    LongSupplier remaining =
        context == null ? () -> Long.MAX_VALUE / 4 : () -> context.getRemainingTimeInMillis();
    RunRequest request = RunRequest.parse(event, library, requestId, clock);
    return service.run(request, remaining).toMap();
  }
}
