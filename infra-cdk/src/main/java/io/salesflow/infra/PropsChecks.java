package io.salesflow.infra;

/** Checks of the constructs' props records, with messages naming the construct and the field. */
final class PropsChecks {

  private PropsChecks() {}

  static void require(Object value, String construct, String field) {
    if (value == null) {
      throw new IllegalArgumentException(
          "Invalid " + construct + " props: " + field + " is required");
    }
  }
}
