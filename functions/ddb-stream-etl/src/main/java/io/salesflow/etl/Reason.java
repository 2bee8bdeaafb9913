package io.salesflow.etl;

/** Why a stream record was rejected into sales_history_errors. */
public enum Reason {
  /** tenant_id or product_id (the configured key columns) missing or blank. */
  MISSING_KEY,
  /** sold_price missing, not a number, negative, more than 2 decimals or beyond decimal(10,2). */
  BAD_PRICE,
  /** sold_date missing or not ISO-8601 / epoch milliseconds, or outside 1970-2100. */
  BAD_DATE,
  /** season present but not the quarter of sold_date. */
  BAD_SEASON,
  /** embedding not exactly 1024 finite numbers (list of N, or float32/float64 LE binary). */
  BAD_EMBEDDING,
  /** source missing or not smartgo / carousel. */
  BAD_SOURCE,
  /** an attribute has the wrong DynamoDB type (e.g. brand stored as a number). */
  BAD_TYPE,
  /** a string attribute is longer than its limit. */
  OVERSIZED,
  /** eventName is not INSERT, MODIFY or REMOVE. */
  UNKNOWN_EVENT,
  /** the record itself is malformed: no dynamodb section, no image, no sequence number. */
  UNDECODABLE
}
