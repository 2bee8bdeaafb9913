package io.salesflow.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Finds the Iceberg REST catalog server jar, in this order: the {@value #JAR_PROPERTY} system
 * property; the copy the build puts next to this class (extracted to a file when inside a jar);
 * {@code rest-server/target/} of the source tree this class was compiled in (IDE runs and {@code
 * mvn test}, where the copy is not made).
 */
final class RestServerJar {

  /** System property overriding the location of {@code salesflow-iceberg-rest-server.jar}. */
  static final String JAR_PROPERTY = "salesflow.rest-server.jar";

  static final String FILE_NAME = "salesflow-iceberg-rest-server.jar";

  private RestServerJar() {}

  static Path locate(Path extractDir) {
    String override = System.getProperty(JAR_PROPERTY);
    if (override != null && !override.isBlank()) {
      Path jar = Path.of(override);
      if (!Files.isRegularFile(jar)) {
        throw new LocalStackException(
            "Invalid " + JAR_PROPERTY + ": " + override + ", no such file. " + buildHint());
      }
      return jar;
    }
    URL resource = RestServerJar.class.getResource(FILE_NAME);
    if (resource != null) {
      return resource.getProtocol().equals("file")
          ? toPath(resource)
          : extract(resource, extractDir.resolve(FILE_NAME));
    }
    return inSourceTree()
        .orElseThrow(
            () ->
                new LocalStackException(
                    "Cannot find the Iceberg REST catalog server jar (class path resource"
                        + " io/salesflow/localstack/"
                        + FILE_NAME
                        + "). "
                        + buildHint()));
  }

  /** {@code local-stack/target/classes} -> {@code local-stack/rest-server/target/<jar>}. */
  private static Optional<Path> inSourceTree() {
    try {
      Path codeSource =
          Path.of(RestServerJar.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path moduleDir = codeSource.getParent() == null ? null : codeSource.getParent().getParent();
      return Optional.ofNullable(moduleDir)
          .map(dir -> dir.resolve("rest-server").resolve("target").resolve(FILE_NAME))
          .filter(Files::isRegularFile);
    } catch (URISyntaxException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Path toPath(URL resource) {
    try {
      return Path.of(resource.toURI());
    } catch (URISyntaxException e) {
      throw new LocalStackException("Invalid resource URL " + resource, e);
    }
  }

  private static Path extract(URL resource, Path target) {
    try (InputStream in = resource.openStream()) {
      Files.createDirectories(target.getParent());
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot extract " + resource + " to " + target, e);
    }
  }

  private static String buildHint() {
    return "Build it with `mvn -pl local-stack/rest-server,local-stack -am package` (or install),"
        + " or set -D"
        + JAR_PROPERTY
        + "=<path to "
        + FILE_NAME
        + ">.";
  }
}
