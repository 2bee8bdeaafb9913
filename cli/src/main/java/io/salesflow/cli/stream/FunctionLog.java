package io.salesflow.cli.stream;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Sends what the function prints (standard output and error: its logs, Powertools' EMF metrics) to
 * a file while open, as Lambda sends it to CloudWatch Logs, so the demo's own output stays
 * readable. The CLI's {@link io.salesflow.cli.Output} keeps writing to the original streams.
 */
public final class FunctionLog implements AutoCloseable {

  private final PrintStream originalOut = System.out;
  private final PrintStream originalErr = System.err;
  private final PrintStream log;

  private FunctionLog(PrintStream log) {
    this.log = log;
    System.setOut(log);
    System.setErr(log);
  }

  /** Redirects to {@code file} (appending) until {@link #close()}. */
  public static FunctionLog to(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      return new FunctionLog(
          new PrintStream(new FileOutputStream(file.toFile(), true), true, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open the function log " + file, e);
    }
  }

  @Override
  public void close() {
    System.setOut(originalOut);
    System.setErr(originalErr);
    log.close();
  }
}
