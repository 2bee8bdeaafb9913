package io.salesflow.cli.connection;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * {@code .salesflow/stack.properties}: written by {@code salesflow stack} while it runs, so that
 * other commands in the same checkout attach to it without flags. Ignored once its process is gone.
 */
public final class StackFile {

  private static final String ENV_PREFIX = "env.";
  private static final String TRINO_URL = "trino.url";

  /**
   * A running stack.
   *
   * @param pid process running it
   * @param dynamoDbEndpoint its DynamoDB endpoint
   * @param table the sales table it created
   * @param environment the function environment pointing at it
   * @param trinoUrl the Trino kept attached to it ({@code salesflow stack --with-trino}), if any
   * @param file where this was read from
   */
  public record Info(
      long pid,
      URI dynamoDbEndpoint,
      String table,
      Map<String, String> environment,
      Optional<URI> trinoUrl,
      Path file) {}

  private StackFile() {}

  public static Path path(Path home) {
    return home.resolve(".salesflow").resolve("stack.properties");
  }

  /** Records the stack of this process. */
  public static void write(Path home, URI dynamoDbEndpoint, String table, Map<String, String> env) {
    write(home, dynamoDbEndpoint, table, env, null);
  }

  /** Records the stack of this process and the Trino attached to it ({@code null}: none). */
  public static void write(
      Path home, URI dynamoDbEndpoint, String table, Map<String, String> env, URI trinoUrl) {
    Properties properties = new Properties();
    properties.setProperty("pid", Long.toString(ProcessHandle.current().pid()));
    properties.setProperty("dynamodb.endpoint", dynamoDbEndpoint.toString());
    properties.setProperty("table", table);
    if (trinoUrl != null) {
      properties.setProperty(TRINO_URL, trinoUrl.toString());
    }
    env.forEach((k, v) -> properties.setProperty(ENV_PREFIX + k, v));
    Path file = path(home);
    Path tmp = file.resolveSibling("stack.properties.tmp");
    try {
      Files.createDirectories(file.getParent());
      try (Writer writer = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        properties.store(writer, "salesflow stack: removed when it stops");
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
  }

  /** The stack recorded under {@code home}, if its process still runs. */
  public static Optional<Info> read(Path home) {
    Path file = path(home);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException e) {
      return Optional.empty();
    }
    long pid;
    try {
      pid = Long.parseLong(properties.getProperty("pid", "-1"));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
      Map<String, String> env = new LinkedHashMap<>();
      for (String name : properties.stringPropertyNames()) {
        if (name.startsWith(ENV_PREFIX)) {
          env.put(name.substring(ENV_PREFIX.length()), properties.getProperty(name));
        }
      }
      return Optional.of(
          new Info(
              pid,
              URI.create(properties.getProperty("dynamodb.endpoint")),
              properties.getProperty("table"),
              env,
              Optional.ofNullable(properties.getProperty(TRINO_URL)).map(URI::create),
              file));
    }
    return Optional.empty();
  }

  /** Removes the file if it names this process. */
  public static void deleteIfOwn(Path home) {
    Path file = path(home);
    Optional<Info> info = read(home);
    if (info.isPresent() && info.get().pid() == ProcessHandle.current().pid()) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // a stale file is ignored by readers once this process is gone
      }
    }
  }
}
