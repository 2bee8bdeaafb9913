package io.salesflow.etl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import io.salesflow.core.table.SalesHistoryTable;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.LocalDateTime;
import java.util.List;
import org.apache.iceberg.data.GenericRecord;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class SaleImageConverterTest {

  private final SaleImageConverter converter =
      new SaleImageConverter(
          SalesHistoryTable.schema(SalesHistoryTable.DEFAULT_KEY_COLUMNS),
          SalesHistoryTable.DEFAULT_KEY_COLUMNS,
          100);

  private static void rejected(ThrowingCallable call, Reason reason, String message) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            RecordRejectedException.class, e -> assertThat(e.reason()).isEqualTo(reason))
        .hasMessageContaining(message);
  }

  @Test
  void goodImage_hasExactTypes_andDerivedColumns() {
    GenericRecord row =
        converter.toRow(
            Images.sale("t1", "p1", "1500.5", "2024-11-03T23:30:00-02:00")
                .embedding(1024, 0.5)
                .build());

    assertThat(row.getField("sold_price")).isEqualTo(new BigDecimal("1500.50"));
    assertThat(row.getField("sold_date")).isEqualTo(LocalDateTime.of(2024, 11, 4, 1, 30));
    assertThat(row.getField("year")).isEqualTo(2024);
    assertThat(row.getField("month")).isEqualTo(11);
    assertThat(row.getField("season")).isEqualTo("Q4");
    assertThat(row.getField("source")).isEqualTo("carousel");
    assertThat((List<?>) row.getField("embedding")).hasSize(1024).first().isEqualTo(0.5);
  }

  @Test
  void soldDate_acceptsNoOffset_dateOnly_andEpochMillis() {
    assertThat(
            SaleImageConverter.soldDate(
                new AttributeValue().withS("2024-02-29T12:00:00.123456789")))
        .isEqualTo(LocalDateTime.of(2024, 2, 29, 12, 0, 0, 123_456_000));
    assertThat(SaleImageConverter.soldDate(new AttributeValue().withS("2023-07-01")))
        .isEqualTo(LocalDateTime.of(2023, 7, 1, 0, 0));
    assertThat(SaleImageConverter.soldDate(new AttributeValue().withN("1700000000000")))
        .isEqualTo(LocalDateTime.of(2023, 11, 14, 22, 13, 20));
  }

  @Test
  void soldDate_rejectsGarbageSecondsAndRange() {
    rejected(
        () -> SaleImageConverter.soldDate(new AttributeValue().withS("yesterday")),
        Reason.BAD_DATE,
        "is not ISO-8601");
    rejected(
        () -> SaleImageConverter.soldDate(new AttributeValue().withN("1700000000")),
        Reason.BAD_DATE,
        "looks like epoch seconds");
    rejected(
        () -> SaleImageConverter.soldDate(new AttributeValue().withS("2150-01-01")),
        Reason.BAD_DATE,
        "outside 1970-2100");
    rejected(() -> SaleImageConverter.soldDate(null), Reason.BAD_DATE, "Missing sold_date");
    rejected(
        () -> SaleImageConverter.soldDate(new AttributeValue().withBOOL(true)),
        Reason.BAD_TYPE,
        "sold_date must be");
  }

  @Test
  void price_isExact_neverRounded() {
    assertThat(SaleImageConverter.price(new AttributeValue().withN("19.9")))
        .isEqualTo(new BigDecimal("19.90"));
    assertThat(SaleImageConverter.price(new AttributeValue().withN("20.000")))
        .isEqualTo(new BigDecimal("20.00"));
    assertThat(SaleImageConverter.price(new AttributeValue().withS("99999999.99")))
        .isEqualTo(new BigDecimal("99999999.99"));
    rejected(
        () -> SaleImageConverter.price(new AttributeValue().withN("19.999")),
        Reason.BAD_PRICE,
        "more than 2 decimals");
    rejected(
        () -> SaleImageConverter.price(new AttributeValue().withN("100000000")),
        Reason.BAD_PRICE,
        "exceeds decimal(10,2)");
    rejected(
        () -> SaleImageConverter.price(new AttributeValue().withN("-1")),
        Reason.BAD_PRICE,
        "negative");
    rejected(
        () -> SaleImageConverter.price(new AttributeValue().withS("12 EUR")),
        Reason.BAD_PRICE,
        "is not a number");
    rejected(() -> SaleImageConverter.price(null), Reason.BAD_PRICE, "Missing sold_price");
  }

  @Test
  void season_derivedWhenAbsent_checkedWhenPresent() {
    assertThat(
            converter
                .toRow(Images.sale("t", "p", "1", "2024-05-01").s("season", "q2").build())
                .getField("season"))
        .isEqualTo("Q2");
    rejected(
        () -> converter.toRow(Images.sale("t", "p", "1", "2024-05-01").s("season", "Q4").build()),
        Reason.BAD_SEASON,
        "does not match sold_date 2024-05-01 (Q2)");
  }

  @Test
  void embedding_fromFloat32AndFloat64LittleEndianBinary() {
    ByteBuffer f32 = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer f64 = ByteBuffer.allocate(8192).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < 1024; i++) {
      f32.putFloat(i * 0.25f);
      f64.putDouble(i * 0.1);
    }
    List<Double> fromFloats = SaleImageConverter.embedding(new AttributeValue().withB(f32.flip()));
    List<Double> fromDoubles = SaleImageConverter.embedding(new AttributeValue().withB(f64.flip()));

    assertThat(fromFloats).hasSize(1024).element(3).isEqualTo(0.75);
    assertThat(fromDoubles).hasSize(1024).element(3).isEqualTo(0.30000000000000004);
  }

  @Test
  void embedding_rejectsWrongLengthAndValues() {
    rejected(
        () -> converter.toRow(Images.sale("t", "p", "1", "2024-05-01").embedding(1000, 0).build()),
        Reason.BAD_EMBEDDING,
        "has 1000 values, expected 1024");
    rejected(
        () -> SaleImageConverter.embedding(new AttributeValue().withB(ByteBuffer.allocate(100))),
        Reason.BAD_EMBEDDING,
        "has 100 bytes");
    rejected(
        () -> SaleImageConverter.embedding(new AttributeValue().withS("[1,2]")),
        Reason.BAD_EMBEDDING,
        "must be a list of numbers");
    rejected(
        () ->
            SaleImageConverter.embedding(
                new AttributeValue()
                    .withL(java.util.Collections.nCopies(1024, new AttributeValue().withN("NaN")))),
        Reason.BAD_EMBEDDING,
        "non-finite");
  }

  @Test
  void source_keyAndTypes() {
    rejected(
        () -> converter.toRow(Images.sale("t", "p", "1", "2024-05-01").s("source", "ebay").build()),
        Reason.BAD_SOURCE,
        "'ebay' is not smartgo or carousel");
    rejected(
        () -> converter.toRow(Images.sale("t", "p", "1", "2024-05-01").without("source").build()),
        Reason.BAD_SOURCE,
        "Missing source");
    rejected(
        () -> converter.toRow(Images.sale("t", " ", "1", "2024-05-01").build()),
        Reason.MISSING_KEY,
        "Missing key attribute 'product_id'");
    rejected(
        () -> converter.toRow(Images.sale("t", "p", "1", "2024-05-01").n("brand", "7").build()),
        Reason.BAD_TYPE,
        "brand must be a string");
    rejected(
        () ->
            converter.toRow(
                Images.sale("t", "p", "1", "2024-05-01").s("description", "x".repeat(101)).build()),
        Reason.OVERSIZED,
        "description has 101 characters, limit 100");
    rejected(
        () -> converter.toRow(Images.sale("t", "p".repeat(300), "1", "2024-05-01").build()),
        Reason.OVERSIZED,
        "limit 256");
    assertThat(
            converter
                .toRow(Images.sale("t", "p", "1", "2024-05-01").s("source", "SmartGo").build())
                .getField("source"))
        .isEqualTo("smartgo");
  }
}
