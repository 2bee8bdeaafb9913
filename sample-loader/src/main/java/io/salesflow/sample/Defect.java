package io.salesflow.sample;

/**
 * A deliberate fault in a generated record, to exercise the ETL's errors table. Every defective
 * record is still a valid DynamoDB item (the table's key schema must accept it).
 */
public enum Defect {
  /**
   * {@code product_id} is blank (spaces and tabs). A truly missing {@code product_id} cannot be
   * stored: it is the table's sort key, and DynamoDB rejects items without it or with an empty one.
   */
  BLANK_PRODUCT_ID,
  /** {@code sold_price} with three decimals, e.g. {@code 123.456}: not exact to the cent. */
  PRICE_THREE_DECIMALS,
  /** {@code sold_date} that is not an ISO-8601 instant, e.g. {@code 15/03/2024 14:23}. */
  UNPARSEABLE_DATE,
  /** {@code embedding} with 1000 values instead of 1024. */
  SHORT_EMBEDDING,
  /** {@code source} outside smartgo/carousel: {@code ebay}. */
  UNKNOWN_SOURCE
}
