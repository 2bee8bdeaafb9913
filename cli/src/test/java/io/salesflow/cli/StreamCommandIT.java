package io.salesflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.salesflow.localstack.LocalStack;
import io.salesflow.localstack.LocalStackExtension;
import io.salesflow.sample.BatchWriter;
import io.salesflow.sample.EmbeddingFormat;
import io.salesflow.sample.LoadProgress;
import io.salesflow.sample.SalesTableCreator;
import io.salesflow.sample.SampleLoader;
import io.salesflow.sample.SampleOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** `salesflow stream` in its own JVM: killed with SIGKILL mid-stream, restarted, nothing lost. */
@ExtendWith(LocalStackExtension.class)
class StreamCommandIT {

  private static final int RECORDS = 200;
  private static final int BATCH = 10;

  private final LocalStack stack;
  @TempDir Path dir;

  StreamCommandIT(LocalStack stack) {
    this.stack = stack;
  }

  @Test
  void kill9_midStream_thenRestart_deliversEveryRecord_redeliveringAtMostOneBatch()
      throws Exception {
    // given: 200 sales in a table, and a slow echo function
    String table = "kill_test";
    new SalesTableCreator(stack.dynamoDbClient()).ensure(table);
    new SampleLoader(new BatchWriter(stack.dynamoDbClient(), table), table)
        .load(
            new SampleOptions(RECORDS, 5, LocalDate.of(2025, 6, 30), 0, 0, 0, EmbeddingFormat.LIST),
            LoadProgress.NONE);
    Path checkpoints = dir.resolve("checkpoints.json");
    String[] common = {
      "stream",
      "--dynamodb-endpoint",
      stack.dynamoDbEndpoint().toString(),
      "--table",
      table,
      "--handler",
      "echo",
      "--batch-size",
      Integer.toString(BATCH),
      "--checkpoint-file",
      checkpoints.toString(),
      "--on-failure-file",
      dir.resolve("on-failure.jsonl").toString()
    };

    // when: the first run is killed after about 50 records
    List<String> first;
    try (ChildCli run =
        ChildCli.start(Map.of(), concat(common, "--handler-env", "ECHO_DELAY_MS=100"))) {
      await().atMost(Duration.ofSeconds(90)).until(() -> records(run.out()).size() >= 50);
      run.kill();
      first = records(run.out());
    }
    assertThat(first.size()).isLessThan(RECORDS);
    JsonNode saved = new ObjectMapper().readTree(checkpoints.toFile());
    assertThat(saved.path("shards").size()).isEqualTo(1);

    // and a second run resumes from the checkpoint file
    List<String> second;
    try (ChildCli run =
        ChildCli.start(Map.of(), concat(common, "--until-caught-up", "--max-wait", "120"))) {
      int code = run.waitFor(150);
      assertThat(code).as(run.toString()).isZero();
      second = records(run.out());
      assertThat(String.join("\n", run.out())).contains("completed " + second.size());
    }

    // then: every record arrived; only the batch in flight at the kill came twice
    Set<String> all = new java.util.HashSet<>(first);
    all.addAll(second);
    assertThat(all).hasSize(RECORDS);
    Map<String, Integer> counts = new HashMap<>();
    first.forEach(r -> counts.merge(r, 1, Integer::sum));
    second.forEach(r -> counts.merge(r, 1, Integer::sum));
    List<String> twice =
        counts.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
    assertThat(twice.size()).isLessThanOrEqualTo(BATCH);
    assertThat(counts.values()).allMatch(c -> c <= 2);
  }

  /** The echo handler's lines, e.g. {@code INSERT carousel-labs/prd-... seq=...}, as keys. */
  private static List<String> records(List<String> lines) {
    return lines.stream()
        .filter(l -> l.startsWith("INSERT ") || l.startsWith("MODIFY ") || l.startsWith("REMOVE "))
        .map(l -> l.substring(0, l.indexOf(" seq=")))
        .collect(Collectors.toList());
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
