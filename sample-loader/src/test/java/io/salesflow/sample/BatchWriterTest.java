package io.salesflow.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

class BatchWriterTest {

  private final FakeDynamoDb dynamoDb = new FakeDynamoDb();
  private final List<Duration> sleeps = new ArrayList<>();
  private final Backoff backoff = new Backoff(Duration.ofMillis(50), Duration.ofSeconds(5), 5);

  private BatchWriter writer() {
    return new BatchWriter(dynamoDb, "sales", backoff, sleeps::add, new SplittableRandom(1));
  }

  private static List<WriteRequest> puts(int count) {
    return IntStream.range(0, count)
        .mapToObj(
            i ->
                WriteRequest.builder()
                    .putRequest(
                        p ->
                            p.item(
                                Map.of(
                                    "tenant_id", AttributeValue.fromS("t"),
                                    "product_id", AttributeValue.fromS("p" + i))))
                    .build())
        .toList();
  }

  @Test
  void write_sendsAtMost25ItemsPerCall() {
    // when
    BatchWriter writer = writer();
    writer.write(puts(60));

    // then
    assertThat(dynamoDb.callSizes).containsExactly(25, 25, 10);
    assertThat(dynamoDb.items).hasSize(60);
    assertThat(sleeps).isEmpty();
    assertThat(writer.retries()).isZero();
  }

  @Test
  void write_retriesUnprocessedItems_withGrowingBackoff() {
    // given: the first three calls leave 10 items unprocessed
    dynamoDb.throttledCalls = 3;
    dynamoDb.unprocessedPerCall = 10;

    // when
    BatchWriter writer = writer();
    writer.write(puts(25));

    // then: 25 -> 10 left -> 10 left -> 10 left -> done
    assertThat(dynamoDb.callSizes).containsExactly(25, 10, 10, 10);
    assertThat(dynamoDb.items).hasSize(25);
    assertThat(writer.calls()).isEqualTo(4);
    assertThat(writer.retries()).isEqualTo(3);
    assertThat(sleeps).hasSize(3);
    for (int retry = 1; retry <= 3; retry++) {
      Duration cap = backoff.cap(retry);
      assertThat(sleeps.get(retry - 1)).isBetween(cap.dividedBy(2), cap);
    }
    assertThat(backoff.cap(1)).isEqualTo(Duration.ofMillis(50));
    assertThat(backoff.cap(3)).isEqualTo(Duration.ofMillis(200));
  }

  @Test
  void write_givesUp_namingTheTableAndCount_whenItemsStayUnprocessed() {
    // given
    dynamoDb.throttledCalls = 100;
    dynamoDb.unprocessedPerCall = 3;

    // when / then
    assertThatThrownBy(() -> writer().write(puts(5)))
        .isInstanceOf(SampleDataException.class)
        .hasMessageContaining("Cannot write 3 of 5 items to DynamoDB table sales")
        .hasMessageContaining("after 5 BatchWriteItem calls");
    assertThat(dynamoDb.callSizes).containsExactly(5, 3, 3, 3, 3);
  }
}
