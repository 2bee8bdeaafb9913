package io.salesflow.infra;

import static io.salesflow.infra.TestStacks.properties;
import static io.salesflow.infra.TestStacks.resource;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The backfill's state machine, its worker and coordinator, and their grants: plan, a Distributed
 * Map over the export's manifest-files.json, then the committer until done; read-only on the
 * exports prefix; the ETL's table grants.
 */
class BackfillTest {

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void stateMachine_plansMapsTheManifestThenCommitsUntilDone(String stage) throws Exception {
    var machine = properties(resource(stage, "AWS::StepFunctions::StateMachine", "Backfill"));
    assertThat(machine.get("StateMachineName")).isEqualTo("salesflow-" + stage + "-backfill");
    assertThat(machine.get("TracingConfiguration")).isEqualTo(Map.of("Enabled", true));
    assertThat(((Map<?, ?>) machine.get("LoggingConfiguration")).get("Level")).isEqualTo("ALL");
    JsonNode states = definition(machine).path("States");
    assertThat(definition(machine).path("StartAt").asText()).isEqualTo("Plan");
    assertThat(states.path("Plan").path("Next").asText()).isEqualTo("Workers");
    JsonNode map = states.path("Workers");
    assertThat(map.path("Type").asText()).isEqualTo("Map");
    assertThat(map.path("ItemProcessor").path("ProcessorConfig").path("Mode").asText())
        .isEqualTo("DISTRIBUTED");
    JsonNode reader = map.path("ItemReader");
    // the partition is a token, rendered X
    assertThat(reader.path("Resource").asText()).isEqualTo("arn:X:states:::s3:getObject");
    assertThat(reader.path("ReaderConfig").path("InputType").asText()).isEqualTo("JSONL");
    assertThat(reader.path("Parameters").path("Bucket.$").asText()).isEqualTo("$.plan.bucket");
    assertThat(reader.path("Parameters").path("Key.$").asText()).isEqualTo("$.plan.manifestKey");
    assertThat(map.path("ItemBatcher").path("MaxItemsPerBatch").asInt())
        .isEqualTo(Backfill.FILES_PER_WORKER);
    assertThat(map.path("MaxConcurrency").asInt()).isEqualTo(Backfill.MAX_CONCURRENCY);
    assertThat(map.path("Next").asText()).isEqualTo("Commit");
    assertThat(states.path("Commit").path("Next").asText()).isEqualTo("AllCommitted");
    JsonNode choice = states.path("AllCommitted");
    assertThat(choice.path("Choices").get(0).path("Variable").asText()).isEqualTo("$.commit.done");
    assertThat(choice.path("Choices").get(0).path("Next").asText()).isEqualTo("Backfilled");
    assertThat(choice.path("Default").asText()).isEqualTo("Commit");
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void workerAndCoordinator_runTheEtlJarsBackfillHandler_readOnlyOnExports(String stage) {
    for (String name : List.of("BackfillWorker", "BackfillCoordinator")) {
      var fn = properties(resource(stage, "AWS::Lambda::Function", name));
      assertThat(fn.get("Handler")).isEqualTo("io.salesflow.etl.backfill.BackfillHandler");
      assertThat(fn).containsEntry("MemorySize", 3008).containsEntry("Timeout", 900);
      var statements = IamLeastPrivilegeTest.statements(stage, name + "Role");
      String bucket = IamLeastPrivilegeTest.bucket(stage);
      var s3 = IamLeastPrivilegeTest.grants(statements, "s3:");
      assertThat(s3.get("s3:GetObject")).contains(bucket + "/exports/*");
      assertThat(s3.get("s3:PutObject"))
          .doesNotContain(bucket + "/exports/*")
          .contains(bucket + "/pricing-intelligence/sales_history/*");
      assertThat(s3.get("s3:DeleteObject")).doesNotContain(bucket + "/exports/*");
      assertThat(IamLeastPrivilegeTest.grants(statements, "glue:"))
          .containsOnlyKeys(
              "glue:GetCatalog", "glue:GetDatabase", "glue:GetTable", "glue:UpdateTable");
    }
    // only the coordinator lists (its staging records under sales_history)
    assertThat(
            IamLeastPrivilegeTest.grants(
                    IamLeastPrivilegeTest.statements(stage, "BackfillCoordinatorRole"), "s3:")
                .keySet())
        .contains("s3:ListBucket");
    assertThat(
            IamLeastPrivilegeTest.grants(
                    IamLeastPrivilegeTest.statements(stage, "BackfillWorkerRole"), "s3:")
                .keySet())
        .doesNotContain("s3:ListBucket");
    var machineS3 =
        IamLeastPrivilegeTest.grants(
            IamLeastPrivilegeTest.statements(stage, "BackfillStateMachineRole"), "s3:");
    assertThat(machineS3)
        .isEqualTo(
            Map.of("s3:GetObject", Set.of(IamLeastPrivilegeTest.bucket(stage) + "/exports/*")));
  }

  private static JsonNode definition(Map<String, Object> machine) throws Exception {
    Object body = machine.get("DefinitionString");
    String text = IamLeastPrivilegeTest.text(body);
    return new ObjectMapper().readTree(text.replaceAll("\\$\\{[^}]+}", "X"));
  }
}
