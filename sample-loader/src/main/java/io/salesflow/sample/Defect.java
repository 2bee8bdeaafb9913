package io.salesflow.sample;

/**
 * A deliberate fault in a generated record, to exercise the ETL's errors table. Every defective
 * record is still a valid DynamoDB item (the table's key schema must accept it). Each one names the
 * rejection reason the ETL records for it ({@link #reason()}, the {@code reason} column of {@code
 * sales_history_errors}), which is the name summaries show, so one bad-record family has one name
 * everywhere.
 */
public enum Defect {
  /**
   * {@code product_id} is blank (spaces and tabs). A truly missing {@code product_id} cannot be
   * stored: it is the table's sort key, and DynamoDB rejects items without it or with an empty one.
   */
  BLANK_PRODUCT_ID("MISSING_KEY", "blank product_id"),
  /** {@code sold_price} with three decimals, e.g. {@code 123.456}: not exact to the cent. */
  PRICE_THREE_DECIMALS("BAD_PRICE", "price with 3 decimals"),
  /** {@code sold_date} that is not an ISO-8601 instant, e.g. {@code 15/03/2024 14:23}. */
  UNPARSEABLE_DATE("BAD_DATE", "unparseable sold_date"),
  /** {@code embedding} with 1000 values instead of 1024. */
  SHORT_EMBEDDING("BAD_EMBEDDING", "1000-value embedding"),
  /** {@code source} outside smartgo/carousel: {@code ebay}. */
  UNKNOWN_SOURCE("BAD_SOURCE", "source 'ebay'");

  private final String reason;
  private final String example;

  Defect(String reason, String example) {
    this.reason = reason;
    this.example = example;
  }

  /** The ETL's rejection reason for this defect, e.g. {@code MISSING_KEY}. */
  public String reason() {
    return reason;
  }

  /** What the generated record has, e.g. {@code blank product_id}. */
  public String example() {
    return example;
  }
}
