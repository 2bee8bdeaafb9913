package io.salesflow.cli.stream;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.salesflow.cli.CliException;
import io.salesflow.cli.ExitCode;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Builds instances of a stream handler class the way {@link HandlerLoader} documents: checks it is
 * a {@code RequestHandler<DynamodbEvent, StreamsEventResponse>}, then picks the constructor that
 * can be handed the target's environment. Each {@link #get()} builds a new instance.
 */
final class HandlerFactory
    implements Supplier<RequestHandler<DynamodbEvent, StreamsEventResponse>> {

  private final Supplier<RequestHandler<DynamodbEvent, StreamsEventResponse>> build;

  private HandlerFactory(Supplier<RequestHandler<DynamodbEvent, StreamsEventResponse>> build) {
    this.build = build;
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

  /**
   * The way to build {@code type}: the first constructor it offers of (environment map), (config
   * with a static {@code from(Map)}), (no arguments, only if the process environment holds the
   * target's settings).
   *
   * @throws CliException if {@code type} is not a stream handler or cannot be built here
   */
  static HandlerFactory of(
      Class<?> type, Map<String, String> env, Map<String, String> processEnvironment) {
    checkType(type);
    return new HandlerFactory(constructor(type, env, processEnvironment));
  }

  @Override
  public RequestHandler<DynamodbEvent, StreamsEventResponse> get() {
    return build.get();
  }

  @SuppressWarnings("unchecked")
  private static Supplier<RequestHandler<DynamodbEvent, StreamsEventResponse>> constructor(
      Class<?> type, Map<String, String> env, Map<String, String> processEnvironment) {
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
        if (!processHas(processEnvironment, environment)) {
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
  private static boolean processHas(
      Map<String, String> processEnvironment, Map<String, String> environment) {
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
