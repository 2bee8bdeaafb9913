package io.salesflow.maintenance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.InputFile;

/**
 * Where an unfinished run stopped: the task to resume and the last partition it finished. Kept as a
 * small JSON object at {@code <table location>/maintenance/checkpoint.json}.
 *
 * <p>Why an S3 object and not a table property: a property is a catalog commit, which would contend
 * with the ETL's commits and add a metadata version every run; the object costs one PUT, sits under
 * the table's own prefix (the function's IAM scope already covers it) and is outside the {@code
 * data/} and {@code metadata/} prefixes that orphan removal lists.
 *
 * @param tasks the tasks of the run that saved it; a run with other tasks starts afresh
 * @param next the task to resume
 * @param after the last partition {@code next} finished, empty if none
 * @param savedAt when it was saved
 */
public record MaintenanceCheckpoint(
    Set<MaintenanceTask> tasks,
    MaintenanceTask next,
    Optional<MonthPartition> after,
    Instant savedAt) {

  static final String FILE = "maintenance/checkpoint.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  public MaintenanceCheckpoint {
    tasks = EnumSet.copyOf(tasks);
  }

  /** Whether a run of {@code requested} tasks resumes from this checkpoint. */
  boolean resumes(Set<MaintenanceTask> requested) {
    return tasks.equals(requested);
  }

  /** Partitions of {@code task} at or before this are done. */
  boolean done(MaintenanceTask task, MonthPartition partition) {
    return task.compareTo(next) < 0
        || (task == next && after.isPresent() && partition.compareTo(after.get()) <= 0);
  }

  static String location(Table table) {
    return table.location().replaceAll("/+$", "") + "/" + FILE;
  }

  /** The checkpoint of {@code table}, if a run left one. */
  static Optional<MaintenanceCheckpoint> load(Table table) {
    InputFile file = table.io().newInputFile(location(table));
    if (!file.exists()) {
      return Optional.empty();
    }
    try (InputStream in = file.newStream()) {
      JsonNode node = JSON.readTree(in);
      Set<MaintenanceTask> tasks = EnumSet.noneOf(MaintenanceTask.class);
      node.get("tasks").forEach(t -> tasks.add(MaintenanceTask.of(t.asText())));
      JsonNode after = node.get("after");
      return Optional.of(
          new MaintenanceCheckpoint(
              tasks,
              MaintenanceTask.of(node.get("next").asText()),
              after == null || after.isNull()
                  ? Optional.empty()
                  : Optional.of(MonthPartition.parse(after.asText())),
              Instant.parse(node.get("savedAt").asText())));
    } catch (IOException | RuntimeException e) {
      throw new MaintenanceException(
          "Cannot read the maintenance checkpoint "
              + location(table)
              + ": "
              + e.getMessage()
              + "; delete it to start the next run afresh",
          e);
    }
  }

  /** Writes this checkpoint for {@code table}, replacing any earlier one. */
  void save(Table table) {
    ObjectNode node = JSON.createObjectNode();
    tasks.forEach(t -> node.withArray("tasks").add(t.id()));
    node.put("next", next.id());
    node.put("after", after.map(MonthPartition::toString).orElse(null));
    node.put("savedAt", savedAt.toString());
    try (OutputStream out = table.io().newOutputFile(location(table)).createOrOverwrite()) {
      JSON.writerWithDefaultPrettyPrinter().writeValue(out, node);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + location(table), e);
    }
  }

  /** Removes the checkpoint of {@code table} (a run finished everything it was asked to do). */
  static void clear(Table table) {
    if (table.io().newInputFile(location(table)).exists()) {
      table.io().deleteFile(location(table));
    }
  }
}
