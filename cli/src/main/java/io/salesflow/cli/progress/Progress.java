package io.salesflow.cli.progress;

import io.salesflow.cli.Output;

/**
 * Progress of one long phase: a progress bar on an interactive terminal, a line at every quarter
 * otherwise (logs and CI stay readable).
 */
public interface Progress extends AutoCloseable {

  /** Sets the amount done. */
  void stepTo(long done);

  /** Adds to the amount done. */
  void stepBy(long delta);

  /** Ends the bar. */
  @Override
  void close();

  /** A progress display for {@code task} with {@code total} units (-1: unknown, a counter). */
  static Progress start(Output output, String task, long total) {
    return output.progress()
        ? new TerminalProgress(output, task, total)
        : new LineProgress(output, task, total);
  }
}
