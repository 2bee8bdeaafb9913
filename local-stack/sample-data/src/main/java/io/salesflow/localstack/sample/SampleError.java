package io.salesflow.localstack.sample;

import java.time.LocalDateTime;

/**
 * One generated row of {@code sales_history_errors}: a stream record the ETL rejected.
 *
 * @param errorId deterministic id of the rejection
 * @param reason reason code, e.g. {@code BAD_PRICE}
 * @param message what was wrong
 * @param rawImage the record as received, JSON
 * @param tenantId tenant, if readable
 * @param productId product, if readable
 * @param streamSeq stream sequence number
 * @param streamEvent INSERT, MODIFY or REMOVE
 * @param errorTime time of the change, UTC
 */
public record SampleError(
    String errorId,
    String reason,
    String message,
    String rawImage,
    String tenantId,
    String productId,
    String streamSeq,
    String streamEvent,
    LocalDateTime errorTime) {}
