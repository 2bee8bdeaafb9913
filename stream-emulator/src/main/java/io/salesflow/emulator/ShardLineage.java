package io.salesflow.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.model.Shard;

/**
 * Which shards may be read now. A shard waits while its parent is still listed and not read to its
 * end, so that the records of one item, which move to a child shard after a split, are delivered in
 * order. A parent no longer listed (trimmed after 24 hours) does not hold its children back.
 */
final class ShardLineage {

  private ShardLineage() {}

  /**
   * @param shards the stream's shards as DescribeStream lists them
   * @param ended whether a shard was read to its end
   * @param active shards being read now
   * @return shards to start, in listing order (parents are listed before their children)
   */
  static List<Shard> ready(List<Shard> shards, Predicate<String> ended, Set<String> active) {
    Set<String> listed = shards.stream().map(Shard::shardId).collect(Collectors.toSet());
    List<Shard> ready = new ArrayList<>();
    for (Shard shard : shards) {
      String id = shard.shardId();
      if (ended.test(id) || active.contains(id)) {
        continue;
      }
      String parent = shard.parentShardId();
      if (parent != null && listed.contains(parent) && !ended.test(parent)) {
        continue;
      }
      ready.add(shard);
    }
    return ready;
  }

  /** Whether DescribeStream reports the shard closed (it has an ending sequence number). */
  static boolean closed(Shard shard) {
    return shard.sequenceNumberRange() != null
        && shard.sequenceNumberRange().endingSequenceNumber() != null;
  }
}
