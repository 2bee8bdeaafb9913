package io.salesflow.maintenance;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The time a run may take, checked between partitions and steps: a Lambda run ends well inside its
 * timeout and the next run resumes from the checkpoint. Based on the Lambda's remaining time or on
 * a monotonic clock, never on the wall clock the service is given (tests move that one).
 */
public final class RunBudget {

  private final LongSupplier remainingMillis;
  private final long reserveMillis;

  /**
   * @param remainingMillis run time left right now (e.g. the Lambda context's remaining time)
   * @param reserveMillis no new unit of work is started with less than this left
   */
  public RunBudget(LongSupplier remainingMillis, long reserveMillis) {
    this.remainingMillis = remainingMillis;
    this.reserveMillis = reserveMillis;
  }

  /** A budget of {@code limit} from now, measured with {@link System#nanoTime()}. */
  public static RunBudget of(Duration limit, long reserveMillis) {
    long deadline = System.nanoTime() + limit.toNanos();
    return new RunBudget(() -> (deadline - System.nanoTime()) / 1_000_000, reserveMillis);
  }

  /** A budget that never runs out (tests, one-off CLI runs without a limit). */
  public static RunBudget unlimited() {
    return new RunBudget(() -> Long.MAX_VALUE, 0);
  }

  /** Whether another unit of work (a partition, a step) may start. */
  public boolean allowsMore() {
    return remainingMillis.getAsLong() > reserveMillis;
  }

  /** Milliseconds left, for the report. */
  public long remainingMillis() {
    return remainingMillis.getAsLong();
  }

  /** The tighter of this budget and {@code limit} from now. */
  public RunBudget limitedTo(Duration limit) {
    RunBudget other = of(limit, reserveMillis);
    return new RunBudget(
        () -> Math.min(remainingMillis.getAsLong(), other.remainingMillis()), reserveMillis);
  }
}
