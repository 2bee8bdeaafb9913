package io.salesflow.emulator;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Reads one shard with GetRecords. Shard iterators expire after 15 minutes: an expired one is
 * replaced by one after the last record read. A position older than the stream's 24-hour retention
 * restarts at TRIM_HORIZON with a warning (those records are gone).
 */
final class ShardReader {

  /** GetRecords' largest limit. */
  static final int MAX_LIMIT = 1000;

  private static final Logger LOG = LoggerFactory.getLogger(ShardReader.class);

  private final DynamoDbStreamsClient streams;
  private final String streamArn;
  private final String shardId;
  private ShardIteratorType startType;
  private String startSequence;
  private String iterator;
  private String lastRead;
  private boolean ended;

  /**
   * @param startType TRIM_HORIZON, LATEST or AFTER_SEQUENCE_NUMBER
   * @param startSequence the sequence number for AFTER_SEQUENCE_NUMBER
   */
  ShardReader(
      DynamoDbStreamsClient streams,
      String streamArn,
      String shardId,
      ShardIteratorType startType,
      String startSequence) {
    this.streams = streams;
    this.streamArn = streamArn;
    this.shardId = shardId;
    this.startType = startType;
    this.startSequence = startSequence;
  }

  /** Whether the shard is closed and every record was read. */
  boolean ended() {
    return ended;
  }

  /**
   * The next records, possibly none; {@code null} when no read happened (the iterator expired or
   * the position was trimmed: call again). Sets {@link #ended()} at the end of a closed shard.
   */
  List<Record> next() {
    if (ended) {
      return List.of();
    }
    if (iterator == null) {
      iterator = acquire();
    }
    GetRecordsResponse response;
    try {
      response = streams.getRecords(b -> b.shardIterator(iterator).limit(MAX_LIMIT));
    } catch (ExpiredIteratorException e) {
      LOG.debug("Shard iterator of {} expired; acquiring a new one", shardId);
      iterator = null;
      return null;
    } catch (TrimmedDataAccessException e) {
      LOG.warn(
          "Shard {}: position {} is beyond the stream's retention; records were lost. Restarting"
              + " at TRIM_HORIZON.",
          shardId,
          lastRead == null ? startSequence : lastRead);
      startType = ShardIteratorType.TRIM_HORIZON;
      startSequence = null;
      lastRead = null;
      iterator = null;
      return null;
    }
    List<Record> records = response.records();
    if (!records.isEmpty()) {
      lastRead = records.get(records.size() - 1).dynamodb().sequenceNumber();
    }
    iterator = response.nextShardIterator();
    ended = iterator == null;
    return records;
  }

  private String acquire() {
    ShardIteratorType type = lastRead == null ? startType : ShardIteratorType.AFTER_SEQUENCE_NUMBER;
    String sequence = lastRead == null ? startSequence : lastRead;
    try {
      return streams
          .getShardIterator(
              b ->
                  b.streamArn(streamArn)
                      .shardId(shardId)
                      .shardIteratorType(type)
                      .sequenceNumber(sequence))
          .shardIterator();
    } catch (TrimmedDataAccessException e) {
      LOG.warn(
          "Shard {}: checkpoint {} is beyond the stream's retention; records were lost. Starting"
              + " at TRIM_HORIZON.",
          shardId,
          sequence);
      startType = ShardIteratorType.TRIM_HORIZON;
      startSequence = null;
      lastRead = null;
      return streams
          .getShardIterator(
              b ->
                  b.streamArn(streamArn)
                      .shardId(shardId)
                      .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
          .shardIterator();
    }
  }
}
