package io.salesflow.etl.backfill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.salesflow.etl.BackfillWorker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.io.FileIO;

/**
 * A DynamoDB export to S3 ({@code ExportTableToPointInTime}, full export, {@code DYNAMODB_JSON}):
 * {@code manifest-summary.json}, {@code manifest-files.json} (one line per data file, with its item
 * count) and {@code data/*.json.gz}, whose lines are {@code {"Item": {...}}}. Each data file is a
 * unit; its item count is checked against the manifest. Files are read through the table's FileIO,
 * so the export may sit in any bucket the function can read.
 */
public final class ExportSource implements BackfillSource {

  static final String SUMMARY = "manifest-summary.json";
  static final String FILES = "manifest-files.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final FileIO io;
  private final String directory;
  private final String exportArn;
  private final String tableArn;
  private final Instant exportTime;
  private final long itemCount;
  private final Map<String, Long> dataFiles;
  private final List<String> keyColumns;

  private ExportSource(
      FileIO io,
      String directory,
      String exportArn,
      String tableArn,
      Instant exportTime,
      long itemCount,
      Map<String, Long> dataFiles,
      List<String> keyColumns) {
    this.io = io;
    this.directory = directory;
    this.exportArn = exportArn;
    this.tableArn = tableArn;
    this.exportTime = exportTime;
    this.itemCount = itemCount;
    this.dataFiles = dataFiles;
    this.keyColumns = List.copyOf(keyColumns);
  }

  /**
   * Reads the export's manifests.
   *
   * @param location the export's folder ({@code s3://bucket/prefix/AWSDynamoDB/<export id>/}) or
   *     its {@code manifest-summary.json}
   * @throws BackfillInputException if a manifest is missing or malformed, or the export is not a
   *     full export in DynamoDB JSON
   */
  public static ExportSource open(FileIO io, String location, List<String> keyColumns) {
    String directory =
        location.endsWith(SUMMARY)
            ? location.substring(0, location.length() - SUMMARY.length())
            : location.endsWith("/") ? location : location + "/";
    JsonNode summary = readJson(io, directory + SUMMARY);
    String format = text(summary, "outputFormat", directory + SUMMARY);
    if (!"DYNAMODB_JSON".equals(format)) {
      throw new BackfillInputException(
          "The export at "
              + directory
              + " is in "
              + format
              + " format; the backfill reads DYNAMODB_JSON. Export the table again with"
              + " --export-format DYNAMODB_JSON.");
    }
    String type = summary.path("exportType").asText("FULL_EXPORT");
    if (!"FULL_EXPORT".equals(type)) {
      throw new BackfillInputException(
          "The export at "
              + directory
              + " is an "
              + type
              + "; the backfill reads a full export (--export-type FULL_EXPORT). Incremental"
              + " exports are not read yet.");
    }
    String exportArn = text(summary, "exportArn", directory + SUMMARY);
    String tableArn = summary.path("tableArn").asText("unknown table");
    Instant exportTime;
    try {
      exportTime = Instant.parse(text(summary, "exportTime", directory + SUMMARY));
    } catch (DateTimeParseException e) {
      throw new BackfillInputException(
          directory + SUMMARY + ": exportTime is not an ISO-8601 instant: " + e.getMessage(), e);
    }
    long items = summary.path("itemCount").asLong(-1);
    Map<String, Long> files = dataFiles(io, directory);
    return new ExportSource(
        io, directory, exportArn, tableArn, exportTime, items, files, keyColumns);
  }

  private static Map<String, Long> dataFiles(FileIO io, String directory) {
    String manifest = directory + FILES;
    Map<String, Long> files = new LinkedHashMap<>();
    try (BufferedReader lines = reader(io.newInputFile(manifest).newStream())) {
      String line;
      int number = 0;
      while ((line = lines.readLine()) != null) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode entry;
        try {
          entry = JSON.readTree(line);
        } catch (IOException e) {
          throw malformed(manifest, number, "not JSON");
        }
        String key = entry.path("dataFileS3Key").asText(null);
        if (key == null || !key.contains("data/") || !entry.path("itemCount").isNumber()) {
          throw malformed(manifest, number, "no dataFileS3Key under data/ with an itemCount");
        }
        files.put(unitOf(key), entry.path("itemCount").asLong());
      }
    } catch (NotFoundException e) {
      throw missing(manifest, e);
    } catch (IOException e) {
      throw new BackfillInputException("Cannot read " + manifest + ": " + e.getMessage(), e);
    }
    return files;
  }

  /** The unit of a data file key of manifest-files.json: its path from the export's folder. */
  static String unitOf(String dataFileKey) {
    return dataFileKey.substring(dataFileKey.lastIndexOf("data/"));
  }

  /** The export's folder, ending in a slash. */
  public String directory() {
    return directory;
  }

  @Override
  public String id() {
    return exportArn;
  }

  @Override
  public Instant pointInTime() {
    return exportTime;
  }

  @Override
  public List<String> units() {
    return new ArrayList<>(dataFiles.keySet());
  }

  @Override
  public long expectedItems() {
    return itemCount;
  }

  @Override
  public String describe() {
    return "export " + exportArn + " of " + tableArn + " at " + directory;
  }

  /**
   * The key columns must be the items' keys: an export of another table has none of them. Reads the
   * first items of the first data file that has any.
   */
  @Override
  public void check() {
    for (Map.Entry<String, Long> file : dataFiles.entrySet()) {
      if (file.getValue() == 0) {
        continue;
      }
      String location = directory + file.getKey();
      try (BufferedReader lines = reader(gunzip(io, location))) {
        int checked = 0;
        int keyed = 0;
        String line;
        while (checked < 100 && (line = lines.readLine()) != null) {
          JsonNode item = JSON.readTree(line).path("Item");
          checked++;
          if (keyColumns.stream().allMatch(k -> item.has(k))) {
            keyed++;
          }
        }
        if (checked > 0 && keyed == 0) {
          throw new BackfillInputException(
              "The export at "
                  + directory
                  + " is of "
                  + tableArn
                  + ", whose items have no "
                  + keyColumns
                  + " (the sales table's key): "
                  + location
                  + " holds none of them. Backfill from an export of the sales table.");
        }
        return;
      } catch (NotFoundException e) {
        throw missing(location, e);
      } catch (IOException e) {
        throw damaged(location, e);
      }
    }
  }

  @Override
  public void read(String unit, BackfillWorker worker) {
    String location = directory + unit;
    Long expected = dataFiles.get(unit);
    long count = 0;
    try (BufferedReader lines = reader(gunzip(io, location))) {
      String line;
      int number = 0;
      while ((line = lines.readLine()) != null) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        count++;
        String where = unit + " line " + number;
        JsonNode item;
        try {
          JsonNode node = JSON.readTree(line);
          item = node == null ? null : node.get("Item");
          if (item == null || !item.isObject()) {
            worker.undecodable(where, "line is not {\"Item\": {...}}: " + abbreviate(line), null);
            continue;
          }
          worker.item(DynamoJsonItem.image(item), where);
        } catch (IOException | IllegalArgumentException e) {
          worker.undecodable(where, "line is not DynamoDB JSON: " + e.getMessage(), null);
        }
      }
    } catch (NotFoundException e) {
      throw missing(location, e);
    } catch (IOException e) {
      throw damaged(location, e);
    }
    if (expected != null && count != expected) {
      throw new BackfillInputException(
          location
              + " holds "
              + count
              + " items but "
              + FILES
              + " says "
              + expected
              + ": the file is incomplete or was replaced. Copy the export again (or take a new"
              + " one); nothing of this file was committed.");
    }
  }

  private static BackfillInputException damaged(String location, IOException e) {
    String what =
        e instanceof ZipException || e instanceof java.io.EOFException
            ? "is truncated or not gzip"
            : "cannot be read";
    return new BackfillInputException(
        location
            + " "
            + what
            + " ("
            + e.getMessage()
            + "). Copy the export again (or take a new one); nothing of this file was committed,"
            + " and a re-run resumes after the files already committed.",
        e);
  }

  private static BackfillInputException missing(String location, RuntimeException e) {
    return new BackfillInputException(
        location
            + " does not exist. Point --from-export at the export's folder (s3://bucket/prefix/"
            + "AWSDynamoDB/<export id>/, the one holding "
            + SUMMARY
            + " and "
            + FILES
            + ") and check the export completed.",
        e);
  }

  private static BackfillInputException malformed(String manifest, int line, String why) {
    return new BackfillInputException(
        manifest
            + " line "
            + line
            + " is malformed ("
            + why
            + "). It must be the manifest DynamoDB wrote; take a new export if it was edited.");
  }

  private static JsonNode readJson(FileIO io, String location) {
    try (InputStream in = io.newInputFile(location).newStream()) {
      JsonNode node = JSON.readTree(in);
      if (node == null || !node.isObject()) {
        throw new BackfillInputException(location + " is not a JSON object: " + malformedHint());
      }
      return node;
    } catch (NotFoundException e) {
      throw missing(location, e);
    } catch (IOException e) {
      throw new BackfillInputException(
          location + " is not valid JSON (" + e.getMessage() + "): " + malformedHint(), e);
    }
  }

  private static String malformedHint() {
    return "it must be the manifest DynamoDB wrote; take a new export if it was edited.";
  }

  private static String text(JsonNode node, String field, String location) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw new BackfillInputException(location + " has no " + field + ": " + malformedHint());
    }
    return value.asText();
  }

  /** A data file's lines, read from S3 in large blocks (gzip alone would ask for 512 bytes). */
  private static InputStream gunzip(FileIO io, String location) throws IOException {
    return new GZIPInputStream(
        new java.io.BufferedInputStream(io.newInputFile(location).newStream(), 1 << 20), 1 << 16);
  }

  private static BufferedReader reader(InputStream in) {
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
  }

  private static String abbreviate(String line) {
    return line.length() <= 200 ? line : line.substring(0, 200) + "...";
  }
}
