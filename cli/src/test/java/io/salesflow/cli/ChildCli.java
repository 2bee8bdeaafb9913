package io.salesflow.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The CLI as users run it: {@code ./salesflow ...} in its own JVM (no build: the jar and its class
 * path were just packaged), with standard output collected line by line.
 */
public final class ChildCli implements AutoCloseable {

  private final Process process;
  private final List<String> out = Collections.synchronizedList(new ArrayList<>());
  private final StringBuffer err = new StringBuffer();
  private final Thread outReader;
  private final Thread errReader;

  private ChildCli(Process process) {
    this.process = process;
    this.outReader = pump(process, true);
    this.errReader = pump(process, false);
  }

  /** The repository root: the directory of the {@code salesflow} script. */
  public static Path home() {
    Path home = Path.of(System.getProperty("salesflow.home", "..")).toAbsolutePath().normalize();
    if (!Files.isExecutable(home.resolve("salesflow"))) {
      throw new IllegalStateException("No executable salesflow script in " + home);
    }
    return home;
  }

  public static ChildCli start(Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>();
    command.add(home().resolve("salesflow").toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("SALESFLOW_SKIP_BUILD", "1");
    builder.environment().put("SALESFLOW_JAVA_OPTS", "-Xmx768m -XX:TieredStopAtLevel=1");
    builder.environment().putAll(env);
    try {
      return new ChildCli(builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start " + command, e);
    }
  }

  /** Waits for the exit code. */
  public int waitFor(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("salesflow did not finish in " + seconds + " s:\n" + this);
    }
    outReader.join(5_000);
    errReader.join(5_000);
    return process.exitValue();
  }

  /**
   * Waits until a line of standard output starts with {@code prefix} and returns it, or fails if
   * the process exits first or {@code seconds} pass.
   */
  public String awaitLine(String prefix, long seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      Optional<String> line = out().stream().filter(l -> l.startsWith(prefix)).findFirst();
      if (line.isPresent()) {
        return line.get();
      }
      if (!process.isAlive()) {
        outReader.join(5_000);
        return out().stream()
            .filter(l -> l.startsWith(prefix))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "salesflow exited without printing '" + prefix + "':\n" + this));
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(
        "salesflow printed no '" + prefix + "' within " + seconds + " s:\n" + this);
  }

  /** SIGTERM, as Ctrl-C or {@code kill}: waits for the exit and returns its code. */
  public int terminate(long seconds) throws InterruptedException {
    process.destroy();
    return waitFor(seconds);
  }

  /** SIGKILL, as {@code kill -9}. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
    outReader.join(5_000);
  }

  /** The processes this one started (and theirs). */
  public java.util.stream.Stream<ProcessHandle> descendants() {
    return process.descendants();
  }

  public List<String> out() {
    synchronized (out) {
      return List.copyOf(out);
    }
  }

  public String err() {
    return err.toString();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }

  @Override
  public String toString() {
    return "--- stdout\n" + String.join("\n", out()) + "\n--- stderr\n" + err;
  }

  private Thread pump(Process p, boolean stdout) {
    Thread thread =
        new Thread(
            () -> {
              try (BufferedReader reader =
                  new BufferedReader(
                      new InputStreamReader(
                          stdout ? p.getInputStream() : p.getErrorStream(),
                          StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                  if (stdout) {
                    out.add(line);
                  } else {
                    err.append(line).append('\n');
                  }
                }
              } catch (IOException e) {
                // the process was killed
              }
            });
    thread.setDaemon(true);
    thread.start();
    return thread;
  }
}
