package io.salesflow.cli.progress;

import io.salesflow.cli.Output;
import java.util.Locale;

/** Progress as a line at 25, 50, 75 and 100 %, for output that is not a terminal. */
final class LineProgress implements Progress {

  private final Output output;
  private final String task;
  private final long total;
  private long done;
  private int reportedQuarter;

  LineProgress(Output output, String task, long total) {
    this.output = output;
    this.task = task;
    this.total = total;
  }

  @Override
  public synchronized void stepTo(long value) {
    done = value;
    if (total < 0) {
      return; // unknown total: one line at the end
    }
    int quarter = total == 0 ? 4 : (int) Math.min(4, done * 4 / total);
    if (quarter > reportedQuarter && quarter < 4) {
      reportedQuarter = quarter;
      print();
    }
  }

  @Override
  public synchronized void stepBy(long delta) {
    stepTo(done + delta);
  }

  @Override
  public synchronized void close() {
    if (reportedQuarter < 4) {
      reportedQuarter = 4;
      print();
    }
  }

  private void print() {
    if (total < 0) {
      output.note(String.format(Locale.ROOT, "  %s: %d done", task, done));
      return;
    }
    long percent = total == 0 ? 100 : done * 100 / total;
    output.note(String.format(Locale.ROOT, "  %s: %d/%d (%d%%)", task, done, total, percent));
  }
}
