package io.salesflow.sample;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What to load, validated: every problem is reported at once, each naming its command-line flag.
 *
 * @param records sales to insert ({@code --records}, default 5,000)
 * @param seed random seed ({@code --seed}); the same seed and reference date give the same data
 * @param asOf reference date ({@code --as-of}, default today in UTC): sales fall in the two years
 *     before it
 * @param updates valid sales to modify afterwards ({@code --updates})
 * @param deletes valid sales to delete afterwards ({@code --deletes})
 * @param badShare share of deliberately defective records ({@code --bad-share}, 0 to 1)
 * @param embeddingFormat how embeddings are stored ({@code --embedding-format})
 */
public record SampleOptions(
    int records,
    long seed,
    LocalDate asOf,
    int updates,
    int deletes,
    double badShare,
    EmbeddingFormat embeddingFormat) {

  /** Default number of records, as the seed's {@code --num-records 5000}. */
  public static final int DEFAULT_RECORDS = 5_000;

  /** Default seed. */
  public static final long DEFAULT_SEED = 42;

  /** Largest number of records per load. */
  public static final int MAX_RECORDS = 1_000_000;

  public SampleOptions {
    Objects.requireNonNull(asOf, "asOf");
    Objects.requireNonNull(embeddingFormat, "embeddingFormat");
    List<String> problems = new ArrayList<>();
    if (records < 1 || records > MAX_RECORDS) {
      problems.add("Invalid --records: " + records + ", must be between 1 and " + MAX_RECORDS);
    }
    if (updates < 0) {
      problems.add("Invalid --updates: " + updates + ", must be 0 or more");
    }
    if (deletes < 0) {
      problems.add("Invalid --deletes: " + deletes + ", must be 0 or more");
    }
    if (!(badShare >= 0 && badShare <= 1)) {
      problems.add("Invalid --bad-share: " + badShare + ", must be between 0 and 1, e.g. 0.02");
    }
    if (problems.isEmpty() && (long) updates + deletes > records) {
      problems.add(
          "Invalid --updates/--deletes: "
              + updates
              + " + "
              + deletes
              + " exceed --records "
              + records
              + "; each modifies or deletes a different record");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join(System.lineSeparator(), problems));
    }
  }

  /** Defaults: 5,000 valid records as of today, no changes, embeddings as lists. */
  public static SampleOptions defaults() {
    return new SampleOptions(
        DEFAULT_RECORDS,
        DEFAULT_SEED,
        LocalDate.now(ZoneOffset.UTC),
        0,
        0,
        0,
        EmbeddingFormat.LIST);
  }

  /** The generator these options describe. */
  public SaleGenerator generator() {
    return new SaleGenerator(seed, asOf, embeddingFormat, badShare);
  }
}
