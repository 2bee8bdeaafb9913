package io.salesflow.cli.stream;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.salesflow.cli.CliException;
import io.salesflow.cli.ExitCode;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The seam for the ETL function: finds the stream handler class and builds instances of it the way
 * the local pipeline needs them.
 *
 * <p><b>Where the class comes from</b>, in order: the CLI's own class path (e.g. after adding a
 * dependency on {@code ddb-stream-etl} to {@code cli/pom.xml}); else the function's deployment jar,
 * {@code --handler-jar} or the newest jar in {@value #DEFAULT_JAR_DIR} (built by {@code
 * ./salesflow} when the module exists), loaded in its own class loader as Lambda would.
 *
 * <p><b>How an instance is built</b>, the first that the class offers:
 *
 * <ol>
 *   <li>a public constructor taking {@code Map<String, String>}: the function's environment;
 *   <li>a public constructor taking one config type {@code C} that has a public static {@code C
 *       from(Map<String, String>)} (the project's validated config records): {@code new
 *       Handler(C.from(environment))};
 *   <li>a public no-argument constructor (reads the real process environment, so it only works if
 *       the {@code SALESFLOW_*} variables are exported).
 * </ol>
 *
 * The environment is what the CDK stack would give the function ({@code SALESFLOW_STAGE}, {@code
 * SALESFLOW_CATALOG_*}, {@code SALESFLOW_WAREHOUSE}, {@code SALESFLOW_S3_ENDPOINT}, {@code
 * AWS_REGION}, ...) plus {@code --handler-env} entries. One instance is built per shard worker.
 */
public final class HandlerLoader {

  /** The ETL function's handler. */
  public static final String DEFAULT_HANDLER = "io.salesflow.etl.StreamEtlHandler";

  /** Where the ETL function's deployment jar is built, relative to the repository. */
  public static final String DEFAULT_JAR_DIR = "functions/ddb-stream-etl/target";

  /** Built-in handler names. */
  public static final Map<String, String> ALIASES =
      Map.of("etl", DEFAULT_HANDLER, "echo", EchoHandler.class.getName());

  /**
   * A handler ready to be instantiated.
   *
   * @param className its class
   * @param origin where it was found, for messages
   * @param factory builds an instance (the first call returns the one built to check it)
   */
  public record LoadedHandler(
      String className,
      String origin,
      Supplier<RequestHandler<DynamodbEvent, StreamsEventResponse>> factory) {}

  private final Path home;
  private final Map<String, String> processEnvironment;

  /**
   * @param home the repository, where {@value #DEFAULT_JAR_DIR} is
   * @param processEnvironment this process's environment: a handler with only a no-argument
   *     constructor reads it, so it is only used when it holds the same settings
   */
  public HandlerLoader(Path home, Map<String, String> processEnvironment) {
    this.home = home;
    this.processEnvironment = Map.copyOf(processEnvironment);
  }

  /** The class name an alias stands for, or the name itself. */
  public static String resolveAlias(String nameOrAlias) {
    return ALIASES.getOrDefault(nameOrAlias, nameOrAlias);
  }

  /**
   * Finds and instantiates the handler once (so that configuration errors surface now).
   *
   * @return empty if the class is nowhere to be found
   * @throws CliException if the class exists but cannot serve as the stream handler
   */
  public Optional<LoadedHandler> load(
      String nameOrAlias, Optional<Path> jar, Map<String, String> environment) {
    String className = resolveAlias(nameOrAlias);
    Optional<Class<?>> onClassPath = classPathClass(className);
    if (onClassPath.isPresent()) {
      return Optional.of(prepare(onClassPath.get(), "class path", environment));
    }
    Optional<Path> found =
        jar.isPresent() ? Optional.of(jar.get()) : newestJar(home.resolve(DEFAULT_JAR_DIR));
    if (found.isEmpty() || !contains(found.get(), className)) {
      return Optional.empty();
    }
    Class<?> type = fromJar(found.get(), className);
    return Optional.of(prepare(type, found.get().toString(), environment));
  }

  /** Why {@link #load} found nothing, and how to fix it. */
  public String explainMissing(String nameOrAlias, Optional<Path> jar) {
    String className = resolveAlias(nameOrAlias);
    String where =
        jar.map(j -> j.toString())
            .orElseGet(
                () ->
                    newestJar(home.resolve(DEFAULT_JAR_DIR))
                        .map(Path::toString)
                        .orElse(home.resolve(DEFAULT_JAR_DIR) + "/*.jar (none built)"));
    return className
        + " is not on the class path and not in "
        + where
        + (className.equals(DEFAULT_HANDLER)
            ? ". The ETL function (functions/ddb-stream-etl) is not built yet."
            : ". Check --handler and --handler-jar.");
  }

  private static Optional<Class<?>> classPathClass(String className) {
    try {
      return Optional.of(Class.forName(className, false, HandlerLoader.class.getClassLoader()));
    } catch (ClassNotFoundException | LinkageError e) {
      return Optional.empty();
    }
  }

  private static Class<?> fromJar(Path jar, String className) {
    try {
      // A private copy: the function's build may rewrite its jar while this JVM reads it.
      Path copy = Files.createTempFile("salesflow-handler-", ".jar");
      copy.toFile().deleteOnExit();
      Files.copy(jar, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      URL[] urls = {copy.toUri().toURL()};
      HandlerClassLoader loader =
          new HandlerClassLoader(urls, HandlerLoader.class.getClassLoader());
      return Class.forName(className, false, loader);
    } catch (IOException | ClassNotFoundException | LinkageError e) {
      throw new CliException(
          ExitCode.FAILURE, "Cannot load " + className + " from " + jar + ": " + e, e);
    }
  }

  private static boolean contains(Path jar, String className) {
    try (JarFile file = new JarFile(jar.toFile())) {
      return file.getEntry(className.replace('.', '/') + ".class") != null;
    } catch (IOException e) {
      throw new CliException(ExitCode.FAILURE, "Cannot read handler jar " + jar + ": " + e, e);
    }
  }

  /** The deployment jar in {@code dir}: prefer *lambda*.jar, else the largest (shaded) jar. */
  static Optional<Path> newestJar(Path dir) {
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> jars =
          files
              .filter(p -> p.getFileName().toString().endsWith(".jar"))
              .filter(p -> !p.getFileName().toString().startsWith("original-"))
              .filter(p -> !p.getFileName().toString().matches(".*-(sources|javadoc|tests)\\.jar"))
              .toList();
      Comparator<Path> bySize = Comparator.comparingLong(HandlerLoader::size);
      return jars.stream()
          .max(
              Comparator.<Path, Boolean>comparing(
                      p -> p.getFileName().toString().contains("lambda"))
                  .thenComparing(bySize));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static long size(Path path) {
    try {
      return Files.size(path);
    } catch (IOException e) {
      return 0;
    }
  }

  private LoadedHandler prepare(Class<?> type, String origin, Map<String, String> env) {
    HandlerFactory build = HandlerFactory.of(type, env, processEnvironment);
    RequestHandler<DynamodbEvent, StreamsEventResponse> first = build.get();
    AtomicReference<RequestHandler<DynamodbEvent, StreamsEventResponse>> prebuilt =
        new AtomicReference<>(first);
    Supplier<RequestHandler<DynamodbEvent, StreamsEventResponse>> factory =
        () -> {
          RequestHandler<DynamodbEvent, StreamsEventResponse> ready = prebuilt.getAndSet(null);
          return ready != null ? ready : build.get();
        };
    return new LoadedHandler(type.getName(), origin, factory);
  }
}
