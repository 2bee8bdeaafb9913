package io.salesflow.sample;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * One valid sale as generated, before it is encoded as a DynamoDB item.
 *
 * @param tenantId partition key
 * @param productId sort key
 * @param category e.g. coats
 * @param brand e.g. Max Mara
 * @param condition new_with_tags, like_new, good or fair
 * @param soldPrice scale 2, positive
 * @param soldDate whole seconds, UTC
 * @param imageS3Key S3 key of the product image
 * @param embedding 1024 values, unit length, at most 6 decimals each
 * @param description free text
 * @param source smartgo or carousel
 */
public record Sale(
    String tenantId,
    String productId,
    String category,
    String brand,
    String condition,
    BigDecimal soldPrice,
    Instant soldDate,
    String imageS3Key,
    double[] embedding,
    String description,
    String source) {

  public Sale {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(productId, "productId");
    Objects.requireNonNull(soldPrice, "soldPrice");
    Objects.requireNonNull(soldDate, "soldDate");
    Objects.requireNonNull(embedding, "embedding");
  }

  /** Quarter of {@link #soldDate()} in UTC: Q1..Q4. */
  public String season() {
    return season(soldDate);
  }

  /** Quarter of {@code instant} in UTC: Q1..Q4. */
  public static String season(Instant instant) {
    return "Q" + ((instant.atZone(ZoneOffset.UTC).getMonthValue() - 1) / 3 + 1);
  }

  /** DynamoDB TTL: {@link SalesAttributes#TTL_DAYS} after the sale, epoch seconds. */
  public long ttl() {
    return soldDate.getEpochSecond() + SalesAttributes.TTL_DAYS * 86_400L;
  }

  /** A copy with other values (used for modifies). */
  Sale with(String condition, BigDecimal soldPrice, Instant soldDate, String description) {
    return new Sale(
        tenantId,
        productId,
        category,
        brand,
        condition,
        soldPrice,
        soldDate,
        imageS3Key,
        embedding,
        description,
        source);
  }
}
