package io.salesflow.core.catalog;

/** The Iceberg catalog could not be reached or initialised; the message names it and the fix. */
public class CatalogAccessException extends RuntimeException {

  public CatalogAccessException(String message, Throwable cause) {
    super(message, cause);
  }
}
