package io.salesflow.cli.redrive;

import io.salesflow.cli.CliException;
import io.salesflow.emulator.FailedBatch;
import io.salesflow.emulator.OnFailureDestination;
import io.salesflow.emulator.RedriveLedger;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * Where the on-failure records come from: the emulator's JSON-lines file (applied ranges recorded
 * in a ledger beside it) or the on-failure SQS queue (applied messages deleted). Pending ranges
 * come in shard order, each shard's ranges by sequence number.
 */
public abstract class OnFailureSource implements AutoCloseable {

  /** Ranges not applied yet, ordered by shard and first sequence number. */
  public abstract List<FailedRange> pending();

  /** Ranges skipped because an earlier redrive applied them. */
  public abstract int alreadyApplied();

  /** Records that {@code range} was applied, so no later redrive repeats it. */
  public abstract void applied(FailedRange range);

  /** Where the records are, for the user. */
  public abstract String describe();

  @Override
  public void close() {}

  /** The local on-failure file. */
  public static OnFailureSource file(Path file) {
    return new FileSource(file);
  }

  /** An on-failure SQS queue. */
  public static OnFailureSource queue(SqsClient sqs, String queueUrl) {
    return new QueueSource(sqs, queueUrl);
  }

  static List<FailedRange> ordered(List<FailedRange> ranges) {
    List<FailedRange> sorted = new ArrayList<>(ranges);
    sorted.sort(
        Comparator.comparing((FailedRange r) -> r.batch().streamArn())
            .thenComparing(r -> r.batch().shardId())
            .thenComparing(r -> new BigInteger(r.batch().startSequenceNumber())));
    return sorted;
  }

  private static final class FileSource extends OnFailureSource {
    private final Path file;
    private final RedriveLedger ledger;
    private int alreadyApplied;

    FileSource(Path file) {
      if (!Files.exists(file)) {
        throw CliException.usage(
            "No on-failure file "
                + file
                + ": nothing went to on-failure there. Pass --on-failure-file FILE (what"
                + " `stream` printed), or --queue-url for the on-failure queue in AWS.");
      }
      this.file = file;
      this.ledger = RedriveLedger.beside(file);
    }

    @Override
    public List<FailedRange> pending() {
      List<FailedBatch> batches;
      try {
        batches = OnFailureDestination.read(file);
      } catch (IllegalArgumentException e) {
        throw CliException.usage(
            "Cannot read the on-failure file: "
                + e.getMessage()
                + ". Each line must be a Lambda on-failure record with DDBStreamBatchInfo.");
      }
      Map<String, FailedRange> unique = new LinkedHashMap<>();
      alreadyApplied = 0;
      for (FailedBatch batch : batches) {
        if (ledger.redriven(batch)) {
          alreadyApplied++;
        } else {
          unique.putIfAbsent(
              batch.shardId() + " " + batch.startSequenceNumber() + " " + batch.endSequenceNumber(),
              new FailedRange(batch, null));
        }
      }
      return ordered(new ArrayList<>(unique.values()));
    }

    @Override
    public int alreadyApplied() {
      return alreadyApplied;
    }

    @Override
    public void applied(FailedRange range) {
      ledger.markRedriven(range.batch());
    }

    @Override
    public String describe() {
      return file + " (applied ranges recorded in " + ledger.file() + ")";
    }
  }

  private static final class QueueSource extends OnFailureSource {
    private static final int MAX_MESSAGES = 10_000;
    private static final int VISIBILITY_SECONDS = 900;
    private final SqsClient sqs;
    private final String queueUrl;

    QueueSource(SqsClient sqs, String queueUrl) {
      this.sqs = sqs;
      this.queueUrl = queueUrl;
    }

    /**
     * Receives every visible message, hiding each for 15 minutes while this redrive works; an
     * unparseable one is reported and left in the queue.
     */
    @Override
    public List<FailedRange> pending() {
      List<FailedRange> ranges = new ArrayList<>();
      while (ranges.size() < MAX_MESSAGES) {
        ReceiveMessageResponse response =
            sqs.receiveMessage(
                b ->
                    b.queueUrl(queueUrl)
                        .maxNumberOfMessages(10)
                        .visibilityTimeout(VISIBILITY_SECONDS)
                        .waitTimeSeconds(1));
        if (response.messages().isEmpty()) {
          break;
        }
        for (Message message : response.messages()) {
          try {
            ranges.add(
                new FailedRange(
                    OnFailureDestination.parse(message.body()), message.receiptHandle()));
          } catch (IllegalArgumentException e) {
            throw CliException.usage(
                "Message "
                    + message.messageId()
                    + " of "
                    + queueUrl
                    + " is not a Lambda on-failure record ("
                    + e.getMessage()
                    + "): is this the ETL's on-failure queue?");
          }
        }
      }
      return ordered(ranges);
    }

    @Override
    public int alreadyApplied() {
      return 0;
    }

    @Override
    public void applied(FailedRange range) {
      sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(range.receiptHandle()));
    }

    @Override
    public String describe() {
      return queueUrl + " (applied messages are deleted)";
    }

    @Override
    public void close() {
      sqs.close();
    }
  }
}
