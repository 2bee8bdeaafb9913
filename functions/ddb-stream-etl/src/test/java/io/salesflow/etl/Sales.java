package io.salesflow.etl;

import static io.salesflow.etl.EtlFixture.n;
import static io.salesflow.etl.EtlFixture.s;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** DynamoDB items (SDK v2) of the sales table, for integration tests. */
final class Sales {

  private Sales() {}

  static Map<String, AttributeValue> item(
      String tenant, String product, String price, String soldDate) {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put("tenant_id", s(tenant));
    item.put("product_id", s(product));
    item.put("sold_price", n(price));
    item.put("sold_date", s(soldDate));
    item.put("category", s(product.hashCode() % 2 == 0 ? "coats" : "handbags"));
    item.put("brand", s("Gucci"));
    item.put("condition", s("like_new"));
    item.put("source", s(product.hashCode() % 3 == 0 ? "smartgo" : "carousel"));
    item.put("image_s3_key", s("images/" + product + ".jpg"));
    item.put("description", s("Item " + product));
    return item;
  }

  static Map<String, AttributeValue> with(
      Map<String, AttributeValue> item, String name, AttributeValue value) {
    Map<String, AttributeValue> copy = new LinkedHashMap<>(item);
    if (value == null) {
      copy.remove(name);
    } else {
      copy.put(name, value);
    }
    return copy;
  }

  static AttributeValue embedding(int size) {
    List<AttributeValue> values = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      values.add(n(Double.toString(Math.sin(i))));
    }
    return AttributeValue.builder().l(values).build();
  }
}
