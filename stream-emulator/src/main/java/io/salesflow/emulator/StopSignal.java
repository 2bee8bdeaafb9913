package io.salesflow.emulator;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A stop request that also interrupts waits (poll intervals, retry delays) at once. */
final class StopSignal {

  private final CountDownLatch latch = new CountDownLatch(1);

  void stop() {
    latch.countDown();
  }

  boolean stopped() {
    return latch.getCount() == 0;
  }

  /** Waits up to {@code duration}; returns {@code false} if stopped meanwhile. */
  boolean await(Duration duration) {
    if (duration.isZero() || duration.isNegative()) {
      return !stopped();
    }
    try {
      return !latch.await(duration.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop();
      return false;
    }
  }
}
