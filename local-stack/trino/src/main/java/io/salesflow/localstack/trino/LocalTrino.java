package io.salesflow.localstack.trino;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trino 476 as a child process on 127.0.0.1 with one Iceberg catalog ({@value #CATALOG}) on a REST
 * catalog and an S3 server, the local stand-in for Athena engine v3 (which is Trino-based).
 *
 * <p>The server is the one this module's build unpacks from Maven ({@link TrinoHome}); it runs on a
 * JDK 24+ found by {@link JdkLocator}. {@link #start} returns once the server accepts queries; it
 * fails fast with a clear message if no suitable JDK or server is found, and within the ready
 * timeout otherwise. {@link #close()} stops the server and waits for it; a shutdown hook does the
 * same on Ctrl-C, and the server dies with this JVM even after {@code kill -9}.
 *
 * <pre>{@code
 * try (LocalStack stack = LocalStack.start();
 *     LocalTrino trino = LocalTrino.start(LocalTrinoOptions.forStack(stack));
 *     Connection c = trino.connect("pricing_intelligence_local")) { ... }
 * }</pre>
 */
public final class LocalTrino implements AutoCloseable {

  /** Name of the Iceberg catalog in Trino. */
  public static final String CATALOG = TrinoServerConfig.CATALOG;

  /** User name the clients of the local server connect with. */
  public static final String USER = "salesflow";

  private static final Logger LOG = LoggerFactory.getLogger(LocalTrino.class);

  private final TrinoProcess process;
  private final Thread shutdownHook;
  private final URI uri;
  private boolean closed;

  private LocalTrino(TrinoProcess process, URI uri) {
    this.process = process;
    this.uri = uri;
    this.shutdownHook = new Thread(process::stop, "salesflow-local-trino-shutdown");
  }

  /**
   * Starts the server and waits until it accepts queries.
   *
   * @throws LocalTrinoException if no JDK 24+ or no server is found, or it does not become ready
   */
  public static LocalTrino start(LocalTrinoOptions options) {
    JdkLocator.Jdk jdk = JdkLocator.forThisMachine().locate();
    Path home = TrinoHome.locate();
    Path workDir = workDir(options);
    int port = freePort();
    URI uri = URI.create("http://127.0.0.1:" + port);
    Path config = TrinoServerConfig.write(workDir, home, port, options);
    TrinoProcess process = new TrinoProcess(jdk, home, workDir, config, options.heap(), uri);
    LocalTrino trino = new LocalTrino(process, uri);
    long startNanos = System.nanoTime();
    Runtime.getRuntime().addShutdownHook(trino.shutdownHook);
    try {
      process.launch();
      process.awaitReady(options.readyTimeout());
    } catch (RuntimeException e) {
      try {
        trino.close();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    LOG.info(
        "Local Trino {} started in {} ms on {} (Java {} at {}), log {}",
        TrinoHome.VERSION,
        (System.nanoTime() - startNanos) / 1_000_000,
        uri,
        jdk.feature(),
        jdk.home(),
        process.logFile());
    return trino;
  }

  /** HTTP URI of the server, {@code http://127.0.0.1:<port>}. */
  public URI uri() {
    return uri;
  }

  /** {@code jdbc:trino://127.0.0.1:<port>/iceberg/<schema>} with the session time zone UTC. */
  public String jdbcUrl(String schema) {
    return "jdbc:trino://127.0.0.1:"
        + uri.getPort()
        + "/"
        + CATALOG
        + (schema == null ? "" : "/" + schema)
        + "?timezone=UTC";
  }

  /** A new connection as {@value #USER} to {@code iceberg.<schema>} ({@code null}: no schema). */
  public Connection connect(String schema) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", USER);
    return DriverManager.getConnection(jdbcUrl(schema), properties);
  }

  /** The server's console log. */
  public Path logFile() {
    return process.logFile();
  }

  /** The server process while it runs. */
  public java.util.Optional<ProcessHandle> processHandle() {
    return process.handle();
  }

  /** Stops the server and waits for it to exit. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    process.stop();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down and the hook is running or has run
    }
  }

  private static Path workDir(LocalTrinoOptions options) {
    try {
      return options.workDir().isPresent()
          ? Files.createDirectories(options.workDir().get())
          : Files.createTempDirectory("salesflow-trino-");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the Trino work directory", e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot find a free port on 127.0.0.1", e);
    }
  }
}
