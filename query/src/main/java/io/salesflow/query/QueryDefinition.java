package io.salesflow.query;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One query of the library, as read from its {@code .sql} file: the header (name, title,
 * description, typed parameters, optional schedule and chart) and the SQL body, which binds its
 * parameters with {@code ?} markers, each annotated with the parameter's name.
 *
 * @param name stable name, equal to the file name without {@code .sql}
 * @param title short human title
 * @param description what the query answers
 * @param parameters declared parameters, in header order
 * @param schedule the schedule it runs on, if any
 * @param chart how its summary charts the result, if at all
 * @param sql the body sent to the engines
 * @param placeholders the {@code ?} markers of the body, in order
 * @param file the file it was read from
 */
public record QueryDefinition(
    String name,
    String title,
    String description,
    List<QueryParameter> parameters,
    Optional<Schedule> schedule,
    Optional<ChartSpec> chart,
    String sql,
    List<Placeholder> placeholders,
    String file) {

  public QueryDefinition {
    parameters = List.copyOf(parameters);
    placeholders = List.copyOf(placeholders);
  }

  /** The declared parameter called {@code name}. */
  public Optional<QueryParameter> parameter(String name) {
    return parameters.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /**
   * Whether a default of this query follows the data ({@code latest_year}, {@code latest_month}).
   */
  public boolean followsData() {
    return parameters.stream()
        .anyMatch(p -> p.defaultValue().map(DefaultValue::followsData).orElse(false));
  }

  /**
   * Checks and converts request values against the header, fills in defaults (evaluated at {@code
   * clock}'s instant) and binds them to the body's markers.
   *
   * @throws InvalidQueryRequestException listing every unknown, missing or ill-typed parameter
   */
  public BoundQuery bind(Map<String, ?> values, Clock clock) {
    return bind(values, clock, LatestPeriod.UNAVAILABLE);
  }

  /**
   * Like {@link #bind(Map, Clock)}, with {@code latest} for the defaults that follow the data.
   *
   * @throws InvalidQueryRequestException listing every unknown, missing or ill-typed parameter
   */
  public BoundQuery bind(Map<String, ?> values, Clock clock, LatestPeriod latest) {
    List<String> problems = new ArrayList<>();
    Set<String> known = parameters.stream().map(QueryParameter::name).collect(Collectors.toSet());
    for (String key : values.keySet()) {
      if (!known.contains(key)) {
        problems.add(
            "Unknown parameter '"
                + key
                + "' for query '"
                + name
                + "'; it takes: "
                + (parameters.isEmpty()
                    ? "no parameters"
                    : parameters.stream()
                        .map(QueryParameter::signature)
                        .collect(Collectors.joining(", "))));
      }
    }
    return bind(values, clock, latest, problems);
  }

  /**
   * Like {@link #bind(Map, Clock)} but ignores values for parameters this query does not declare:
   * for a schedule's set of queries sharing one set of values.
   */
  public BoundQuery bindShared(Map<String, ?> values, Clock clock) {
    return bindShared(values, clock, LatestPeriod.UNAVAILABLE);
  }

  /**
   * Like {@link #bindShared(Map, Clock)}, with {@code latest} for defaults that follow the data.
   */
  public BoundQuery bindShared(Map<String, ?> values, Clock clock, LatestPeriod latest) {
    return bind(values, clock, latest, new ArrayList<>());
  }

  private BoundQuery bind(
      Map<String, ?> values, Clock clock, LatestPeriod latest, List<String> problems) {
    Map<String, Object> resolved = new LinkedHashMap<>();
    Map<String, DefaultValue> defaulted = new LinkedHashMap<>();
    for (QueryParameter p : parameters) {
      Object raw = values.get(p.name());
      try {
        if (raw != null) {
          resolved.put(p.name(), p.accept(raw));
        } else if (p.defaultValue().isPresent()) {
          DefaultValue byDefault = p.defaultValue().get();
          resolved.put(p.name(), p.check(byDefault.resolve(clock, latest)));
          defaulted.put(p.name(), byDefault);
        } else {
          problems.add(
              "Missing parameter '"
                  + p.name()
                  + "' ("
                  + p.type().keyword()
                  + ": "
                  + p.description()
                  + ") for query '"
                  + name
                  + "'");
        }
      } catch (IllegalArgumentException e) {
        problems.add(
            "Invalid parameter '"
                + p.name()
                + "' for query '"
                + name
                + "': "
                + display(raw == null ? p.defaultValue().get().text() : raw)
                + " "
                + e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidQueryRequestException(problems);
    }
    return BoundQuery.of(this, resolved, ReportPeriod.describe(resolved, defaulted, latest));
  }

  private static String display(Object raw) {
    String text = raw instanceof String s ? "'" + s + "'" : String.valueOf(raw);
    return text.length() > 80 ? text.substring(0, 77) + "..." : text;
  }
}
