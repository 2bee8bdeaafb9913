package io.salesflow.localstack.sample;

import io.salesflow.sample.EmbeddingFormat;
import io.salesflow.sample.Sale;
import io.salesflow.sample.SaleGenerator;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The sample sales of {@link SaleGenerator} (the loader's, which the demo writes to DynamoDB: same
 * tenants, categories, brands, conditions, prices, seasons, sources and embeddings) as rows of
 * {@code sales_history}, deterministically: the same options always give the same rows. On top of
 * the shared sales, and from a random sequence of its own, it adds what a real table has and the
 * DynamoDB items do not: sales without an image (5 %), embeddings on only a share of the sales with
 * an image, missing category, brand, condition or description, and anomalous prices (zero or 40
 * times too high) for the data-quality report.
 *
 * <pre>{@code
 * List<SampleSale> sales = SampleSalesGenerator.builder().seed(7).count(5_000).build().generate();
 * }</pre>
 */
public final class SampleSalesGenerator {

  private static final BigDecimal MAX_PRICE = new BigDecimal("99999999.99");
  // Keeps the gaps' sequence apart from the shared generator's, which is seeded with the same seed.
  private static final long GAPS_SALT = 0x5A1E5F10L;

  private final long seed;
  private final int count;
  private final YearMonth firstMonth;
  private final int months;
  private final double embeddingShare;
  private final boolean anomalies;

  private SampleSalesGenerator(Builder builder) {
    this.seed = builder.seed;
    this.count = builder.count;
    this.firstMonth = builder.firstMonth;
    this.months = builder.months;
    this.embeddingShare = builder.embeddingShare;
    this.anomalies = builder.anomalies;
  }

  /** A builder with the defaults: seed 42, 5000 sales over 2023-2024, 20% with embeddings. */
  public static Builder builder() {
    return new Builder();
  }

  /** The sales, in generation order (not sorted). */
  public List<SampleSale> generate() {
    LocalDate first = firstMonth.atDay(1);
    LocalDate end = firstMonth.plusMonths(months).atDay(1);
    SaleGenerator shared =
        new SaleGenerator(
            seed, end, (int) ChronoUnit.DAYS.between(first, end), EmbeddingFormat.LIST, 0);
    SplittableRandom gaps = new SplittableRandom(seed ^ GAPS_SALT);
    List<SampleSale> sales = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      sales.add(row(shared.sale(i), gaps, i));
    }
    return sales;
  }

  private SampleSale row(Sale sale, SplittableRandom gaps, int index) {
    boolean hasImage = gaps.nextDouble() >= 0.05;
    boolean hasEmbedding = hasImage && gaps.nextDouble() < embeddingShare;
    String category = gaps.nextDouble() < 0.005 ? null : sale.category();
    String brand = gaps.nextDouble() < 0.01 ? null : sale.brand();
    String condition = gaps.nextDouble() < 0.01 ? null : sale.condition();
    String description = gaps.nextDouble() < 0.03 ? null : sale.description();
    return new SampleSale(
        sale.productId(),
        sale.tenantId(),
        category,
        brand,
        condition,
        price(sale.soldPrice(), gaps.nextDouble()),
        LocalDateTime.ofInstant(sale.soldDate(), ZoneOffset.UTC),
        hasImage ? sale.imageS3Key() : null,
        hasEmbedding ? sale.embedding() : null,
        description,
        sale.source(),
        String.format("%021d", 100_000_000_000L + index));
  }

  private BigDecimal price(BigDecimal price, double anomaly) {
    if (anomalies && anomaly < 0.003) {
      return new BigDecimal("0.00");
    }
    if (anomalies && anomaly < 0.005) {
      return price.multiply(BigDecimal.valueOf(40)).min(MAX_PRICE);
    }
    return price;
  }

  /** Options of the generator. */
  public static final class Builder {
    private long seed = 42;
    private int count = 5_000;
    private YearMonth firstMonth = YearMonth.of(2023, 1);
    private int months = 24;
    private double embeddingShare = 0.2;
    private boolean anomalies = true;

    private Builder() {}

    /**
     * Seed of the random sequences; it also decides the product ids, so batches written to one
     * table need different seeds.
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Number of sales, at least 1. */
    public Builder count(int count) {
      if (count < 1) {
        throw new IllegalArgumentException("Invalid count: " + count + ", must be >= 1");
      }
      this.count = count;
      return this;
    }

    /** First month of the sale dates and the number of months they span. */
    public Builder months(YearMonth first, int months) {
      if (months < 1) {
        throw new IllegalArgumentException("Invalid months: " + months + ", must be >= 1");
      }
      this.firstMonth = first;
      this.months = months;
      return this;
    }

    /** Share of sales (among those with an image) that carry an embedding, 0..1. */
    public Builder embeddingShare(double share) {
      if (share < 0 || share > 1) {
        throw new IllegalArgumentException("Invalid embedding share: " + share + ", must be 0..1");
      }
      this.embeddingShare = share;
      return this;
    }

    /** Leaves out zero-priced and outlier sales. */
    public Builder withoutAnomalies() {
      this.anomalies = false;
      return this;
    }

    public SampleSalesGenerator build() {
      return new SampleSalesGenerator(this);
    }
  }
}
