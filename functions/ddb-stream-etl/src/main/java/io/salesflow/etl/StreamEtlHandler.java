package io.salesflow.etl;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.salesflow.core.catalog.CatalogFactory;
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

  /** Builds the catalog with the commit-attempts reporter installed. */
  public static Catalog catalog(EtlConfig config) {
    return CatalogFactory.build(
        config
            .tables()
            .catalog()
            .with(CommitAttemptsReporter.CATALOG_PROPERTY, CommitAttemptsReporter.class.getName()));
  }

  @Override
  public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
    List<DynamodbEvent.DynamodbStreamRecord> records =
        event == null || event.getRecords() == null ? List.of() : event.getRecords();
    BatchResult result =
        service.process(
            records, () -> context == null ? Long.MAX_VALUE : context.getRemainingTimeInMillis());
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
