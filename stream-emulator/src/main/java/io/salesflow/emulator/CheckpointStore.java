package io.salesflow.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-shard positions of one stream: the sequence number of the last record the function completed
 * (or that went to the on-failure destination), and whether the shard was read to its end. Kept in
 * a JSON file that is replaced atomically (write a temporary file, fsync, rename), so after a
 * crash, {@code kill -9} included, the file holds the last completed position and polling resumes
 * right after it: records are redelivered at most once per crash, never skipped.
 *
 * <pre>{@code
 * {"version":1,"streamArn":"arn:aws:dynamodb:...","updatedAt":"2025-...Z",
 *  "shards":{"shardId-0001":{"sequenceNumber":"000000000000000000042","ended":false}}}
 * }</pre>
 */
public final class CheckpointStore {

  /** The position in one shard. */
  public record ShardCheckpoint(String sequenceNumber, boolean ended) {}

  private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int VERSION = 1;

  private final Path file;
  private final Map<String, ShardCheckpoint> shards = new LinkedHashMap<>();
  private String streamArn;

  private CheckpointStore(Path file) {
    this.file = file;
  }

  /** A store that lives as long as this object. */
  public static CheckpointStore inMemory() {
    return new CheckpointStore(null);
  }

  /** A store kept in {@code file}; the file and its directory are created on the first save. */
  public static CheckpointStore file(Path file) {
    return new CheckpointStore(file.toAbsolutePath());
  }

  /**
   * Loads the positions of {@code arn}. Positions of another stream (the table was recreated, so
   * its old stream is gone) are dropped with a warning.
   */
  public synchronized void bind(String arn) {
    this.streamArn = arn;
    shards.clear();
    if (file == null || !Files.exists(file)) {
      return;
    }
    JsonNode root = read();
    String saved = root.path("streamArn").asText(null);
    if (!arn.equals(saved)) {
      LOG.warn(
          "Checkpoint file {} is for stream {}, not {}: starting without checkpoints",
          file,
          saved,
          arn);
      return;
    }
    root.path("shards")
        .fields()
        .forEachRemaining(
            e ->
                shards.put(
                    e.getKey(),
                    new ShardCheckpoint(
                        e.getValue().path("sequenceNumber").asText(null),
                        e.getValue().path("ended").asBoolean(false))));
  }

  /** Whether no position is known for the bound stream. */
  public synchronized boolean isEmpty() {
    return shards.isEmpty();
  }

  /** The last completed sequence number of a shard. */
  public synchronized Optional<String> sequenceNumber(String shardId) {
    return Optional.ofNullable(shards.get(shardId)).map(ShardCheckpoint::sequenceNumber);
  }

  /** Whether the shard was read to its end. */
  public synchronized boolean ended(String shardId) {
    ShardCheckpoint checkpoint = shards.get(shardId);
    return checkpoint != null && checkpoint.ended();
  }

  /** Records that everything up to {@code sequenceNumber} in the shard is done. */
  public synchronized void save(String shardId, String sequenceNumber) {
    shards.put(shardId, new ShardCheckpoint(sequenceNumber, false));
    write();
  }

  /** Records that the shard was read to its end (its children may start). */
  public synchronized void markEnded(String shardId) {
    ShardCheckpoint current = shards.get(shardId);
    shards.put(
        shardId, new ShardCheckpoint(current == null ? null : current.sequenceNumber(), true));
    write();
  }

  /** A copy of all positions. */
  public synchronized Map<String, ShardCheckpoint> positions() {
    return Map.copyOf(shards);
  }

  /** The file, if any. */
  public Optional<Path> file() {
    return Optional.ofNullable(file);
  }

  private JsonNode read() {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new StreamPollerException(
          "Cannot read checkpoint file "
              + file
              + ": "
              + e.getMessage()
              + ". Delete it to start again from the starting position (records may be"
              + " redelivered or, with LATEST, skipped).",
          e);
    }
  }

  private void write() {
    if (file == null) {
      return;
    }
    ObjectNode root = JSON.createObjectNode();
    root.put("version", VERSION);
    root.put("streamArn", streamArn);
    root.put("updatedAt", Instant.now().toString());
    ObjectNode shardsNode = root.putObject("shards");
    shards.forEach(
        (id, c) ->
            shardsNode
                .putObject(id)
                .put("sequenceNumber", c.sequenceNumber())
                .put("ended", c.ended()));
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.createDirectories(file.getParent());
      byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
      try (FileChannel channel =
          FileChannel.open(
              tmp,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.TRUNCATE_EXISTING)) {
        channel.write(ByteBuffer.wrap(bytes));
        channel.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      syncDirectory(file.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write checkpoint file " + file, e);
    }
  }

  private static void syncDirectory(Path dir) {
    // Makes the rename itself durable; not every platform can open a directory, so best effort.
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      LOG.trace("Cannot fsync directory {}", dir, e);
    }
  }
}
