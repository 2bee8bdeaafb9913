package io.salesflow.infra;

import static io.salesflow.infra.TestStacks.logicalId;
import static io.salesflow.infra.TestStacks.properties;
import static io.salesflow.infra.TestStacks.resource;
import static io.salesflow.infra.TestStacks.resources;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Condition;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.assertions.Template;

/**
 * The alarms (metric, dimensions, threshold from cdk.json, actions) and the dashboard (rendered to
 * its JSON text), per stage.
 */
class MonitoringTest {

  private static final String INGESTION = "Salesflow/Ingestion";

  // ---------------------------------------------------------------- alarms

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void lambdaAlarms_watchTheirOwnFunction(String stage) {
    String etl = logicalId(stage, "AWS::Lambda::Function", "IngestionFunction");
    String query = logicalId(stage, "AWS::Lambda::Function", "ReportingFunction");
    String maintenance = logicalId(stage, "AWS::Lambda::Function", "MaintenanceFunction");

    assertThat(alarm(stage, "etl-errors"))
        .containsAllEntriesOf(metric("AWS/Lambda", "Errors", "FunctionName", ref(etl)))
        .containsAllEntriesOf(stat("Sum", 300, 1))
        .has(threshold(1));
    assertThat(alarm(stage, "etl-iterator-age"))
        .containsAllEntriesOf(metric("AWS/Lambda", "IteratorAge", "FunctionName", ref(etl)))
        .containsAllEntriesOf(stat("Maximum", 300, 2))
        .has(threshold(stageSetting(stage, "alarmIteratorAgeSeconds") * 1000.0));
    assertThat(alarm(stage, "athena-query-errors"))
        .containsAllEntriesOf(metric("AWS/Lambda", "Errors", "FunctionName", ref(query)))
        .containsAllEntriesOf(stat("Sum", 3600, 1))
        .has(threshold(1));
    assertThat(alarm(stage, "table-maintenance-errors"))
        .containsAllEntriesOf(metric("AWS/Lambda", "Errors", "FunctionName", ref(maintenance)))
        .containsAllEntriesOf(stat("Sum", 3600, 1))
        .has(threshold(1));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void failureQueueAlarm_watchesTheOnFailureQueue(String stage) {
    String queue = logicalId(stage, "AWS::SQS::Queue", "IngestionFailureQueue");

    assertThat(alarm(stage, "etl-failure-queue"))
        .containsAllEntriesOf(
            metric(
                "AWS/SQS",
                "ApproximateNumberOfMessagesVisible",
                "QueueName",
                Map.of("Fn::GetAtt", List.of(queue, "QueueName"))))
        .containsAllEntriesOf(stat("Maximum", 300, 1))
        .has(threshold(1));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  @SuppressWarnings("unchecked")
  void ingestionMetricAlarms_useTheStageDimension_andCdkJsonThresholds(String stage) {
    assertThat(alarm(stage, "etl-commit-failures"))
        .containsAllEntriesOf(metric(INGESTION, "CommitFailures", "Stage", stage))
        .containsAllEntriesOf(stat("Sum", 300, 1))
        .has(threshold(stageSetting(stage, "alarmCommitFailures")));
    assertThat(alarm(stage, "etl-freshness-lag"))
        .containsAllEntriesOf(metric(INGESTION, "FreshnessLag", "Stage", stage))
        .containsAllEntriesOf(stat("Maximum", 300, 2))
        .has(threshold(stageSetting(stage, "alarmFreshnessLagSeconds") * 1000.0));

    Map<String, Object> rejected = alarm(stage, "etl-rejected-rate");
    assertThat(rejected)
        .has(threshold(stageSetting(stage, "alarmRejectedPercent")))
        .containsEntry("EvaluationPeriods", 1)
        .containsEntry("DatapointsToAlarm", 1)
        .doesNotContainKeys("MetricName", "Namespace");
    assertThat((List<Object>) rejected.get("Metrics"))
        .containsExactlyInAnyOrder(
            Map.of(
                "Expression", "IF(records > 0, 100 * rejected / records, 0)",
                "Id", "expr_1",
                "Label", "Rejected %",
                "ReturnData", true),
            stageMetric("records", "RecordsIn", stage),
            stageMetric("rejected", "Rejected", stage));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void athenaFailedQueriesAlarm_queriesItsWorkgroupOnly(String stage) {
    Map<String, Object> failed = alarm(stage, "athena-failed-queries");

    assertThat(failed.get("Metrics"))
        .isEqualTo(
            List.of(
                Map.of(
                    "Expression",
                    "SELECT COUNT(TotalExecutionTime) FROM \"AWS/Athena\" WHERE WorkGroup ="
                        + " 'salesflow-"
                        + stage
                        + "' AND QueryState = 'FAILED'",
                    "Id",
                    "expr_1",
                    "Label",
                    "Failed queries",
                    "Period",
                    3600,
                    "ReturnData",
                    true)));
    assertThat(failed)
        .has(threshold(1))
        .containsEntry("EvaluationPeriods", 1)
        .doesNotContainKeys("MetricName", "Namespace");
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void backfill_alarmsOnAFailedExecution(String stage) {
    assertThat(alarm(stage, "backfill-failed"))
        .containsEntry("MetricName", "ExecutionsFailed")
        .containsEntry("Namespace", "AWS/States")
        .containsEntry("Statistic", "Sum")
        .has(threshold(1));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void everyAlarm_notifiesTheTopicOnAlarmAndOk_atOrAboveItsThreshold(String stage) {
    var topic = List.of(ref(logicalId(stage, "AWS::SNS::Topic", "MonitoringTopic")));

    assertThat(resources(stage, "AWS::CloudWatch::Alarm").values())
        .hasSize(10)
        .allSatisfy(
            a ->
                assertThat(properties(a))
                    .containsEntry("AlarmActions", topic)
                    .containsEntry("OKActions", topic)
                    .containsEntry("ComparisonOperator", "GreaterThanOrEqualToThreshold")
                    .containsEntry("TreatMissingData", "notBreaching"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  @SuppressWarnings("unchecked")
  void topic_isEncryptedWithARotatedKeyCloudWatchMayUse_andTlsOnly(String stage) {
    String topic = logicalId(stage, "AWS::SNS::Topic", "MonitoringTopic");
    String key = logicalId(stage, "AWS::KMS::Key", "MonitoringTopicKey");
    assertThat(properties(resource(stage, "AWS::SNS::Topic", "MonitoringTopic")))
        .containsEntry("TopicName", "salesflow-" + stage + "-alarms")
        .containsEntry("KmsMasterKeyId", Map.of("Fn::GetAtt", List.of(key, "Arn")));
    var keyProps = properties(resource(stage, "AWS::KMS::Key", "MonitoringTopicKey"));
    assertThat(keyProps).containsEntry("EnableKeyRotation", true);
    assertThat((List<Object>) ((Map<String, Object>) keyProps.get("KeyPolicy")).get("Statement"))
        .contains(
            Map.of(
                "Sid", "CloudWatchAlarmsPublish",
                "Effect", "Allow",
                "Principal", Map.of("Service", "cloudwatch.amazonaws.com"),
                "Action", List.of("kms:Decrypt", "kms:GenerateDataKey*"),
                "Resource", "*"));
    var policy = properties(resource(stage, "AWS::SNS::TopicPolicy", "MonitoringTopic"));
    assertThat(policy).containsEntry("Topics", List.of(ref(topic)));
    assertThat(policy.get("PolicyDocument").toString())
        .contains("Effect=Deny")
        .contains("aws:SecureTransport=false")
        .contains("sns:Publish");
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void alarmEmail_subscribesToTheTopic(String stage) {
    Template t =
        Template.fromStack(TestStacks.build(stage, Map.of("alarmEmail", "oncall@example.com")));
    String topic =
        t.findResources("AWS::SNS::Topic").keySet().stream()
            .filter(id -> id.startsWith("MonitoringTopic"))
            .findFirst()
            .orElseThrow();

    t.resourceCountIs("AWS::SNS::Subscription", 1);
    t.hasResourceProperties(
        "AWS::SNS::Subscription",
        Map.of("Protocol", "email", "Endpoint", "oncall@example.com", "TopicArn", ref(topic)));
  }

  // ---------------------------------------------------------------- dashboard

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  @SuppressWarnings("unchecked")
  void dashboard_showsEveryAlarmAndTheIngestionAndQueryMetrics(String stage) {
    var dashboard = properties(resource(stage, "AWS::CloudWatch::Dashboard", "Monitoring"));
    assertThat(dashboard).containsEntry("DashboardName", "salesflow-" + stage);
    Map<String, Object> body = renderJson(dashboard.get("DashboardBody"));
    List<Map<String, Object>> widgets = widgets(body);

    assertThat(widgets)
        .extracting(w -> w.get("title"))
        .containsExactly(
            "Alarms",
            "Ingestion: records",
            "Ingestion: commits",
            "Ingestion: lag (ms)",
            "ddb-stream-etl function",
            "Ingestion: files and bytes",
            "athena-query function",
            "Athena: failed queries",
            "Athena: bytes scanned");
    assertThat((List<Object>) widgets.get(0).get("alarms"))
        .containsExactlyInAnyOrderElementsOf(
            resources(stage, "AWS::CloudWatch::Alarm").keySet().stream()
                .map(id -> "${" + id + ".Arn}")
                .toList());
    assertThat(widgets.subList(1, widgets.size()))
        .allSatisfy(w -> assertThat(w).containsEntry("region", "${AWS::Region}"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void dashboard_graphsTheEtlMetricsOfItsStage(String stage) {
    List<List<Object>> rows = metricRows(stage);

    for (String sum :
        List.of(
            "RecordsIn",
            "RowsWritten",
            "Deletes",
            "Commits",
            "CommitFailures",
            "CommitAttempts",
            "DataFiles",
            "DeleteFiles")) {
      assertThat(rows).contains(List.of(INGESTION, sum, "Stage", stage, Map.of("stat", "Sum")));
    }
    for (String right : List.of("Rejected", "ReplaySkipped", "BytesWritten")) {
      assertThat(rows)
          .contains(
              List.of(INGESTION, right, "Stage", stage, Map.of("stat", "Sum", "yAxis", "right")));
    }
    for (String p99 : List.of("CommitDuration", "WriteDuration")) {
      assertThat(rows)
          .contains(
              List.of(INGESTION, p99, "Stage", stage, Map.of("stat", "p99", "yAxis", "right")));
    }
    assertThat(rows)
        .contains(List.of(INGESTION, "FreshnessLag", "Stage", stage, Map.of("stat", "Maximum")));
    // Every ETL metric on the dashboard is this stage's.
    assertThat(rows.stream().filter(r -> INGESTION.equals(r.get(0))))
        .hasSize(14)
        .allSatisfy(r -> assertThat(r.subList(2, 4)).containsExactly("Stage", stage));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void dashboard_graphsTheFunctionsAndTheOnFailureQueue(String stage) {
    String etl = "${" + logicalId(stage, "AWS::Lambda::Function", "IngestionFunction") + "}";
    String query = "${" + logicalId(stage, "AWS::Lambda::Function", "ReportingFunction") + "}";
    String queue =
        "${" + logicalId(stage, "AWS::SQS::Queue", "IngestionFailureQueue") + ".QueueName}";
    List<List<Object>> rows = metricRows(stage);

    assertThat(rows)
        .contains(
            List.of("AWS/Lambda", "IteratorAge", "FunctionName", etl, Map.of("stat", "Maximum")),
            List.of("AWS/Lambda", "Invocations", "FunctionName", etl, Map.of("stat", "Sum")),
            List.of("AWS/Lambda", "Errors", "FunctionName", etl, Map.of("stat", "Sum")),
            List.of(
                "AWS/Lambda",
                "Duration",
                "FunctionName",
                etl,
                Map.of("stat", "p99", "yAxis", "right")),
            List.of(
                "AWS/Lambda",
                "Throttles",
                "FunctionName",
                etl,
                Map.of("stat", "Sum", "yAxis", "right")),
            List.of(
                "AWS/SQS",
                "ApproximateNumberOfMessagesVisible",
                "QueueName",
                queue,
                Map.of("stat", "Maximum", "yAxis", "right")),
            List.of("AWS/Lambda", "Invocations", "FunctionName", query, Map.of("stat", "Sum")),
            List.of("AWS/Lambda", "Errors", "FunctionName", query, Map.of("stat", "Sum")),
            List.of(
                "AWS/Lambda",
                "Duration",
                "FunctionName",
                query,
                Map.of("stat", "Maximum", "yAxis", "right")));
    // Lambda metrics are of these two functions only.
    assertThat(rows.stream().filter(r -> "AWS/Lambda".equals(r.get(0))).map(r -> r.get(3)))
        .containsOnly(etl, query)
        .hasSize(8);
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void dashboard_graphsTheWorkgroupsAthenaQueries(String stage) {
    String from = "FROM \"AWS/Athena\" WHERE WorkGroup = 'salesflow-" + stage + "'";

    assertThat(metricRows(stage))
        .contains(
            List.of(
                Map.of(
                    "label",
                    "Failed queries",
                    "expression",
                    "SELECT COUNT(TotalExecutionTime) " + from + " AND QueryState = 'FAILED'",
                    "period",
                    3600)),
            List.of(
                Map.of(
                    "label",
                    "Bytes scanned",
                    "expression",
                    "SELECT SUM(ProcessedBytes) " + from,
                    "period",
                    3600)),
            List.of(
                Map.of(
                    "label",
                    "Longest query (ms)",
                    "expression",
                    "SELECT MAX(TotalExecutionTime) " + from,
                    "period",
                    3600,
                    "yAxis",
                    "right")));
  }

  // ---------------------------------------------------------------- helpers

  /** The properties of the alarm named {@code salesflow-{stage}-{name}}. */
  private static Map<String, Object> alarm(String stage, String name) {
    return resources(stage, "AWS::CloudWatch::Alarm").values().stream()
        .map(TestStacks::properties)
        .filter(p -> ("salesflow-" + stage + "-" + name).equals(p.get("AlarmName")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no alarm salesflow-" + stage + "-" + name));
  }

  private static Map<String, Object> metric(
      String namespace, String name, String dimension, Object value) {
    return Map.of(
        "Namespace",
        namespace,
        "MetricName",
        name,
        "Dimensions",
        List.of(Map.of("Name", dimension, "Value", value)));
  }

  /** Statistic, period and evaluation of an alarm; its threshold: {@link #threshold}. */
  private static Map<String, Object> stat(String statistic, int period, int periods) {
    return Map.of(
        "Statistic",
        statistic,
        "Period",
        period,
        "EvaluationPeriods",
        periods,
        "DatapointsToAlarm",
        periods);
  }

  /** The alarm's threshold is {@code value} (whole numbers come back as integers). */
  private static Condition<Map<String, Object>> threshold(double value) {
    return new Condition<>(
        alarm -> toDouble(alarm.get("Threshold")) == value, "threshold %s", value);
  }

  private static Map<String, Object> stageMetric(String id, String name, String stage) {
    return Map.of(
        "Id",
        id,
        "MetricStat",
        Map.of(
            "Metric",
            Map.of(
                "Dimensions",
                List.of(Map.of("Name", "Stage", "Value", stage)),
                "MetricName",
                name,
                "Namespace",
                INGESTION),
            "Period",
            900,
            "Stat",
            "Sum"),
        "ReturnData",
        false);
  }

  private static Map<String, Object> ref(String logicalId) {
    return Map.of("Ref", logicalId);
  }

  private static double toDouble(Object value) {
    return ((Number) value).doubleValue();
  }

  /** An integer setting of the stage object in cdk.json. */
  @SuppressWarnings("unchecked")
  private static int stageSetting(String stage, String key) {
    var stages = (Map<String, Object>) TestStacks.cdkJsonContext().get("salesflow:stages");
    return ((Number) ((Map<String, Object>) stages.get(stage)).get(key)).intValue();
  }

  /** The widgets' properties, with type, in order. */
  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> widgets(Map<String, Object> body) {
    List<Map<String, Object>> widgets = new ArrayList<>();
    for (var widget : (List<Map<String, Object>>) body.get("widgets")) {
      Map<String, Object> props =
          new LinkedHashMap<>((Map<String, Object>) widget.get("properties"));
      props.put("type", widget.get("type"));
      widgets.add(props);
    }
    return widgets;
  }

  /** Every metric row of every graph of the stage's dashboard. */
  @SuppressWarnings("unchecked")
  private static List<List<Object>> metricRows(String stage) {
    var dashboard = properties(resource(stage, "AWS::CloudWatch::Dashboard", "Monitoring"));
    List<List<Object>> rows = new ArrayList<>();
    for (var widget : widgets(renderJson(dashboard.get("DashboardBody")))) {
      if ("metric".equals(widget.get("type"))) {
        rows.addAll((List<List<Object>>) widget.get("metrics"));
      }
    }
    return rows;
  }

  /**
   * The dashboard body as CloudFormation would produce it, parsed: an {@code Fn::Join} of strings,
   * {@code Ref}s (rendered {@code ${LogicalId}}) and {@code Fn::GetAtt}s ({@code
   * ${LogicalId.Attribute}}).
   */
  static Map<String, Object> renderJson(Object body) {
    String json = render(body);
    try {
      return new ObjectMapper().readValue(json, new TypeReference<>() {});
    } catch (IOException e) {
      throw new AssertionError("DashboardBody is not JSON: " + json, e);
    }
  }

  @SuppressWarnings("unchecked")
  static String render(Object value) {
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof Map<?, ?> map && map.size() == 1) {
      if (map.get("Ref") instanceof String ref) {
        return "${" + ref + "}";
      }
      if (map.get("Fn::GetAtt") instanceof List<?> att && att.size() == 2) {
        return "${" + att.get(0) + "." + att.get(1) + "}";
      }
      if (map.get("Fn::Join") instanceof List<?> join && join.size() == 2) {
        String separator = (String) join.get(0);
        List<String> parts = new ArrayList<>();
        for (Object part : (List<Object>) join.get(1)) {
          parts.add(render(part));
        }
        return String.join(separator, parts);
      }
    }
    throw new AssertionError("Cannot render " + value);
  }
}
