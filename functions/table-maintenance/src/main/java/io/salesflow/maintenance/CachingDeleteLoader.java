package io.salesflow.maintenance;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.BaseDeleteLoader;

/**
 * Iceberg's delete loader with a cache for one compaction: under upserts every equality delete of a
 * partition applies to most of its data files, so without it each delete file would be read once
 * per data file. Delete files are loaded four at a time (S3 latency, not CPU, is the cost); the
 * cache holds at most {@value #MAX_CACHED_BYTES} bytes (Iceberg's own size estimate).
 */
final class CachingDeleteLoader extends BaseDeleteLoader {

  static final long MAX_CACHED_BYTES = 256L * 1024 * 1024;

  private static final ExecutorService LOADERS =
      Executors.newFixedThreadPool(
          4,
          runnable -> {
            Thread thread = new Thread(runnable, "salesflow-delete-loader");
            thread.setDaemon(true);
            return thread;
          });

  private final Map<String, Object> cache = new ConcurrentHashMap<>();
  private final AtomicLong cachedBytes = new AtomicLong();

  CachingDeleteLoader(Table table) {
    super(file -> table.io().newInputFile(file), LOADERS);
  }

  @Override
  protected boolean canCache(long size) {
    return cachedBytes.get() + size <= MAX_CACHED_BYTES;
  }

  @Override
  @SuppressWarnings("unchecked")
  protected <V> V getOrLoad(String key, Supplier<V> valueSupplier, long valueSize) {
    return (V)
        cache.computeIfAbsent(
            key,
            k -> {
              cachedBytes.addAndGet(valueSize);
              return valueSupplier.get();
            });
  }
}
