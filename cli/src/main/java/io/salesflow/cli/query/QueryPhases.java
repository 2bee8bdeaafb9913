package io.salesflow.cli.query;

import io.salesflow.cli.CliException;
import io.salesflow.cli.ExitCode;
import java.lang.reflect.InvocationTargetException;
import java.util.Optional;

/** Finds the {@link QueryPhase} implementation by class name. */
public final class QueryPhases {

  /** The class the query library adds to the CLI. */
  public static final String DEFAULT_CLASS = "io.salesflow.cli.query.QueryLibraryPhase";

  private QueryPhases() {}

  /**
   * The phase of class {@code className}, or empty if no such class is on the class path.
   *
   * @throws CliException if the class exists but is not a usable {@link QueryPhase}
   */
  public static Optional<QueryPhase> load(String className) {
    Class<?> type;
    try {
      type = Class.forName(className, true, QueryPhases.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      return Optional.empty();
    }
    if (!QueryPhase.class.isAssignableFrom(type)) {
      throw CliException.usage(
          "Invalid --query-phase " + className + ": must implement " + QueryPhase.class.getName());
    }
    try {
      return Optional.of((QueryPhase) type.getConstructor().newInstance());
    } catch (InvocationTargetException e) {
      throw new CliException(
          ExitCode.FAILURE, "Cannot create " + className + ": " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw CliException.usage(
          "Invalid --query-phase " + className + ": needs a public no-argument constructor");
    }
  }

  /** Why there is no query phase. */
  public static String explainMissing(String className) {
    return "the query library is not wired into the CLI yet (no class "
        + className
        + " on the class path; see io.salesflow.cli.query.QueryPhase)";
  }
}
