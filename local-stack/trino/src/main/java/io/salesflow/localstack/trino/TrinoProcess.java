package io.salesflow.localstack.trino;

import io.salesflow.localstack.ChildProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * The Trino server JVM, started through a small {@code sh} wrapper that kills it when this JVM's
 * end of its standard input closes: on {@link #stop()}, and also when this JVM dies, however it
 * dies. Output goes to a log file that failures quote.
 */
final class TrinoProcess {

  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(250);
  private static final int LOG_TAIL_CHARS = 6_000;

  /**
   * Runs "$@" in the background, keeps a copy of stdin on fd 3 (background jobs get /dev/null), and
   * sends the server SIGTERM when stdin reaches end of file or the wrapper is terminated.
   */
  private static final String WRAPPER =
      "exec 3<&0\n"
          + "\"$@\" 3<&- &\n"
          + "child=$!\n"
          + "trap 'kill -TERM $child 2>/dev/null' TERM INT HUP\n"
          + "( cat <&3 >/dev/null; kill -TERM $child 2>/dev/null ) &\n"
          + "wait $child\n"
          + "wait $child\n";

  private final JdkLocator.Jdk jdk;
  private final Path home;
  private final Path workDir;
  private final Path config;
  private final String heap;
  private final URI uri;
  private final Path logFile;
  private ChildProcess process;

  TrinoProcess(JdkLocator.Jdk jdk, Path home, Path workDir, Path config, String heap, URI uri) {
    this.jdk = jdk;
    this.home = home;
    this.workDir = workDir;
    this.config = config;
    this.heap = heap;
    this.uri = uri;
    this.logFile = workDir.resolve("trino.log");
  }

  Path logFile() {
    return logFile;
  }

  Optional<ProcessHandle> handle() {
    return Optional.ofNullable(process).filter(ChildProcess::isAlive).map(ChildProcess::handle);
  }

  void launch() {
    List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", WRAPPER, "trino-wrapper"));
    command.addAll(javaCommand());
    try {
      Files.createDirectories(workDir.resolve("tmp"));
      process =
          ChildProcess.start(
              "Trino " + TrinoHome.VERSION,
              new ProcessBuilder(command).directory(workDir.toFile()),
              logFile);
    } catch (IOException e) {
      throw new LocalTrinoException("Cannot launch Trino with " + jdk.java(), e);
    }
  }

  private List<String> javaCommand() {
    return List.of(
        jdk.java().toString(),
        "-Xmx" + heap,
        "-XX:+UseG1GC",
        "-XX:G1HeapRegionSize=32M",
        "-XX:+ExplicitGCInvokesConcurrent",
        "-XX:+ExitOnOutOfMemoryError",
        "-XX:-OmitStackTraceInFastThrow",
        "-XX:ReservedCodeCacheSize=256M",
        "-XX:+EnableDynamicAgentLoading",
        "-Djdk.attach.allowAttachSelf=true",
        "--enable-native-access=ALL-UNNAMED",
        "-Dfile.encoding=UTF-8",
        "-Duser.timezone=UTC",
        "-Djava.io.tmpdir=" + workDir.resolve("tmp"),
        "-Dconfig=" + config,
        "-Dlog.levels-file=" + config.resolveSibling("log.properties"),
        "-cp",
        home.resolve("lib") + "/*",
        "io.trino.server.TrinoServer");
  }

  /**
   * Waits until the server reports it has started and one active node answers a query, failing
   * early if the process exits.
   */
  void awaitReady(Duration timeout) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest info =
        HttpRequest.newBuilder(uri.resolve("/v1/info")).timeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw failure("exited with code " + process.exitValue() + " while starting");
      }
      if (started(client, info) && activeNodes() == 1) {
        return;
      }
      process.waitForExit(POLL_INTERVAL);
    }
    stop();
    throw failure("did not become ready within " + timeout);
  }

  private static boolean started(HttpClient client, HttpRequest request) {
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200
          && response.body().replace(" ", "").contains("\"starting\":false");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LocalTrinoException("Interrupted while waiting for Trino", e);
    }
  }

  private int activeNodes() {
    Properties properties = new Properties();
    properties.setProperty("user", LocalTrino.USER);
    String url = "jdbc:trino://127.0.0.1:" + uri.getPort();
    try (Connection connection = DriverManager.getConnection(url, properties);
        Statement statement = connection.createStatement()) {
      statement.setQueryTimeout(10);
      try (ResultSet rs =
          statement.executeQuery(
              "SELECT count(*) FROM system.runtime.nodes WHERE state = 'active'")) {
        return rs.next() ? rs.getInt(1) : 0;
      }
    } catch (SQLException e) {
      return 0;
    }
  }

  /** Closes the wrapper's stdin (it terminates the server), then waits; kills what lingers. */
  void stop() {
    ChildProcess current = process;
    if (current == null) {
      return;
    }
    current.stop(STOP_TIMEOUT);
    process = null;
  }

  private LocalTrinoException failure(String what) {
    return new LocalTrinoException(
        "Trino "
            + TrinoHome.VERSION
            + " ("
            + home
            + ", Java "
            + jdk.feature()
            + ") "
            + what
            + ". Its output ("
            + logFile
            + "):\n"
            + ChildProcess.logTail(logFile, LOG_TAIL_CHARS));
  }
}
