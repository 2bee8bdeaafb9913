package io.salesflow.cli.query;

import io.salesflow.cli.CliException;
import io.salesflow.cli.connection.Target;
import io.salesflow.localstack.trino.JdkLocator;
import io.salesflow.localstack.trino.LocalTrino;
import io.salesflow.localstack.trino.LocalTrinoException;
import io.salesflow.localstack.trino.LocalTrinoOptions;
import io.salesflow.localstack.trino.TrinoHome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Trino the query phase runs on: the server given with {@code --trino-url}, or a local Trino
 * 476 started on the request's catalog (the local stack's REST catalog and S3 server) and stopped,
 * its work directory deleted, on {@link #close()}.
 */
public final class TrinoServer implements AutoCloseable {

  /** Catalog of a given server when its URL names none: the one local Trino defines. */
  static final String DEFAULT_CATALOG = LocalTrino.CATALOG;

  private static final Logger LOG = LoggerFactory.getLogger(TrinoServer.class);

  private final URI url;
  private final String jdbcUrl;
  private final String description;
  private final LocalTrino local;
  private final Path workDir;

  private TrinoServer(URI url, String jdbcUrl, String description, LocalTrino local, Path workDir) {
    this.url = url;
    this.jdbcUrl = jdbcUrl;
    this.description = description;
    this.local = local;
    this.workDir = workDir;
  }

  /**
   * For {@code salesflow sql} and {@code salesflow stack --with-trino}: attaches to the target's
   * Trino ({@code --trino-url}, SALESFLOW_TRINO_URL or the stack's), else starts a local Trino on
   * its catalog with this machine's JDKs.
   */
  public static TrinoServer open(Target target) {
    return open(
        new QueryPhaseRequest(
            target.config(),
            target.config().catalog().properties(),
            target.environment(),
            target.trinoUrl(),
            null),
        JdkLocator.forThisMachine(),
        System.getenv());
  }

  /**
   * Attaches to {@code request.trinoUrl()} if given, else starts a local Trino.
   *
   * @param jdks finds the JDK 24+ local Trino runs on
   * @param processEnv this process's environment ({@value JdkLocator#TRINO_JAVA_HOME})
   * @throws QueryPhaseUnavailableException if local Trino cannot run here (no JDK 24+, no server)
   * @throws CliException if the catalog is not one local Trino can read
   */
  static TrinoServer open(
      QueryPhaseRequest request, JdkLocator jdks, Map<String, String> processEnv) {
    if (request.trinoUrl().isPresent()) {
      URI url = request.trinoUrl().get();
      return new TrinoServer(url, jdbcUrl(url), "Trino at " + url, null, null);
    }
    LocalTrinoOptions.Builder options;
    try {
      options = LocalTrinoOptions.fromCatalogProperties(request.catalogProperties());
    } catch (IllegalArgumentException e) {
      throw CliException.usage(
          "Cannot start a local Trino for this catalog: "
              + e.getMessage()
              + " (it reads a REST catalog and an S3 endpoint, as the local stack has); pass"
              + " --trino-url for a Trino that reaches these tables");
    }
    checkRunnable(jdks, processEnv);
    Path workDir = createWorkDir();
    LocalTrino trino = LocalTrino.start(options.workDir(workDir).build());
    return new TrinoServer(
        trino.uri(), trino.jdbcUrl(null), "local Trino " + TrinoHome.VERSION, trino, workDir);
  }

  /**
   * Fails fast when local Trino cannot run here: no JDK 24+ found, or the server is not unpacked. A
   * {@value JdkLocator#TRINO_JAVA_HOME} that is set but unsuitable is a configuration error, not a
   * missing part: that {@link LocalTrinoException} propagates.
   */
  static void checkRunnable(JdkLocator jdks, Map<String, String> processEnv) {
    try {
      jdks.locate();
    } catch (LocalTrinoException e) {
      String explicit = processEnv.get(JdkLocator.TRINO_JAVA_HOME);
      if (explicit != null && !explicit.isBlank()) {
        throw e;
      }
      throw new QueryPhaseUnavailableException(e.getMessage(), e);
    }
    try {
      TrinoHome.locate();
    } catch (LocalTrinoException e) {
      throw new QueryPhaseUnavailableException(e.getMessage(), e);
    }
  }

  /**
   * The JDBC URL of a server URL: {@code http://host:8080} gives {@code
   * jdbc:trino://host:8080/iceberg?timezone=UTC}; a path names the catalog ({@code
   * http://host:8080/lake}); https adds {@code SSL=true}.
   */
  static String jdbcUrl(URI url) {
    boolean https = "https".equals(url.getScheme());
    int port = url.getPort() != -1 ? url.getPort() : https ? 443 : 8080;
    String path = url.getPath() == null ? "" : url.getPath().replaceAll("^/+|/+$", "");
    String catalog = path.isEmpty() ? DEFAULT_CATALOG : path.split("/")[0];
    return "jdbc:trino://"
        + url.getHost()
        + ":"
        + port
        + "/"
        + catalog
        + "?timezone=UTC"
        + (https ? "&SSL=true" : "");
  }

  /** The server's HTTP URL, what {@code --trino-url} takes. */
  public URI url() {
    return url;
  }

  /** JDBC URL, e.g. {@code jdbc:trino://127.0.0.1:8080/iceberg?timezone=UTC}. */
  public String jdbcUrl() {
    return jdbcUrl;
  }

  /** {@code local Trino 476} or {@code Trino at <url>}. */
  public String description() {
    return description;
  }

  /** Whether this process started the server (and stops it on close). */
  public boolean started() {
    return local != null;
  }

  @Override
  public void close() {
    if (local == null) {
      return;
    }
    local.close();
    deleteQuietly(workDir);
  }

  private static Path createWorkDir() {
    try {
      return Files.createTempDirectory("salesflow-query-trino-");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a work directory for local Trino", e);
    }
  }

  /** The server is stopped; a leftover temporary directory is not worth failing the run for. */
  private static void deleteQuietly(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("Cannot delete local Trino's work directory {}: {}", dir, e.toString());
    }
  }
}
