package io.salesflow.emulator;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Reads exactly one sequence range of one shard again, from its first record (AT_SEQUENCE_NUMBER)
 * through its last, for a redrive. A range the stream no longer holds (older than the 24-hour
 * retention, or a stream or shard that is gone) is refused with {@link RangeExpiredException}:
 * reading it from TRIM_HORIZON instead would silently skip the lost records.
 */
public final class StreamRangeReader {

  private static final int MAX_EMPTY_READS = 10;

  private final DynamoDbStreamsClient streams;

  public StreamRangeReader(DynamoDbStreamsClient streams) {
    this.streams = streams;
  }

  /** The records of {@code batch}'s range, in shard order. */
  public List<Record> read(FailedBatch batch) {
    String iterator;
    try {
      iterator =
          streams
              .getShardIterator(
                  b ->
                      b.streamArn(batch.streamArn())
                          .shardId(batch.shardId())
                          .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER)
                          .sequenceNumber(batch.startSequenceNumber()))
              .shardIterator();
    } catch (TrimmedDataAccessException | ResourceNotFoundException e) {
      throw new RangeExpiredException(batch, e.getClass().getSimpleName());
    }
    BigInteger end = new BigInteger(batch.endSequenceNumber());
    List<Record> records = new ArrayList<>();
    int empty = 0;
    while (iterator != null) {
      GetRecordsResponse response;
      try {
        String current = iterator;
        response = streams.getRecords(b -> b.shardIterator(current).limit(ShardReader.MAX_LIMIT));
      } catch (TrimmedDataAccessException e) {
        throw new RangeExpiredException(batch, e.getClass().getSimpleName());
      }
      for (Record record : response.records()) {
        if (new BigInteger(record.dynamodb().sequenceNumber()).compareTo(end) > 0) {
          return checked(batch, records);
        }
        records.add(record);
      }
      if (response.records().isEmpty() && ++empty >= MAX_EMPTY_READS) {
        break; // an open shard with nothing after the range's last record yet
      }
      iterator = response.nextShardIterator();
    }
    return checked(batch, records);
  }

  private static List<Record> checked(FailedBatch batch, List<Record> records) {
    if (records.isEmpty()
        || !records.get(0).dynamodb().sequenceNumber().equals(batch.startSequenceNumber())) {
      throw new RangeExpiredException(batch, "its first record is no longer in the shard");
    }
    String last = records.get(records.size() - 1).dynamodb().sequenceNumber();
    if (!last.equals(batch.endSequenceNumber())) {
      throw new RangeExpiredException(
          batch, "the shard ends at " + last + " before the range's last record");
    }
    return records;
  }
}
