package io.salesflow.bootstrap;

import java.util.List;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * The table definition asks for a change that cannot be made without rewriting data or breaking
 * readers. Nothing was changed; the message lists every refused change and what to do instead.
 */
public class IncompatibleChangeException extends RuntimeException {

  private final List<String> refusals;

  public IncompatibleChangeException(TableIdentifier table, List<String> refusals) {
    super("Cannot evolve " + table + ", nothing was changed: " + String.join("; ", refusals));
    this.refusals = List.copyOf(refusals);
  }

  /** One message per refused change. */
  public List<String> refusals() {
    return refusals;
  }
}
