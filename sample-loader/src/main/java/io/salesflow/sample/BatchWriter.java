package io.salesflow.sample;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Writes with BatchWriteItem, {@value #MAX_ITEMS} requests per call (the API's limit), and retries
 * the unprocessed items DynamoDB hands back (throttling, partition limits) with exponential backoff
 * until all are written or {@link Backoff#maxAttempts()} calls were made. Throttling errors thrown
 * by the call itself are retried by the SDK client's own retry policy.
 */
public final class BatchWriter {

  /** Write requests per BatchWriteItem call. */
  public static final int MAX_ITEMS = 25;

  private static final Logger LOG = LoggerFactory.getLogger(BatchWriter.class);

  private final DynamoDbClient client;
  private final String table;
  private final Backoff backoff;
  private final Sleeper sleeper;
  private final RandomGenerator jitter;
  private final AtomicLong calls = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();

  public BatchWriter(DynamoDbClient client, String table) {
    this(client, table, Backoff.DEFAULT, Sleeper.SYSTEM, new SplittableRandom());
  }

  public BatchWriter(
      DynamoDbClient client,
      String table,
      Backoff backoff,
      Sleeper sleeper,
      RandomGenerator jitter) {
    this.client = client;
    this.table = table;
    this.backoff = backoff;
    this.sleeper = sleeper;
    this.jitter = jitter;
  }

  /**
   * Writes all {@code requests}, in calls of at most {@value #MAX_ITEMS}, in order.
   *
   * @throws SampleDataException if items stay unprocessed after every attempt, or a call fails
   */
  public void write(List<WriteRequest> requests) {
    for (int from = 0; from < requests.size(); from += MAX_ITEMS) {
      writeBatch(requests.subList(from, Math.min(requests.size(), from + MAX_ITEMS)));
    }
  }

  /** BatchWriteItem calls made, retries included. */
  public long calls() {
    return calls.get();
  }

  /** Calls that only re-sent unprocessed items. */
  public long retries() {
    return retries.get();
  }

  private void writeBatch(List<WriteRequest> batch) {
    List<WriteRequest> pending = new ArrayList<>(batch);
    for (int attempt = 1; ; attempt++) {
      List<WriteRequest> unprocessed = call(pending);
      if (unprocessed.isEmpty()) {
        return;
      }
      if (attempt >= backoff.maxAttempts()) {
        throw new SampleDataException(
            "Cannot write "
                + unprocessed.size()
                + " of "
                + batch.size()
                + " items to DynamoDB table "
                + table
                + ": still unprocessed after "
                + attempt
                + " BatchWriteItem calls. The table is throttled; retry later or raise its"
                + " capacity.");
      }
      retries.incrementAndGet();
      LOG.debug("{} unprocessed items, retry {}", unprocessed.size(), attempt);
      Duration delay;
      synchronized (jitter) {
        delay = backoff.delay(attempt, jitter);
      }
      sleeper.sleep(delay);
      pending = unprocessed;
    }
  }

  private List<WriteRequest> call(List<WriteRequest> requests) {
    calls.incrementAndGet();
    BatchWriteItemResponse response;
    try {
      response = client.batchWriteItem(b -> b.requestItems(Map.of(table, requests)));
    } catch (SdkException e) {
      throw DynamoDbErrors.translate("write items to", table, client, e);
    }
    if (!response.hasUnprocessedItems()) {
      return List.of();
    }
    return response.unprocessedItems().getOrDefault(table, List.of());
  }
}
