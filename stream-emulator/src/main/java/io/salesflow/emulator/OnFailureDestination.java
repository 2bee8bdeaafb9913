package io.salesflow.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where batches go whose retries are exhausted: a JSON-lines file standing in for the on-failure
 * SQS queue. Each line has the shape of Lambda's invocation record for stream sources (request and
 * response context, {@code DDBStreamBatchInfo} with shard id and sequence range) plus {@code
 * reason}, the last error. Lines are appended and fsynced before the shard's checkpoint moves past
 * the batch, so a crash cannot lose a failed batch.
 */
public final class OnFailureDestination {

  private static final Logger LOG = LoggerFactory.getLogger(OnFailureDestination.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final String functionArn;
  private final List<FailedBatch> sent = new ArrayList<>();

  private OnFailureDestination(Path file, String functionArn) {
    this.file = file;
    this.functionArn = functionArn;
  }

  /** Appends failed batches to {@code file}. */
  public static OnFailureDestination file(Path file, String functionArn) {
    return new OnFailureDestination(file.toAbsolutePath(), functionArn);
  }

  /** Only logs failed batches (and keeps them in {@link #sent()}). */
  public static OnFailureDestination logOnly(String functionArn) {
    return new OnFailureDestination(null, functionArn);
  }

  /** Records a failed batch durably. */
  public synchronized void send(FailedBatch batch) {
    sent.add(batch);
    LOG.warn(
        "Batch of {} records ({} .. {}) of shard {} sent to the on-failure destination{}: {}",
        batch.batchSize(),
        batch.startSequenceNumber(),
        batch.endSequenceNumber(),
        batch.shardId(),
        file == null ? "" : " " + file,
        batch.reason());
    if (file == null) {
      return;
    }
    byte[] line = (toJson(batch) + "\n").getBytes(StandardCharsets.UTF_8);
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      try (FileChannel channel =
          FileChannel.open(
              file,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.APPEND)) {
        channel.write(ByteBuffer.wrap(line));
        channel.force(true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot append to on-failure file " + file, e);
    }
  }

  /**
   * Reads the failed batches of an on-failure file (blank lines skipped).
   *
   * @throws IllegalArgumentException naming the file and line when a line is not an on-failure
   *     record
   */
  public static List<FailedBatch> read(Path file) {
    List<String> lines;
    try {
      lines = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read on-failure file " + file, e);
    }
    List<FailedBatch> batches = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      try {
        batches.add(parse(lines.get(i)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(file + " line " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    return batches;
  }

  /**
   * One on-failure record, as this class writes it and as Lambda sends it to an SQS or SNS
   * on-failure destination ({@code DDBStreamBatchInfo}).
   */
  public static FailedBatch parse(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
    }
    JsonNode info = root == null ? null : root.get("DDBStreamBatchInfo");
    if (info == null || !info.isObject()) {
      throw new IllegalArgumentException(
          "no DDBStreamBatchInfo object: not a Lambda on-failure record of a DynamoDB stream");
    }
    for (String field :
        List.of("shardId", "startSequenceNumber", "endSequenceNumber", "streamArn")) {
      if (!info.hasNonNull(field)) {
        throw new IllegalArgumentException("DDBStreamBatchInfo." + field + " is missing");
      }
    }
    JsonNode request = root.path("requestContext");
    JsonNode response = root.path("responseContext");
    return new FailedBatch(
        info.get("streamArn").asText(),
        info.get("shardId").asText(),
        info.get("startSequenceNumber").asText(),
        info.get("endSequenceNumber").asText(),
        info.path("batchSize").asInt(0),
        instant(info.path("approximateArrivalOfFirstRecord")),
        instant(info.path("approximateArrivalOfLastRecord")),
        request.path("approximateInvokeCount").asInt(0),
        response.path("functionError").asText(request.path("condition").asText("")),
        root.path("reason").asText(request.path("condition").asText("")));
  }

  private static Instant instant(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode() || node.asText().isBlank()) {
      return null;
    }
    try {
      return Instant.parse(node.asText());
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  /** Batches sent since this object was created. */
  public synchronized List<FailedBatch> sent() {
    return List.copyOf(sent);
  }

  /** The file, or {@code null} when only logging. */
  public Path path() {
    return file;
  }

  private String toJson(FailedBatch batch) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode request = root.putObject("requestContext");
    request.put("requestId", UUID.randomUUID().toString());
    request.put("functionArn", functionArn);
    request.put(
        "condition",
        "RecordAgeExceeded".equals(batch.errorType())
            ? "RecordAgeExceeded"
            : "RetryAttemptsExhausted");
    request.put("approximateInvokeCount", batch.invokeCount());
    ObjectNode response = root.putObject("responseContext");
    response.put("statusCode", 200);
    response.put("executedVersion", "$LATEST");
    response.put("functionError", batch.errorType());
    root.put("version", "1.0");
    root.put("timestamp", Instant.now().toString());
    ObjectNode info = root.putObject("DDBStreamBatchInfo");
    info.put("shardId", batch.shardId());
    info.put("startSequenceNumber", batch.startSequenceNumber());
    info.put("endSequenceNumber", batch.endSequenceNumber());
    info.put(
        "approximateArrivalOfFirstRecord",
        batch.firstArrival() == null ? null : batch.firstArrival().toString());
    info.put(
        "approximateArrivalOfLastRecord",
        batch.lastArrival() == null ? null : batch.lastArrival().toString());
    info.put("batchSize", batch.batchSize());
    info.put("streamArn", batch.streamArn());
    root.put("reason", batch.reason());
    try {
      return JSON.writeValueAsString(root);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write an on-failure record", e);
    }
  }
}
