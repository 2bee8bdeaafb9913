package io.salesflow.etl;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A UTC clock that follows the system clock plus an offset a test moves forward. */
final class SteppingClock extends Clock {

  private volatile Duration offset = Duration.ZERO;

  /** Moves this clock {@code by} ahead. */
  void advance(Duration by) {
    offset = offset.plus(by);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("SteppingClock is UTC only");
  }

  @Override
  public Instant instant() {
    return Instant.now().plus(offset);
  }
}
