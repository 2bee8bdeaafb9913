package io.salesflow.localstack.trino;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the configuration of a single-node Trino (coordinator that also runs tasks) bound to
 * 127.0.0.1, with one Iceberg catalog on the REST catalog and native S3 file system.
 */
final class TrinoServerConfig {

  /** Name of the Iceberg catalog in Trino ({@code iceberg.<schema>.<table>}). */
  static final String CATALOG = "iceberg";

  private TrinoServerConfig() {}

  /** Writes {@code etc/} under {@code workDir}; returns the path of {@code config.properties}. */
  static Path write(Path workDir, Path home, int port, LocalTrinoOptions options) {
    Path etc = workDir.resolve("etc");
    Path catalogs = etc.resolve("catalog");
    try {
      Files.createDirectories(catalogs);
      Files.createDirectories(workDir.resolve("data"));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create " + catalogs, e);
    }
    Map<String, String> server = new LinkedHashMap<>();
    server.put("coordinator", "true");
    server.put("node-scheduler.include-coordinator", "true");
    server.put("node.environment", "salesflow");
    server.put("node.id", "salesflow-local");
    server.put("node.internal-address", "127.0.0.1");
    // Airlift binds the HTTP server to this address: nothing listens beyond the loopback.
    server.put("node.bind-ip", "127.0.0.1");
    server.put("http-server.http.port", Integer.toString(port));
    server.put("discovery.uri", "http://127.0.0.1:" + port);
    server.put("http-server.log.enabled", "false");
    // A single node pings only itself: under CPU or GC pressure a late heartbeat would mark it
    // failed and fail the next query with "No nodes available" (Trino's own test servers turn the
    // detector off for the same reason).
    server.put("failure-detector.enabled", "false");
    server.put("plugin.dir", home.resolve("plugin").toString());
    server.put("catalog.config-dir", catalogs.toString());
    // One query at a time on a small machine: a generous share of the heap per query.
    server.put("query.max-memory", "512MB");
    server.put("query.max-memory-per-node", "512MB");
    server.put("memory.heap-headroom-per-node", "256MB");
    server.put("task.concurrency", "2");
    write(etc.resolve("config.properties"), server);
    write(catalogs.resolve(CATALOG + ".properties"), icebergCatalog(options));
    write(
        etc.resolve("log.properties"),
        Map.of(
            "io.trino", "INFO", "Bootstrap", "WARN", "io.airlift", "WARN", "org.eclipse", "WARN"));
    return etc.resolve("config.properties");
  }

  private static Map<String, String> icebergCatalog(LocalTrinoOptions options) {
    Map<String, String> catalog = new LinkedHashMap<>();
    catalog.put("connector.name", "iceberg");
    catalog.put("iceberg.catalog.type", "rest");
    catalog.put("iceberg.rest-catalog.uri", options.catalogUri().toString());
    catalog.put("iceberg.file-format", "PARQUET");
    catalog.put("iceberg.compression-codec", "SNAPPY");
    catalog.put("fs.native-s3.enabled", "true");
    catalog.put("s3.endpoint", options.s3Endpoint().toString());
    catalog.put("s3.path-style-access", "true");
    catalog.put("s3.region", options.region());
    catalog.put("s3.aws-access-key", options.accessKeyId());
    catalog.put("s3.aws-secret-key", options.secretAccessKey());
    return catalog;
  }

  private static void write(Path file, Map<String, String> properties) {
    try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (Map.Entry<String, String> e : properties.entrySet()) {
        writer.write(e.getKey() + "=" + e.getValue() + "\n");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
  }
}
