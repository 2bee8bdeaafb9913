package io.salesflow.etl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PowertoolsMetricsSinkTest {

  @Test
  void publish_writesEmfDocumentsToStdout() throws Exception {
    BatchMetrics metrics =
        new BatchMetrics(
            100,
            90,
            95,
            3,
            2,
            5,
            Map.of(Reason.BAD_PRICE, 4, Reason.BAD_DATE, 1),
            0,
            4,
            4,
            123_456,
            2,
            11,
            7,
            22,
            33,
            3,
            1500,
            false);
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      new PowertoolsMetricsSink("dev").publish(metrics);
    } finally {
      System.setOut(original);
    }

    List<JsonNode> documents =
        captured
            .toString(StandardCharsets.UTF_8)
            .lines()
            .filter(l -> l.startsWith("{"))
            .map(PowertoolsMetricsSinkTest::parse)
            .toList();
    JsonNode batch = documents.stream().filter(d -> d.has("RecordsIn")).findFirst().orElseThrow();
    JsonNode directive = batch.get("_aws").get("CloudWatchMetrics").get(0);
    assertThat(directive.get("Namespace").asText()).isEqualTo("Salesflow/Ingestion");
    assertThat(directive.get("Dimensions").get(0).get(0).asText()).isEqualTo("Stage");
    assertThat(batch.get("Stage").asText()).isEqualTo("dev");
    assertThat(batch.get("RecordsIn").asDouble()).isEqualTo(100);
    assertThat(batch.get("Rejected").asDouble()).isEqualTo(5);
    assertThat(batch.get("CommitAttempts").asDouble()).isEqualTo(3);
    assertThat(batch.get("LookupDuration").asDouble()).isEqualTo(7);
    assertThat(batch.get("FreshnessLag").asDouble()).isEqualTo(1500);
    assertThat(batch.get("CommitFailures").asDouble()).isZero();
    assertThat(documents)
        .filteredOn(d -> d.has("RejectedByReason"))
        .extracting(d -> d.get("Reason").asText() + "=" + d.get("RejectedByReason").asInt())
        .containsExactlyInAnyOrder("BAD_PRICE=4", "BAD_DATE=1");
  }

  private static JsonNode parse(String line) {
    try {
      return new ObjectMapper().readTree(line);
    } catch (Exception e) {
      throw new IllegalStateException(line, e);
    }
  }
}
