package io.salesflow.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * Which on-failure ranges a redrive has already applied: one line per range ({@code streamArn
 * shardId start end}), appended and fsynced after the range's records succeeded, beside the
 * on-failure file. A second redrive skips them, so running it again is harmless.
 */
public final class RedriveLedger {

  private final Path file;
  private final Set<String> done = new HashSet<>();

  private RedriveLedger(Path file) {
    this.file = file;
  }

  /** The ledger of the on-failure file {@code onFailureFile}: {@code <file>.redriven}. */
  public static RedriveLedger beside(Path onFailureFile) {
    RedriveLedger ledger =
        new RedriveLedger(onFailureFile.resolveSibling(onFailureFile.getFileName() + ".redriven"));
    try {
      if (Files.exists(ledger.file)) {
        for (String line : Files.readAllLines(ledger.file, StandardCharsets.UTF_8)) {
          if (!line.isBlank()) {
            ledger.done.add(line.trim());
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read redrive ledger " + ledger.file, e);
    }
    return ledger;
  }

  public Path file() {
    return file;
  }

  public synchronized boolean redriven(FailedBatch batch) {
    return done.contains(key(batch));
  }

  /** Records that {@code batch}'s range was applied. */
  public synchronized void markRedriven(FailedBatch batch) {
    String key = key(batch);
    if (!done.add(key)) {
      return;
    }
    try (FileChannel channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      channel.write(ByteBuffer.wrap((key + "\n").getBytes(StandardCharsets.UTF_8)));
      channel.force(true);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot append to redrive ledger " + file, e);
    }
  }

  private static String key(FailedBatch batch) {
    return batch.streamArn()
        + " "
        + batch.shardId()
        + " "
        + batch.startSequenceNumber()
        + " "
        + batch.endSequenceNumber();
  }
}
