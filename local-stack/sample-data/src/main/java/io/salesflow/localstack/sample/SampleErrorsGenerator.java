package io.salesflow.localstack.sample;

import io.salesflow.sample.SaleGenerator;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates rejected stream records deterministically, spread over {@code days} days before {@code
 * end}, with a realistic mix of reasons (missing keys rare, bad prices common), for the tenants of
 * the shared sample sales ({@link SaleGenerator#tenantIds()}).
 */
public final class SampleErrorsGenerator {

  /** Reason codes and their relative frequency. */
  static final List<String> REASONS =
      List.of(
          "BAD_PRICE",
          "BAD_PRICE",
          "BAD_PRICE",
          "BAD_EMBEDDING",
          "BAD_EMBEDDING",
          "BAD_DATE",
          "BAD_SOURCE",
          "MISSING_KEY");

  private SampleErrorsGenerator() {}

  /** {@code count} errors with times in the {@code days} days before {@code end}. */
  public static List<SampleError> generate(long seed, int count, LocalDateTime end, int days) {
    SplittableRandom random = new SplittableRandom(seed);
    List<String> tenants = SaleGenerator.tenantIds();
    List<SampleError> errors = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String reason = REASONS.get(random.nextInt(REASONS.size()));
      String tenant = tenants.get(random.nextInt(tenants.size()));
      boolean keyReadable = !reason.equals("MISSING_KEY");
      String productId = keyReadable ? "e-" + String.format("%07d", i + 1) : null;
      LocalDateTime time = end.minusSeconds(1 + random.nextLong(days * 86_400L));
      String seq = String.format("%021d", 900_000_000_000L + i);
      errors.add(
          new SampleError(
              "err-" + seq,
              reason,
              message(reason),
              "{\"tenant_id\":{\"S\":\"" + tenant + "\"}}",
              keyReadable ? tenant : null,
              productId,
              seq,
              random.nextInt(4) == 0 ? "MODIFY" : "INSERT",
              time));
    }
    return errors;
  }

  private static String message(String reason) {
    return switch (reason) {
      case "BAD_PRICE" -> "Invalid sold_price: not a decimal(10,2)";
      case "BAD_EMBEDDING" -> "Invalid embedding: must have exactly 1024 values";
      case "BAD_DATE" -> "Invalid sold_date: not an ISO-8601 time";
      case "BAD_SOURCE" -> "Invalid source: must be smartgo or carousel";
      default -> "Missing key: tenant_id and product_id are required";
    };
  }
}
