package io.salesflow.sample;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.random.RandomGenerator;

/**
 * Resale prices: category base price x brand factor x condition factor x a log-normal spread (sigma
 * 0.18), then ended like a person would price: whole euros, .99 or plain cents. Always scale 2 and
 * at least {@link #MINIMUM}.
 */
final class Prices {

  /** The cheapest sale. */
  static final BigDecimal MINIMUM = new BigDecimal("5.00");

  private static final double SPREAD = 0.18;

  private Prices() {}

  static BigDecimal price(
      RandomGenerator rnd,
      Assortment.Category category,
      Assortment.Brand brand,
      Assortment.Condition condition) {
    double raw =
        category.basePrice().doubleValue()
            * brand.priceFactor()
            * condition.priceFactor()
            * Math.exp(rnd.nextGaussian() * SPREAD);
    return ending(rnd, BigDecimal.valueOf(raw));
  }

  /** The price after a regrade from {@code from} to {@code to}, ended like {@link #price}. */
  static BigDecimal regrade(
      RandomGenerator rnd, BigDecimal price, Assortment.Condition from, Assortment.Condition to) {
    double raw = price.doubleValue() * to.priceFactor() / from.priceFactor();
    return ending(rnd, BigDecimal.valueOf(raw));
  }

  /** A discount of 5 to 20 %, always at least one cent. */
  static BigDecimal discount(RandomGenerator rnd, BigDecimal price) {
    BigDecimal factor = BigDecimal.valueOf(80 + rnd.nextInt(16), 2);
    BigDecimal reduced = price.multiply(factor).setScale(2, RoundingMode.HALF_UP);
    if (reduced.compareTo(price) >= 0) {
      reduced = price.subtract(new BigDecimal("0.01"));
    }
    return reduced.max(new BigDecimal("1.00"));
  }

  private static BigDecimal ending(RandomGenerator rnd, BigDecimal raw) {
    double style = rnd.nextDouble();
    BigDecimal price;
    if (style < 0.45) {
      price = raw.setScale(0, RoundingMode.HALF_UP).setScale(2, RoundingMode.UNNECESSARY);
    } else if (style < 0.65) {
      price = raw.setScale(0, RoundingMode.FLOOR).add(new BigDecimal("0.99"));
    } else {
      price = raw.setScale(2, RoundingMode.HALF_UP);
    }
    return price.max(MINIMUM);
  }
}
