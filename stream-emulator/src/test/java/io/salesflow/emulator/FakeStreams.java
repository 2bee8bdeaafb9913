package io.salesflow.emulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamResponse;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsRequest;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * A DynamoDB Streams service in memory, at the SDK boundary: shards with parents, closed or open,
 * DescribeStream paginated {@link #pageSize} shards at a time, iterators as tokens, and scripted
 * iterator expiry. DynamoDB Local has a single shard, so splits are tested against this.
 */
final class FakeStreams implements DynamoDbStreamsClient {

  static final String ARN =
      "arn:aws:dynamodb:us-east-1:000000000000:table/sales/stream/2025-01-01T00:00:00.000";

  private static final class FakeShard {
    final String id;
    final String parent;
    final List<Record> records = new ArrayList<>();
    volatile boolean closed;

    FakeShard(String id, String parent) {
      this.id = id;
      this.parent = parent;
    }
  }

  private final Map<String, FakeShard> shards = new LinkedHashMap<>();
  final AtomicInteger describeCalls = new AtomicInteger();
  final AtomicInteger getRecordsCalls = new AtomicInteger();
  final AtomicInteger expireNextGetRecords = new AtomicInteger();
  int pageSize = 2;

  synchronized FakeStreams shard(String id, String parent, boolean closed, Record... records) {
    FakeShard shard = new FakeShard(id, parent);
    shard.records.addAll(List.of(records));
    shard.closed = closed;
    shards.put(id, shard);
    return this;
  }

  synchronized void append(String shardId, Record... records) {
    shards.get(shardId).records.addAll(List.of(records));
  }

  synchronized void close(String shardId) {
    shards.get(shardId).closed = true;
  }

  @Override
  public synchronized DescribeStreamResponse describeStream(DescribeStreamRequest request) {
    describeCalls.incrementAndGet();
    List<FakeShard> all = new ArrayList<>(shards.values());
    int from = 0;
    if (request.exclusiveStartShardId() != null) {
      for (int i = 0; i < all.size(); i++) {
        if (all.get(i).id.equals(request.exclusiveStartShardId())) {
          from = i + 1;
        }
      }
    }
    int to = Math.min(all.size(), from + pageSize);
    List<Shard> page = new ArrayList<>();
    for (FakeShard s : all.subList(from, to)) {
      String first = s.records.isEmpty() ? null : seq(s.records.get(0));
      String last =
          s.closed && !s.records.isEmpty() ? seq(s.records.get(s.records.size() - 1)) : null;
      page.add(
          Shard.builder()
              .shardId(s.id)
              .parentShardId(s.parent)
              .sequenceNumberRange(
                  r ->
                      r.startingSequenceNumber(first)
                          .endingSequenceNumber(s.closed ? (last == null ? "0" : last) : null))
              .build());
    }
    String lastEvaluated = to < all.size() ? all.get(to - 1).id : null;
    return DescribeStreamResponse.builder()
        .streamDescription(d -> d.streamArn(ARN).shards(page).lastEvaluatedShardId(lastEvaluated))
        .build();
  }

  @Override
  public synchronized GetShardIteratorResponse getShardIterator(GetShardIteratorRequest request) {
    FakeShard shard = shards.get(request.shardId());
    int position =
        switch (request.shardIteratorType()) {
          case TRIM_HORIZON -> 0;
          case LATEST -> shard.records.size();
          case AFTER_SEQUENCE_NUMBER -> indexOf(shard, request.sequenceNumber()) + 1;
          case AT_SEQUENCE_NUMBER -> indexOf(shard, request.sequenceNumber());
          default -> throw new IllegalArgumentException(request.toString());
        };
    return GetShardIteratorResponse.builder().shardIterator(shard.id + "@" + position).build();
  }

  @Override
  public synchronized GetRecordsResponse getRecords(GetRecordsRequest request) {
    getRecordsCalls.incrementAndGet();
    if (expireNextGetRecords.get() > 0) {
      expireNextGetRecords.decrementAndGet();
      throw ExpiredIteratorException.builder().message("Iterator expired").build();
    }
    String[] token = request.shardIterator().split("@");
    FakeShard shard = shards.get(token[0]);
    int position = Integer.parseInt(token[1]);
    int limit = request.limit() == null ? 1000 : request.limit();
    int end = Math.min(shard.records.size(), position + limit);
    List<Record> records = new ArrayList<>(shard.records.subList(position, end));
    String next = shard.closed && end == shard.records.size() ? null : shard.id + "@" + end;
    return GetRecordsResponse.builder().records(records).nextShardIterator(next).build();
  }

  @Override
  public String serviceName() {
    return "dynamodb";
  }

  @Override
  public void close() {}

  private static int indexOf(FakeShard shard, String sequence) {
    for (int i = 0; i < shard.records.size(); i++) {
      if (seq(shard.records.get(i)).equals(sequence)) {
        return i;
      }
    }
    throw new IllegalArgumentException("No record " + sequence + " in " + shard.id);
  }

  private static String seq(Record record) {
    return record.dynamodb().sequenceNumber();
  }
}
