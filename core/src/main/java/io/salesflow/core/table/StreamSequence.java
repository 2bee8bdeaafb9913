package io.salesflow.core.table;

import java.math.BigInteger;

/**
 * DynamoDB Streams sequence numbers, as kept in {@code stream_seq}: decimal strings of varying
 * length, so they compare as numbers, never as text ("9" is before "10").
 */
public final class StreamSequence {

  private StreamSequence() {}

  /** Negative, zero or positive as {@code a} is before, equal to or after {@code b}. */
  public static int compare(String a, String b) {
    try {
      return new BigInteger(a).compareTo(new BigInteger(b));
    } catch (NumberFormatException e) {
      return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
    }
  }
}
