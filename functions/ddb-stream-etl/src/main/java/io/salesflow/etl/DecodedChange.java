package io.salesflow.etl;

import java.time.LocalDateTime;
import org.apache.iceberg.data.GenericRecord;

/**
 * One good stream record, decoded.
 *
 * @param kind upsert, delete or TTL removal
 * @param key the sale key
 * @param row the row to write (new image for upserts; old image in append mode for removals);
 *     {@code null} when there is nothing to write
 * @param oldSoldDate sold_date of the old image if readable, to find the partition of the row the
 *     change replaces; {@code null} if unknown
 * @param oldImageMissing true when the record has no old image although the row may exist (MODIFY
 *     or REMOVE), so its partition must be looked up
 * @param sequenceNumber the stream sequence number
 */
record DecodedChange(
    ChangeKind kind,
    SaleKey key,
    GenericRecord row,
    LocalDateTime oldSoldDate,
    boolean oldImageMissing,
    String sequenceNumber) {}
