package io.salesflow.cli.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesflow.emulator.Invocation;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchLinesTest {

  @Test
  void success_showsWhatTheFunctionSaidOfTheBatch() {
    Invocation ok =
        new Invocation(
            "shardId-00000001796327762686-9e114b5a",
            100,
            "501",
            "600",
            "OK",
            "",
            Duration.ofMillis(1234),
            List.of(
                "salesflow-batch OK records=100 rows=81 removes=10 rejected=2 replay_skipped=0"
                    + " files=47 commit_ms=312 attempts=1"));

    assertThat(BatchLines.line(ok))
        .isEqualTo(
            "batch …9e114b5a 100 records 501..600: 81 rows, 10 removes, 2 rejected, commit 312 ms,"
                + " 1.2 s");
  }

  @Test
  void failure_showsTheFunctionsReason_elseLambdasError() {
    Invocation failed =
        new Invocation(
            "shard-1",
            5,
            "1",
            "5",
            "PARTIAL",
            "",
            Duration.ofMillis(300),
            List.of(
                "salesflow-batch FAILED records=5 reason=transient: RESTException: Error occurred"
                    + " while processing POST request"));
    Invocation crashed =
        new Invocation(
            "shard-1",
            5,
            "1",
            "5",
            "Runtime.InitError",
            "java.lang.IllegalStateException: no catalog",
            Duration.ofMillis(50),
            List.of());

    assertThat(BatchLines.line(failed))
        .isEqualTo(
            "batch shard-1 5 records 1..5: FAILED after 0.3 s: transient: RESTException: Error"
                + " occurred while processing POST request");
    assertThat(BatchLines.line(crashed))
        .isEqualTo(
            "batch shard-1 5 records 1..5: FAILED after 0.1 s: java.lang.IllegalStateException: no"
                + " catalog");
  }

  @Test
  void anotherHandler_withoutASummary_stillGetsALine() {
    Invocation echo =
        new Invocation("shard-1", 3, "7", "9", "OK", "", Duration.ofMillis(20), List.of("hi"));

    assertThat(BatchLines.line(echo)).isEqualTo("batch shard-1 3 records 7..9: ok, 0.0 s");
  }
}
