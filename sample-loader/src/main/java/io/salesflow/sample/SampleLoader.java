package io.salesflow.sample;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Loads sample sales into the sales table: all inserts first (records {@code 0 .. n-1} in order),
 * then the modifies, then the deletes, each phase with BatchWriteItem. Which valid records are
 * modified or deleted is chosen by the seed, the two sets are disjoint, and only valid records are
 * chosen. Only {@value BatchWriter#MAX_ITEMS} items are held in memory at a time.
 */
public final class SampleLoader {

  private static final long SALT_PICK = 5;

  /** BatchWriteItem calls in flight by default: DynamoDB (Local too) serves them in parallel. */
  public static final int DEFAULT_PARALLELISM = 4;

  private final BatchWriter writer;
  private final String table;
  private final int parallelism;

  public SampleLoader(BatchWriter writer, String table) {
    this(writer, table, DEFAULT_PARALLELISM);
  }

  /**
   * @param parallelism BatchWriteItem calls in flight at once within a phase (phases stay in order:
   *     every insert is written before the first modify)
   */
  public SampleLoader(BatchWriter writer, String table, int parallelism) {
    if (parallelism < 1 || parallelism > 64) {
      throw new IllegalArgumentException(
          "Invalid write parallelism: " + parallelism + ", must be between 1 and 64");
    }
    this.writer = writer;
    this.table = table;
    this.parallelism = parallelism;
  }

  /** Writes the records {@code options} describe. */
  public LoadResult load(SampleOptions options, LoadProgress progress) {
    return load(options, progress, () -> {});
  }

  /**
   * Writes the records {@code options} describe, running {@code afterInserts} between the inserts
   * (the history) and the modifies and deletes (the live changes).
   */
  public LoadResult load(SampleOptions options, LoadProgress progress, Runnable afterInserts) {
    long start = System.nanoTime();
    SaleGenerator generator = options.generator();
    int[] valid =
        IntStream.range(0, options.records()).filter(i -> generator.defect(i).isEmpty()).toArray();
    if (options.updates() + options.deletes() > valid.length) {
      throw new IllegalArgumentException(
          "Invalid --updates/--deletes: "
              + (options.updates() + options.deletes())
              + " changes but only "
              + valid.length
              + " valid records; lower them or --bad-share");
    }
    int[] picked = shuffled(valid, options.seed());
    int[] updates = sorted(Arrays.copyOfRange(picked, 0, options.updates()));
    int[] deletes =
        sorted(
            Arrays.copyOfRange(picked, options.updates(), options.updates() + options.deletes()));

    Map<Defect, Integer> defects = new EnumMap<>(Defect.class);
    BigDecimal total = insert(generator, options.records(), defects, progress);
    afterInserts.run();
    total = total.add(update(generator, updates, progress));
    total = total.subtract(delete(generator, deletes, progress));
    return new LoadResult(
        table,
        options.records(),
        updates.length,
        deletes.length,
        defects,
        (long) valid.length - deletes.length,
        total,
        writer.calls(),
        writer.retries(),
        Duration.ofNanos(System.nanoTime() - start));
  }

  private BigDecimal insert(
      SaleGenerator generator, int records, Map<Defect, Integer> defects, LoadProgress progress) {
    progress.phase("inserts", records);
    BigDecimal total = BigDecimal.ZERO;
    try (PhaseWriter phase = new PhaseWriter(writer, parallelism, progress)) {
      for (int i = 0; i < records; i++) {
        GeneratedSale sale = generator.generate(i);
        if (sale.valid()) {
          total = total.add(sale.sale().soldPrice());
        } else {
          defects.merge(sale.defect().get(), 1, Integer::sum);
        }
        phase.add(WriteRequest.builder().putRequest(p -> p.item(sale.item())).build());
      }
    }
    return total;
  }

  private BigDecimal update(SaleGenerator generator, int[] indices, LoadProgress progress) {
    progress.phase("updates", indices.length);
    BigDecimal delta = BigDecimal.ZERO;
    try (PhaseWriter phase = new PhaseWriter(writer, parallelism, progress)) {
      for (int index : indices) {
        GeneratedSale original = generator.generate(index);
        GeneratedSale changed = generator.modify(original);
        delta = delta.add(changed.sale().soldPrice()).subtract(original.sale().soldPrice());
        phase.add(WriteRequest.builder().putRequest(p -> p.item(changed.item())).build());
      }
    }
    return delta;
  }

  private BigDecimal delete(SaleGenerator generator, int[] indices, LoadProgress progress) {
    progress.phase("deletes", indices.length);
    BigDecimal removed = BigDecimal.ZERO;
    try (PhaseWriter phase = new PhaseWriter(writer, parallelism, progress)) {
      for (int index : indices) {
        GeneratedSale sale = generator.generate(index);
        removed = removed.add(sale.sale().soldPrice());
        phase.add(WriteRequest.builder().deleteRequest(d -> d.key(sale.key())).build());
      }
    }
    return removed;
  }

  private static int[] shuffled(int[] values, long seed) {
    int[] copy = values.clone();
    SplittableRandom rnd = new SplittableRandom(Seeds.of(seed, 0, SALT_PICK));
    for (int i = copy.length - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = copy[i];
      copy[i] = copy[j];
      copy[j] = t;
    }
    return copy;
  }

  private static int[] sorted(int[] values) {
    int[] copy = values.clone();
    Arrays.sort(copy);
    return copy;
  }
}
