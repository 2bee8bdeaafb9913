package io.salesflow.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EventSourceMappingConfigTest {

  @Test
  void defaults_areLambdas() {
    // when
    EventSourceMappingConfig config = EventSourceMappingConfig.builder().build();

    // then
    assertThat(config.batchSize()).isEqualTo(100);
    assertThat(config.batchingWindow()).isZero();
    assertThat(config.maximumRetryAttempts()).isEqualTo(-1);
    assertThat(config.bisectBatchOnFunctionError()).isFalse();
    assertThat(config.reportBatchItemFailures()).isFalse();
    assertThat(config.maxPayloadBytes()).isEqualTo(6_291_456);
    assertThat(config.mayRetry(1_000_000)).isTrue();
  }

  @Test
  void invalidValues_areAllReported_namingParameterAndFlag() {
    assertThatThrownBy(
            () ->
                EventSourceMappingConfig.builder()
                    .batchSize(0)
                    .batchingWindow(Duration.ofSeconds(301))
                    .maximumRetryAttempts(-2)
                    .maximumRecordAgeSeconds(59)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid BatchSize (--batch-size): 0, must be between 1 and 10000")
        .hasMessageContaining("Invalid MaximumBatchingWindowInSeconds (--batching-window): 301")
        .hasMessageContaining("Invalid MaximumRetryAttempts (--max-retries): -2")
        .hasMessageContaining(
            "Invalid MaximumRecordAgeInSeconds (--max-record-age): 59, must be -1 (until the"
                + " stream trims the records) or between 60 and 604800");
  }

  @Test
  void recordAge_unlimitedByDefault_elseOlderThanTheLimitIsTooOld() {
    java.time.Instant now = java.time.Instant.parse("2025-01-02T00:00:00Z");
    assertThat(EventSourceMappingConfig.builder().build().tooOld(now.minusSeconds(90_000), now))
        .isFalse();
    EventSourceMappingConfig hour =
        EventSourceMappingConfig.builder().maximumRecordAgeSeconds(3600).build();
    assertThat(hour.tooOld(now.minusSeconds(3601), now)).isTrue();
    assertThat(hour.tooOld(now.minusSeconds(3599), now)).isFalse();
    assertThat(hour.tooOld(null, now)).isFalse();
  }

  @Test
  void retries_stopAtTheMaximum() {
    // given
    EventSourceMappingConfig config =
        EventSourceMappingConfig.builder().maximumRetryAttempts(2).build();

    // then
    assertThat(config.mayRetry(0)).isTrue();
    assertThat(config.mayRetry(1)).isTrue();
    assertThat(config.mayRetry(2)).isFalse();
  }

  @Test
  void context_countsDownFromTheTimeout() {
    // given
    long[] now = {0};
    EmulatedContext context =
        new EmulatedContext(
            EventSourceMappingConfig.builder()
                .functionName("etl")
                .region("eu-west-1")
                .functionTimeout(Duration.ofSeconds(30))
                .build(),
            () -> now[0]);

    // when
    now[0] = Duration.ofSeconds(12).toNanos();

    // then
    assertThat(context.getRemainingTimeInMillis()).isEqualTo(18_000);
    assertThat(context.getFunctionName()).isEqualTo("etl");
    assertThat(context.getInvokedFunctionArn())
        .isEqualTo("arn:aws:lambda:eu-west-1:000000000000:function:etl");
    assertThat(context.getAwsRequestId()).hasSize(36);
    now[0] = Duration.ofSeconds(31).toNanos();
    assertThat(context.getRemainingTimeInMillis()).isZero();
  }
}
