package io.salesflow.sample;

import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A generated record: the sale it describes and the DynamoDB item written for it. For a defective
 * record the item differs from the sale in the way {@link #defect()} names.
 *
 * @param index position in the generated sequence (record {@code i} is the same whatever the number
 *     of records generated)
 * @param sale the sale, always valid
 * @param item the item to write
 * @param defect the deliberate fault, if any
 */
public record GeneratedSale(
    int index, Sale sale, Map<String, AttributeValue> item, Optional<Defect> defect) {

  public GeneratedSale {
    item = Map.copyOf(item);
  }

  /** The item's primary key. */
  public Map<String, AttributeValue> key() {
    return Map.of(
        SalesAttributes.TENANT_ID,
        item.get(SalesAttributes.TENANT_ID),
        SalesAttributes.PRODUCT_ID,
        item.get(SalesAttributes.PRODUCT_ID));
  }

  /** Whether the ETL should accept this record. */
  public boolean valid() {
    return defect.isEmpty();
  }
}
