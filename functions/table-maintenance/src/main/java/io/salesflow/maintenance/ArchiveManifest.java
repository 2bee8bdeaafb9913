package io.salesflow.maintenance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.io.FileIO;

/**
 * What one archival moved out of the live table, written as {@value #FILE} next to the archived
 * files: enough to audit the archive and to restore the month.
 *
 * @param archiveId unique id of this archival (also the archive directory's name)
 * @param table the table, {@code database.table}
 * @param partition the archived partition
 * @param sourceSnapshotId the snapshot the files were read from (the commit removing them follows)
 * @param archivedAt when the files were copied
 * @param files each file moved
 */
public record ArchiveManifest(
    String archiveId,
    String table,
    MonthPartition partition,
    long sourceSnapshotId,
    Instant archivedAt,
    List<ArchivedFile> files) {

  /** File name of the manifest in the archive directory. */
  public static final String FILE = "archive-manifest.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One archived data file.
   *
   * @param source where it was in the live table
   * @param archive where it is now
   * @param records rows in the file (all live: deletes were applied before archival)
   * @param bytes file size
   */
  public record ArchivedFile(String source, String archive, long records, long bytes) {}

  public ArchiveManifest {
    files = List.copyOf(files);
  }

  /** Rows in all files. */
  public long records() {
    return files.stream().mapToLong(ArchivedFile::records).sum();
  }

  void write(FileIO io, String location) {
    ObjectNode node = JSON.createObjectNode();
    node.put("archiveId", archiveId);
    node.put("table", table);
    node.put("partition", partition.toString());
    node.put("year", partition.year());
    node.put("month", partition.month());
    node.put("sourceSnapshotId", sourceSnapshotId);
    node.put("archivedAt", archivedAt.toString());
    node.put("records", records());
    for (ArchivedFile file : files) {
      ObjectNode f = node.withArray("files").addObject();
      f.put("source", file.source());
      f.put("archive", file.archive());
      f.put("records", file.records());
      f.put("bytes", file.bytes());
    }
    try (OutputStream out = io.newOutputFile(location).createOrOverwrite()) {
      JSON.writerWithDefaultPrettyPrinter().writeValue(out, node);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write archive manifest " + location, e);
    }
  }

  static ArchiveManifest read(FileIO io, String location) {
    try (InputStream in = io.newInputFile(location).newStream()) {
      JsonNode node = JSON.readTree(in);
      List<ArchivedFile> files = new ArrayList<>();
      node.get("files")
          .forEach(
              f ->
                  files.add(
                      new ArchivedFile(
                          f.get("source").asText(),
                          f.get("archive").asText(),
                          f.get("records").asLong(),
                          f.get("bytes").asLong())));
      return new ArchiveManifest(
          node.get("archiveId").asText(),
          node.get("table").asText(),
          MonthPartition.parse(node.get("partition").asText()),
          node.get("sourceSnapshotId").asLong(),
          Instant.parse(node.get("archivedAt").asText()),
          files);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read archive manifest " + location, e);
    }
  }
}
