package io.salesflow.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The Iceberg REST catalog server as a child JVM ({@code java -jar}) on 127.0.0.1. Its standard
 * input stays open while it runs: the server exits at end of file, so it dies with this JVM even
 * after {@code kill -9}. Output goes to a log file that failures quote.
 */
final class RestCatalogProcess {

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
  private static final int LOG_TAIL_CHARS = 4_000;
  private static final String NAME = "the Iceberg REST catalog server";

  private final Path jar;
  private final Path configFile;
  private final Path logFile;
  private final Path tmpDir;
  private final URI uri;
  private ChildProcess process;

  RestCatalogProcess(Path jar, Path workDir, int port, Map<String, String> serverProperties) {
    this.jar = jar;
    this.configFile = workDir.resolve("rest-server.properties");
    this.logFile = workDir.resolve("rest-server.log");
    this.tmpDir = workDir.resolve("tmp");
    this.uri = URI.create("http://127.0.0.1:" + port);
    writeConfig(port, serverProperties);
  }

  URI uri() {
    return uri;
  }

  Optional<ProcessHandle> handle() {
    return Optional.ofNullable(process).map(ChildProcess::handle);
  }

  /** Whether the child runs (it may have been killed from outside). */
  boolean running() {
    return process != null && process.isAlive();
  }

  /** {@code kill -9}: the child dies at once, as in a crash; its database stays. */
  void kill() {
    if (process == null) {
      return;
    }
    ProcessHandle handle = process.handle();
    handle.destroyForcibly();
    handle.onExit().join();
  }

  /** Launches the child; call {@link #awaitReady()} before use. */
  void launch() {
    if (process != null && process.isAlive()) {
      return;
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(
            List.of(
                java,
                "-Xmx384m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Djava.io.tmpdir=" + tmpDir,
                // No pooled S3 connections: after a local S3 restart they would all be stale.
                "-Dhttp.keepAlive=false",
                "-jar",
                jar.toString(),
                "--config",
                configFile.toString()));
    try {
      Files.createDirectories(tmpDir);
      process = ChildProcess.start(NAME, builder, logFile);
    } catch (IOException e) {
      throw new LocalStackException("Cannot launch the Iceberg REST catalog server: " + java, e);
    }
  }

  /** Polls {@code GET /v1/config} until it answers 200, the child dies, or the timeout passes. */
  void awaitReady() {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest request =
        HttpRequest.newBuilder(uri.resolve("/v1/config")).timeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw failure("exited with code " + process.exitValue());
      }
      if (answersOk(client, request)) {
        return;
      }
      process.waitForExit(Duration.ofMillis(100));
    }
    stop();
    throw failure("did not answer GET " + request.uri() + " within " + READY_TIMEOUT);
  }

  /** Closes the child's stdin (it exits by itself), then terminates it if it lingers. */
  void stop() {
    if (process == null) {
      return;
    }
    process.stop(STOP_TIMEOUT);
    process = null;
  }

  private static boolean answersOk(HttpClient client, HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LocalStackException("Interrupted while waiting for the REST catalog server", e);
    }
  }

  private LocalStackException failure(String what) {
    return new LocalStackException(
        "Iceberg REST catalog server ("
            + jar
            + ") "
            + what
            + ". Its output ("
            + logFile
            + "):\n"
            + ChildProcess.logTail(logFile, LOG_TAIL_CHARS));
  }

  private void writeConfig(int port, Map<String, String> serverProperties) {
    Properties properties = new Properties();
    properties.putAll(serverProperties);
    properties.setProperty("rest.port", String.valueOf(port));
    try (Writer writer = Files.newBufferedWriter(configFile, StandardCharsets.UTF_8)) {
      properties.store(writer, "Iceberg REST catalog server of salesflow-local-stack");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + configFile, e);
    }
  }
}
