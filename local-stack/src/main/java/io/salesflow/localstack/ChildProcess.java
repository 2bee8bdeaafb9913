package io.salesflow.localstack;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A local server running as a child process, its output appended to a log file. The servers of the
 * local stack exit when their standard input reaches end of file, so they die with this JVM however
 * it dies; {@link #stop(Duration)} closes that input first and forces only what lingers.
 */
public final class ChildProcess {

  private final String name;
  private final Process process;

  private ChildProcess(String name, Process process) {
    this.name = name;
    this.process = process;
  }

  /**
   * Starts {@code builder} with standard output and error appended to {@code logFile}.
   *
   * @param name what error messages call the server, e.g. "Trino 476"
   * @throws IOException if the process cannot be started
   */
  public static ChildProcess start(String name, ProcessBuilder builder, Path logFile)
      throws IOException {
    builder
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    return new ChildProcess(name, builder.start());
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public int exitValue() {
    return process.exitValue();
  }

  public ProcessHandle handle() {
    return process.toHandle();
  }

  /** Whether the process exited within {@code timeout}; also a pause that ends early on exit. */
  public boolean waitForExit(Duration timeout) {
    try {
      process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException("Cannot wait for " + name, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for " + name, e);
    }
  }

  /**
   * Closes the child's standard input (it then exits by itself) and waits up to {@code timeout};
   * then terminates it, then kills it, and last kills any of its descendants still alive (a server
   * started through a wrapper script, should the wrapper have gone first).
   */
  public void stop(Duration timeout) {
    List<ProcessHandle> tree = process.descendants().toList();
    try (OutputStream stdin = process.getOutputStream()) {
      stdin.flush();
    } catch (IOException e) {
      // already closed: the child is exiting anyway
    }
    if (!waitForExit(timeout)) {
      process.destroy();
      if (!waitForExit(timeout)) {
        process.destroyForcibly();
        waitForExit(timeout);
      }
    }
    for (ProcessHandle handle : tree) {
      if (handle.isAlive()) {
        handle.destroyForcibly();
        handle.onExit().join();
      }
    }
  }

  /** The last {@code chars} characters of a log file, for error messages. */
  public static String logTail(Path logFile, int chars) {
    try {
      String log = Files.readString(logFile, StandardCharsets.UTF_8);
      return log.length() <= chars ? log : log.substring(log.length() - chars);
    } catch (IOException e) {
      return "(cannot read " + logFile + ": " + e + ")";
    }
  }
}
