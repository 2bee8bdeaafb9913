package io.salesflow.query.engine;

import java.time.Duration;

/** Waits between status polls; replaced in tests by one that advances a fake clock. */
@FunctionalInterface
public interface Sleeper {

  /** The real one. */
  Sleeper SYSTEM = duration -> Thread.sleep(duration.toMillis());

  void sleep(Duration duration) throws InterruptedException;
}
