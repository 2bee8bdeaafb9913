package io.salesflow.sample;

/** Told what {@link SampleLoader} is doing, to show progress. */
public interface LoadProgress {

  /** Ignores everything. */
  LoadProgress NONE =
      new LoadProgress() {
        @Override
        public void phase(String name, long total) {}

        @Override
        public void advance(long items) {}
      };

  /** A phase starts: {@code inserts}, {@code updates} or {@code deletes}, with its item count. */
  void phase(String name, long total);

  /** {@code items} more were written in the current phase; called from the writer threads. */
  void advance(long items);
}
