package io.salesflow.localstack.sample;

import java.math.BigDecimal;
import java.util.List;

/**
 * The reference data the generator draws from: tenants, categories, brands and conditions, each
 * with a weight (how often it occurs) and a price factor. Brands include names with an apostrophe,
 * an ampersand and a non-ASCII letter, so reports are exercised with text that needs escaping.
 */
public final class SampleReferenceData {

  /** A tenant, its share of all sales and the share of its sales that come from smartgo. */
  public record Tenant(String id, double weight, double smartgoShare) {}

  /** A category and how it scales a brand's base price. */
  public record Category(String name, double weight, double priceFactor) {}

  /** A brand, its base price in the currency of the sales table, and its weight. */
  public record Brand(String name, double weight, BigDecimal basePrice) {}

  /** A condition and the share of the new price it fetches. */
  public record Condition(String name, double weight, double priceFactor) {}

  /** The tenants. */
  public static final List<Tenant> TENANTS =
      List.of(
          new Tenant("carousel-labs", 0.55, 0.25),
          new Tenant("smartgo-retail", 0.30, 0.80),
          new Tenant("vintage-hub", 0.15, 0.50));

  /** The categories. */
  public static final List<Category> CATEGORIES =
      List.of(
          new Category("coats", 0.10, 1.30),
          new Category("handbags", 0.14, 1.60),
          new Category("shoes", 0.13, 0.90),
          new Category("dresses", 0.12, 1.00),
          new Category("jeans", 0.10, 0.60),
          new Category("jackets", 0.09, 1.10),
          new Category("watches", 0.05, 2.20),
          new Category("jewellery", 0.07, 1.80),
          new Category("knitwear", 0.10, 0.70),
          new Category("accessories", 0.10, 0.50));

  /** The brands: luxury ones rare and dear, high-street ones common and cheap. */
  public static final List<Brand> BRANDS =
      List.of(
          new Brand("Hermès", 0.02, new BigDecimal("1400")),
          new Brand("Chanel", 0.03, new BigDecimal("1200")),
          new Brand("Louis Vuitton", 0.04, new BigDecimal("1000")),
          new Brand("Gucci", 0.05, new BigDecimal("800")),
          new Brand("Prada", 0.05, new BigDecimal("700")),
          new Brand("Saint Laurent", 0.04, new BigDecimal("650")),
          new Brand("Burberry", 0.06, new BigDecimal("450")),
          new Brand("Ganni", 0.07, new BigDecimal("150")),
          new Brand("Ralph Lauren", 0.08, new BigDecimal("120")),
          new Brand("COS", 0.08, new BigDecimal("70")),
          new Brand("Levi's", 0.10, new BigDecimal("60")),
          new Brand("Zara", 0.13, new BigDecimal("35")),
          new Brand("Mango", 0.08, new BigDecimal("30")),
          new Brand("Uniqlo", 0.08, new BigDecimal("25")),
          new Brand("H&M", 0.09, new BigDecimal("20")));

  /** The conditions, best first. */
  public static final List<Condition> CONDITIONS =
      List.of(
          new Condition("new_with_tags", 0.15, 1.00),
          new Condition("like_new", 0.25, 0.85),
          new Condition("very_good", 0.25, 0.72),
          new Condition("good", 0.25, 0.58),
          new Condition("fair", 0.10, 0.42));

  /** Relative number of sales per calendar month (January first): busy in Q4, quiet in summer. */
  public static final double[] MONTH_WEIGHTS = {
    0.85, 0.80, 0.95, 1.00, 1.00, 0.90, 0.80, 0.85, 1.05, 1.10, 1.35, 1.45
  };

  /** The two sources of the sales table. */
  public static final List<String> SOURCES = List.of("smartgo", "carousel");

  private SampleReferenceData() {}
}
