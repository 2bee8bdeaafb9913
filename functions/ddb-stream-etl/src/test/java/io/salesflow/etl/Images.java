package io.salesflow.etl;

import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds DynamoDB images in the Lambda events model for tests. */
final class Images {

  private final Map<String, AttributeValue> image = new LinkedHashMap<>();

  static Images sale(String tenant, String product, String price, String soldDate) {
    return new Images()
        .s("tenant_id", tenant)
        .s("product_id", product)
        .n("sold_price", price)
        .s("sold_date", soldDate)
        .s("category", "coats")
        .s("brand", "Burberry")
        .s("condition", "like_new")
        .s("source", "carousel")
        .s("image_s3_key", "images/" + product + ".jpg")
        .s("description", "A coat");
  }

  Images s(String name, String value) {
    image.put(name, new AttributeValue().withS(value));
    return this;
  }

  Images n(String name, String value) {
    image.put(name, new AttributeValue().withN(value));
    return this;
  }

  Images set(String name, AttributeValue value) {
    image.put(name, value);
    return this;
  }

  Images without(String name) {
    image.remove(name);
    return this;
  }

  Images embedding(int size, double base) {
    List<AttributeValue> values = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      values.add(new AttributeValue().withN(Double.toString(base + i / 1024.0)));
    }
    image.put("embedding", new AttributeValue().withL(values));
    return this;
  }

  Map<String, AttributeValue> build() {
    return new LinkedHashMap<>(image);
  }
}
