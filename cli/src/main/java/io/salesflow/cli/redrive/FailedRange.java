package io.salesflow.cli.redrive;

import io.salesflow.emulator.FailedBatch;

/**
 * One on-failure record awaiting redrive.
 *
 * @param batch the shard range
 * @param receiptHandle the SQS receipt handle to delete it with, {@code null} for a file
 */
public record FailedRange(FailedBatch batch, String receiptHandle) {}
