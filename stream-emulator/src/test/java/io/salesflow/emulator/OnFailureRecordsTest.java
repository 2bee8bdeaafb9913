package io.salesflow.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On-failure records read back (file and SQS body), and the redrive ledger. */
class OnFailureRecordsTest {

  @TempDir Path dir;

  private static FailedBatch batch(String start, String end) {
    return new FailedBatch(
        "arn:aws:dynamodb:us-east-1:000000000000:table/sales/stream/2025",
        "shardId-1",
        start,
        end,
        2,
        Instant.parse("2025-01-01T00:00:00Z"),
        Instant.parse("2025-01-01T00:00:05Z"),
        4,
        "Unhandled",
        "catalog down");
  }

  @Test
  void writtenRecords_readBackAsTheSameBatches() {
    Path file = dir.resolve("on-failure.jsonl");
    OnFailureDestination destination = OnFailureDestination.file(file, "arn:fn");
    destination.send(batch("100", "200"));
    destination.send(batch("300", "400"));

    assertThat(OnFailureDestination.read(file))
        .containsExactly(batch("100", "200"), batch("300", "400"));
  }

  @Test
  void lambdasOwnSqsMessageBody_isParsed() {
    String body =
        "{\"requestContext\":{\"requestId\":\"r\",\"functionArn\":\"arn:fn\","
            + "\"condition\":\"RetryAttemptsExhausted\",\"approximateInvokeCount\":21},"
            + "\"responseContext\":{\"statusCode\":200,\"executedVersion\":\"$LATEST\","
            + "\"functionError\":\"Unhandled\"},\"version\":\"1.0\","
            + "\"timestamp\":\"2025-01-01T00:10:00.000Z\",\"DDBStreamBatchInfo\":{"
            + "\"shardId\":\"shardId-00000001\",\"startSequenceNumber\":\"800000000003126276362\","
            + "\"endSequenceNumber\":\"800000000003126276362\","
            + "\"approximateArrivalOfFirstRecord\":\"2025-01-01T00:00:00Z\","
            + "\"approximateArrivalOfLastRecord\":\"2025-01-01T00:00:00Z\",\"batchSize\":1,"
            + "\"streamArn\":\"arn:aws:dynamodb:us-east-1:123:table/sales/stream/x\"}}";

    FailedBatch parsed = OnFailureDestination.parse(body);

    assertThat(parsed.shardId()).isEqualTo("shardId-00000001");
    assertThat(parsed.startSequenceNumber()).isEqualTo("800000000003126276362");
    assertThat(parsed.invokeCount()).isEqualTo(21);
    assertThat(parsed.errorType()).isEqualTo("Unhandled");
    assertThat(parsed.firstArrival()).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
  }

  @Test
  void aLineThatIsNotAnOnFailureRecord_isRefusedWithFileAndLine() throws Exception {
    Path file = dir.resolve("bad.jsonl");
    Files.writeString(file, "\n{\"hello\":1}\n");

    assertThatThrownBy(() -> OnFailureDestination.read(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad.jsonl line 2")
        .hasMessageContaining("no DDBStreamBatchInfo");
  }

  @Test
  void ledger_remembersAppliedRanges_acrossInstances() {
    Path file = dir.resolve("on-failure.jsonl");
    RedriveLedger ledger = RedriveLedger.beside(file);
    ledger.markRedriven(batch("100", "200"));
    ledger.markRedriven(batch("100", "200"));

    RedriveLedger reopened = RedriveLedger.beside(file);
    assertThat(reopened.redriven(batch("100", "200"))).isTrue();
    assertThat(reopened.redriven(batch("300", "400"))).isFalse();
    assertThat(reopened.file()).hasFileName("on-failure.jsonl.redriven");
  }
}
