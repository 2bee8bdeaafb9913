package io.salesflow.infra;

import static io.salesflow.infra.TestStacks.properties;
import static io.salesflow.infra.TestStacks.resource;
import static io.salesflow.infra.TestStacks.resources;
import static io.salesflow.infra.TestStacks.template;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** What the stack defines, per stage, asserted on the synthesized template. */
class SalesflowStackTest {

  private static boolean prod(String stage) {
    return stage.equals("prod");
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void analyticsBucket_isPrivateEncryptedVersionedLoggedAndTlsOnly(String stage) {
    Template t = template(stage);
    t.hasResource(
        "AWS::S3::Bucket",
        Match.objectLike(
            Map.of(
                "Properties",
                Match.objectLike(
                    Map.of(
                        "BucketName", "carousel-" + stage + "-analytics",
                        "BucketEncryption",
                            Map.of(
                                "ServerSideEncryptionConfiguration",
                                List.of(
                                    Map.of(
                                        "ServerSideEncryptionByDefault",
                                        Map.of("SSEAlgorithm", "AES256")))),
                        "PublicAccessBlockConfiguration",
                            Map.of(
                                "BlockPublicAcls", true,
                                "BlockPublicPolicy", true,
                                "IgnorePublicAcls", true,
                                "RestrictPublicBuckets", true),
                        "VersioningConfiguration", Map.of("Status", "Enabled"),
                        "LoggingConfiguration",
                            Match.objectLike(Map.of("LogFilePrefix", "analytics-bucket/")))),
                "DeletionPolicy",
                prod(stage) ? "Retain" : "Delete")));
    // Both buckets deny plain HTTP.
    var denies =
        resources(stage, "AWS::S3::BucketPolicy").values().stream()
            .filter(p -> properties(p).toString().contains("aws:SecureTransport=false"))
            .count();
    assertThat(denies).isEqualTo(2);
    t.resourceCountIs("Custom::S3AutoDeleteObjects", prod(stage) ? 0 : 2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  @SuppressWarnings("unchecked")
  void deployedLifecycleRules_areTheFileRules_andLeaveTheLiveTablesAlone(String stage) {
    var bucket = properties(resource(stage, "AWS::S3::Bucket", "StorageBucket"));
    var rules =
        (List<Map<String, Object>>)
            ((Map<String, Object>) bucket.get("LifecycleConfiguration")).get("Rules");
    var fileRules =
        io.salesflow.infra.lifecycle.LifecycleFile.read(
            TestStacks.MODULE.getParent().resolve("lifecycle/analytics-bucket.json"));

    assertThat(rules)
        .extracting(r -> r.get("Id"))
        .containsExactlyElementsOf(fileRules.stream().map(r -> r.id()).toList());
    for (var rule : rules) {
      boolean currentObjects =
          rule.containsKey("Transitions")
              || rule.containsKey("ExpirationInDays")
              || rule.containsKey("ExpirationDate");
      String prefix = (String) rule.getOrDefault("Prefix", "");
      for (String table : List.of("sales_history", "sales_history_errors")) {
        for (String dir : List.of("data/", "metadata/")) {
          String live = "pricing-intelligence/" + table + "/" + dir;
          boolean overlaps = live.startsWith(prefix) || prefix.startsWith(live);
          assertThat(currentObjects && overlaps)
              .as("rule %s transitions or expires objects under %s", rule.get("Id"), live)
              .isFalse();
        }
      }
    }
    assertThat(rules)
        .anySatisfy(
            r ->
                assertThat(r)
                    .containsEntry("Prefix", "athena-results/")
                    .containsEntry("ExpirationInDays", 7))
        .anySatisfy(
            r ->
                assertThat(r)
                    .doesNotContainKey("Prefix")
                    .containsEntry(
                        "AbortIncompleteMultipartUpload", Map.of("DaysAfterInitiation", 2)))
        .anySatisfy(
            r ->
                assertThat(r)
                    .containsEntry("Prefix", "archive/")
                    .containsEntry(
                        "Transitions",
                        List.of(Map.of("StorageClass", "GLACIER", "TransitionInDays", 0)))
                    .containsEntry("ExpirationInDays", 1825));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void salesTable_matchesTheEtlKeyWithStreamTtlAndRecovery(String stage) {
    template(stage)
        .hasResource(
            "AWS::DynamoDB::Table",
            Match.objectLike(
                Map.of(
                    "Properties",
                    Match.objectLike(
                        Map.of(
                            "KeySchema",
                                List.of(
                                    Map.of("AttributeName", "tenant_id", "KeyType", "HASH"),
                                    Map.of("AttributeName", "product_id", "KeyType", "RANGE")),
                            "AttributeDefinitions",
                                List.of(
                                    Map.of("AttributeName", "tenant_id", "AttributeType", "S"),
                                    Map.of("AttributeName", "product_id", "AttributeType", "S")),
                            "BillingMode", "PAY_PER_REQUEST",
                            "PointInTimeRecoverySpecification",
                                Map.of("PointInTimeRecoveryEnabled", true),
                            "TimeToLiveSpecification",
                                Map.of("AttributeName", "ttl", "Enabled", true),
                            "StreamSpecification", Map.of("StreamViewType", "NEW_AND_OLD_IMAGES"),
                            "DeletionProtectionEnabled", prod(stage))),
                    "DeletionPolicy",
                    prod(stage) ? "Retain" : "Delete")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void icebergTables_comeFromTheBootstrapCustomResource_notGlueTables(String stage) {
    Template t = template(stage);
    t.resourceCountIs("AWS::Glue::Table", 0);
    t.hasResource(
        "AWS::Glue::Database",
        Match.objectLike(
            Map.of(
                "Properties",
                Match.objectLike(
                    Map.of(
                        "DatabaseInput",
                        Match.objectLike(Map.of("Name", "pricing_intelligence_" + stage)))),
                "DeletionPolicy",
                prod(stage) ? "Retain" : "Delete")));
    Map<String, Object> schema = properties(resource(stage, IcebergTables.RESOURCE_TYPE, "Tables"));
    assertThat(schema)
        .containsEntry("Stage", stage)
        .containsEntry("Tables", List.of("sales_history", "sales_history_errors"))
        .containsEntry("DropTablesOnDelete", Boolean.toString(!prod(stage)))
        .containsKey("BootstrapJarSha256");
    // The Provider's framework relays to schema-bootstrap.
    t.hasResourceProperties(
        "AWS::Lambda::Function",
        Map.of(
            "Handler", "io.salesflow.bootstrap.SchemaBootstrapHandler",
            "Runtime", "java25",
            "Environment",
                Map.of(
                    "Variables",
                    Match.objectLike(
                        Map.of(
                            "SALESFLOW_CATALOG_TYPE",
                            "glue",
                            "SALESFLOW_STAGE",
                            stage,
                            "SALESFLOW_DATABASE",
                            "pricing_intelligence_" + stage)))));
    t.hasResourceProperties(
        "AWS::Lambda::Function",
        Match.objectLike(
            Map.of(
                "Handler",
                "framework.onEvent",
                "Environment",
                Map.of(
                    "Variables",
                    Map.of(
                        "USER_ON_EVENT_FUNCTION_ARN",
                        Map.of(
                            "Fn::GetAtt",
                            List.of(
                                TestStacks.logicalId(
                                    stage, "AWS::Lambda::Function", "TablesFunction"),
                                "Arn")))))));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void etlFunction_usesGlueIcebergRestWithSnapStartOnAPublishedAlias(String stage) {
    var etl = properties(resource(stage, "AWS::Lambda::Function", "IngestionFunction"));
    assertThat(etl)
        .containsEntry("Runtime", "java25")
        .containsEntry("Handler", "io.salesflow.etl.StreamEtlHandler")
        .containsEntry("MemorySize", prod(stage) ? 3008 : 2048)
        .containsEntry("Timeout", 300)
        .containsEntry("SnapStart", Map.of("ApplyOn", "PublishedVersions"));
    String env = etl.get("Environment").toString();
    assertThat(env)
        .contains("SALESFLOW_CATALOG_TYPE=rest")
        .contains("https://glue.")
        .contains("/iceberg")
        .contains("rest.sigv4-enabled=true,rest.signing-name=glue,rest.signing-region=")
        .contains("ETL_MODE=upsert")
        .contains("ETL_COMMIT_SAFETY_MARGIN_MS=" + (prod(stage) ? "15000" : "10000"))
        .contains("ETL_COMMIT_ATTEMPTS=" + (prod(stage) ? "8" : "5"));
    template(stage).resourceCountIs("AWS::Lambda::Version", 1);
    template(stage)
        .hasResourceProperties("AWS::Lambda::Alias", Match.objectLike(Map.of("Name", "live")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void maintenanceFunction_runsNightly_withTheLambdaTimeoutAsItsBudget(String stage) {
    var fn = properties(resource(stage, "AWS::Lambda::Function", "MaintenanceFunction"));
    assertThat(fn)
        .containsEntry("Runtime", "java25")
        .containsEntry("Handler", "io.salesflow.maintenance.TableMaintenanceHandler")
        .containsEntry("MemorySize", 3008)
        .containsEntry("Timeout", 900)
        .doesNotContainKey("SnapStart");
    assertThat(fn.get("Environment").toString())
        .contains("SALESFLOW_CATALOG_TYPE=rest")
        .contains("rest.sigv4-enabled=true,rest.signing-name=glue")
        .contains("SALESFLOW_DATABASE=pricing_intelligence_" + stage)
        .contains("MAINTENANCE_TASKS=compact,archive,manifests,expire,orphans")
        .contains("MAINTENANCE_ACTIVE_MONTHS=24")
        .contains("MAINTENANCE_ORPHAN_MIN_AGE_HOURS=72");
    String function = TestStacks.logicalId(stage, "AWS::Lambda::Function", "MaintenanceFunction");
    var rule = properties(resource(stage, "AWS::Events::Rule", "MaintenanceNightly"));
    assertThat(rule)
        .containsEntry("ScheduleExpression", "cron(15 3 * * ? *)")
        .containsEntry("State", "ENABLED")
        .containsEntry("Name", "salesflow-" + stage + "-table-maintenance");
    assertThat(rule.get("Targets").toString())
        .contains(function)
        .contains("MaximumRetryAttempts=1");
    template(stage)
        .hasResourceProperties(
            "AWS::Lambda::Permission",
            Match.objectLike(
                Map.of(
                    "Action", "lambda:InvokeFunction",
                    "Principal", "events.amazonaws.com",
                    "FunctionName", Map.of("Fn::GetAtt", List.of(function, "Arn")))));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void eventSourceMapping_bisectsRetriesReportsItemFailuresAndParksFailures(String stage) {
    String queue = TestStacks.logicalId(stage, "AWS::SQS::Queue", "IngestionFailureQueue");
    String table = TestStacks.logicalId(stage, "AWS::DynamoDB::Table", "SalesTable");
    var mapping = properties(resource(stage, "AWS::Lambda::EventSourceMapping", "Ingestion"));
    assertThat(mapping)
        .containsEntry("BatchSize", prod(stage) ? 1000 : 500)
        .containsEntry("MaximumBatchingWindowInSeconds", prod(stage) ? 10 : 5)
        .containsEntry("ParallelizationFactor", prod(stage) ? 4 : 2)
        .containsEntry("BisectBatchOnFunctionError", true)
        .containsEntry("MaximumRetryAttempts", prod(stage) ? 20 : 10)
        .containsEntry("MaximumRecordAgeInSeconds", 86400)
        .containsEntry("FunctionResponseTypes", List.of("ReportBatchItemFailures"))
        .containsEntry("StartingPosition", "TRIM_HORIZON")
        .containsEntry("EventSourceArn", Map.of("Fn::GetAtt", List.of(table, "StreamArn")))
        .containsEntry(
            "DestinationConfig",
            Map.of(
                "OnFailure", Map.of("Destination", Map.of("Fn::GetAtt", List.of(queue, "Arn")))));
    // It invokes the alias (SnapStart), and only once the tables exist.
    assertThat(mapping.get("FunctionName").toString()).contains(":live");
    assertThat(
            resource(stage, "AWS::Lambda::EventSourceMapping", "Ingestion")
                .get("DependsOn")
                .toString())
        .contains(TestStacks.logicalId(stage, IcebergTables.RESOURCE_TYPE, "Tables"));
    assertThat(properties(resource(stage, "AWS::SQS::Queue", "IngestionFailureQueue")))
        .containsEntry("SqsManagedSseEnabled", true)
        .containsEntry("MessageRetentionPeriod", 14 * 24 * 3600);
    assertThat(
            resources(stage, "AWS::SQS::QueuePolicy").values().stream()
                .anyMatch(p -> properties(p).toString().contains("aws:SecureTransport=false")))
        .isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void athenaWorkgroup_enforcesEncryptedResultsAndAScanCutoff(String stage) {
    template(stage)
        .hasResourceProperties(
            "AWS::Athena::WorkGroup",
            Match.objectLike(
                Map.of(
                    "Name",
                    "salesflow-" + stage,
                    "WorkGroupConfiguration",
                    Match.objectLike(
                        Map.of(
                            "EnforceWorkGroupConfiguration",
                            true,
                            "PublishCloudWatchMetricsEnabled",
                            true,
                            "BytesScannedCutoffPerQuery",
                            (prod(stage) ? 102400L : 10240L) * 1024 * 1024,
                            "EngineVersion",
                            Map.of("SelectedEngineVersion", "Athena engine version 3"),
                            "ResultConfiguration",
                            Match.objectLike(
                                Map.of(
                                    "EncryptionConfiguration",
                                    Map.of("EncryptionOption", "SSE_S3"))))))));
    var query = properties(resource(stage, "AWS::Lambda::Function", "ReportingFunction"));
    assertThat(query)
        .containsEntry("Handler", "io.salesflow.athenaquery.AthenaQueryHandler")
        .containsEntry("Timeout", 900);
    assertThat(query.get("Environment").toString())
        .contains("SALESFLOW_ATHENA_WORKGROUP=salesflow-" + stage)
        .contains("SALESFLOW_QUERY_ENGINE=athena")
        .contains("SALESFLOW_DATABASE=pricing_intelligence_" + stage);
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void everyScheduledQuery_hasOneRuleWithItsCronQueryAndParameters(String stage) {
    var rules = resources(stage, "AWS::Events::Rule");
    // The nightly maintenance rule is asserted in maintenanceFunction_runsNightly...
    rules.keySet().removeIf(id -> id.startsWith("MaintenanceNightly"));
    var planned =
        io.salesflow.infra.schedule.ReportSchedules.plan(
            TestStacks.MODULE.getParent().resolve("sql"), List.of("carousel-labs"));
    assertThat(planned).hasSizeGreaterThanOrEqualTo(10);
    assertThat(rules).hasSize(planned.size());
    for (var report : planned) {
      var rule =
          rules.values().stream()
              .map(TestStacks::properties)
              .filter(p -> ("salesflow-" + stage + "-" + report.query()).equals(p.get("Name")))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no rule for " + report.query()));
      assertThat(rule).containsEntry("ScheduleExpression", report.cron());
      @SuppressWarnings("unchecked")
      var targets = (List<Map<String, Object>>) rule.get("Targets");
      assertThat(targets).hasSize(report.runs().size());
      for (int i = 0; i < targets.size(); i++) {
        Map<String, Object> event = deliveredEvent(targets.get(i));
        assertThat(event)
            .containsEntry("detail-type", "Scheduled Event")
            .containsEntry("source", "aws.events")
            .containsEntry("id", "event-1")
            .containsEntry("time", "2026-01-01T07:00:00Z");
        assertThat(event.get("detail"))
            .isEqualTo(Map.of("query", report.query(), "parameters", report.runs().get(i)));
      }
    }
  }

  /** The event the rule target delivers, for a scheduled event with sample id and time. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> deliveredEvent(Map<String, Object> target) {
    var transformer = (Map<String, Object>) target.get("InputTransformer");
    assertThat((Map<String, Object>) transformer.get("InputPathsMap"))
        .containsEntry("id", "$.id")
        .containsEntry("time", "$.time");
    String json =
        transformer
            .get("InputTemplate")
            .toString()
            .replace("<id>", "\"event-1\"")
            .replace("<detail-type>", "\"Scheduled Event\"")
            .replace("<source>", "\"aws.events\"")
            .replace("<time>", "\"2026-01-01T07:00:00Z\"");
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, Map.class);
    } catch (java.io.IOException e) {
      throw new AssertionError("InputTemplate is not JSON: " + json, e);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void alarms_coverIngestionAndQueries_andNotifyTheEncryptedTopic(String stage) {
    var alarms = resources(stage, "AWS::CloudWatch::Alarm");
    assertThat(alarms.values().stream().map(a -> properties(a).get("AlarmName")))
        .containsExactlyInAnyOrder(
            "salesflow-" + stage + "-etl-errors",
            "salesflow-" + stage + "-etl-iterator-age",
            "salesflow-" + stage + "-etl-failure-queue",
            "salesflow-" + stage + "-etl-rejected-rate",
            "salesflow-" + stage + "-etl-commit-failures",
            "salesflow-" + stage + "-etl-freshness-lag",
            "salesflow-" + stage + "-athena-query-errors",
            "salesflow-" + stage + "-athena-failed-queries",
            "salesflow-" + stage + "-table-maintenance-errors");
    String topic = TestStacks.logicalId(stage, "AWS::SNS::Topic", "MonitoringTopic");
    assertThat(alarms.values())
        .allSatisfy(
            a ->
                assertThat(properties(a))
                    .containsEntry("AlarmActions", List.of(Map.of("Ref", topic)))
                    .containsEntry("TreatMissingData", "notBreaching"));
    String all = alarms.values().toString();
    assertThat(all)
        .contains("Namespace=Salesflow/Ingestion")
        .contains("MetricName=CommitFailures")
        .contains("MetricName=FreshnessLag")
        .contains("MetricName=IteratorAge")
        .contains("MetricName=ApproximateNumberOfMessagesVisible")
        .contains("100 * rejected / records")
        .contains(
            "FROM \"AWS/Athena\" WHERE WorkGroup = 'salesflow-"
                + stage
                + "' AND QueryState = 'FAILED'");
    assertThat(properties(resource(stage, "AWS::SNS::Topic", "MonitoringTopic")))
        .containsKey("KmsMasterKeyId");
    template(stage).resourceCountIs("AWS::SNS::Subscription", 0);
    template(stage)
        .hasResourceProperties(
            "AWS::CloudWatch::Dashboard",
            Map.of("DashboardName", "salesflow-" + stage, "DashboardBody", Match.anyValue()));
  }

  @Test
  void contextOverrides_reachTheStack_emailBucketTenantsMemoryAndJava21() {
    SalesflowStack stack =
        TestStacks.build(
            "dev",
            Map.of(
                "alarmEmail", "ops@example.com",
                "bucketName", "acme-dev-sales-analytics",
                "reportTenants", "carousel-labs,smartgo-shop",
                "etlMemoryMb", "4096",
                "lambdaRuntime", "java21"));
    Template t = Template.fromStack(stack);

    assertThat(new io.github.cdklabs.cdknag.AwsSolutionsChecks().validateScope(stack).getSuccess())
        .as("cdk-nag passes with the java21 fallback (acknowledged, with its reason)")
        .isTrue();
    assertThat(t.findResources("AWS::Lambda::Function").values().toString())
        .doesNotContain("java25")
        .contains("Runtime=java21");
    t.hasResourceProperties(
        "AWS::SNS::Subscription",
        Map.of("Protocol", "email", "Endpoint", "ops@example.com", "TopicArn", Match.anyValue()));
    t.hasResourceProperties(
        "AWS::S3::Bucket", Match.objectLike(Map.of("BucketName", "acme-dev-sales-analytics")));
    t.hasResourceProperties(
        "AWS::Lambda::Function",
        Match.objectLike(
            Map.of("Handler", "io.salesflow.etl.StreamEtlHandler", "MemorySize", 4096)));
    t.hasResourceProperties(
        "AWS::Events::Rule",
        Match.objectLike(
            Map.of(
                "Name",
                "salesflow-dev-monthly_sales_trend",
                "Targets",
                Match.arrayWith(
                    List.of(
                        Match.objectLike(Map.of("Id", "Target0")),
                        Match.objectLike(Map.of("Id", "Target1")))))));
  }
}
