package io.salesflow.sample;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with "equal jitter" (half fixed, half random), as the AWS SDKs do for
 * unprocessed items: attempt {@code n} waits between {@code cap/2} and {@code cap}, where {@code
 * cap = min(max, base * 2^n)}.
 *
 * @param base delay cap of the first retry
 * @param max largest delay cap
 * @param maxAttempts calls per batch before giving up, at least 1
 */
public record Backoff(Duration base, Duration max, int maxAttempts) {

  /** 50 ms doubling to 5 s, 12 attempts (about 30 s in all): enough for on-demand throttling. */
  public static final Backoff DEFAULT =
      new Backoff(Duration.ofMillis(50), Duration.ofSeconds(5), 12);

  public Backoff {
    if (base.isNegative() || max.compareTo(base) < 0) {
      throw new IllegalArgumentException(
          "Invalid backoff: base " + base + " must be >= 0 and <= max " + max);
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException(
          "Invalid backoff: maxAttempts " + maxAttempts + ", must be >= 1");
    }
  }

  /** Largest delay before retry {@code retry} (1 for the first retry). */
  public Duration cap(int retry) {
    long millis = base.toMillis() << Math.min(retry - 1, 30);
    return Duration.ofMillis(Math.min(max.toMillis(), Math.max(0, millis)));
  }

  /** The delay before retry {@code retry}. */
  public Duration delay(int retry, RandomGenerator random) {
    long cap = cap(retry).toMillis();
    long half = cap / 2;
    return Duration.ofMillis(half + (cap - half == 0 ? 0 : random.nextLong(cap - half + 1)));
  }
}
