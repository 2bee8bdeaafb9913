package io.salesflow.etl.backfill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.salesflow.etl.BackfillWorker;
import io.salesflow.etl.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.ContentFileParser;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.SupportsPrefixOperations;

/**
 * Where backfill workers in AWS leave their staged work for the committer: one small JSON record
 * per worker invocation under the history table's location ({@code _backfill/<source digest>/}),
 * naming its units, its counts and its files (Iceberg's own content-file JSON, with metrics). A
 * retried worker overwrites its record (the name is a digest of its units). The committer deletes a
 * record once its units are committed.
 */
public final class BackfillStaging {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RECORD_SUFFIX = ".staged.json";

  private final Table history;
  private final Table errors;
  private final String directory;

  public BackfillStaging(Table history, Table errors, String source) {
    this.history = history;
    this.errors = errors;
    this.directory = history.location() + "/_backfill/" + digest(source) + "/";
  }

  /** The staging folder of this source. */
  public String directory() {
    return directory;
  }

  /** Writes the record of one worker invocation. */
  public void write(BackfillWorker.Staged staged) {
    ObjectNode node = JSON.createObjectNode();
    ArrayNode units = node.putArray("units");
    staged.units().forEach(units::add);
    node.put("items", staged.items());
    node.put("rows", staged.rows());
    node.put("rejected", staged.rejected());
    ObjectNode reasons = node.putObject("reasons");
    staged.rejectedByReason().forEach((r, n) -> reasons.put(r.name(), n));
    try {
      ArrayNode data = node.putArray("data");
      for (DataFile file : staged.dataFiles()) {
        data.add(JSON.readTree(ContentFileParser.toJson(file, history.specs().get(file.specId()))));
      }
      ArrayNode errorFiles = node.putArray("errors");
      for (DataFile file : staged.errorFiles()) {
        errorFiles.add(
            JSON.readTree(ContentFileParser.toJson(file, errors.specs().get(file.specId()))));
      }
      String name = directory + digest(String.join("\n", staged.units())) + RECORD_SUFFIX;
      try (OutputStream out = history.io().newOutputFile(name).createOrOverwrite()) {
        out.write(node.toString().getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the staging record under " + directory, e);
    }
  }

  /** A staged record and where it is. */
  public record Record(String location, BackfillWorker.Staged staged) {}

  /** Every record staged and not yet committed, in name order. */
  public List<Record> list() {
    FileIO io = history.io();
    if (!(io instanceof SupportsPrefixOperations prefixes)) {
      throw new IllegalStateException(
          "The table's FileIO (" + io.getClass().getSimpleName() + ") cannot list " + directory);
    }
    List<String> names = new ArrayList<>();
    for (FileInfo info : prefixes.listPrefix(directory)) {
      if (info.location().endsWith(RECORD_SUFFIX)) {
        names.add(info.location());
      }
    }
    names.sort(null);
    List<Record> records = new ArrayList<>();
    for (String name : names) {
      records.add(new Record(name, read(name)));
    }
    return records;
  }

  /** Deletes a record whose units are committed. */
  public void remove(Record record) {
    history.io().deleteFile(record.location());
  }

  private BackfillWorker.Staged read(String location) {
    try (InputStream in = history.io().newInputFile(location).newStream()) {
      JsonNode node = JSON.readTree(in);
      List<String> units = new ArrayList<>();
      node.path("units").forEach(u -> units.add(u.asText()));
      List<DataFile> data = new ArrayList<>();
      node.path("data")
          .forEach(f -> data.add((DataFile) ContentFileParser.fromJson(f, history.specs())));
      List<DataFile> errorFiles = new ArrayList<>();
      node.path("errors")
          .forEach(f -> errorFiles.add((DataFile) ContentFileParser.fromJson(f, errors.specs())));
      Map<Reason, Integer> reasons = new EnumMap<>(Reason.class);
      node.path("reasons")
          .fields()
          .forEachRemaining(e -> reasons.put(Reason.valueOf(e.getKey()), e.getValue().asInt()));
      return new BackfillWorker.Staged(
          units,
          data,
          errorFiles,
          node.path("items").asLong(),
          node.path("rows").asLong(),
          node.path("rejected").asLong(),
          reasons);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the staging record " + location, e);
    }
  }

  static String digest(String text) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
