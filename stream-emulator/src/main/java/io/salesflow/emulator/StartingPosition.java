package io.salesflow.emulator;

/** Where polling starts in a shard that has no checkpoint, as in an event source mapping. */
public enum StartingPosition {
  /** The oldest record still in the stream (24 hours of history). */
  TRIM_HORIZON,
  /**
   * Only records written after the poller first started. Applies to the shards that are open when
   * the poller starts without any checkpoint; shards created later (children after a split) are
   * always read from their beginning, as Lambda does.
   */
  LATEST
}
