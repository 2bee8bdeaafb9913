package io.salesflow.sample;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * DynamoDB's BatchWriteItem at the SDK boundary: stores items by key, and can hand back the last
 * {@code unprocessedPerCall} requests of a call as unprocessed for the first {@code throttledCalls}
 * calls, as a throttled table does. Synchronized: the loader writes from several threads.
 */
final class FakeDynamoDb implements DynamoDbClient {

  final Map<Map<String, AttributeValue>, Map<String, AttributeValue>> items = new LinkedHashMap<>();
  final List<Integer> callSizes = new ArrayList<>();
  int throttledCalls;
  int unprocessedPerCall;

  @Override
  public synchronized BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
    List<WriteRequest> requests = request.requestItems().values().iterator().next();
    String table = request.requestItems().keySet().iterator().next();
    if (requests.size() > 25) {
      throw new IllegalArgumentException("Too many items requested for the BatchWriteItem call");
    }
    callSizes.add(requests.size());
    int processed = requests.size();
    if (callSizes.size() <= throttledCalls) {
      processed = Math.max(0, requests.size() - unprocessedPerCall);
    }
    for (WriteRequest write : requests.subList(0, processed)) {
      if (write.putRequest() != null) {
        Map<String, AttributeValue> item = write.putRequest().item();
        items.put(key(item), item);
      } else {
        items.remove(key(write.deleteRequest().key()));
      }
    }
    List<WriteRequest> unprocessed = requests.subList(processed, requests.size());
    return BatchWriteItemResponse.builder()
        .unprocessedItems(unprocessed.isEmpty() ? Map.of() : Map.of(table, unprocessed))
        .build();
  }

  private static Map<String, AttributeValue> key(Map<String, AttributeValue> item) {
    return Map.of(
        SalesAttributes.TENANT_ID, item.get(SalesAttributes.TENANT_ID),
        SalesAttributes.PRODUCT_ID, item.get(SalesAttributes.PRODUCT_ID));
  }

  @Override
  public String serviceName() {
    return "dynamodb";
  }

  @Override
  public void close() {}
}
