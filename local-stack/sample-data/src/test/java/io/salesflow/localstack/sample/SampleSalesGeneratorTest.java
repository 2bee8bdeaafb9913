package io.salesflow.localstack.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDateTime;
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
    double[] a = SampleSalesGenerator.embedding("coats", "Gucci", 1);
    double[] b = SampleSalesGenerator.embedding("coats", "Gucci", 2);
    double[] c = SampleSalesGenerator.embedding("shoes", "Zara", 3);
    assertThat(cosine(a, b)).isGreaterThan(0.7);
    assertThat(Math.abs(cosine(a, c))).isLessThan(0.2);
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
    assertThatThrownBy(() -> SampleSalesGenerator.builder().idPrefix("P-1"))
        .hasMessageContaining("Invalid id prefix");
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
