package io.salesflow.core.catalog;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;

/**
 * The Iceberg catalog properties to build a catalog with, as {@link
 * org.apache.iceberg.CatalogUtil#buildIcebergCatalog} takes them.
 *
 * @param name the catalog's name (used in metrics and logs only)
 * @param properties complete Iceberg catalog properties, including {@code type} or {@code
 *     catalog-impl}
 */
public record CatalogSettings(String name, Map<String, String> properties) {

  /** Catalog name used by all salesflow functions. */
  public static final String DEFAULT_NAME = "salesflow";

  public CatalogSettings {
    properties = Map.copyOf(properties);
  }

  /**
   * Builds the properties of a catalog of {@code type} (glue, rest or jdbc) with S3FileIO over the
   * URL-connection HTTP client. Keys in {@code extra} override the derived ones.
   */
  public static CatalogSettings of(
      String type,
      String warehouse,
      String region,
      URI s3Endpoint,
      Map<String, String> typeSpecific,
      Map<String, String> extra) {
    Map<String, String> props = new LinkedHashMap<>();
    if (type != null) {
      props.put(CatalogUtil.ICEBERG_CATALOG_TYPE, type);
    }
    if (warehouse != null) {
      props.put(CatalogProperties.WAREHOUSE_LOCATION, warehouse);
    }
    props.put(CatalogProperties.FILE_IO_IMPL, "org.apache.iceberg.aws.s3.S3FileIO");
    // Lambda jars carry only the URL-connection client; Iceberg defaults to Apache's.
    props.put("http-client.type", "urlconnection");
    if (region != null) {
      props.put("client.region", region);
    }
    if (s3Endpoint != null) {
      props.put("s3.endpoint", s3Endpoint.toString());
      props.put("s3.path-style-access", "true");
    }
    if ("jdbc".equals(type)) {
      props.put("jdbc.schema-version", "V1");
    }
    if ("rest".equals(type)) {
      // Short-lived processes must not block on shipping scan/commit reports.
      props.put("rest-metrics-reporting-enabled", "false");
      // Fail with a clear error well inside a Lambda timeout instead of hanging on a dead server.
      props.put("rest.client.connection-timeout-ms", "5000");
      props.put("rest.client.socket-timeout-ms", "60000");
    }
    props.putAll(typeSpecific);
    props.putAll(extra);
    return new CatalogSettings(DEFAULT_NAME, props);
  }

  /** The catalog type, e.g. {@code glue}, or the {@code catalog-impl} class if one is set. */
  public String type() {
    return properties.getOrDefault(
        CatalogProperties.CATALOG_IMPL,
        properties.getOrDefault(CatalogUtil.ICEBERG_CATALOG_TYPE, "glue"));
  }

  /** A copy with {@code key} set to {@code value}. */
  public CatalogSettings with(String key, String value) {
    Map<String, String> copy = new LinkedHashMap<>(properties);
    copy.put(key, value);
    return new CatalogSettings(name, copy);
  }

  /** The properties with secrets masked, for logs and error messages. */
  public Map<String, String> redacted() {
    Map<String, String> copy = new LinkedHashMap<>();
    properties.forEach(
        (k, v) ->
            copy.put(
                k,
                k.contains("secret")
                        || k.contains("password")
                        || k.contains("token")
                        || k.contains("credential")
                    ? "****"
                    : v));
    return copy;
  }
}
