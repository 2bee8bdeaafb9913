package io.salesflow.sample;

import java.time.Duration;

/** Waits between retries; tests pass one that records instead of sleeping. */
@FunctionalInterface
public interface Sleeper {

  /** The real one. */
  Sleeper SYSTEM =
      duration -> {
        try {
          Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SampleDataException("Interrupted while backing off", e);
        }
      };

  void sleep(Duration duration);
}
