package io.salesflow.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * Where commands write: results to {@link #out()}, progress and diagnostics to {@link #err()}, so
 * that {@code salesflow status > file} keeps only results.
 */
public final class Output {

  private final PrintStream out;
  private final PrintStream err;
  private final boolean progress;
  private final boolean verbose;

  public Output(PrintStream out, PrintStream err, boolean progress, boolean verbose) {
    this.out = out;
    this.err = err;
    this.progress = progress;
    this.verbose = verbose;
  }

  public PrintStream out() {
    return out;
  }

  public PrintStream err() {
    return err;
  }

  /** Whether to draw progress bars (an interactive terminal and no {@code --no-progress}). */
  public boolean progress() {
    return progress;
  }

  public boolean verbose() {
    return verbose;
  }

  /** A result line. */
  public void println(String line) {
    out.println(line);
    out.flush();
  }

  /** A formatted result line. */
  public void printf(String format, Object... args) {
    out.printf(Locale.ROOT, format, args);
    out.println();
    out.flush();
  }

  /** A progress or diagnostic line. */
  public void note(String line) {
    err.println(line);
    err.flush();
  }

  /** {@code 1.2 s}, {@code 850 ms}, {@code 2 min 5 s}. */
  public static String duration(Duration duration) {
    long millis = duration.toMillis();
    if (millis < 1000) {
      return millis + " ms";
    }
    if (millis < 60_000) {
      return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
    return (millis / 60_000) + " min " + (millis % 60_000) / 1000 + " s";
  }
}
