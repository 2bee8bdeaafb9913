package io.salesflow.sample;

import java.nio.charset.StandardCharsets;

/**
 * Derives independent, reproducible random seeds. SplitMix64's finaliser is a bijection on 64-bit
 * values, so distinct inputs never give the same product id.
 */
final class Seeds {

  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private Seeds() {}

  /** The SplitMix64 finaliser. */
  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** A seed for record {@code index} and purpose {@code salt}. */
  static long of(long seed, long index, long salt) {
    return mix64(mix64(seed * GOLDEN + salt) + index * GOLDEN);
  }

  /** A seed for a name (FNV-1a of its UTF-8 bytes, mixed with {@code seed}). */
  static long mix(long seed, String name) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
    }
    return mix64(seed ^ hash);
  }
}
