package io.salesflow.sample;

import java.math.BigDecimal;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * What is sold, by whom, and at what reference price: tenants, categories with seasonality, brands
 * in price tiers, conditions with their price factors. The numbers are plausible for a European
 * resale marketplace, not measured.
 */
final class Assortment {

  /** A tenant of the marketplace and the source most of its sales come from. */
  record Tenant(String id, String mainSource, double weight) {}

  /**
   * A category with the price of a new mid-tier item and its demand per quarter (Q1..Q4).
   *
   * @param items nouns for descriptions
   */
  record Category(
      String name,
      BigDecimal basePrice,
      double weight,
      double[] quarterDemand,
      List<String> items) {}

  /** A brand, its price multiplier against a mid-tier brand, and its tier. */
  record Brand(String name, String tier, double priceFactor) {}

  /** A condition and the share of the new price it fetches. */
  record Condition(String name, double weight, double priceFactor, String phrase) {}

  static final List<Tenant> TENANTS =
      List.of(
          new Tenant("carousel-labs", "carousel", 0.34),
          new Tenant("carousel-nordics", "carousel", 0.18),
          new Tenant("smartgo-retail", "smartgo", 0.24),
          new Tenant("vintage-vault", "carousel", 0.14),
          new Tenant("luxe-loop", "smartgo", 0.10));

  static final List<Category> CATEGORIES =
      List.of(
          category("coats", "180.00", 0.11, q(1.35, 0.55, 0.85, 1.55), "wool coat", "trench coat"),
          category(
              "handbags",
              "220.00",
              0.14,
              q(0.95, 1.00, 0.90, 1.35),
              "leather tote",
              "shoulder bag"),
          category("dresses", "90.00", 0.13, q(0.70, 1.35, 1.30, 0.85), "midi dress", "wrap dress"),
          category("jackets", "120.00", 0.10, q(1.10, 0.95, 0.90, 1.20), "denim jacket", "blazer"),
          category("shoes", "95.00", 0.10, q(0.95, 1.05, 1.00, 1.05), "loafers", "sneakers"),
          category("boots", "130.00", 0.07, q(1.30, 0.50, 0.85, 1.50), "ankle boots", "knee boots"),
          category("knitwear", "70.00", 0.09, q(1.30, 0.60, 0.75, 1.40), "cardigan", "jumper"),
          category("jeans", "55.00", 0.10, q(1.00, 1.00, 1.00, 1.00), "straight jeans", "flares"),
          category("skirts", "50.00", 0.07, q(0.80, 1.25, 1.20, 0.85), "pleated skirt", "mini"),
          category("accessories", "45.00", 0.09, q(0.90, 0.90, 0.90, 1.40), "silk scarf", "belt"));

  static final List<Brand> LUXURY =
      List.of(
          new Brand("Chanel", "luxury", 7.0),
          new Brand("Louis Vuitton", "luxury", 6.5),
          new Brand("Hermès", "luxury", 8.0),
          new Brand("Gucci", "luxury", 5.5),
          new Brand("Prada", "luxury", 5.0),
          new Brand("Saint Laurent", "luxury", 5.0),
          new Brand("Burberry", "luxury", 4.0));

  static final List<Brand> PREMIUM =
      List.of(
          new Brand("Max Mara", "premium", 2.5),
          new Brand("Isabel Marant", "premium", 2.2),
          new Brand("Acne Studios", "premium", 2.0),
          new Brand("Sandro", "premium", 1.7),
          new Brand("Ganni", "premium", 1.6),
          new Brand("Reformation", "premium", 1.5));

  static final List<Brand> HIGH_STREET =
      List.of(
          new Brand("Massimo Dutti", "high_street", 0.65),
          new Brand("COS", "high_street", 0.60),
          new Brand("Mango", "high_street", 0.50),
          new Brand("Zara", "high_street", 0.45),
          new Brand("Uniqlo", "high_street", 0.40),
          new Brand("H&M", "high_street", 0.35));

  static final List<Condition> CONDITIONS =
      List.of(
          new Condition("new_with_tags", 0.15, 1.00, "new with tags"),
          new Condition("like_new", 0.35, 0.82, "worn once, like new"),
          new Condition("good", 0.35, 0.64, "gently used, light signs of wear"),
          new Condition("fair", 0.15, 0.42, "visible wear, priced accordingly"));

  static final List<String> COLOURS =
      List.of("black", "navy", "camel", "ivory", "burgundy", "olive", "grey", "red", "beige");

  static final List<String> MATERIALS =
      List.of("wool", "leather", "cotton", "silk", "cashmere", "denim", "linen", "suede");

  static final List<String> SOURCES = List.of("smartgo", "carousel");

  private Assortment() {}

  static Tenant tenant(RandomGenerator rnd) {
    return pick(rnd, TENANTS, TENANTS.stream().mapToDouble(Tenant::weight).toArray());
  }

  static Category category(RandomGenerator rnd) {
    return pick(rnd, CATEGORIES, CATEGORIES.stream().mapToDouble(Category::weight).toArray());
  }

  /** Luxury brands are likelier for handbags and accessories, high street for jeans. */
  static Brand brand(RandomGenerator rnd, Category category) {
    double luxury =
        switch (category.name()) {
          case "handbags", "accessories" -> 0.35;
          case "jeans", "knitwear" -> 0.08;
          default -> 0.18;
        };
    double tier = rnd.nextDouble();
    List<Brand> brands =
        tier < luxury ? LUXURY : tier < luxury + (1 - luxury) * 0.4 ? PREMIUM : HIGH_STREET;
    return brands.get(rnd.nextInt(brands.size()));
  }

  static Condition condition(RandomGenerator rnd) {
    return pick(rnd, CONDITIONS, CONDITIONS.stream().mapToDouble(Condition::weight).toArray());
  }

  static Condition condition(String name) {
    return CONDITIONS.stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("Unknown condition " + name));
  }

  static String source(RandomGenerator rnd, Tenant tenant) {
    // Most of a tenant's sales come through its own channel; some through the other.
    if (rnd.nextDouble() < 0.85) {
      return tenant.mainSource();
    }
    return tenant.mainSource().equals("smartgo") ? "carousel" : "smartgo";
  }

  static <T> T pick(RandomGenerator rnd, List<T> values, double[] weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double x = rnd.nextDouble() * total;
    for (int i = 0; i < values.size(); i++) {
      x -= weights[i];
      if (x < 0) {
        return values.get(i);
      }
    }
    return values.get(values.size() - 1);
  }

  private static Category category(
      String name, String basePrice, double weight, double[] quarters, String... items) {
    return new Category(name, new BigDecimal(basePrice), weight, quarters, List.of(items));
  }

  private static double[] q(double q1, double q2, double q3, double q4) {
    return new double[] {q1, q2, q3, q4};
  }
}
