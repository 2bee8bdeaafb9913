package io.salesflow.infra.config;

/**
 * The ddb-stream-etl function and its DynamoDB stream event source mapping.
 *
 * @param memoryMb function memory
 * @param timeoutSeconds function timeout
 * @param mode {@code upsert} or {@code append} (ETL_MODE)
 * @param commitSafetyMarginMs no commit starts with less Lambda time left
 *     (ETL_COMMIT_SAFETY_MARGIN_MS)
 * @param commitAttempts attempts of a conflicting commit (ETL_COMMIT_ATTEMPTS)
 * @param batchSize records per batch (1-10000)
 * @param batchingWindowSeconds longest wait to fill a batch (0-300)
 * @param parallelizationFactor concurrent batches per shard (1-10)
 * @param retryAttempts retries of a failing batch (-1 = until the record expires, 0-10000)
 * @param maxRecordAgeSeconds oldest record sent to the function (-1 = no limit, 60-604800)
 * @param failureQueueRetentionDays how long the on-failure queue keeps failed batch descriptions
 */
public record EtlSettings(
    int memoryMb,
    int timeoutSeconds,
    String mode,
    int commitSafetyMarginMs,
    int commitAttempts,
    int batchSize,
    int batchingWindowSeconds,
    int parallelizationFactor,
    int retryAttempts,
    int maxRecordAgeSeconds,
    int failureQueueRetentionDays) {}
