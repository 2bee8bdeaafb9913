package io.salesflow.localstack.sample;

import io.salesflow.core.table.SalesHistoryTable;
import io.salesflow.localstack.sample.SampleReferenceData.Brand;
import io.salesflow.localstack.sample.SampleReferenceData.Category;
import io.salesflow.localstack.sample.SampleReferenceData.Condition;
import io.salesflow.localstack.sample.SampleReferenceData.Tenant;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Generates realistic sales deterministically: the same options always give the same sales. Prices
 * depend on brand, category and condition (with log-normal noise), dates follow a seasonal pattern
 * with growth over the years, a share of the sales carry a 1024-value embedding clustered by
 * category and brand (so similar products really are similar), and a small share has missing
 * optional values or anomalous prices for the data-quality report.
 *
 * <pre>{@code
 * List<SampleSale> sales = SampleSalesGenerator.builder().seed(7).count(5_000).build().generate();
 * }</pre>
 */
public final class SampleSalesGenerator {

  private static final BigDecimal MIN_PRICE = new BigDecimal("1.00");
  private static final BigDecimal MAX_PRICE = new BigDecimal("99999999.99");
  private static final double EMBEDDING_NOISE = 0.45;

  private final long seed;
  private final int count;
  private final YearMonth firstMonth;
  private final int months;
  private final double embeddingShare;
  private final boolean anomalies;
  private final String idPrefix;

  private SampleSalesGenerator(Builder builder) {
    this.seed = builder.seed;
    this.count = builder.count;
    this.firstMonth = builder.firstMonth;
    this.months = builder.months;
    this.embeddingShare = builder.embeddingShare;
    this.anomalies = builder.anomalies;
    this.idPrefix = builder.idPrefix;
  }

  /** A builder with the defaults: seed 42, 5000 sales over 2023-2024, 20% with embeddings. */
  public static Builder builder() {
    return new Builder();
  }

  /** The sales, in generation order (not sorted). */
  public List<SampleSale> generate() {
    SplittableRandom random = new SplittableRandom(seed);
    double[] monthWeights = monthWeights();
    List<SampleSale> sales = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      sales.add(sale(random, monthWeights, i));
    }
    return sales;
  }

  private SampleSale sale(SplittableRandom random, double[] monthWeights, int index) {
    Tenant tenant = pick(random, SampleReferenceData.TENANTS, Tenant::weight);
    Category category = pick(random, SampleReferenceData.CATEGORIES, Category::weight);
    Brand brand = pick(random, SampleReferenceData.BRANDS, Brand::weight);
    Condition condition = pick(random, SampleReferenceData.CONDITIONS, Condition::weight);
    YearMonth month = firstMonth.plusMonths(pickIndex(random, monthWeights));
    LocalDateTime soldDate =
        month
            .atDay(1 + random.nextInt(month.lengthOfMonth()))
            .atStartOfDay()
            .plusSeconds(random.nextInt(86_400))
            .plusNanos(random.nextInt(1_000_000) * 1_000L);
    BigDecimal price = price(random, brand, category, condition);
    String source = random.nextDouble() < tenant.smartgoShare() ? "smartgo" : "carousel";
    String productId = idPrefix + "-" + String.format("%07d", index + 1);
    boolean hasImage = random.nextDouble() >= 0.05;
    boolean hasEmbedding = hasImage && random.nextDouble() < embeddingShare;
    String categoryName = random.nextDouble() < 0.005 ? null : category.name();
    String brandName = random.nextDouble() < 0.01 ? null : brand.name();
    String conditionName = random.nextDouble() < 0.01 ? null : condition.name();
    String description =
        random.nextDouble() < 0.03 ? null : description(brandName, categoryName, conditionName);
    long embeddingSeed = random.nextLong();
    return new SampleSale(
        productId,
        tenant.id(),
        categoryName,
        brandName,
        conditionName,
        price,
        soldDate,
        hasImage ? "images/" + tenant.id() + "/" + productId + ".jpg" : null,
        hasEmbedding ? embedding(category.name(), brand.name(), embeddingSeed) : null,
        description,
        source,
        String.format("%021d", 100_000_000_000L + index));
  }

  private BigDecimal price(
      SplittableRandom random, Brand brand, Category category, Condition condition) {
    double noise = Math.exp(0.25 * gaussian(random));
    double value =
        brand.basePrice().doubleValue() * category.priceFactor() * condition.priceFactor() * noise;
    BigDecimal price = BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP);
    double anomaly = random.nextDouble();
    if (anomalies && anomaly < 0.003) {
      return new BigDecimal("0.00");
    }
    if (anomalies && anomaly < 0.005) {
      price = price.multiply(BigDecimal.valueOf(40));
    }
    return price.max(MIN_PRICE).min(MAX_PRICE);
  }

  /**
   * A vector near the centroid of its category and brand: products of one brand and category are
   * similar (cosine near 1), others are not.
   */
  static double[] embedding(String category, String brand, long itemSeed) {
    SplittableRandom centroid = new SplittableRandom((category + "|" + brand).hashCode());
    SplittableRandom noise = new SplittableRandom(itemSeed);
    double[] values = new double[SalesHistoryTable.EMBEDDING_DIMENSIONS];
    for (int i = 0; i < values.length; i++) {
      values[i] = gaussian(centroid) + EMBEDDING_NOISE * gaussian(noise);
    }
    return values;
  }

  private static String description(String brand, String category, String condition) {
    return (brand == null ? "Unbranded" : brand)
        + " "
        + (category == null ? "item" : category)
        + (condition == null ? "" : ", " + condition.replace('_', ' '));
  }

  private double[] monthWeights() {
    double[] weights = new double[months];
    for (int i = 0; i < months; i++) {
      YearMonth month = firstMonth.plusMonths(i);
      double growth = 1.0 + 0.15 * (month.getYear() - firstMonth.getYear());
      weights[i] = SampleReferenceData.MONTH_WEIGHTS[month.getMonthValue() - 1] * growth;
    }
    return weights;
  }

  private static <T> T pick(SplittableRandom random, List<T> items, ToDoubleFunction<T> weight) {
    double[] weights = items.stream().mapToDouble(weight).toArray();
    return items.get(pickIndex(random, weights));
  }

  private static int pickIndex(SplittableRandom random, double[] weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double target = random.nextDouble() * total;
    for (int i = 0; i < weights.length; i++) {
      target -= weights[i];
      if (target < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  /** Box-Muller, written out so the sequence does not depend on the JDK's algorithm. */
  private static double gaussian(SplittableRandom random) {
    double u1 = random.nextDouble();
    double u2 = random.nextDouble();
    return Math.sqrt(-2.0 * Math.log(1.0 - u1)) * Math.cos(2.0 * Math.PI * u2);
  }

  /** Options of the generator. */
  public static final class Builder {
    private long seed = 42;
    private int count = 5_000;
    private YearMonth firstMonth = YearMonth.of(2023, 1);
    private int months = 24;
    private double embeddingShare = 0.2;
    private boolean anomalies = true;
    private String idPrefix = "p";

    private Builder() {}

    /** Seed of the random sequence. */
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

    /** Prefix of the product ids ({@code <prefix>-0000001}); differ it between batches. */
    public Builder idPrefix(String prefix) {
      if (prefix == null || !prefix.matches("[a-z0-9]+")) {
        throw new IllegalArgumentException(
            "Invalid id prefix: " + prefix + ", must be lower-case letters or digits");
      }
      this.idPrefix = prefix;
      return this;
    }

    public SampleSalesGenerator build() {
      return new SampleSalesGenerator(this);
    }
  }
}
