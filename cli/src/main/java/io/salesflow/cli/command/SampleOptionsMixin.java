package io.salesflow.cli.command;

import io.salesflow.cli.CliException;
import io.salesflow.sample.EmbeddingFormat;
import io.salesflow.sample.SampleOptions;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.Option;

/** What sample data to generate; shared by load-sample and demo. */
public final class SampleOptionsMixin {

  @Option(names = "--records", paramLabel = "N", description = "Sales to insert (default: 5000).")
  Integer records;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "42",
      description =
          "Random seed; the same seed and --as-of give the same data (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--as-of",
      paramLabel = "YYYY-MM-DD",
      description = "Reference date: sales fall in the two years before it (default: today, UTC).")
  String asOf;

  @Option(names = "--updates", paramLabel = "N", description = "Valid sales to modify afterwards.")
  Integer updates;

  @Option(names = "--deletes", paramLabel = "N", description = "Valid sales to delete afterwards.")
  Integer deletes;

  @Option(
      names = "--bad-share",
      paramLabel = "SHARE",
      description =
          "Share of deliberately bad records (blank product_id, price with 3 decimals,"
              + " unparseable date, 1000-value embedding, source ebay), 0-1, e.g. 0.02.")
  Double badShare;

  @Option(
      names = "--embedding-format",
      paramLabel = "FORMAT",
      description =
          "list (L of N), float32 or float64 (little-endian B) (default: list for load-sample,"
              + " float32 for demo).")
  String embeddingFormat;

  @Option(
      names = "--write-threads",
      paramLabel = "N",
      defaultValue = "4",
      description = "BatchWriteItem calls in flight at once, 1-64 (default: ${DEFAULT-VALUE}).")
  int writeThreads;

  /** BatchWriteItem calls in flight; a usage error naming the flag if out of range. */
  int writeThreads() {
    if (writeThreads < 1 || writeThreads > 64) {
      throw CliException.usage(
          "Invalid --write-threads: " + writeThreads + ", must be between 1 and 64");
    }
    return writeThreads;
  }

  /** The validated options, with defaults for what was not given. */
  SampleOptions toOptions(
      int defaultRecords,
      int defaultUpdates,
      int defaultDeletes,
      double defaultBadShare,
      EmbeddingFormat defaultFormat) {
    int n = records == null ? defaultRecords : records;
    LocalDate date;
    try {
      date = asOf == null ? LocalDate.now(ZoneOffset.UTC) : LocalDate.parse(asOf.trim());
    } catch (DateTimeParseException e) {
      throw CliException.usage("Invalid --as-of: '" + asOf + "', must be a date like 2025-06-30");
    }
    try {
      return new SampleOptions(
          n,
          seed,
          date,
          // Defaults follow --records; from an invalid --records they are 0, so only the flags
          // the user gave are reported.
          updates == null ? Math.max(0, Math.min(defaultUpdates, n / 2)) : updates,
          deletes == null ? Math.max(0, Math.min(defaultDeletes, n / 4)) : deletes,
          badShare == null ? defaultBadShare : badShare,
          embeddingFormat == null ? defaultFormat : EmbeddingFormat.parse(embeddingFormat));
    } catch (IllegalArgumentException e) {
      throw CliException.usage(
          e.getMessage().replace("Invalid embedding format", "Invalid --embedding-format"));
    }
  }

  boolean recordsGiven() {
    return records != null;
  }
}
