package io.salesflow.etl;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Writes a DynamoDB export in the layout {@code ExportTableToPointInTime} leaves in S3 (DynamoDB
 * has no export locally): {@code AWSDynamoDB/<id>/manifest-summary.json}, {@code
 * manifest-files.json} and gzip data files of {@code {"Item": {...}}} lines in DynamoDB JSON.
 */
final class ExportLayout {

  private static final ObjectMapper JSON = new ObjectMapper();

  final S3Client s3;
  final String bucket;
  final String prefix;
  final String exportId;
  final String tableArn;
  final Instant exportTime;
  String format = "DYNAMODB_JSON";
  private final List<List<String>> files = new ArrayList<>();

  ExportLayout(S3Client s3, String bucket, String prefix, String table, Instant exportTime) {
    this.s3 = s3;
    this.bucket = bucket;
    this.prefix = prefix;
    this.exportId = exportTime.toEpochMilli() + "-" + Integer.toHexString(prefix.hashCode());
    this.tableArn = "arn:aws:dynamodb:us-east-1:000000000000:table/" + table;
    this.exportTime = exportTime;
  }

  /** The export's folder, as `salesflow backfill --from-export` takes it. */
  String location() {
    return "s3://" + bucket + "/" + folderKey();
  }

  String folderKey() {
    return prefix + "/AWSDynamoDB/" + exportId + "/";
  }

  String exportArn() {
    return tableArn + "/export/" + exportId;
  }

  /** Adds a data file of these items. */
  ExportLayout file(List<Map<String, AttributeValue>> items) {
    List<String> lines = new ArrayList<>();
    items.forEach(i -> lines.add(line(i)));
    files.add(lines);
    return this;
  }

  /** Adds a data file of raw lines (for lines that are not {"Item": ...}). */
  ExportLayout rawFile(List<String> lines) {
    files.add(new ArrayList<>(lines));
    return this;
  }

  static String line(Map<String, AttributeValue> item) {
    ObjectNode line = JSON.createObjectNode();
    line.set("Item", image(item));
    return line.toString();
  }

  String dataKey(int file) {
    return folderKey() + "data/" + String.format("%05d-%s.json.gz", file, exportId);
  }

  /** Writes the data files and both manifests. */
  ExportLayout write() {
    StringBuilder manifest = new StringBuilder();
    long total = 0;
    for (int i = 0; i < files.size(); i++) {
      List<String> lines = files.get(i);
      put(dataKey(i), gzip(String.join("\n", lines) + "\n"));
      ObjectNode entry = JSON.createObjectNode();
      entry.put("itemCount", lines.size());
      entry.put("md5Checksum", "none");
      entry.put("etag", "none");
      entry.put("dataFileS3Key", dataKey(i));
      manifest.append(entry).append('\n');
      total += lines.size();
    }
    put(folderKey() + "manifest-files.json", manifest.toString().getBytes(StandardCharsets.UTF_8));
    ObjectNode summary = JSON.createObjectNode();
    summary.put("version", "2023-08-01");
    summary.put("exportArn", exportArn());
    summary.put("startTime", exportTime.toString());
    summary.put("endTime", exportTime.plusSeconds(300).toString());
    summary.put("tableArn", tableArn);
    summary.put("tableId", "00000000-0000-0000-0000-000000000000");
    summary.put("exportTime", exportTime.toString());
    summary.put("s3Bucket", bucket);
    summary.put("s3Prefix", prefix);
    summary.put("s3SseAlgorithm", "AES256");
    summary.putNull("s3SseKmsKeyId");
    summary.put("manifestFilesS3Key", folderKey() + "manifest-files.json");
    summary.put("billedSizeBytes", 0);
    summary.put("itemCount", total);
    summary.put("outputFormat", format);
    summary.put("exportType", "FULL_EXPORT");
    put(folderKey() + "manifest-summary.json", summary.toString().getBytes(StandardCharsets.UTF_8));
    return this;
  }

  void put(String key, byte[] bytes) {
    s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
  }

  byte[] get(String key) {
    return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
  }

  static byte[] gzip(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static ObjectNode image(Map<String, AttributeValue> item) {
    ObjectNode node = JSON.createObjectNode();
    item.forEach((name, value) -> node.set(name, value(value)));
    return node;
  }

  private static ObjectNode value(AttributeValue v) {
    ObjectNode node = JSON.createObjectNode();
    switch (v.type()) {
      case S -> node.put("S", v.s());
      case N -> node.put("N", v.n());
      case B -> node.put("B", Base64.getEncoder().encodeToString(v.b().asByteArray()));
      case BOOL -> node.put("BOOL", v.bool());
      case NUL -> node.put("NULL", true);
      case M -> node.set("M", image(v.m()));
      case L -> {
        ArrayNode list = node.putArray("L");
        v.l().forEach(item -> list.add(value(item)));
      }
      case SS -> v.ss().forEach(node.putArray("SS")::add);
      case NS -> v.ns().forEach(node.putArray("NS")::add);
      case BS -> {
        ArrayNode list = node.putArray("BS");
        v.bs().forEach(b -> list.add(Base64.getEncoder().encodeToString(b.asByteArray())));
      }
      default -> throw new IllegalArgumentException("type " + v.type());
    }
    return node;
  }
}
