package io.salesflow.etl;

import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import io.salesflow.core.table.SalesHistoryTable;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;

/**
 * Converts a DynamoDB image (attribute values as delivered in the stream event) into a {@code
 * sales_history} row with exact types, or rejects it with a {@link Reason}. Nothing is rounded or
 * coerced silently.
 *
 * <p>Accepted encodings: {@code sold_price} as N (or S holding a plain decimal), at most 2
 * decimals, 0 to 99999999.99; {@code sold_date} as S in ISO-8601 with or without offset (no offset
 * means UTC; a plain date means midnight UTC) or N epoch milliseconds, normalised to UTC
 * microseconds; {@code embedding} as L of exactly 1024 N, or B holding 1024 little-endian IEEE-754
 * float32 values (4096 bytes) or float64 values (8192 bytes); {@code season} derived from the month
 * of sold_date when absent, checked when present; {@code source} smartgo or carousel (any case,
 * stored lower-case).
 */
final class SaleImageConverter {

  static final int MAX_SHORT_STRING = 256;
  static final int MAX_IMAGE_KEY = 1024;
  private static final Set<String> SOURCES = Set.of("smartgo", "carousel");
  private static final BigDecimal MAX_PRICE = new BigDecimal("99999999.99");
  private static final long MIN_EPOCH_MILLIS =
      100_000_000_000L; // 1973-03-03: smaller looks like seconds

  private final Schema schema;
  private final List<String> keyColumns;
  private final int maxDescription;

  SaleImageConverter(Schema schema, List<String> keyColumns, int maxDescription) {
    this.schema = schema;
    this.keyColumns = List.copyOf(keyColumns);
    this.maxDescription = maxDescription;
  }

  /** The key columns' values, in configured order; rejects with MISSING_KEY if one is absent. */
  SaleKey key(Map<String, AttributeValue> image) {
    List<String> values = new ArrayList<>(keyColumns.size());
    for (String column : keyColumns) {
      AttributeValue value = image == null ? null : image.get(column);
      String text = value == null ? null : value.getS() != null ? value.getS() : value.getN();
      if (text == null || text.isBlank()) {
        throw new RecordRejectedException(
            Reason.MISSING_KEY,
            "Missing key attribute '" + column + "' (string); every sale needs " + keyColumns);
      }
      if (text.length() > MAX_SHORT_STRING) {
        throw new RecordRejectedException(
            Reason.OVERSIZED,
            "Key attribute '"
                + column
                + "' has "
                + text.length()
                + " characters, limit "
                + MAX_SHORT_STRING);
      }
      values.add(text);
    }
    return new SaleKey(values);
  }

  /** The full row, every column validated. */
  GenericRecord toRow(Map<String, AttributeValue> image) {
    return toRow(image, key(image));
  }

  /** The full row for an image whose key the caller has already read with {@link #key}. */
  GenericRecord toRow(Map<String, AttributeValue> image, SaleKey key) {
    GenericRecord row = GenericRecord.create(schema);
    for (int i = 0; i < keyColumns.size(); i++) {
      row.setField(keyColumns.get(i), key.values().get(i));
    }
    for (String column : List.of(SalesHistoryTable.PRODUCT_ID, SalesHistoryTable.TENANT_ID)) {
      if (!keyColumns.contains(column)) {
        row.setField(column, requiredString(image, column));
      }
    }
    LocalDateTime soldDate = soldDate(image.get(SalesHistoryTable.SOLD_DATE));
    row.setField(SalesHistoryTable.SOLD_DATE, soldDate);
    row.setField(SalesHistoryTable.YEAR, soldDate.getYear());
    row.setField(SalesHistoryTable.MONTH, soldDate.getMonthValue());
    row.setField(SalesHistoryTable.SEASON, season(image.get(SalesHistoryTable.SEASON), soldDate));
    row.setField(SalesHistoryTable.SOLD_PRICE, price(image.get(SalesHistoryTable.SOLD_PRICE)));
    row.setField(SalesHistoryTable.SOURCE, source(image.get(SalesHistoryTable.SOURCE)));
    row.setField(
        SalesHistoryTable.CATEGORY, string(image, SalesHistoryTable.CATEGORY, MAX_SHORT_STRING));
    row.setField(SalesHistoryTable.BRAND, string(image, SalesHistoryTable.BRAND, MAX_SHORT_STRING));
    row.setField(
        SalesHistoryTable.CONDITION, string(image, SalesHistoryTable.CONDITION, MAX_SHORT_STRING));
    row.setField(
        SalesHistoryTable.IMAGE_S3_KEY,
        string(image, SalesHistoryTable.IMAGE_S3_KEY, MAX_IMAGE_KEY));
    row.setField(
        SalesHistoryTable.DESCRIPTION,
        string(image, SalesHistoryTable.DESCRIPTION, maxDescription));
    row.setField(SalesHistoryTable.EMBEDDING, embedding(image.get(SalesHistoryTable.EMBEDDING)));
    return row;
  }

  /** The sold_date of an image, if it has a readable one; used to find an old row's partition. */
  LocalDateTime soldDateOrNull(Map<String, AttributeValue> image) {
    try {
      return image == null ? null : soldDate(image.get(SalesHistoryTable.SOLD_DATE));
    } catch (RecordRejectedException e) {
      return null;
    }
  }

  static LocalDateTime soldDate(AttributeValue value) {
    if (value == null || Boolean.TRUE.equals(value.getNULL())) {
      throw new RecordRejectedException(
          Reason.BAD_DATE,
          "Missing sold_date: use ISO-8601 (2024-03-05T10:15:30Z) or epoch milliseconds");
    }
    Instant instant;
    if (value.getN() != null) {
      instant = epochMillis(value.getN());
    } else if (value.getS() != null) {
      instant = isoInstant(value.getS().trim());
    } else {
      throw new RecordRejectedException(
          Reason.BAD_TYPE,
          "sold_date must be a string (ISO-8601) or a number (epoch milliseconds)");
    }
    LocalDateTime utc =
        LocalDateTime.ofInstant(instant, ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    if (utc.getYear() < 1970 || utc.getYear() > 2100) {
      throw new RecordRejectedException(
          Reason.BAD_DATE, "sold_date " + utc + " is outside 1970-2100");
    }
    return utc;
  }

  private static Instant epochMillis(String number) {
    long millis;
    try {
      millis = new BigDecimal(number).longValueExact();
    } catch (ArithmeticException | NumberFormatException e) {
      throw new RecordRejectedException(
          Reason.BAD_DATE, "sold_date " + number + " is not whole epoch milliseconds");
    }
    if (millis < MIN_EPOCH_MILLIS) {
      throw new RecordRejectedException(
          Reason.BAD_DATE,
          "sold_date " + number + " looks like epoch seconds; send epoch milliseconds");
    }
    return Instant.ofEpochMilli(millis);
  }

  private static Instant isoInstant(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeException ignored) {
      // fall through: no offset
    }
    try {
      return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
    } catch (DateTimeException ignored) {
      // fall through: date only
    }
    try {
      return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
    } catch (DateTimeException e) {
      throw new RecordRejectedException(
          Reason.BAD_DATE,
          "sold_date '" + abbreviate(text) + "' is not ISO-8601, e.g. 2024-03-05T10:15:30Z");
    }
  }

  static String quarter(int month) {
    return "Q" + ((month - 1) / 3 + 1);
  }

  private static String season(AttributeValue value, LocalDateTime soldDate) {
    String derived = quarter(soldDate.getMonthValue());
    if (value == null || Boolean.TRUE.equals(value.getNULL())) {
      return derived;
    }
    if (value.getS() == null) {
      throw new RecordRejectedException(Reason.BAD_TYPE, "season must be a string Q1..Q4");
    }
    String given = value.getS().trim().toUpperCase(Locale.ROOT);
    if (!given.equals(derived)) {
      throw new RecordRejectedException(
          Reason.BAD_SEASON,
          "season '"
              + abbreviate(value.getS())
              + "' does not match sold_date "
              + soldDate.toLocalDate()
              + " ("
              + derived
              + ")");
    }
    return derived;
  }

  static BigDecimal price(AttributeValue value) {
    if (value == null || Boolean.TRUE.equals(value.getNULL())) {
      throw new RecordRejectedException(
          Reason.BAD_PRICE, "Missing sold_price: send a number with at most 2 decimals");
    }
    String text = value.getN() != null ? value.getN() : value.getS();
    if (text == null) {
      throw new RecordRejectedException(Reason.BAD_TYPE, "sold_price must be a number");
    }
    BigDecimal price;
    try {
      price = new BigDecimal(text.trim());
    } catch (NumberFormatException e) {
      throw new RecordRejectedException(
          Reason.BAD_PRICE, "sold_price '" + abbreviate(text) + "' is not a number");
    }
    if (price.signum() < 0) {
      throw new RecordRejectedException(Reason.BAD_PRICE, "sold_price " + text + " is negative");
    }
    if (price.stripTrailingZeros().scale() > 2) {
      throw new RecordRejectedException(
          Reason.BAD_PRICE,
          "sold_price "
              + text
              + " has more than 2 decimals; it is never rounded, fix it at the source");
    }
    if (price.compareTo(MAX_PRICE) > 0) {
      throw new RecordRejectedException(
          Reason.BAD_PRICE, "sold_price " + text + " exceeds decimal(10,2) (max 99999999.99)");
    }
    return price.setScale(2);
  }

  private static String source(AttributeValue value) {
    if (value == null || value.getS() == null) {
      throw new RecordRejectedException(
          Reason.BAD_SOURCE, "Missing source: must be smartgo or carousel");
    }
    String source = value.getS().trim().toLowerCase(Locale.ROOT);
    if (!SOURCES.contains(source)) {
      throw new RecordRejectedException(
          Reason.BAD_SOURCE,
          "source '" + abbreviate(value.getS()) + "' is not smartgo or carousel");
    }
    return source;
  }

  private static String requiredString(Map<String, AttributeValue> image, String column) {
    String value = string(image, column, MAX_SHORT_STRING);
    if (value == null || value.isBlank()) {
      throw new RecordRejectedException(Reason.MISSING_KEY, "Missing attribute '" + column + "'");
    }
    return value;
  }

  private static String string(Map<String, AttributeValue> image, String column, int maxLength) {
    AttributeValue value = image.get(column);
    if (value == null || Boolean.TRUE.equals(value.getNULL())) {
      return null;
    }
    if (value.getS() == null) {
      throw new RecordRejectedException(Reason.BAD_TYPE, column + " must be a string (S)");
    }
    if (value.getS().length() > maxLength) {
      throw new RecordRejectedException(
          Reason.OVERSIZED,
          column + " has " + value.getS().length() + " characters, limit " + maxLength);
    }
    return value.getS();
  }

  static List<Double> embedding(AttributeValue value) {
    if (value == null || Boolean.TRUE.equals(value.getNULL())) {
      return null;
    }
    double[] values;
    if (value.getL() != null) {
      values = fromList(value.getL());
    } else if (value.getB() != null) {
      values = fromBinary(value.getB());
    } else {
      throw new RecordRejectedException(
          Reason.BAD_EMBEDDING,
          "embedding must be a list of numbers (L of N) or float32/float64 little-endian binary (B)");
    }
    List<Double> list = new ArrayList<>(values.length);
    for (double v : values) {
      if (!Double.isFinite(v)) {
        throw new RecordRejectedException(
            Reason.BAD_EMBEDDING, "embedding holds a non-finite value " + v);
      }
      list.add(v);
    }
    return list;
  }

  private static double[] fromList(List<AttributeValue> items) {
    if (items.size() != SalesHistoryTable.EMBEDDING_DIMENSIONS) {
      throw new RecordRejectedException(
          Reason.BAD_EMBEDDING,
          "embedding has "
              + items.size()
              + " values, expected "
              + SalesHistoryTable.EMBEDDING_DIMENSIONS);
    }
    double[] values = new double[items.size()];
    for (int i = 0; i < values.length; i++) {
      String n = items.get(i) == null ? null : items.get(i).getN();
      if (n == null) {
        throw new RecordRejectedException(
            Reason.BAD_EMBEDDING, "embedding[" + i + "] is not a number");
      }
      try {
        values[i] = Double.parseDouble(n);
      } catch (NumberFormatException e) {
        throw new RecordRejectedException(
            Reason.BAD_EMBEDDING, "embedding[" + i + "] '" + abbreviate(n) + "' is not a number");
      }
    }
    return values;
  }

  private static double[] fromBinary(ByteBuffer buffer) {
    ByteBuffer bytes = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    int dims = SalesHistoryTable.EMBEDDING_DIMENSIONS;
    double[] values = new double[dims];
    if (bytes.remaining() == dims * Float.BYTES) {
      for (int i = 0; i < dims; i++) {
        values[i] = bytes.getFloat();
      }
    } else if (bytes.remaining() == dims * Double.BYTES) {
      for (int i = 0; i < dims; i++) {
        values[i] = bytes.getDouble();
      }
    } else {
      throw new RecordRejectedException(
          Reason.BAD_EMBEDDING,
          "binary embedding has "
              + bytes.remaining()
              + " bytes, expected 4096 (1024 float32 LE) or 8192 (1024 float64 LE)");
    }
    return values;
  }

  static String abbreviate(String text) {
    return text.length() <= 64 ? text : text.substring(0, 61) + "...";
  }
}
