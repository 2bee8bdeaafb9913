package io.salesflow.localstack.rest;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Validated configuration of {@link RestCatalogServerMain}.
 *
 * <p>Keys starting with {@code rest.} configure the server; {@link #CATALOG_NAME} names the backend
 * catalog; every other key is passed unchanged to {@code CatalogUtil.buildIcebergCatalog} as a
 * catalog property (for example {@code uri}, {@code warehouse}, {@code s3.endpoint}).
 *
 * @param port TCP port on 127.0.0.1 (0 picks a free one)
 * @param exitOnStdinEof whether the server exits when its standard input reaches end of file
 * @param catalogName name of the backend catalog
 * @param catalogProperties backend catalog properties, defaults applied
 */
public record RestServerConfig(
    int port, boolean exitOnStdinEof, String catalogName, Map<String, String> catalogProperties) {

  /** TCP port to listen on (required; 0 picks a free port, printed in the READY line). */
  public static final String PORT = "rest.port";

  /** {@code true} (default) to exit when standard input reaches EOF, i.e. when the parent dies. */
  public static final String EXIT_ON_STDIN_EOF = "rest.exit-on-stdin-eof";

  /** Name of the backend catalog (default {@value #DEFAULT_CATALOG_NAME}). */
  public static final String CATALOG_NAME = "catalog.name";

  /** Default of {@link #CATALOG_NAME}. */
  public static final String DEFAULT_CATALOG_NAME = "salesflow_local";

  /** Catalog properties applied unless given: a JdbcCatalog (schema V1) with S3FileIO. */
  public static final Map<String, String> DEFAULT_CATALOG_PROPERTIES =
      Map.of(
          "catalog-impl", "org.apache.iceberg.jdbc.JdbcCatalog",
          "jdbc.schema-version", "V1",
          // One SQLite connection: serializes catalog writes instead of failing with SQLITE_BUSY.
          "clients", "1",
          "io-impl", "org.apache.iceberg.aws.s3.S3FileIO",
          "s3.path-style-access", "true",
          "http-client.type", "urlconnection");

  public RestServerConfig {
    catalogProperties = Map.copyOf(catalogProperties);
  }

  /**
   * Reads and checks the configuration.
   *
   * @throws IllegalArgumentException naming the key when a value is missing or invalid
   */
  public static RestServerConfig from(Map<String, String> properties) {
    int port = parsePort(properties.get(PORT));
    boolean exitOnEof =
        parseBoolean(EXIT_ON_STDIN_EOF, properties.getOrDefault(EXIT_ON_STDIN_EOF, "true"));
    String name = properties.getOrDefault(CATALOG_NAME, DEFAULT_CATALOG_NAME);
    Map<String, String> catalog = new LinkedHashMap<>(DEFAULT_CATALOG_PROPERTIES);
    properties.forEach(
        (key, value) -> {
          if (!key.startsWith("rest.") && !key.equals(CATALOG_NAME)) {
            catalog.put(key, value);
          }
        });
    String uri = catalog.get("uri");
    if (uri == null || !uri.startsWith("jdbc:")) {
      throw new IllegalArgumentException(
          "Invalid uri: " + uri + ", must be a JDBC URI such as jdbc:sqlite:/path/catalog.db");
    }
    String warehouse = catalog.get("warehouse");
    if (warehouse == null || warehouse.isBlank()) {
      throw new IllegalArgumentException(
          "Invalid warehouse: " + warehouse + ", must be a location such as s3://bucket/prefix");
    }
    return new RestServerConfig(port, exitOnEof, name, catalog);
  }

  private static int parsePort(String value) {
    try {
      int port = Integer.parseInt(String.valueOf(value).trim());
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "Invalid " + PORT + ": " + value + ", must be a port number in 0..65535");
  }

  private static boolean parseBoolean(String key, String value) {
    if (!value.equals("true") && !value.equals("false")) {
      throw new IllegalArgumentException(
          "Invalid " + key + ": " + value + ", must be true or false");
    }
    return Boolean.parseBoolean(value);
  }
}
