package io.salesflow.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class SaleGeneratorTest {

  private static final LocalDate AS_OF = LocalDate.of(2025, 6, 30);

  private static SaleGenerator generator(long seed, double badShare) {
    return new SaleGenerator(seed, AS_OF, EmbeddingFormat.LIST, badShare);
  }

  /** Generated once: the distribution tests share them. */
  private static final List<GeneratedSale> SALES = generator(7, 0).records(5_000).toList();

  private static List<GeneratedSale> sales(int count) {
    return SALES.subList(0, count);
  }

  @Test
  void sameSeed_givesTheSameItems_andOtherSeedsDifferentOnes() {
    // when
    List<Map<String, AttributeValue>> first =
        generator(7, 0.05).records(50).map(GeneratedSale::item).toList();
    List<Map<String, AttributeValue>> again =
        generator(7, 0.05).records(50).map(GeneratedSale::item).toList();
    List<Map<String, AttributeValue>> other =
        generator(8, 0.05).records(50).map(GeneratedSale::item).toList();

    // then
    assertThat(again).isEqualTo(first);
    assertThat(other.get(0)).isNotEqualTo(first.get(0));
  }

  @Test
  void recordI_doesNotDependOnHowManyAreGenerated() {
    assertThat(generator(7, 0).records(10).map(GeneratedSale::item).toList())
        .isEqualTo(generator(7, 0).records(100).limit(10).map(GeneratedSale::item).toList());
  }

  @Test
  void values_areInRealisticRanges() {
    // when
    List<GeneratedSale> sales = sales(2_000);

    // then
    Set<String> tenants =
        Set.of("carousel-labs", "carousel-nordics", "smartgo-retail", "vintage-vault", "luxe-loop");
    Set<String> conditions = Set.of("new_with_tags", "like_new", "good", "fair");
    for (GeneratedSale generated : sales) {
      Map<String, AttributeValue> item = generated.item();
      Sale sale = generated.sale();
      assertThat(tenants).contains(item.get("tenant_id").s());
      assertThat(item.get("product_id").s()).matches("prd-[0-9a-f]{16}");
      assertThat(conditions).contains(item.get("condition").s());
      assertThat(Set.of("smartgo", "carousel")).contains(item.get("source").s());
      BigDecimal price = new BigDecimal(item.get("sold_price").n());
      assertThat(price.scale()).isEqualTo(2);
      assertThat(price).isBetween(new BigDecimal("5.00"), new BigDecimal("20000.00"));
      Instant sold = Instant.parse(item.get("sold_date").s());
      assertThat(sold).isBefore(AS_OF.atStartOfDay().toInstant(ZoneOffset.UTC));
      assertThat(sold)
          .isAfterOrEqualTo(AS_OF.minusDays(730).atStartOfDay().toInstant(ZoneOffset.UTC));
      int quarter = (sold.atZone(ZoneOffset.UTC).getMonthValue() - 1) / 3 + 1;
      assertThat(item.get("season").s()).isEqualTo("Q" + quarter);
      assertThat(item.get("image_s3_key").s())
          .isEqualTo("images/" + sale.tenantId() + "/" + sale.productId() + "/front.jpg");
      assertThat(item.get("description").s()).startsWith(sale.brand() + " ");
      assertThat(Long.parseLong(item.get("ttl").n()))
          .isEqualTo(sold.getEpochSecond() + 2555L * 86_400);
      List<AttributeValue> embedding = item.get("embedding").l();
      assertThat(embedding).hasSize(1024);
      double norm = 0;
      for (int i = 0; i < 1024; i++) {
        double value = Double.parseDouble(embedding.get(i).n());
        if (value != sale.embedding()[i]) {
          assertThat(value)
              .as("embedding[%d] of record %d", i, generated.index())
              .isEqualTo(sale.embedding()[i]);
        }
        norm += value * value;
      }
      assertThat(Math.sqrt(norm)).isBetween(0.999, 1.001);
    }
    assertThat(sales.stream().map(s -> s.sale().productId()).collect(Collectors.toSet()))
        .hasSize(2_000);
  }

  @Test
  void prices_dependOnBrandTierAndCondition() {
    // when
    List<Sale> sales = sales(5_000).stream().map(GeneratedSale::sale).toList();

    // then: luxury handbags cost far more than high-street ones, and condition lowers prices
    double luxury =
        average(sales, s -> s.category().equals("handbags") && tier(s).equals("luxury"));
    double street =
        average(sales, s -> s.category().equals("handbags") && tier(s).equals("high_street"));
    assertThat(luxury / street).isGreaterThan(6);
    double mint = average(sales, s -> s.condition().equals("new_with_tags"));
    double fair = average(sales, s -> s.condition().equals("fair"));
    assertThat(mint / fair).isBetween(1.6, 3.5);
  }

  @Test
  void dates_haveSeasonality() {
    // when
    List<Sale> sales = sales(5_000).stream().map(GeneratedSale::sale).toList();

    // then: coats sell in winter, dresses in summer, and December beats August
    long coatsWinter = count(sales, "coats", Set.of(1, 4));
    long coatsSummer = count(sales, "coats", Set.of(2, 3));
    long dressesWinter = count(sales, "dresses", Set.of(1, 4));
    long dressesSummer = count(sales, "dresses", Set.of(2, 3));
    assertThat(coatsWinter).isGreaterThan(coatsSummer * 3 / 2);
    assertThat(dressesSummer).isGreaterThan(dressesWinter * 5 / 4);
    Map<Integer, Long> byMonth =
        sales.stream()
            .collect(
                Collectors.groupingBy(
                    s -> s.soldDate().atZone(ZoneOffset.UTC).getMonthValue(),
                    Collectors.counting()));
    assertThat(byMonth.get(12)).isGreaterThan(byMonth.get(8));
  }

  @Test
  void binaryEmbeddings_areLittleEndianFloats() {
    // when
    GeneratedSale f32 = new SaleGenerator(7, AS_OF, EmbeddingFormat.FLOAT32, 0).generate(3);
    GeneratedSale f64 = new SaleGenerator(7, AS_OF, EmbeddingFormat.FLOAT64, 0).generate(3);

    // then
    ByteBuffer floats =
        f32.item().get("embedding").b().asByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer doubles =
        f64.item().get("embedding").b().asByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    assertThat(floats.remaining()).isEqualTo(4096);
    assertThat(doubles.remaining()).isEqualTo(8192);
    double[] expected = f32.sale().embedding();
    for (int i = 0; i < 1024; i++) {
      assertThat(floats.getFloat()).isEqualTo((float) expected[i]);
      assertThat(doubles.getDouble()).isEqualTo(expected[i]);
    }
  }

  @Test
  void badShare_producesEachDefect_inTheRightProportion() {
    // when
    SaleGenerator generator = generator(11, 0.10);
    List<GeneratedSale> sales = generator.records(3_000).toList();

    // then
    Map<Defect, Integer> counts = new EnumMap<>(Defect.class);
    sales.forEach(s -> s.defect().ifPresent(d -> counts.merge(d, 1, Integer::sum)));
    int bad = counts.values().stream().mapToInt(Integer::intValue).sum();
    assertThat(bad).isBetween(240, 360);
    assertThat(counts).containsOnlyKeys(Defect.values());
    assertThat(generator.defects(3_000)).isEqualTo(counts);
    Set<Map<String, AttributeValue>> keys = new HashSet<>();
    for (GeneratedSale sale : sales) {
      assertThat(keys.add(sale.key())).as("unique key").isTrue();
      if (sale.defect().isEmpty()) {
        continue;
      }
      Map<String, AttributeValue> item = sale.item();
      switch (sale.defect().get()) {
        case BLANK_PRODUCT_ID -> assertThat(item.get("product_id").s()).isNotEmpty().isBlank();
        case PRICE_THREE_DECIMALS ->
            assertThat(new BigDecimal(item.get("sold_price").n()).scale()).isEqualTo(3);
        case UNPARSEABLE_DATE ->
            assertThatThrownBy(() -> Instant.parse(item.get("sold_date").s()))
                .isInstanceOf(DateTimeParseException.class);
        case SHORT_EMBEDDING -> assertThat(item.get("embedding").l()).hasSize(1000);
        case UNKNOWN_SOURCE -> assertThat(item.get("source").s()).isEqualTo("ebay");
      }
    }
  }

  @Test
  void badShare_doesNotChangeTheValidRecords() {
    // given
    List<GeneratedSale> clean = generator(11, 0).records(200).toList();
    List<GeneratedSale> dirty = generator(11, 0.3).records(200).toList();

    // then
    for (int i = 0; i < 200; i++) {
      if (dirty.get(i).valid()) {
        assertThat(dirty.get(i).item()).isEqualTo(clean.get(i).item());
      }
    }
    assertThat(generator(11, 0).defects(200)).isEmpty();
  }

  @Test
  void modify_alwaysChangesTheItem_andCanMoveTheSaleToAnotherMonth() {
    // given
    SaleGenerator generator = generator(7, 0);
    int moved = 0;

    // when / then
    for (int i = 0; i < 400; i++) {
      GeneratedSale original = generator.generate(i);
      GeneratedSale changed = generator.modify(original);
      assertThat(changed.item()).isNotEqualTo(original.item());
      assertThat(changed.key()).isEqualTo(original.key());
      assertThat(new BigDecimal(changed.item().get("sold_price").n()).scale()).isEqualTo(2);
      var before = original.sale().soldDate().atZone(ZoneOffset.UTC);
      var after = changed.sale().soldDate().atZone(ZoneOffset.UTC);
      if (!before.equals(after)) {
        moved++;
        assertThat(after.getYear() * 12 + after.getMonthValue())
            .isNotEqualTo(before.getYear() * 12 + before.getMonthValue());
        assertThat(changed.item().get("season").s())
            .isEqualTo(Sale.season(changed.sale().soldDate()));
      }
    }
    assertThat(moved).isBetween(60, 140);
  }

  private static String tier(Sale sale) {
    return Assortment.LUXURY.stream().anyMatch(b -> b.name().equals(sale.brand()))
        ? "luxury"
        : Assortment.PREMIUM.stream().anyMatch(b -> b.name().equals(sale.brand()))
            ? "premium"
            : "high_street";
  }

  private static double average(List<Sale> sales, java.util.function.Predicate<Sale> filter) {
    return sales.stream()
        .filter(filter)
        .mapToDouble(s -> s.soldPrice().doubleValue())
        .average()
        .orElseThrow();
  }

  private static long count(List<Sale> sales, String category, Set<Integer> quarters) {
    return sales.stream()
        .filter(s -> s.category().equals(category))
        .filter(
            s ->
                quarters.contains(
                    (s.soldDate().atZone(ZoneOffset.UTC).getMonthValue() - 1) / 3 + 1))
        .count();
  }
}
