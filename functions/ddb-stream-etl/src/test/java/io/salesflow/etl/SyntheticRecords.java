package io.salesflow.etl;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Deterministic stream batches as the event source mapping would deliver them (INSERT records of
 * realistic sales, optionally with 1024-value embeddings and a share of bad records), for the
 * shaded-jar probe and the benchmarks.
 */
public final class SyntheticRecords {

  static final String ARN =
      "arn:aws:dynamodb:us-east-1:000000000000:table/sales/stream/2026-01-01T00:00:00.000";
  private static final String[] CATEGORIES = {"coats", "handbags", "dresses", "shoes", "jewellery"};
  private static final String[] BRANDS = {"Gucci", "Prada", "Burberry", "Chanel", "Zara", "Mango"};
  private static final String[] CONDITIONS = {"new_with_tags", "like_new", "good", "fair"};

  private SyntheticRecords() {}

  /**
   * {@code count} INSERT records with sequence numbers starting at {@code firstSequence}.
   *
   * @param badEvery every n-th record has a price with 3 decimals (0 for none)
   */
  public static List<DynamodbStreamRecord> batch(
      long seed, long firstSequence, int count, boolean embeddings, int badEvery) {
    SplittableRandom random = new SplittableRandom(seed);
    List<DynamodbStreamRecord> records = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Map<String, AttributeValue> image = new LinkedHashMap<>();
      String product = "p-" + seed + "-" + i;
      image.put("tenant_id", new AttributeValue().withS("tenant-" + random.nextInt(5)));
      image.put("product_id", new AttributeValue().withS(product));
      image.put(
          "category", new AttributeValue().withS(CATEGORIES[random.nextInt(CATEGORIES.length)]));
      image.put("brand", new AttributeValue().withS(BRANDS[random.nextInt(BRANDS.length)]));
      image.put(
          "condition", new AttributeValue().withS(CONDITIONS[random.nextInt(CONDITIONS.length)]));
      String price = (20 + random.nextInt(3000)) + "." + String.format("%02d", random.nextInt(100));
      image.put(
          "sold_price",
          new AttributeValue()
              .withN(badEvery > 0 && i % badEvery == badEvery - 1 ? price + "5" : price));
      int month = 1 + random.nextInt(12);
      image.put(
          "sold_date",
          new AttributeValue()
              .withS(
                  String.format(
                      "2025-%02d-%02dT%02d:15:00Z",
                      month, 1 + random.nextInt(28), random.nextInt(24))));
      image.put(
          "source", new AttributeValue().withS(random.nextBoolean() ? "smartgo" : "carousel"));
      image.put("image_s3_key", new AttributeValue().withS("images/" + product + ".jpg"));
      image.put(
          "description",
          new AttributeValue().withS("Pre-owned item " + product + " in good shape"));
      if (embeddings) {
        List<AttributeValue> vector = new ArrayList<>(1024);
        for (int d = 0; d < 1024; d++) {
          vector.add(new AttributeValue().withN(Double.toString(random.nextDouble() * 2 - 1)));
        }
        image.put("embedding", new AttributeValue().withL(vector));
      }
      records.add(insert(firstSequence + i, image));
    }
    return records;
  }

  static DynamodbStreamRecord insert(long sequence, Map<String, AttributeValue> image) {
    DynamodbStreamRecord record = new DynamodbStreamRecord();
    record.setEventID("evt-" + sequence);
    record.setEventName("INSERT");
    record.setEventSource("aws:dynamodb");
    record.setEventVersion("1.1");
    record.setAwsRegion("us-east-1");
    record.setEventSourceARN(ARN);
    StreamRecord ddb = new StreamRecord();
    ddb.setKeys(Map.of("tenant_id", image.get("tenant_id"), "product_id", image.get("product_id")));
    ddb.setNewImage(image);
    ddb.setSequenceNumber(String.format("%021d", sequence));
    // Derived from the sequence number: a replayed record carries the same event time.
    ddb.setApproximateCreationDateTime(new Date(1_750_000_000_000L + sequence * 1000));
    ddb.setSizeBytes(1000L);
    record.setDynamodb(ddb);
    return record;
  }
}
