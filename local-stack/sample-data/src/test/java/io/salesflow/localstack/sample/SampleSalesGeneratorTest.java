package io.salesflow.localstack.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesflow.sample.EmbeddingFormat;
import io.salesflow.sample.Sale;
import io.salesflow.sample.SaleGenerator;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SampleSalesGeneratorTest {

  private static final List<SampleSale> SALES =
      SampleSalesGenerator.builder().seed(11).count(4_000).build().generate();

  @Test
  void sameSeed_givesSameSales() {
    List<SampleSale> again =
        SampleSalesGenerator.builder().seed(11).count(4_000).build().generate();

    assertThat(again).isEqualTo(SALES);
  }

  @Test
  void rows_areTheSharedGeneratorsSales_withGapsAndAnomaliesOnTop() {
    // The loader's sales over the same two years: 2023-01-01 up to 2025-01-01 (731 days).
    SaleGenerator shared =
        new SaleGenerator(11, LocalDate.of(2025, 1, 1), 731, EmbeddingFormat.LIST, 0);

    for (int i = 0; i < SALES.size(); i++) {
      SampleSale row = SALES.get(i);
      Sale sale = shared.sale(i);
      assertThat(row.productId()).isEqualTo(sale.productId());
      assertThat(row.tenantId()).isEqualTo(sale.tenantId());
      assertThat(row.source()).isEqualTo(sale.source());
      assertThat(row.soldDate())
          .isEqualTo(LocalDateTime.ofInstant(sale.soldDate(), ZoneOffset.UTC));
      assertThat(row.season()).isEqualTo(sale.season());
      assertThat(row.category()).isIn(sale.category(), null);
      assertThat(row.brand()).isIn(sale.brand(), null);
      assertThat(row.condition()).isIn(sale.condition(), null);
      assertThat(row.description()).isIn(sale.description(), null);
      assertThat(row.imageS3Key()).isIn(sale.imageS3Key(), null);
      if (row.hasEmbedding()) {
        assertThat(row.embedding()).isEqualTo(sale.embedding());
      }
      if (row.soldPrice().signum() != 0) {
        assertThat(row.soldPrice())
            .isIn(sale.soldPrice(), sale.soldPrice().multiply(BigDecimal.valueOf(40)));
      }
    }
    assertThat(SALES).anySatisfy(s -> assertThat(s.category()).isNull());
    assertThat(SALES).anySatisfy(s -> assertThat(s.brand()).isNull());
    assertThat(SALES).anySatisfy(s -> assertThat(s.imageS3Key()).isNull());
  }

  @Test
  void withoutAnomalies_keepsTheSharedPrices() {
    List<SampleSale> clean =
        SampleSalesGenerator.builder().seed(11).count(4_000).withoutAnomalies().build().generate();
    SaleGenerator shared =
        new SaleGenerator(11, LocalDate.of(2025, 1, 1), 731, EmbeddingFormat.LIST, 0);

    for (int i = 0; i < clean.size(); i++) {
      assertThat(clean.get(i).soldPrice()).isEqualTo(shared.sale(i).soldPrice());
    }
  }

  @Test
  void prices_areExactToTheCent_andFitDecimal10_2() {
    assertThat(SALES)
        .allSatisfy(
            s -> {
              assertThat(s.soldPrice().scale()).isEqualTo(2);
              assertThat(s.soldPrice()).isBetween(BigDecimal.ZERO, new BigDecimal("99999999.99"));
            });
    assertThat(SALES).anySatisfy(s -> assertThat(s.soldPrice()).isEqualByComparingTo("0.00"));
  }

  @Test
  void luxuryBrands_sellDearerThanHighStreet() {
    Map<String, Double> average =
        SALES.stream()
            .filter(s -> s.brand() != null)
            .collect(
                Collectors.groupingBy(
                    SampleSale::brand,
                    Collectors.averagingDouble(s -> s.soldPrice().doubleValue())));

    assertThat(average.get("Hermès")).isGreaterThan(average.get("Zara") * 10);
    assertThat(average.get("Max Mara")).isGreaterThan(average.get("Zara") * 3);
  }

  @Test
  void dates_spanTwoYears_withSeasons() {
    assertThat(SALES)
        .allSatisfy(
            s -> {
              assertThat(s.soldDate())
                  .isBetween(
                      LocalDateTime.of(2023, 1, 1, 0, 0),
                      LocalDateTime.of(2024, 12, 31, 23, 59, 59, 999_999_000));
              assertThat(s.season()).isEqualTo("Q" + ((s.month() + 2) / 3));
            });
    assertThat(SALES.stream().map(SampleSale::year).distinct())
        .containsExactlyInAnyOrder(2023, 2024);
  }

  @Test
  void aSubsetHasEmbeddings_ofExactly1024Values_clusteredByBrandAndCategory() {
    List<SampleSale> embedded = SALES.stream().filter(SampleSale::hasEmbedding).toList();

    assertThat(embedded.size()).isBetween(SALES.size() / 10, SALES.size() / 4);
    assertThat(embedded).allSatisfy(s -> assertThat(s.embedding()).hasSize(1024));
    SaleGenerator shared =
        new SaleGenerator(11, LocalDate.of(2025, 1, 1), 731, EmbeddingFormat.LIST, 0);
    List<Sale> all = java.util.stream.IntStream.range(0, 4_000).mapToObj(shared::sale).toList();
    Sale a = find(all, "coats", "Gucci", null);
    Sale b = find(all, "coats", "Gucci", a);
    Sale c = find(all, "shoes", "Zara", null);
    assertThat(cosine(a.embedding(), b.embedding())).isGreaterThan(0.7);
    assertThat(Math.abs(cosine(a.embedding(), c.embedding()))).isLessThan(0.2);
  }

  @Test
  void keys_areUniquePerTenant() {
    assertThat(SALES.stream().map(s -> s.tenantId() + "/" + s.productId()).distinct().count())
        .isEqualTo(SALES.size());
  }

  @Test
  void errors_haveReadableKeysUnlessMissingKey() {
    List<SampleError> errors =
        SampleErrorsGenerator.generate(3, 200, LocalDateTime.of(2024, 12, 31, 0, 0), 10);

    assertThat(errors).hasSize(200);
    assertThat(errors)
        .allSatisfy(
            e -> {
              assertThat(e.errorTime())
                  .isBetween(
                      LocalDateTime.of(2024, 12, 21, 0, 0), LocalDateTime.of(2024, 12, 31, 0, 0));
              assertThat(e.tenantId() == null).isEqualTo(e.reason().equals("MISSING_KEY"));
            });
  }

  @Test
  void invalidOptions_areRefused() {
    assertThatThrownBy(() -> SampleSalesGenerator.builder().count(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid count: 0");
    assertThatThrownBy(() -> SampleSalesGenerator.builder().embeddingShare(1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid embedding share: 1.5");
  }

  private static Sale find(List<Sale> sales, String category, String brand, Sale other) {
    return sales.stream()
        .filter(s -> s.category().equals(category) && s.brand().equals(brand) && s != other)
        .findFirst()
        .orElseThrow();
  }

  static double cosine(double[] a, double[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return dot / (Math.sqrt(na) * Math.sqrt(nb));
  }
}
