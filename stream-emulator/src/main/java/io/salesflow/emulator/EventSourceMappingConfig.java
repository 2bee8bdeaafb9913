package io.salesflow.emulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The settings of Lambda's DynamoDB event source mapping that the emulator honours, validated.
 * Messages name the AWS parameter and the command-line flag.
 *
 * @param functionName the function's name, for the {@code Context} and on-failure records
 * @param region region reported in contexts and ARNs
 * @param batchSize BatchSize: most records per invocation, 1 to 10,000 (AWS default 100)
 * @param batchingWindow MaximumBatchingWindowInSeconds: how long to gather records before invoking
 *     with a partial batch, 0 to 300 s (AWS default 0: invoke as soon as records arrive)
 * @param startingPosition StartingPosition: TRIM_HORIZON or LATEST
 * @param maximumRetryAttempts MaximumRetryAttempts: retries of a failed batch before it goes to the
 *     on-failure destination; -1 retries until the records expire (AWS default), 0 to 10,000
 * @param maximumRecordAgeSeconds MaximumRecordAgeInSeconds: a record of a failing batch older than
 *     this goes to the on-failure destination instead of being retried; -1 keeps retrying until the
 *     stream trims it (AWS default), 60 to 604,800
 * @param bisectBatchOnFunctionError BisectBatchOnFunctionError: split a failed batch in two and
 *     retry each half (splits do not count as retries)
 * @param reportBatchItemFailures FunctionResponseTypes=ReportBatchItemFailures: honour {@code
 *     batchItemFailures} in the response (retry from the lowest failed sequence number); when off,
 *     the response is ignored as Lambda does
 * @param maxPayloadBytes invocation payload cap: Lambda's 6 MB synchronous limit
 * @param functionTimeout function timeout: an invocation that takes longer counts as failed
 * @param memoryLimitMb memory size reported by the {@code Context}
 * @param pollInterval wait after an empty GetRecords (Lambda polls each shard 4 times a second)
 * @param retryDelay delay before the first retry of a failed batch; doubles per retry, up to 30 s
 * @param parallelShards shards processed at once (one invocation at a time per shard)
 */
public record EventSourceMappingConfig(
    String functionName,
    String region,
    int batchSize,
    Duration batchingWindow,
    StartingPosition startingPosition,
    int maximumRetryAttempts,
    int maximumRecordAgeSeconds,
    boolean bisectBatchOnFunctionError,
    boolean reportBatchItemFailures,
    int maxPayloadBytes,
    Duration functionTimeout,
    int memoryLimitMb,
    Duration pollInterval,
    Duration retryDelay,
    int parallelShards) {

  /** Lambda's synchronous invocation payload limit: 6 MB. */
  public static final int LAMBDA_PAYLOAD_LIMIT = 6 * 1024 * 1024;

  /** Largest BatchSize of a DynamoDB event source mapping. */
  public static final int MAX_BATCH_SIZE = 10_000;

  /** Largest MaximumBatchingWindowInSeconds. */
  public static final Duration MAX_BATCHING_WINDOW = Duration.ofSeconds(300);

  /** Largest MaximumRetryAttempts. */
  public static final int MAX_RETRY_ATTEMPTS = 10_000;

  /** Largest MaximumRecordAgeInSeconds (7 days). */
  public static final int MAX_RECORD_AGE_SECONDS = 604_800;

  /** Lambda's longest function timeout. */
  public static final Duration MAX_TIMEOUT = Duration.ofMinutes(15);

  public EventSourceMappingConfig {
    Objects.requireNonNull(functionName, "functionName");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(startingPosition, "startingPosition");
    List<String> problems = new ArrayList<>();
    if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
      problems.add(
          "Invalid BatchSize (--batch-size): "
              + batchSize
              + ", must be between 1 and "
              + MAX_BATCH_SIZE);
    }
    if (batchingWindow.isNegative() || batchingWindow.compareTo(MAX_BATCHING_WINDOW) > 0) {
      problems.add(
          "Invalid MaximumBatchingWindowInSeconds (--batching-window): "
              + batchingWindow.toSeconds()
              + ", must be between 0 and 300 seconds");
    }
    if (maximumRetryAttempts < -1 || maximumRetryAttempts > MAX_RETRY_ATTEMPTS) {
      problems.add(
          "Invalid MaximumRetryAttempts (--max-retries): "
              + maximumRetryAttempts
              + ", must be -1 (until the records expire) or between 0 and "
              + MAX_RETRY_ATTEMPTS);
    }
    if (maximumRecordAgeSeconds != -1
        && (maximumRecordAgeSeconds < 60 || maximumRecordAgeSeconds > MAX_RECORD_AGE_SECONDS)) {
      problems.add(
          "Invalid MaximumRecordAgeInSeconds (--max-record-age): "
              + maximumRecordAgeSeconds
              + ", must be -1 (until the stream trims the records) or between 60 and "
              + MAX_RECORD_AGE_SECONDS);
    }
    if (maxPayloadBytes < 1024 || maxPayloadBytes > LAMBDA_PAYLOAD_LIMIT) {
      problems.add(
          "Invalid payload limit (--max-payload-bytes): "
              + maxPayloadBytes
              + ", must be between 1024 and "
              + LAMBDA_PAYLOAD_LIMIT);
    }
    if (functionTimeout.compareTo(Duration.ofSeconds(1)) < 0
        || functionTimeout.compareTo(MAX_TIMEOUT) > 0) {
      problems.add(
          "Invalid function timeout (--timeout): "
              + functionTimeout.toSeconds()
              + " s, must be between 1 and 900 seconds");
    }
    if (memoryLimitMb < 128 || memoryLimitMb > 10_240) {
      problems.add(
          "Invalid memory size (--memory): "
              + memoryLimitMb
              + ", must be between 128 and 10240 MB");
    }
    if (pollInterval.isNegative() || pollInterval.compareTo(Duration.ofSeconds(60)) > 0) {
      problems.add("Invalid poll interval: " + pollInterval + ", must be between 0 and 60 s");
    }
    if (retryDelay.isNegative() || retryDelay.compareTo(Duration.ofSeconds(30)) > 0) {
      problems.add(
          "Invalid retry delay (--retry-delay): "
              + retryDelay.toMillis()
              + " ms, must be between 0 and 30000");
    }
    if (parallelShards < 1 || parallelShards > 64) {
      problems.add(
          "Invalid parallel shards (--parallel-shards): "
              + parallelShards
              + ", must be between 1 and 64");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join(System.lineSeparator(), problems));
    }
  }

  /** AWS's defaults (no retry limit, no bisect, no partial responses) with a 60 s timeout. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these values. */
  public Builder toBuilder() {
    return new Builder()
        .functionName(functionName)
        .region(region)
        .batchSize(batchSize)
        .batchingWindow(batchingWindow)
        .startingPosition(startingPosition)
        .maximumRetryAttempts(maximumRetryAttempts)
        .maximumRecordAgeSeconds(maximumRecordAgeSeconds)
        .bisectBatchOnFunctionError(bisectBatchOnFunctionError)
        .reportBatchItemFailures(reportBatchItemFailures)
        .maxPayloadBytes(maxPayloadBytes)
        .functionTimeout(functionTimeout)
        .memoryLimitMb(memoryLimitMb)
        .pollInterval(pollInterval)
        .retryDelay(retryDelay)
        .parallelShards(parallelShards);
  }

  /** ARN of the emulated function, account {@code 000000000000}. */
  public String functionArn() {
    return "arn:aws:lambda:" + region + ":000000000000:function:" + functionName;
  }

  /** Whether a record created at {@code created} is too old to retry at {@code now}. */
  boolean tooOld(java.time.Instant created, java.time.Instant now) {
    return maximumRecordAgeSeconds >= 0
        && created != null
        && created.plusSeconds(maximumRecordAgeSeconds).isBefore(now);
  }

  /** Whether a batch that failed {@code retries} times may be retried once more. */
  boolean mayRetry(int retries) {
    return maximumRetryAttempts < 0 || retries < maximumRetryAttempts;
  }

  /** Builder of {@link EventSourceMappingConfig}; validation happens in {@link #build()}. */
  public static final class Builder {
    private String functionName = "salesflow-ddb-stream-etl";
    private String region = "us-east-1";
    private int batchSize = 100;
    private Duration batchingWindow = Duration.ZERO;
    private StartingPosition startingPosition = StartingPosition.TRIM_HORIZON;
    private int maximumRetryAttempts = -1;
    private int maximumRecordAgeSeconds = -1;
    private boolean bisectBatchOnFunctionError;
    private boolean reportBatchItemFailures;
    private int maxPayloadBytes = LAMBDA_PAYLOAD_LIMIT;
    private Duration functionTimeout = Duration.ofSeconds(60);
    private int memoryLimitMb = 1024;
    private Duration pollInterval = Duration.ofMillis(250);
    private Duration retryDelay = Duration.ofMillis(100);
    private int parallelShards = 4;

    private Builder() {}

    public Builder functionName(String value) {
      functionName = value;
      return this;
    }

    public Builder region(String value) {
      region = value;
      return this;
    }

    public Builder batchSize(int value) {
      batchSize = value;
      return this;
    }

    public Builder batchingWindow(Duration value) {
      batchingWindow = value;
      return this;
    }

    public Builder startingPosition(StartingPosition value) {
      startingPosition = value;
      return this;
    }

    public Builder maximumRetryAttempts(int value) {
      maximumRetryAttempts = value;
      return this;
    }

    public Builder maximumRecordAgeSeconds(int value) {
      maximumRecordAgeSeconds = value;
      return this;
    }

    public Builder bisectBatchOnFunctionError(boolean value) {
      bisectBatchOnFunctionError = value;
      return this;
    }

    public Builder reportBatchItemFailures(boolean value) {
      reportBatchItemFailures = value;
      return this;
    }

    public Builder maxPayloadBytes(int value) {
      maxPayloadBytes = value;
      return this;
    }

    public Builder functionTimeout(Duration value) {
      functionTimeout = value;
      return this;
    }

    public Builder memoryLimitMb(int value) {
      memoryLimitMb = value;
      return this;
    }

    public Builder pollInterval(Duration value) {
      pollInterval = value;
      return this;
    }

    public Builder retryDelay(Duration value) {
      retryDelay = value;
      return this;
    }

    public Builder parallelShards(int value) {
      parallelShards = value;
      return this;
    }

    public EventSourceMappingConfig build() {
      return new EventSourceMappingConfig(
          functionName,
          region,
          batchSize,
          batchingWindow,
          startingPosition,
          maximumRetryAttempts,
          maximumRecordAgeSeconds,
          bisectBatchOnFunctionError,
          reportBatchItemFailures,
          maxPayloadBytes,
          functionTimeout,
          memoryLimitMb,
          pollInterval,
          retryDelay,
          parallelShards);
    }
  }
}
