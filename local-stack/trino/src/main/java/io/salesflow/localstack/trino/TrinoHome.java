package io.salesflow.localstack.trino;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Finds the unpacked Trino server, in this order: the {@value #HOME_PROPERTY} system property, the
 * {@value #HOME_ENV} environment variable, then the directory this module's build unpacked it to
 * (recorded in {@code trino-home.properties} on the class path). A home must have {@code lib/} with
 * the server jars and an Iceberg connector under {@code plugin/}.
 */
public final class TrinoHome {

  /** System property naming an unpacked Trino server directory. */
  public static final String HOME_PROPERTY = "salesflow.trino.home";

  /** Environment variable naming an unpacked Trino server directory. */
  public static final String HOME_ENV = "SALESFLOW_TRINO_HOME";

  /** The Trino version the build fetches and this launcher is written for. */
  public static final String VERSION = "476";

  private static final String BUILD_HINT =
      "Build it with `mvn -B -ntp -pl local-stack/trino -am package -DskipTests` (unpacks"
          + " io.trino:trino-server-core:"
          + VERSION
          + ":tar.gz and io.trino:trino-iceberg:"
          + VERSION
          + ":zip from Maven into local-stack/trino/target/trino/), or set -D"
          + HOME_PROPERTY
          + " or "
          + HOME_ENV
          + " to a Trino server directory with plugin/<iceberg plugin>.";

  private TrinoHome() {}

  /** The server directory for this process. */
  public static Path locate() {
    return locate(System.getProperty(HOME_PROPERTY), System.getenv());
  }

  static Path locate(String property, Map<String, String> env) {
    if (property != null && !property.isBlank()) {
      return validate(Path.of(property.trim()), "-D" + HOME_PROPERTY);
    }
    String fromEnv = env.get(HOME_ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return validate(Path.of(fromEnv.trim()), HOME_ENV);
    }
    Path built =
        builtHome()
            .orElseThrow(
                () ->
                    new LocalTrinoException(
                        "Cannot find the Trino server: no trino-home.properties on the class path. "
                            + BUILD_HINT));
    return validate(built, "the build's unpack directory");
  }

  private static Optional<Path> builtHome() {
    try (InputStream in = TrinoHome.class.getResourceAsStream("trino-home.properties")) {
      if (in == null) {
        return Optional.empty();
      }
      Properties properties = new Properties();
      properties.load(in);
      String home = properties.getProperty("trino.home");
      return home == null || home.contains("${") ? Optional.empty() : Optional.of(Path.of(home));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read trino-home.properties", e);
    }
  }

  private static Path validate(Path home, String source) {
    if (!Files.isDirectory(home.resolve("lib"))) {
      throw new LocalTrinoException(
          "Cannot find the Trino server at "
              + home
              + " (from "
              + source
              + "): no lib/ directory. "
              + BUILD_HINT);
    }
    if (icebergPlugin(home).isEmpty()) {
      throw new LocalTrinoException(
          "Cannot find the Trino Iceberg plugin under "
              + home.resolve("plugin")
              + " (from "
              + source
              + "). "
              + BUILD_HINT);
    }
    return home;
  }

  /** The directory of the Iceberg connector plugin, e.g. {@code plugin/trino-iceberg-476}. */
  static Optional<Path> icebergPlugin(Path home) {
    Path plugins = home.resolve("plugin");
    if (!Files.isDirectory(plugins)) {
      return Optional.empty();
    }
    try (Stream<Path> dirs = Files.list(plugins)) {
      return dirs.filter(Files::isDirectory)
          .filter(d -> d.getFileName().toString().contains("iceberg"))
          .findFirst();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + plugins, e);
    }
  }
}
