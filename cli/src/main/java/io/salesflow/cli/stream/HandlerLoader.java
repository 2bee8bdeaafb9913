package io.salesflow.cli.stream;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.salesflow.cli.CliException;
import io.salesflow.cli.ExitCode;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
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
    checkType(type);
    Supplier<RequestHandler<DynamodbEvent, StreamsEventResponse>> build = constructor(type, env);
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

  private static void checkType(Class<?> type) {
    if (!RequestHandler.class.isAssignableFrom(type)
        || Modifier.isAbstract(type.getModifiers())
        || !Modifier.isPublic(type.getModifiers())) {
      throw new CliException(
          ExitCode.USAGE,
          "Invalid --handler "
              + type.getName()
              + ": must be a public, concrete class implementing"
              + " RequestHandler<DynamodbEvent, StreamsEventResponse>");
    }
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      for (Type t : c.getGenericInterfaces()) {
        if (t instanceof ParameterizedType p && p.getRawType() == RequestHandler.class) {
          Type[] args = p.getActualTypeArguments();
          if (args[0] != DynamodbEvent.class || args[1] != StreamsEventResponse.class) {
            throw new CliException(
                ExitCode.USAGE,
                "Invalid --handler "
                    + type.getName()
                    + ": it is a RequestHandler<"
                    + args[0].getTypeName()
                    + ", "
                    + args[1].getTypeName()
                    + ">, the stream needs RequestHandler<DynamodbEvent, StreamsEventResponse>");
          }
        }
      }
    }
  }

  @SuppressWarnings("unchecked")
  private Supplier<RequestHandler<DynamodbEvent, StreamsEventResponse>> constructor(
      Class<?> type, Map<String, String> env) {
    Map<String, String> environment = Map.copyOf(env);
    for (Constructor<?> c : type.getConstructors()) {
      Class<?>[] params = c.getParameterTypes();
      if (params.length == 1 && params[0] == Map.class) {
        return () -> (RequestHandler<DynamodbEvent, StreamsEventResponse>) create(c, environment);
      }
    }
    for (Constructor<?> c : type.getConstructors()) {
      Class<?>[] params = c.getParameterTypes();
      Optional<Method> from = params.length == 1 ? fromMethod(params[0]) : Optional.empty();
      if (from.isPresent()) {
        return () ->
            (RequestHandler<DynamodbEvent, StreamsEventResponse>)
                create(c, invokeFrom(type, from.get(), environment));
      }
    }
    for (Constructor<?> c : type.getConstructors()) {
      if (c.getParameterCount() == 0) {
        if (!processHas(environment)) {
          // It would read this process's environment, not the target's: e.g. a real AWS
          // catalog while the demo streams local data. Refuse rather than guess.
          throw notPluggable(
              type,
              "its no-argument Lambda constructor reads the process environment, which does not"
                  + " hold this target's SALESFLOW_* settings");
        }
        return () -> {
          try {
            return (RequestHandler<DynamodbEvent, StreamsEventResponse>) create(c);
          } catch (CliException e) {
            throw notPluggable(type, "its no-argument constructor failed: " + e.getMessage());
          }
        };
      }
    }
    throw new CliException(
        ExitCode.USAGE,
        "Cannot instantiate "
            + type.getName()
            + ": it needs a public constructor taking Map<String, String> (the environment), or"
            + " one config type with a static from(Map<String, String>), or no arguments");
  }

  private static Optional<Method> fromMethod(Class<?> configType) {
    try {
      Method from = configType.getMethod("from", Map.class);
      return Modifier.isStatic(from.getModifiers()) && from.getReturnType() == configType
          ? Optional.of(from)
          : Optional.empty();
    } catch (NoSuchMethodException e) {
      return Optional.empty();
    }
  }

  private static Object invokeFrom(Class<?> handler, Method from, Map<String, String> env) {
    try {
      return from.invoke(null, env);
    } catch (InvocationTargetException e) {
      throw cannotCreate(handler, e.getCause());
    } catch (IllegalAccessException e) {
      throw cannotCreate(handler, e);
    }
  }

  private static Object create(Constructor<?> constructor, Object... args) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(constructor.getDeclaringClass().getClassLoader());
    try {
      return constructor.newInstance(args);
    } catch (InvocationTargetException e) {
      throw cannotCreate(constructor.getDeclaringClass(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw cannotCreate(constructor.getDeclaringClass(), e);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  /** Whether every SALESFLOW_* setting of the target is also in this process's environment. */
  private boolean processHas(Map<String, String> environment) {
    return environment.entrySet().stream()
        .filter(e -> e.getKey().startsWith("SALESFLOW_"))
        .allMatch(e -> e.getValue().equals(processEnvironment.get(e.getKey())));
  }

  /**
   * The class exists but offers no way to hand it the target's environment: callers treat this like
   * "not built" (exit code 3, a skipped phase in the demo).
   */
  private static CliException notPluggable(Class<?> type, String why) {
    return new CliException(
        ExitCode.NOT_BUILT,
        type.getName()
            + " cannot be given this target's configuration: "
            + why.replace(System.lineSeparator(), "; ")
            + ". To plug it into the local pipeline, give it a public constructor taking its"
            + " config (a type with a public static from(Map<String, String>)) or"
            + " Map<String, String>.");
  }

  private static CliException cannotCreate(Class<?> type, Throwable cause) {
    return new CliException(
        ExitCode.FAILURE,
        "Cannot create the stream handler "
            + type.getName()
            + ": "
            + (cause.getMessage() == null ? cause.toString() : cause.getMessage()),
        cause);
  }
}
