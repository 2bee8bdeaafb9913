package io.salesflow.sample;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Deterministic stand-ins for 1024-dimensional Titan image embeddings: the unit-length sum of a
 * category direction, a brand direction, a colour direction and per-product noise, so that products
 * of the same category and brand are close (cosine similarity queries find them). Each value is
 * rounded to 6 decimals, so the list encoding is short and exact.
 */
final class Embeddings {

  /** Values per embedding. */
  static final int DIMENSIONS = 1024;

  private static final double SCALE = 1_000_000d;

  private final long seed;
  private final Map<String, double[]> directions = new ConcurrentHashMap<>();

  Embeddings(long seed) {
    this.seed = seed;
  }

  /** The embedding of a product, from its own random generator. */
  double[] embedding(SplittableRandom rnd, String category, String brand, String colour) {
    double[] c = direction("category:" + category);
    double[] b = direction("brand:" + brand);
    double[] k = direction("colour:" + colour);
    double[] v = new double[DIMENSIONS];
    double norm = 0;
    for (int i = 0; i < DIMENSIONS; i++) {
      v[i] = c[i] + 0.6 * b[i] + 0.3 * k[i] + 0.5 * rnd.nextGaussian();
      norm += v[i] * v[i];
    }
    norm = Math.sqrt(norm);
    for (int i = 0; i < DIMENSIONS; i++) {
      // m / 1e6 is the double nearest to the decimal m * 10^-6 that the list encoding writes.
      v[i] = Math.round(v[i] / norm * SCALE) / SCALE;
    }
    return v;
  }

  /** Encodes {@code values} (any length) as a DynamoDB attribute in {@code format}. */
  static AttributeValue encode(double[] values, EmbeddingFormat format) {
    return switch (format) {
      case LIST -> AttributeValue.fromL(list(values));
      case FLOAT32 -> {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (double value : values) {
          buffer.putFloat((float) value);
        }
        yield AttributeValue.fromB(SdkBytes.fromByteArray(buffer.array()));
      }
      case FLOAT64 -> {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double value : values) {
          buffer.putDouble(value);
        }
        yield AttributeValue.fromB(SdkBytes.fromByteArray(buffer.array()));
      }
    };
  }

  /** The decimal text of a value rounded to 6 decimals, e.g. {@code -0.031245}. */
  static String text(double value) {
    return BigDecimal.valueOf(Math.round(value * SCALE), 6).stripTrailingZeros().toPlainString();
  }

  private static List<AttributeValue> list(double[] values) {
    AttributeValue[] numbers = new AttributeValue[values.length];
    for (int i = 0; i < values.length; i++) {
      numbers[i] = AttributeValue.fromN(text(values[i]));
    }
    return List.of(numbers);
  }

  private double[] direction(String name) {
    return directions.computeIfAbsent(
        name,
        key -> {
          SplittableRandom rnd = new SplittableRandom(Seeds.mix(seed, key));
          double[] d = new double[DIMENSIONS];
          for (int i = 0; i < DIMENSIONS; i++) {
            d[i] = rnd.nextGaussian();
          }
          return d;
        });
  }
}
