package io.salesflow.maintenance;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Deterministic DynamoDB stream batches (Lambda event model) of inserts, modifies and removes on a
 * sales table, with the table's expected state: what sales_history must hold after the ETL ran
 * them, whatever maintenance did meanwhile.
 */
final class SalesStream {

  static final String ARN =
      "arn:aws:dynamodb:us-east-1:000000000000:table/sales/stream/2026-01-01T00:00:00.000";
  private static final String[] CATEGORIES = {"coats", "handbags", "dresses", "shoes"};
  private static final String[] BRANDS = {"Gucci", "Prada", "Burberry", "Chanel"};

  private final SplittableRandom random;
  private final List<YearMonth> months;
  private final Map<String, Map<String, AttributeValue>> items = new LinkedHashMap<>();
  private long sequence;
  private int products;

  SalesStream(long seed, long firstSequence, List<YearMonth> months) {
    this.random = new SplittableRandom(seed);
    this.sequence = firstSequence;
    this.months = List.copyOf(months);
  }

  /**
   * One batch of {@code size} changes: mostly new sales, some price changes of existing ones and
   * some removes, so the ETL writes data files and equality deletes.
   */
  synchronized List<DynamodbStreamRecord> batch(int size) {
    List<DynamodbStreamRecord> records = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      int dice = random.nextInt(10);
      if (items.size() < 10 || dice < 6) {
        records.add(insert());
      } else if (dice < 9) {
        records.add(modify());
      } else {
        records.add(remove());
      }
    }
    return records;
  }

  /** The keys ({@code tenant|product}) the table must hold, with their sold price. */
  synchronized Map<String, String> expected() {
    Map<String, String> expected = new LinkedHashMap<>();
    items.forEach((k, v) -> expected.put(k, v.get("sold_price").getN()));
    return expected;
  }

  private DynamodbStreamRecord insert() {
    String product = "p-" + (products++);
    String tenant = "tenant-" + random.nextInt(3);
    YearMonth month = months.get(random.nextInt(months.size()));
    Map<String, AttributeValue> image = new LinkedHashMap<>();
    image.put("tenant_id", s(tenant));
    image.put("product_id", s(product));
    image.put("category", s(CATEGORIES[random.nextInt(CATEGORIES.length)]));
    image.put("brand", s(BRANDS[random.nextInt(BRANDS.length)]));
    image.put("condition", s("like_new"));
    image.put("sold_price", n(price()));
    image.put(
        "sold_date",
        s(
            String.format(
                "%d-%02d-%02dT%02d:15:00Z",
                month.getYear(),
                month.getMonthValue(),
                1 + random.nextInt(28),
                random.nextInt(24))));
    image.put("source", s(random.nextBoolean() ? "smartgo" : "carousel"));
    image.put("image_s3_key", s("images/" + product + ".jpg"));
    image.put("description", s("Pre-owned " + product));
    if (products % 7 == 0) {
      List<AttributeValue> vector = new ArrayList<>(1024);
      for (int d = 0; d < 1024; d++) {
        vector.add(n(Double.toString(Math.sin(products + d))));
      }
      image.put("embedding", new AttributeValue().withL(vector));
    }
    items.put(tenant + "|" + product, image);
    return record("INSERT", image, null);
  }

  /** A MODIFY of {@code key} to a new price and sale date (possibly in another month). */
  synchronized DynamodbStreamRecord change(String key, String price, String soldDate) {
    Map<String, AttributeValue> old = items.get(key);
    Map<String, AttributeValue> image = new LinkedHashMap<>(old);
    image.put("sold_price", n(price));
    image.put("sold_date", s(soldDate));
    items.put(key, image);
    return record("MODIFY", image, old);
  }

  /** A REMOVE of {@code key}. */
  synchronized DynamodbStreamRecord remove(String key) {
    return record("REMOVE", null, items.remove(key));
  }

  /** The keys ({@code tenant|product}) whose sale date is in {@code month}. */
  synchronized List<String> keysIn(YearMonth month) {
    List<String> keys = new ArrayList<>();
    items.forEach(
        (k, v) -> {
          if (v.get("sold_date").getS().startsWith(month.toString())) {
            keys.add(k);
          }
        });
    return keys;
  }

  private DynamodbStreamRecord modify() {
    String key = randomKey();
    Map<String, AttributeValue> old = items.get(key);
    Map<String, AttributeValue> image = new LinkedHashMap<>(old);
    image.put("sold_price", n(price()));
    items.put(key, image);
    return record("MODIFY", image, old);
  }

  private DynamodbStreamRecord remove() {
    String key = randomKey();
    return record("REMOVE", null, items.remove(key));
  }

  private String randomKey() {
    List<String> keys = new ArrayList<>(items.keySet());
    return keys.get(random.nextInt(keys.size()));
  }

  private String price() {
    return (20 + random.nextInt(3000)) + "." + String.format("%02d", random.nextInt(100));
  }

  private DynamodbStreamRecord record(
      String event, Map<String, AttributeValue> image, Map<String, AttributeValue> old) {
    long seq = sequence++;
    Map<String, AttributeValue> any = image != null ? image : old;
    DynamodbStreamRecord record = new DynamodbStreamRecord();
    record.setEventID("evt-" + seq);
    record.setEventName(event);
    record.setEventSource("aws:dynamodb");
    record.setEventVersion("1.1");
    record.setAwsRegion("us-east-1");
    record.setEventSourceARN(ARN);
    StreamRecord ddb = new StreamRecord();
    ddb.setKeys(Map.of("tenant_id", any.get("tenant_id"), "product_id", any.get("product_id")));
    ddb.setNewImage(image);
    ddb.setOldImage(old);
    ddb.setSequenceNumber(String.format("%021d", seq));
    ddb.setApproximateCreationDateTime(new Date(1_750_000_000_000L + seq * 1000));
    ddb.setSizeBytes(1000L);
    record.setDynamodb(ddb);
    return record;
  }

  private static AttributeValue s(String value) {
    return new AttributeValue().withS(value);
  }

  private static AttributeValue n(String value) {
    return new AttributeValue().withN(value);
  }
}
