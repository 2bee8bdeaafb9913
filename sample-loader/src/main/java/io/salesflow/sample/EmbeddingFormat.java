package io.salesflow.sample;

import java.util.Arrays;
import java.util.Locale;

/** How the 1024-value embedding is stored in DynamoDB. */
public enum EmbeddingFormat {
  /** A list of numbers ({@code L} of {@code N}), each with at most 6 decimals: the default. */
  LIST,
  /** A binary attribute ({@code B}): 4 bytes per value, IEEE 754 float32, little-endian. */
  FLOAT32,
  /** A binary attribute ({@code B}): 8 bytes per value, IEEE 754 float64, little-endian. */
  FLOAT64;

  /** Parses {@code list}, {@code float32} or {@code float64}, case-insensitive. */
  public static EmbeddingFormat parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException(
          "Invalid embedding format '"
              + value
              + "': must be one of "
              + Arrays.stream(values()).map(f -> f.name().toLowerCase(Locale.ROOT)).toList());
    }
  }
}
