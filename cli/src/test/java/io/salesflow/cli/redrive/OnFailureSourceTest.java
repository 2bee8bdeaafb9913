package io.salesflow.cli.redrive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesflow.cli.CliException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/** The on-failure queue as a source, against an SQS fake at the SDK client boundary. */
class OnFailureSourceTest {

  private static String body(String shard, String start, String end) {
    return "{\"requestContext\":{\"condition\":\"RetryAttemptsExhausted\","
        + "\"approximateInvokeCount\":3},\"responseContext\":{\"functionError\":\"Unhandled\"},"
        + "\"DDBStreamBatchInfo\":{\"shardId\":\""
        + shard
        + "\",\"startSequenceNumber\":\""
        + start
        + "\",\"endSequenceNumber\":\""
        + end
        + "\",\"batchSize\":2,\"streamArn\":\"arn:aws:dynamodb:eu-west-1:1:table/sales/stream/x\"}}";
  }

  /** Hands out pages of messages, then nothing; records deletions. */
  private static final class FakeSqs implements SqsClient {
    final Deque<List<Message>> pages = new ArrayDeque<>();
    final List<ReceiveMessageRequest> receives = new ArrayList<>();
    final List<String> deleted = new ArrayList<>();

    @Override
    public ReceiveMessageResponse receiveMessage(ReceiveMessageRequest request) {
      receives.add(request);
      List<Message> page = pages.isEmpty() ? List.of() : pages.pop();
      return ReceiveMessageResponse.builder().messages(page).build();
    }

    @Override
    public DeleteMessageResponse deleteMessage(DeleteMessageRequest request) {
      deleted.add(request.queueUrl() + " " + request.receiptHandle());
      return DeleteMessageResponse.builder().build();
    }

    @Override
    public String serviceName() {
      return "sqs";
    }

    @Override
    public void close() {}
  }

  private static Message message(String id, String body) {
    return Message.builder().messageId(id).receiptHandle("rh-" + id).body(body).build();
  }

  @Test
  void queue_pendingInShardAndSequenceOrder_appliedMessagesDeleted() {
    FakeSqs sqs = new FakeSqs();
    sqs.pages.add(
        List.of(
            message("a", body("shard-2", "500", "600")),
            message("b", body("shard-1", "1000", "1100"))));
    sqs.pages.add(List.of(message("c", body("shard-1", "900", "950"))));
    OnFailureSource source = OnFailureSource.queue(sqs, "https://sqs/q");

    List<FailedRange> pending = source.pending();
    source.applied(pending.get(0));

    assertThat(pending)
        .extracting(r -> r.batch().shardId() + ":" + r.batch().startSequenceNumber())
        .containsExactly("shard-1:900", "shard-1:1000", "shard-2:500");
    assertThat(sqs.deleted).containsExactly("https://sqs/q rh-c");
    assertThat(sqs.receives)
        .allSatisfy(
            r -> {
              assertThat(r.queueUrl()).isEqualTo("https://sqs/q");
              assertThat(r.visibilityTimeout()).isEqualTo(900);
            });
  }

  @Test
  void queue_messageThatIsNoOnFailureRecord_isRefusedNamingIt() {
    FakeSqs sqs = new FakeSqs();
    sqs.pages.add(List.of(message("x", "{\"orderId\":42}")));
    OnFailureSource source = OnFailureSource.queue(sqs, "https://sqs/q");

    assertThatThrownBy(source::pending)
        .isInstanceOf(CliException.class)
        .hasMessageContaining("Message x of https://sqs/q is not a Lambda on-failure record")
        .hasMessageContaining("ETL's on-failure queue");
    assertThat(sqs.deleted).isEmpty();
  }

  @Test
  void file_missing_isAUsageErrorNamingTheFile() {
    assertThatThrownBy(() -> OnFailureSource.file(java.nio.file.Path.of("/nope/f.jsonl")))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("No on-failure file /nope/f.jsonl");
  }
}
