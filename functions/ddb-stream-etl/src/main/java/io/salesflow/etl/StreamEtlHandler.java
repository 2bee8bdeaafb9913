package io.salesflow.etl;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.salesflow.core.catalog.CatalogFactory;
import io.salesflow.core.catalog.CatalogSettings;
import java.time.Clock;
import java.util.List;
import org.apache.iceberg.catalog.Catalog;

/**
 * Lambda entry point for the DynamoDB stream of the sales table (event source mapping with
 * ReportBatchItemFailures). Adapts the event to {@link StreamBatchService} and its result to a
 * partial batch response: empty on success, otherwise the sequence number Lambda must retry from.
 *
 * <p>SnapStart-safe: configuration, catalog and tables are loaded at init; nothing random or secret
 * is captured (credentials come from the SDK's provider chain at call time, file names and jitter
 * are generated per batch).
 */
public final class StreamEtlHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {

  private final StreamBatchService service;

  /** Used by Lambda: configuration from the environment, EMF metrics on stdout. */
  public StreamEtlHandler() {
    this(EtlConfig.fromEnvironment());
  }

  /** For local runs (the CLI's stream emulator): configuration given, EMF metrics on stdout. */
  public StreamEtlHandler(EtlConfig config) {
    this(
        new StreamBatchService(
            config,
            catalog(config),
            Clock.systemUTC(),
            new PowertoolsMetricsSink(config.tables().stage())));
  }

  /** For tests and local runs: a ready service. */
  public StreamEtlHandler(StreamBatchService service) {
    this.service = service;
    service.warmUp();
  }

  /**
   * Builds the catalog with the commit-attempts reporter installed, and each REST call bounded by
   * half the commit safety margin, so the last call of a commit always ends before the invocation
   * times out.
   */
  public static Catalog catalog(EtlConfig config) {
    CatalogSettings settings =
        config
            .tables()
            .catalog()
            .with(CommitAttemptsReporter.CATALOG_PROPERTY, CommitAttemptsReporter.class.getName());
    String configured = settings.properties().get(SOCKET_TIMEOUT);
    if (configured != null) {
      long bound = Math.max(1_000, config.safetyMarginMillis() / 2);
      settings = settings.with(SOCKET_TIMEOUT, Long.toString(Math.min(bound, parse(configured))));
    }
    return CatalogFactory.build(settings);
  }

  private static final String SOCKET_TIMEOUT = "rest.client.socket-timeout-ms";

  private static long parse(String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  @Override
  public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
    List<DynamodbEvent.DynamodbStreamRecord> records =
        event == null || event.getRecords() == null ? List.of() : event.getRecords();
    BatchResult result =
        service.process(
            records, () -> context == null ? Long.MAX_VALUE : context.getRemainingTimeInMillis());
    if (context != null && context.getLogger() != null) {
      context.getLogger().log(BatchSummaryLine.of(result) + "\n");
    }
    if (!result.succeeded() && result.failedSequenceNumbers().isEmpty()) {
      // No sequence number to name in a partial batch response, and an empty one reads as
      // success: fail the invocation, so Lambda retries the whole batch.
      throw new BatchFailedException(result.failure());
    }
    return StreamsEventResponse.builder()
        .withBatchItemFailures(
            result.failedSequenceNumbers().stream()
                .map(
                    seq ->
                        StreamsEventResponse.BatchItemFailure.builder()
                            .withItemIdentifier(seq)
                            .build())
                .toList())
        .build();
  }
}
