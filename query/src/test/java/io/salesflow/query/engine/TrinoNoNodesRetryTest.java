package io.salesflow.query.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TrinoNoNodesRetryTest {

  private static final SQLException NO_NODES =
      new SQLException("Query failed (#20261121_1): No nodes available to run query");

  private final List<Duration> pauses = new ArrayList<>();
  private final Sleeper recording = pauses::add;

  /** A call that fails with {@code failure} every time, counting the tries. */
  private static TrinoQueryEngine.SqlCall<String> failing(
      SQLException failure, AtomicInteger calls) {
    return () -> {
      calls.incrementAndGet();
      throw failure;
    };
  }

  private static long inMinutes(int minutes) {
    return System.nanoTime() + TimeUnit.MINUTES.toNanos(minutes);
  }

  @Test
  void refusedForNoNodes_isSentAgain_andItsResultReturned() throws SQLException {
    AtomicInteger calls = new AtomicInteger();
    String result =
        TrinoQueryEngine.retryingNoNodes(
            () -> {
              if (calls.incrementAndGet() < 3) {
                throw NO_NODES;
              }
              return "rows";
            },
            inMinutes(5),
            recording);

    assertThat(result).isEqualTo("rows");
    assertThat(calls).hasValue(3);
    assertThat(pauses)
        .containsExactly(TrinoQueryEngine.NO_NODES_WAIT, TrinoQueryEngine.NO_NODES_WAIT);
  }

  @Test
  void lastRefusal_isThrownAsItCame() {
    AtomicInteger calls = new AtomicInteger();

    assertThatThrownBy(
            () ->
                TrinoQueryEngine.retryingNoNodes(failing(NO_NODES, calls), inMinutes(5), recording))
        .isSameAs(NO_NODES);
    assertThat(calls).hasValue(TrinoQueryEngine.NO_NODES_TRIES);
  }

  @Test
  void otherFailures_areNotRetried() {
    SQLException syntax =
        new SQLException("Query failed (#2): line 1:8: Column 'x' cannot be resolved");
    AtomicInteger calls = new AtomicInteger();

    assertThatThrownBy(
            () -> TrinoQueryEngine.retryingNoNodes(failing(syntax, calls), inMinutes(5), recording))
        .isSameAs(syntax);
    assertThat(calls).hasValue(1);
    assertThat(pauses).isEmpty();
  }

  @Test
  void noRetry_pastTheQuerysDeadline() {
    AtomicInteger calls = new AtomicInteger();

    assertThatThrownBy(
            () ->
                TrinoQueryEngine.retryingNoNodes(
                    failing(NO_NODES, calls),
                    System.nanoTime() + TimeUnit.SECONDS.toNanos(1),
                    recording))
        .isSameAs(NO_NODES);
    assertThat(calls).hasValue(1);
  }
}
