package io.salesflow.cli.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.salesflow.cli.Output;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What the demo did, phase by phase, and its results; printed and written as Markdown and JSON. */
public final class DemoSummary {

  /** How a phase ended. */
  public enum Status {
    DONE,
    SKIPPED,
    FAILED
  }

  /**
   * One phase.
   *
   * @param name stack, tables, load, stream, verify, query
   * @param status how it ended
   * @param elapsed time taken
   * @param detail one line on what it did, or why it was skipped or failed
   */
  public record Phase(String name, Status status, Duration elapsed, String detail) {}

  private final Instant started = Instant.now();
  private final List<Phase> phases = new ArrayList<>();
  private final Map<String, Object> results = new LinkedHashMap<>();
  private final List<String> notes = new ArrayList<>();

  void phase(String name, Status status, Duration elapsed, String detail) {
    phases.add(new Phase(name, status, elapsed, detail));
  }

  void result(String name, Object value) {
    results.put(name, value);
  }

  void note(String note) {
    notes.add(note);
  }

  public List<Phase> phases() {
    return List.copyOf(phases);
  }

  public Map<String, Object> results() {
    return Map.copyOf(results);
  }

  /** Whether no phase failed (skipped optional phases are fine). */
  public boolean succeeded() {
    return phases.stream().noneMatch(p -> p.status() == Status.FAILED);
  }

  Duration elapsed() {
    return Duration.between(started, Instant.now());
  }

  /** The summary as console lines. */
  List<String> lines() {
    List<String> lines = new ArrayList<>();
    lines.add(
        "salesflow demo "
            + (succeeded() ? "finished" : "FAILED")
            + " in "
            + Output.duration(elapsed()));
    for (Phase phase : phases) {
      lines.add(
          String.format(
              Locale.ROOT,
              "  %-7s %-8s %-8s %s",
              phase.name(),
              phase.status(),
              phase.status() == Status.SKIPPED ? "-" : Output.duration(phase.elapsed()),
              phase.detail()));
    }
    results.forEach((k, v) -> lines.add("  " + k + ": " + v));
    notes.forEach(n -> lines.add("  " + n));
    return lines;
  }

  /** Writes {@code demo-summary.md} and {@code demo-summary.json} into {@code dir}. */
  List<Path> write(Path dir) {
    try {
      Files.createDirectories(dir);
      Path markdown = dir.resolve("demo-summary.md");
      Files.writeString(markdown, markdown(), StandardCharsets.UTF_8);
      Path json = dir.resolve("demo-summary.json");
      Map<String, Object> root = new LinkedHashMap<>();
      root.put("succeeded", succeeded());
      root.put("startedAt", started.toString());
      root.put("elapsedMillis", elapsed().toMillis());
      List<Map<String, Object>> phaseList = new ArrayList<>();
      for (Phase phase : phases) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", phase.name());
        p.put("status", phase.status().name());
        p.put("elapsedMillis", phase.elapsed().toMillis());
        p.put("detail", phase.detail());
        phaseList.add(p);
      }
      root.put("phases", phaseList);
      root.put("results", results);
      root.put("notes", notes);
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), root);
      return List.of(markdown, json);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the demo summary to " + dir, e);
    }
  }

  private String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("# salesflow demo\n\n");
    md.append("Started ")
        .append(started)
        .append(", ")
        .append(succeeded() ? "finished" : "**failed**")
        .append(" in ")
        .append(Output.duration(elapsed()))
        .append(".\n\n");
    md.append("| phase | result | time | details |\n|---|---|---|---|\n");
    for (Phase phase : phases) {
      md.append("| ")
          .append(phase.name())
          .append(" | ")
          .append(phase.status())
          .append(" | ")
          .append(phase.status() == Status.SKIPPED ? "-" : Output.duration(phase.elapsed()))
          .append(" | ")
          .append(phase.detail().replace("|", "\\|"))
          .append(" |\n");
    }
    md.append("\n## Results\n\n");
    results.forEach((k, v) -> md.append("- **").append(k).append("**: ").append(v).append('\n'));
    if (!notes.isEmpty()) {
      md.append("\n## Notes\n\n");
      notes.forEach(n -> md.append("- ").append(n).append('\n'));
    }
    return md.toString();
  }
}
