package io.salesflow.cli.progress;

import io.salesflow.cli.Output;
import io.salesflow.sample.LoadProgress;

/** Shows the phases of a sample load (inserts, updates, deletes) as one bar each. */
public final class LoadProgressBars implements LoadProgress, AutoCloseable {

  private final Output output;
  private Progress current;

  public LoadProgressBars(Output output) {
    this.output = output;
  }

  @Override
  public void phase(String name, long total) {
    close();
    if (total > 0) {
      current = Progress.start(output, "writing " + name, total);
    }
  }

  @Override
  public void advance(long items) {
    if (current != null) {
      current.stepBy(items);
    }
  }

  @Override
  public void close() {
    if (current != null) {
      current.close();
      current = null;
    }
  }
}
