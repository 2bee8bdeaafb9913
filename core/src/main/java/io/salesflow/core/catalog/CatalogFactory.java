package io.salesflow.core.catalog;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.catalog.Catalog;

/**
 * Builds the Iceberg catalog from properties: GlueCatalog in AWS, the REST catalog locally (Glue
 * also serves the REST protocol), JDBC for the smallest setups. Never hard-wired to one
 * implementation.
 */
public final class CatalogFactory {

  private CatalogFactory() {}

  /**
   * Builds and initialises the catalog.
   *
   * @throws CatalogAccessException naming the catalog type and URI if it cannot be initialised
   *     (e.g. the REST server is unreachable or the JDBC driver is missing)
   */
  public static Catalog build(CatalogSettings settings) {
    try {
      // No Hadoop Configuration: S3FileIO does not need one and Lambda jars should not load Hadoop.
      return CatalogUtil.buildIcebergCatalog(settings.name(), settings.properties(), null);
    } catch (RuntimeException e) {
      throw new CatalogAccessException(
          "Cannot initialise Iceberg catalog '"
              + settings.name()
              + "' of type "
              + settings.type()
              + describeUri(settings)
              + ": "
              + rootMessage(e)
              + ". Check SALESFLOW_CATALOG_TYPE, SALESFLOW_CATALOG_URI and SALESFLOW_CATALOG_PROPERTIES.",
          e);
    }
  }

  /** Closes the catalog if it holds resources (HTTP clients, JDBC pools). */
  public static void close(Catalog catalog) {
    if (catalog instanceof Closeable closeable) {
      try {
        closeable.close();
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot close Iceberg catalog " + catalog.name(), e);
      }
    }
  }

  private static String describeUri(CatalogSettings settings) {
    String uri = settings.properties().get("uri");
    return uri == null ? "" : " at " + uri;
  }

  static String rootMessage(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String message = cause.getMessage();
    return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
