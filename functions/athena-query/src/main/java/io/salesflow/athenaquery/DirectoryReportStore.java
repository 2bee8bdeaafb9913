package io.salesflow.athenaquery;

import io.salesflow.query.report.ReportFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes report files below a local directory, keys as relative paths (local runs, the demo). */
public final class DirectoryReportStore implements ReportStore {

  private final Path root;

  public DirectoryReportStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  @Override
  public String put(String key, ReportFile file) {
    Path target = root.resolve(key).normalize();
    if (!target.startsWith(root)) {
      throw new IllegalArgumentException("Invalid report key '" + key + "': it leaves " + root);
    }
    try {
      Files.createDirectories(target.getParent());
      Files.write(target, file.content());
      return target.toUri().toString();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write report file " + target, e);
    }
  }
}
