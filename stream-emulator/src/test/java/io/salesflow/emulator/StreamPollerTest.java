package io.salesflow.emulator;

import static io.salesflow.emulator.Records.id;
import static io.salesflow.emulator.Records.inserts;
import static io.salesflow.emulator.Records.seq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The event source mapping's behaviour against a DynamoDB Streams fake at the SDK boundary. */
class StreamPollerTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  @TempDir Path dir;

  private final FakeStreams streams = new FakeStreams();

  private EventSourceMappingConfig.Builder config() {
    return EventSourceMappingConfig.builder()
        .pollInterval(Duration.ofMillis(5))
        .retryDelay(Duration.ZERO)
        .batchSize(100);
  }

  private StreamPoller poller(ScriptedHandler handler, EventSourceMappingConfig config) {
    return poller(handler, config, CheckpointStore.inMemory());
  }

  private StreamPoller poller(
      ScriptedHandler handler, EventSourceMappingConfig config, CheckpointStore checkpoints) {
    return StreamPoller.builder()
        .streams(streams)
        .streamArn(FakeStreams.ARN)
        .handler(() -> handler)
        .config(config)
        .checkpoints(checkpoints)
        .onFailure(OnFailureDestination.file(dir.resolve("on-failure.jsonl"), "arn:fn"))
        .build();
  }

  private static List<String> ids(int from, int to) {
    return IntStream.rangeClosed(from, to).mapToObj(Records::id).toList();
  }

  @Test
  void split_readsParentsBeforeChildren_andEveryRecordOnce() {
    // given: a parent split into two children, one of which split again; listed 2 per page
    streams
        .shard("shard-1", null, true, inserts(1, 5))
        .shard("shard-2", "shard-1", true, inserts(6, 8))
        .shard("shard-3", "shard-1", false, inserts(9, 10))
        .shard("shard-4", "shard-2", false, inserts(11, 12));
    ScriptedHandler handler = ScriptedHandler.succeeding();
    StreamPoller poller = poller(handler, config().batchSize(2).build());

    // when
    poller.runUntilCaughtUp(TIMEOUT);

    // then
    List<String> delivered = handler.delivered();
    assertThat(delivered).containsExactlyInAnyOrderElementsOf(ids(1, 12));
    assertThat(delivered.indexOf(id(5))).isLessThan(delivered.indexOf(id(6)));
    assertThat(delivered.indexOf(id(5))).isLessThan(delivered.indexOf(id(9)));
    assertThat(delivered.indexOf(id(8))).isLessThan(delivered.indexOf(id(11)));
    assertThat(delivered.subList(0, 5)).containsExactlyElementsOf(ids(1, 5));
    assertThat(poller.checkpoints().positions())
        .containsEntry("shard-1", new CheckpointStore.ShardCheckpoint(seq(5), true))
        .containsEntry("shard-2", new CheckpointStore.ShardCheckpoint(seq(8), true))
        .containsEntry("shard-3", new CheckpointStore.ShardCheckpoint(seq(10), false))
        .containsEntry("shard-4", new CheckpointStore.ShardCheckpoint(seq(12), false));
    assertThat(poller.stats().snapshot().shardsEnded()).isEqualTo(2);
  }

  @Test
  void split_startsChildAtOnce_whenParentWasTrimmed() {
    // given: the parent is older than the stream's retention and no longer listed
    streams.shard("shard-2", "shard-gone", false, inserts(1, 3));
    ScriptedHandler handler = ScriptedHandler.succeeding();

    // when
    poller(handler, config().build()).runUntilCaughtUp(TIMEOUT);

    // then
    assertThat(handler.delivered()).containsExactlyElementsOf(ids(1, 3));
  }

  @Test
  void split_childWaits_untilParentIsReadToItsEnd() {
    // given: an open parent that already has a child (the split is happening)
    streams
        .shard("shard-1", null, false, inserts(1, 2))
        .shard("shard-2", "shard-1", false, inserts(3, 4));
    ScriptedHandler handler = ScriptedHandler.succeeding();
    StreamPoller poller = poller(handler, config().build());
    Thread thread = new Thread(poller::run);
    thread.start();

    // when: the parent gets its last record and closes
    await().atMost(TIMEOUT).until(() -> handler.delivered().size() == 2);
    assertThat(handler.delivered()).containsExactly(id(1), id(2));
    streams.append("shard-1", Records.insert(5));
    streams.close("shard-1");

    // then: the child starts after the parent's last record
    await().atMost(TIMEOUT).until(() -> handler.delivered().size() == 5);
    poller.stop();
    assertThat(handler.delivered()).containsExactly(id(1), id(2), id(5), id(3), id(4));
  }

  @Test
  void iterator_isReacquiredAfterTheLastRecordRead_whenItExpires() {
    // given
    streams.shard("shard-1", null, false, inserts(1, 4));
    streams.expireNextGetRecords.set(2);
    ScriptedHandler handler = ScriptedHandler.succeeding();

    // when
    poller(handler, config().batchSize(2).build()).runUntilCaughtUp(TIMEOUT);

    // then
    assertThat(handler.delivered()).containsExactlyElementsOf(ids(1, 4));
  }

  @Test
  void latest_skipsWhatWasWrittenBefore_andReadsWhatComesAfter() {
    // given: a closed parent and an open child with records, polled from LATEST
    streams
        .shard("shard-1", null, true, inserts(1, 3))
        .shard("shard-2", "shard-1", false, inserts(4, 5));
    ScriptedHandler handler = ScriptedHandler.succeeding();
    StreamPoller poller =
        poller(handler, config().startingPosition(StartingPosition.LATEST).build());
    Thread thread = new Thread(poller::run);
    thread.start();
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                poller.stats().snapshot().recordsRead() == 0 && streams.getRecordsCalls.get() > 2);

    // when
    streams.append("shard-2", Records.insert(6), Records.insert(7));

    // then
    await().atMost(TIMEOUT).until(() -> handler.delivered().size() == 2);
    poller.stop();
    assertThat(handler.delivered()).containsExactly(id(6), id(7));
  }

  @Test
  void batchSize_cutsBatchesAtTheLimit() {
    // given
    streams.shard("shard-1", null, false, inserts(1, 10));
    ScriptedHandler handler = ScriptedHandler.succeeding();

    // when
    poller(handler, config().batchSize(3).build()).runUntilCaughtUp(TIMEOUT);

    // then
    assertThat(handler.invocations).containsExactly(ids(1, 3), ids(4, 6), ids(7, 9), ids(10, 10));
  }

  @Test
  void payloadLimit_cutsBatchesBeforeTheEventExceedsIt() {
    // given: records of about 1.3 kB each and a 5,000 byte payload limit
    String padding = "x".repeat(900);
    streams.shard("shard-1", null, false);
    for (int i = 1; i <= 12; i++) {
      streams.append("shard-1", Records.insert(i, padding));
    }
    ScriptedHandler handler = ScriptedHandler.succeeding();

    // when
    poller(handler, config().maxPayloadBytes(5_000).build()).runUntilCaughtUp(TIMEOUT);

    // then: every event fits, and no batch could have taken the next record
    assertThat(handler.delivered()).containsExactlyElementsOf(ids(1, 12));
    assertThat(handler.invocations.size()).isGreaterThan(1);
    for (int i = 0; i < handler.events.size(); i++) {
      int bytes = utf8(LambdaEventJson.toJson(handler.events.get(i)));
      assertThat(bytes).isLessThanOrEqualTo(5_000);
      if (i + 1 < handler.events.size()) {
        int next = LambdaEventJson.recordBytes(handler.events.get(i + 1).getRecords().get(0));
        assertThat(bytes + 1 + next).isGreaterThan(5_000);
      }
    }
  }

  private static int utf8(String json) {
    return json.getBytes(StandardCharsets.UTF_8).length;
  }

  @Test
  void batchingWindow_gathersRecordsThatArriveWithinIt() {
    // given: two records now, two more shortly after, and a 1 s window
    streams.shard("shard-1", null, false, inserts(1, 2));
    ScriptedHandler handler = ScriptedHandler.succeeding();
    StreamPoller poller = poller(handler, config().batchingWindow(Duration.ofSeconds(1)).build());
    Thread thread = new Thread(poller::run);
    thread.start();

    // when
    await().atMost(TIMEOUT).until(() -> poller.stats().snapshot().recordsRead() == 2);
    streams.append("shard-1", Records.insert(3), Records.insert(4));

    // then: one invocation with all four
    await().atMost(TIMEOUT).until(() -> handler.delivered().size() == 4);
    poller.stop();
    assertThat(handler.invocations).containsExactly(ids(1, 4));
  }

  @Test
  void partialResponse_retriesFromTheLowestFailedRecord() {
    // given: the first invocation reports records 7 and 5 failed
    streams.shard("shard-1", null, false, inserts(1, 10));
    ScriptedHandler handler =
        new ScriptedHandler(
            (n, event) ->
                n == 1 ? ScriptedHandler.failures(seq(7), seq(5)) : new StreamsEventResponse());

    // when
    StreamPoller poller = poller(handler, config().reportBatchItemFailures(true).build());
    poller.runUntilCaughtUp(TIMEOUT);

    // then
    assertThat(handler.invocations).containsExactly(ids(1, 10), ids(5, 10));
    assertThat(poller.checkpoints().sequenceNumber("shard-1")).contains(seq(10));
    assertThat(poller.stats().snapshot().recordsCompleted()).isEqualTo(10);
    assertThat(poller.stats().snapshot().partialFailures()).isEqualTo(1);
  }

  @Test
  void partialResponse_isIgnored_whenReportBatchItemFailuresIsOff() {
    // given
    streams.shard("shard-1", null, false, inserts(1, 4));
    ScriptedHandler handler = new ScriptedHandler((n, event) -> ScriptedHandler.failures(seq(2)));

    // when
    poller(handler, config().reportBatchItemFailures(false).build()).runUntilCaughtUp(TIMEOUT);

    // then
    assertThat(handler.invocations).containsExactly(ids(1, 4));
  }

  @Test
  void partialResponse_withUnknownIdentifier_failsTheWholeBatch() {
    // given
    streams.shard("shard-1", null, false, inserts(1, 3));
    ScriptedHandler handler =
        new ScriptedHandler(
            (n, event) ->
                n == 1
                    ? ScriptedHandler.failures("not-a-sequence-number")
                    : new StreamsEventResponse());

    // when
    poller(handler, config().reportBatchItemFailures(true).build()).runUntilCaughtUp(TIMEOUT);

    // then: retried whole
    assertThat(handler.invocations).containsExactly(ids(1, 3), ids(1, 3));
  }

  @Test
  void bisect_isolatesThePoisonRecord_andRetriesExactlyIt() {
    // given: record 5 always makes the function throw
    streams.shard("shard-1", null, false, inserts(1, 8));
    ScriptedHandler handler =
        new ScriptedHandler(
            (n, event) -> {
              if (ScriptedHandler.ids(event).contains(id(5))) {
                throw new IllegalStateException("poison " + id(5));
              }
              return new StreamsEventResponse();
            });
    StreamPoller poller =
        poller(handler, config().bisectBatchOnFunctionError(true).maximumRetryAttempts(2).build());

    // when
    poller.runUntilCaughtUp(TIMEOUT);

    // then
    assertThat(handler.invocations)
        .containsExactly(
            ids(1, 8), ids(1, 4), ids(5, 8), ids(5, 6), ids(5, 5), ids(5, 5), ids(5, 5), ids(6, 6),
            ids(7, 8));
    FailedBatch failed = poller.onFailure().sent().get(0);
    assertThat(poller.onFailure().sent()).hasSize(1);
    assertThat(failed.startSequenceNumber()).isEqualTo(seq(5));
    assertThat(failed.endSequenceNumber()).isEqualTo(seq(5));
    assertThat(failed.invokeCount()).isEqualTo(3);
    assertThat(failed.errorType()).isEqualTo("Unhandled");
    assertThat(failed.reason()).contains("IllegalStateException: poison p-005");
    assertThat(poller.stats().snapshot().recordsCompleted()).isEqualTo(7);
    assertThat(poller.stats().snapshot().recordsFailed()).isEqualTo(1);
    assertThat(poller.checkpoints().sequenceNumber("shard-1")).contains(seq(8));
  }

  @Test
  void retriesExhausted_sendTheWholeBatchToTheOnFailureFile_withoutBisect() throws Exception {
    // given
    streams.shard("shard-1", null, false, inserts(1, 3));
    ScriptedHandler handler =
        new ScriptedHandler(
            (n, event) -> {
              throw new IllegalStateException("catalog down");
            });
    StreamPoller poller = poller(handler, config().maximumRetryAttempts(1).build());

    // when
    poller.runUntilCaughtUp(TIMEOUT);

    // then
    assertThat(handler.invocations).containsExactly(ids(1, 3), ids(1, 3));
    List<String> lines = java.nio.file.Files.readAllLines(dir.resolve("on-failure.jsonl"));
    assertThat(lines).hasSize(1);
    var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(lines.get(0));
    assertThat(json.at("/DDBStreamBatchInfo/shardId").asText()).isEqualTo("shard-1");
    assertThat(json.at("/DDBStreamBatchInfo/startSequenceNumber").asText()).isEqualTo(seq(1));
    assertThat(json.at("/DDBStreamBatchInfo/endSequenceNumber").asText()).isEqualTo(seq(3));
    assertThat(json.at("/DDBStreamBatchInfo/batchSize").asInt()).isEqualTo(3);
    assertThat(json.at("/DDBStreamBatchInfo/streamArn").asText()).isEqualTo(FakeStreams.ARN);
    assertThat(json.at("/requestContext/condition").asText()).isEqualTo("RetryAttemptsExhausted");
    assertThat(json.at("/requestContext/approximateInvokeCount").asInt()).isEqualTo(2);
    assertThat(json.at("/reason").asText())
        .isEqualTo("java.lang.IllegalStateException: catalog down");
  }

  @Test
  void timeout_failsTheInvocation_andStartsANewHandlerInstance() {
    // given: the first instance overruns a 1 s timeout once
    streams.shard("shard-1", null, false, inserts(1, 2));
    AtomicInteger instances = new AtomicInteger();
    List<ScriptedHandler> handlers = new ArrayList<>();
    StreamPoller poller =
        StreamPoller.builder()
            .streams(streams)
            .streamArn(FakeStreams.ARN)
            .handler(
                () -> {
                  int instance = instances.incrementAndGet();
                  ScriptedHandler handler =
                      new ScriptedHandler(
                          (n, event) -> {
                            if (instance == 1) {
                              await().pollDelay(Duration.ofMillis(1100)).until(() -> true);
                            }
                            return new StreamsEventResponse();
                          });
                  handlers.add(handler);
                  return handler;
                })
            .config(config().functionTimeout(Duration.ofSeconds(1)).build())
            .build();

    // when
    poller.runUntilCaughtUp(TIMEOUT);

    // then
    assertThat(instances).hasValue(2);
    assertThat(handlers.get(0).invocations).containsExactly(ids(1, 2));
    assertThat(handlers.get(1).invocations).containsExactly(ids(1, 2));
    assertThat(handlers.get(0).remainingMillis.get(0)).isBetween(900, 1000);
    assertThat(poller.stats().snapshot().functionErrors()).isEqualTo(1);
  }

  @Test
  void restart_resumesAfterTheCheckpoint() {
    // given: a first poller completed records 1-4
    streams.shard("shard-1", null, false, inserts(1, 4));
    CheckpointStore first = CheckpointStore.file(dir.resolve("checkpoints.json"));
    poller(ScriptedHandler.succeeding(), config().build(), first).runUntilCaughtUp(TIMEOUT);
    streams.append("shard-1", inserts(5, 7));

    // when: a new poller starts from the same file
    ScriptedHandler handler = ScriptedHandler.succeeding();
    CheckpointStore second = CheckpointStore.file(dir.resolve("checkpoints.json"));
    poller(handler, config().build(), second).runUntilCaughtUp(TIMEOUT);

    // then
    assertThat(handler.delivered()).containsExactlyElementsOf(ids(5, 7));
  }

  @Test
  void stop_abandonsARetry_soARestartRedeliversTheBatch() {
    // given: every invocation fails, retries forever
    streams.shard("shard-1", null, false, inserts(1, 3));
    ScriptedHandler failing =
        new ScriptedHandler(
            (n, event) -> {
              throw new IllegalStateException("down");
            });
    CheckpointStore checkpoints = CheckpointStore.file(dir.resolve("checkpoints.json"));
    StreamPoller poller = poller(failing, config().build(), checkpoints);
    Thread thread = new Thread(poller::run);
    thread.start();
    await().atMost(TIMEOUT).until(() -> failing.invocations.size() >= 3);

    // when
    poller.stop();
    await().atMost(TIMEOUT).until(() -> !thread.isAlive());
    ScriptedHandler handler = ScriptedHandler.succeeding();
    poller(handler, config().build(), CheckpointStore.file(dir.resolve("checkpoints.json")))
        .runUntilCaughtUp(TIMEOUT);

    // then
    assertThat(handler.delivered()).containsExactlyElementsOf(ids(1, 3));
  }

  @Test
  void runUntilCaughtUp_failsWithTheStats_whenItTakesTooLong() {
    // given: a function that never succeeds
    streams.shard("shard-1", null, false, inserts(1, 1));
    ScriptedHandler failing =
        new ScriptedHandler(
            (n, event) -> {
              throw new IllegalStateException("down");
            });

    // when / then
    assertThatThrownBy(
            () -> poller(failing, config().build()).runUntilCaughtUp(Duration.ofMillis(300)))
        .isInstanceOf(StreamPollerException.class)
        .hasMessageContaining("Not caught up with stream " + FakeStreams.ARN)
        .hasMessageContaining("functionErrors=");
  }

  @Test
  void recordsOlderThanMaximumRecordAge_goToOnFailure_insteadOfAnotherRetry() throws Exception {
    // given: records written long ago (2025-01-01) and a function that keeps failing
    streams.shard("shard-1", null, false, inserts(1, 3));
    ScriptedHandler handler =
        new ScriptedHandler(
            (n, event) -> {
              throw new IllegalStateException("catalog down");
            });
    StreamPoller poller =
        poller(handler, config().maximumRetryAttempts(-1).maximumRecordAgeSeconds(60).build());

    // when
    poller.runUntilCaughtUp(TIMEOUT);

    // then: one invocation, then the age limit, not endless retries
    assertThat(handler.invocations).containsExactly(ids(1, 3));
    List<FailedBatch> failed = OnFailureDestination.read(dir.resolve("on-failure.jsonl"));
    assertThat(failed).hasSize(1);
    assertThat(failed.get(0).startSequenceNumber()).isEqualTo(seq(1));
    assertThat(failed.get(0).endSequenceNumber()).isEqualTo(seq(3));
    assertThat(failed.get(0).errorType()).isEqualTo("RecordAgeExceeded");
    String line = java.nio.file.Files.readAllLines(dir.resolve("on-failure.jsonl")).get(0);
    assertThat(line).contains("\"condition\":\"RecordAgeExceeded\"");
  }

  @Test
  void everyInvocation_isReportedToTheListener_withWhatTheFunctionLogged() {
    streams.shard("shard-1", null, false, inserts(1, 4));
    AtomicInteger calls = new AtomicInteger();
    ScriptedHandler handler =
        new ScriptedHandler(
            (n, event) -> {
              if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("first fails");
              }
              return new StreamsEventResponse();
            });
    List<Invocation> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    StreamPoller poller =
        StreamPoller.builder()
            .streams(streams)
            .streamArn(FakeStreams.ARN)
            .handler(
                () ->
                    (event, context) -> {
                      context.getLogger().log("summary of " + event.getRecords().size() + "\n");
                      return handler.handleRequest(event, context);
                    })
            .config(config().batchSize(4).build())
            .onInvocation(seen::add)
            .build();

    poller.runUntilCaughtUp(TIMEOUT);

    assertThat(seen).hasSize(2);
    assertThat(seen.get(0).outcome()).isEqualTo("Unhandled");
    assertThat(seen.get(0).message()).contains("first fails");
    assertThat(seen.get(1).succeeded()).isTrue();
    assertThat(seen.get(1).records()).isEqualTo(4);
    assertThat(seen.get(1).firstSequenceNumber()).isEqualTo(seq(1));
    assertThat(seen.get(1).lastSequenceNumber()).isEqualTo(seq(4));
    assertThat(seen.get(1).functionLog()).containsExactly("summary of 4");
  }
}
