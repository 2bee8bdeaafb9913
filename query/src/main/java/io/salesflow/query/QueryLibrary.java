package io.salesflow.query;

import io.salesflow.core.table.SalesHistoryErrorsTable;
import io.salesflow.core.table.SalesHistoryTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The query library: every {@code .sql} file of the repository's {@code sql/} directory, parsed and
 * checked at load time. Loading fails on the first malformed file, naming it and the line, so a
 * broken library never reaches a deployed function.
 *
 * <pre>{@code
 * QueryLibrary library = QueryLibrary.fromClasspath();
 * BoundQuery query = library.require("monthly_sales_trend").bind(Map.of("tenant_id", "t"), clock);
 * }</pre>
 */
public final class QueryLibrary {

  /** Class path directory holding the library (the build copies the repository's sql/ there). */
  public static final String RESOURCE_DIR = "sql";

  /** File listing the library's files, one per line, written by the build. */
  public static final String INDEX = RESOURCE_DIR + "/index.txt";

  /** The tables queries may read: the salesflow tables of the configured database. */
  public static final Set<String> TABLES =
      Set.of(SalesHistoryTable.NAME, SalesHistoryErrorsTable.NAME);

  private final Map<String, QueryDefinition> queries;

  private QueryLibrary(Map<String, QueryDefinition> queries) {
    this.queries = queries;
  }

  /**
   * The library packaged with this code (the {@value #INDEX} resource and the files it lists).
   *
   * @throws QueryLibraryException if the index is missing or a file is malformed
   */
  public static QueryLibrary fromClasspath() {
    ClassLoader loader = QueryLibrary.class.getClassLoader();
    List<String> files = new ArrayList<>();
    try (InputStream index = loader.getResourceAsStream(INDEX)) {
      if (index == null) {
        throw new QueryLibraryException(
            "Cannot load the query library: no "
                + INDEX
                + " on the class path (the build writes it"
                + " from the repository's sql/ directory; rebuild salesflow-query)",
            null);
      }
      new String(index.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .map(String::strip)
          .filter(line -> line.endsWith(".sql"))
          .forEach(files::add);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + INDEX, e);
    }
    Map<String, String> texts = new LinkedHashMap<>();
    for (String file : files) {
      try (InputStream in = loader.getResourceAsStream(RESOURCE_DIR + "/" + file)) {
        if (in == null) {
          throw new QueryLibraryException(
              file, 0, "listed in " + INDEX + " but not on the class path");
        }
        texts.put(file, new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read " + RESOURCE_DIR + "/" + file, e);
      }
    }
    return of(texts);
  }

  /** The library in a directory of {@code .sql} files, e.g. the repository's {@code sql/}. */
  public static QueryLibrary load(Path directory) {
    Map<String, String> texts = new TreeMap<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".sql")).toList()) {
        texts.put(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the query library in " + directory, e);
    }
    return of(texts);
  }

  /**
   * Parses file texts by file name.
   *
   * @throws QueryLibraryException naming the file and line of the first problem
   */
  public static QueryLibrary of(Map<String, String> textsByFile) {
    Map<String, QueryDefinition> queries = new TreeMap<>();
    Map<String, Schedule> schedules = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : new TreeMap<>(textsByFile).entrySet()) {
      QueryDefinition query = SqlFileParser.parse(e.getKey(), e.getValue(), TABLES);
      if (queries.putIfAbsent(query.name(), query) != null) {
        throw new QueryLibraryException(
            e.getKey(), 1, "a query named '" + query.name() + "' already exists");
      }
      query.schedule().ifPresent(s -> checkSchedule(query, s, schedules));
    }
    if (queries.isEmpty()) {
      throw new QueryLibraryException("Cannot load the query library: it has no .sql files", null);
    }
    return new QueryLibrary(queries);
  }

  private static void checkSchedule(
      QueryDefinition query, Schedule schedule, Map<String, Schedule> seen) {
    Schedule earlier = seen.putIfAbsent(schedule.name(), schedule);
    if (earlier != null && !earlier.cron().equals(schedule.cron())) {
      throw new QueryLibraryException(
          query.file(),
          0,
          "schedule '"
              + schedule.name()
              + "' is "
              + schedule.cron()
              + " here but "
              + earlier.cron()
              + " in another file; one name, one cron expression");
    }
  }

  /** Query names, sorted. */
  public List<String> names() {
    return List.copyOf(queries.keySet());
  }

  /** Every query, sorted by name. */
  public Collection<QueryDefinition> queries() {
    return queries.values();
  }

  /** The query called {@code name}, if any. */
  public Optional<QueryDefinition> find(String name) {
    return Optional.ofNullable(queries.get(name));
  }

  /**
   * The query called {@code name}.
   *
   * @throws InvalidQueryRequestException listing the available queries if there is none
   */
  public QueryDefinition require(String name) {
    return find(name)
        .orElseThrow(
            () ->
                new InvalidQueryRequestException(
                    "Unknown query '"
                        + name
                        + "'; available queries: "
                        + String.join(", ", names())));
  }

  /** The schedules named by queries, by name. */
  public Map<String, Schedule> schedules() {
    Map<String, Schedule> schedules = new TreeMap<>();
    queries.values().forEach(q -> q.schedule().ifPresent(s -> schedules.put(s.name(), s)));
    return schedules;
  }

  /**
   * The queries on schedule {@code name}, sorted by name.
   *
   * @throws InvalidQueryRequestException listing the schedules if there is no such schedule
   */
  public List<QueryDefinition> scheduled(String name) {
    List<QueryDefinition> scheduled =
        queries.values().stream()
            .filter(q -> q.schedule().map(s -> s.name().equals(name)).orElse(false))
            .toList();
    if (scheduled.isEmpty()) {
      throw new InvalidQueryRequestException(
          "Unknown schedule '" + name + "'; schedules: " + String.join(", ", schedules().keySet()));
    }
    return scheduled;
  }
}
