package io.salesflow.localstack.sample;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.Objects;

/**
 * One generated sale, with the columns of {@code sales_history}. Optional columns are {@code null}
 * when the generator left them out (as real data sometimes does), which the data-quality report
 * counts.
 *
 * @param productId product identifier, unique per tenant
 * @param tenantId tenant
 * @param category category, or {@code null}
 * @param brand brand, or {@code null}
 * @param condition condition, or {@code null}
 * @param soldPrice price, scale 2
 * @param soldDate sale time, UTC, whole seconds
 * @param imageS3Key image key, or {@code null}
 * @param embedding 1024 values, or {@code null} for sales without an image embedding
 * @param description free text, or {@code null}
 * @param source {@code smartgo} or {@code carousel}
 * @param streamSeq lineage: a stream sequence number
 */
public record SampleSale(
    String productId,
    String tenantId,
    String category,
    String brand,
    String condition,
    BigDecimal soldPrice,
    LocalDateTime soldDate,
    String imageS3Key,
    double[] embedding,
    String description,
    String source,
    String streamSeq) {

  public SampleSale {
    Objects.requireNonNull(productId, "productId");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(soldPrice, "soldPrice");
    Objects.requireNonNull(soldDate, "soldDate");
    Objects.requireNonNull(source, "source");
  }

  /** Year of {@code sold_date} (UTC), the first partition column. */
  public int year() {
    return soldDate.getYear();
  }

  /** Month 1-12 of {@code sold_date} (UTC), the second partition column. */
  public int month() {
    return soldDate.getMonthValue();
  }

  /** {@code Q1}..{@code Q4}, the quarter of {@code sold_date}. */
  public String season() {
    return "Q" + ((month() - 1) / 3 + 1);
  }

  /** Whether this sale has an embedding. */
  public boolean hasEmbedding() {
    return embedding != null;
  }

  /** A copy with another price, for building anomalies and corrections in tests. */
  public SampleSale withPrice(BigDecimal price) {
    return new SampleSale(
        productId,
        tenantId,
        category,
        brand,
        condition,
        price,
        soldDate,
        imageS3Key,
        embedding,
        description,
        source,
        streamSeq);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SampleSale sale
        && productId.equals(sale.productId)
        && tenantId.equals(sale.tenantId)
        && Objects.equals(category, sale.category)
        && Objects.equals(brand, sale.brand)
        && Objects.equals(condition, sale.condition)
        && soldPrice.equals(sale.soldPrice)
        && soldDate.equals(sale.soldDate)
        && Objects.equals(imageS3Key, sale.imageS3Key)
        && Arrays.equals(embedding, sale.embedding)
        && Objects.equals(description, sale.description)
        && source.equals(sale.source)
        && Objects.equals(streamSeq, sale.streamSeq);
  }

  @Override
  public int hashCode() {
    return Objects.hash(tenantId, productId, soldDate, soldPrice);
  }

  @Override
  public String toString() {
    return "SampleSale{"
        + tenantId
        + "/"
        + productId
        + ", "
        + category
        + ", "
        + brand
        + ", "
        + condition
        + ", "
        + soldPrice
        + ", "
        + soldDate
        + ", "
        + source
        + (embedding == null ? "" : ", embedding[" + embedding.length + "]")
        + "}";
  }
}
