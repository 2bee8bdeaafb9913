package io.salesflow.sample;

import static io.salesflow.sample.SalesAttributes.BRAND;
import static io.salesflow.sample.SalesAttributes.CATEGORY;
import static io.salesflow.sample.SalesAttributes.CONDITION;
import static io.salesflow.sample.SalesAttributes.DESCRIPTION;
import static io.salesflow.sample.SalesAttributes.EMBEDDING;
import static io.salesflow.sample.SalesAttributes.IMAGE_S3_KEY;
import static io.salesflow.sample.SalesAttributes.PRODUCT_ID;
import static io.salesflow.sample.SalesAttributes.SEASON;
import static io.salesflow.sample.SalesAttributes.SOLD_DATE;
import static io.salesflow.sample.SalesAttributes.SOLD_PRICE;
import static io.salesflow.sample.SalesAttributes.SOURCE;
import static io.salesflow.sample.SalesAttributes.TENANT_ID;
import static io.salesflow.sample.SalesAttributes.TTL;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Encodes sales as DynamoDB items, and breaks them on purpose. */
public final class SaleItems {

  private static final List<String> BAD_DATES =
      List.of("%s", "2024-02-30T10:00:00Z", "yesterday", "2024-13-01T00:00:00Z");
  private static final DateTimeFormatter EUROPEAN =
      DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  private SaleItems() {}

  /** The item of a valid sale. */
  public static Map<String, AttributeValue> item(Sale sale, EmbeddingFormat format) {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put(TENANT_ID, s(sale.tenantId()));
    item.put(PRODUCT_ID, s(sale.productId()));
    item.put(CATEGORY, s(sale.category()));
    item.put(BRAND, s(sale.brand()));
    item.put(CONDITION, s(sale.condition()));
    item.put(SOLD_PRICE, AttributeValue.fromN(sale.soldPrice().toPlainString()));
    item.put(SOLD_DATE, s(sale.soldDate().toString()));
    item.put(SEASON, s(sale.season()));
    item.put(IMAGE_S3_KEY, s(sale.imageS3Key()));
    item.put(EMBEDDING, Embeddings.encode(sale.embedding(), format));
    item.put(DESCRIPTION, s(sale.description()));
    item.put(SOURCE, s(sale.source()));
    item.put(TTL, AttributeValue.fromN(Long.toString(sale.ttl())));
    return item;
  }

  static Map<String, AttributeValue> corrupt(
      Map<String, AttributeValue> valid, Defect defect, int index, SplittableRandom rnd) {
    Map<String, AttributeValue> item = new LinkedHashMap<>(valid);
    switch (defect) {
      case BLANK_PRODUCT_ID -> item.put(PRODUCT_ID, s(blank(index)));
      case PRICE_THREE_DECIMALS -> {
        String price = item.get(SOLD_PRICE).n();
        item.put(
            SOLD_PRICE, AttributeValue.fromN(price + (price.contains(".") ? "" : ".00") + "5"));
      }
      case UNPARSEABLE_DATE -> {
        String pattern = BAD_DATES.get(rnd.nextInt(BAD_DATES.size()));
        String date =
            pattern.equals("%s")
                ? EUROPEAN.format(java.time.Instant.parse(item.get(SOLD_DATE).s()))
                : pattern;
        item.put(SOLD_DATE, s(date));
      }
      case SHORT_EMBEDDING -> item.put(EMBEDDING, shortEmbedding(item.get(EMBEDDING)));
      case UNKNOWN_SOURCE -> item.put(SOURCE, s("ebay"));
    }
    return item;
  }

  /**
   * A blank id unique per index: its binary digits as tabs (1) and spaces (0) after a leading
   * space, so no two blank ids of one tenant collide.
   */
  static String blank(int index) {
    return " " + Integer.toBinaryString(index).replace('1', '\t').replace('0', ' ');
  }

  private static AttributeValue shortEmbedding(AttributeValue embedding) {
    if (embedding.hasL()) {
      return AttributeValue.fromL(embedding.l().subList(0, 1000));
    }
    byte[] bytes = embedding.b().asByteArray();
    int width = bytes.length / Embeddings.DIMENSIONS;
    return AttributeValue.fromB(
        software.amazon.awssdk.core.SdkBytes.fromByteArray(Arrays.copyOf(bytes, 1000 * width)));
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }
}
