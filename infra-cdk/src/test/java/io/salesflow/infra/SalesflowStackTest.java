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
  void accessLogBucket_isPrivateEncryptedTlsOnly_withTheRulesOfItsFile(String stage) {
    var logs = resource(stage, "AWS::S3::Bucket", "StorageAccessLogs");
    assertThat(logs).containsEntry("DeletionPolicy", prod(stage) ? "Retain" : "Delete");
    assertThat(properties(logs))
        .containsEntry(
            "BucketEncryption",
            Map.of(
                "ServerSideEncryptionConfiguration",
                List.of(Map.of("ServerSideEncryptionByDefault", Map.of("SSEAlgorithm", "AES256")))))
        .containsEntry(
            "PublicAccessBlockConfiguration",
            Map.of(
                "BlockPublicAcls", true,
                "BlockPublicPolicy", true,
                "IgnorePublicAcls", true,
                "RestrictPublicBuckets", true))
        .containsEntry(
            "OwnershipControls",
            Map.of("Rules", List.of(Map.of("ObjectOwnership", "BucketOwnerEnforced"))))
        .doesNotContainKey("LoggingConfiguration");
    String logsId = TestStacks.logicalId(stage, "AWS::S3::Bucket", "StorageAccessLogs");
    assertThat(
            resources(stage, "AWS::S3::BucketPolicy").values().stream()
                .map(TestStacks::properties)
                .filter(p -> Map.of("Ref", logsId).equals(p.get("Bucket")))
                .map(Object::toString))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("aws:SecureTransport=false")
        .contains("s3:TlsVersion=1.2");

    var rules =
        (List<Map<String, Object>>)
            ((Map<String, Object>) properties(logs).get("LifecycleConfiguration")).get("Rules");
    assertThat(rules).isEqualTo(cfnRules(AnalyticsStorage.ACCESS_LOG_RULES));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void analyticsBucket_isBucketOwnerEnforced_andRefusesTlsBelow12(String stage) {
    String bucketId = TestStacks.logicalId(stage, "AWS::S3::Bucket", "StorageBucket");
    assertThat(properties(resource(stage, "AWS::S3::Bucket", "StorageBucket")))
        .containsEntry(
            "OwnershipControls",
            Map.of("Rules", List.of(Map.of("ObjectOwnership", "BucketOwnerEnforced"))));
    assertThat(
            resources(stage, "AWS::S3::BucketPolicy").values().stream()
                .map(TestStacks::properties)
                .filter(p -> Map.of("Ref", bucketId).equals(p.get("Bucket")))
                .map(Object::toString))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("aws:SecureTransport=false")
        .contains("s3:TlsVersion=1.2");
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  @SuppressWarnings("unchecked")
  void analyticsBucketRules_areExactlyTheRulesOfItsFile(String stage) {
    var bucket = properties(resource(stage, "AWS::S3::Bucket", "StorageBucket"));
    var rules =
        (List<Map<String, Object>>)
            ((Map<String, Object>) bucket.get("LifecycleConfiguration")).get("Rules");

    assertThat(rules).isEqualTo(cfnRules(AnalyticsStorage.ANALYTICS_RULES));
  }

  /** The rules of a {@code lifecycle/} file as CloudFormation's LifecycleConfiguration.Rules. */
  private static List<Map<String, Object>> cfnRules(String file) {
    var specs =
        io.salesflow.infra.lifecycle.LifecycleFile.read(
            TestStacks.MODULE.getParent().resolve("lifecycle").resolve(file));
    assertThat(specs).isNotEmpty();
    return specs.stream().map(SalesflowStackTest::cfnRule).toList();
  }

  private static Map<String, Object> cfnRule(io.salesflow.infra.lifecycle.LifecycleRuleSpec spec) {
    assertThat(
            spec.tags().isEmpty()
                && spec.objectSizeGreaterThan().isEmpty()
                && spec.objectSizeLessThan().isEmpty())
        .as("rule %s uses a filter this test does not render; extend cfnRule", spec.id())
        .isTrue();
    Map<String, Object> rule = new java.util.LinkedHashMap<>();
    rule.put("Id", spec.id());
    rule.put("Status", spec.enabled() ? "Enabled" : "Disabled");
    if (!spec.prefix().isEmpty()) {
      rule.put("Prefix", spec.prefix());
    }
    if (!spec.transitions().isEmpty()) {
      rule.put(
          "Transitions",
          spec.transitions().stream()
              .map(t -> Map.of("StorageClass", t.storageClass(), "TransitionInDays", t.days()))
              .toList());
    }
    spec.expirationDays().ifPresent(d -> rule.put("ExpirationInDays", d));
    if (spec.expiredObjectDeleteMarker()) {
      rule.put("ExpiredObjectDeleteMarker", true);
    }
    spec.noncurrentExpirationDays()
        .ifPresent(
            d -> {
              Map<String, Object> expiration = new java.util.LinkedHashMap<>();
              expiration.put("NoncurrentDays", d);
              spec.newerNoncurrentVersionsToKeep()
                  .ifPresent(n -> expiration.put("NewerNoncurrentVersions", n));
              rule.put("NoncurrentVersionExpiration", expiration);
            });
    if (!spec.noncurrentTransitions().isEmpty()) {
      rule.put(
          "NoncurrentVersionTransitions",
          spec.noncurrentTransitions().stream()
              .map(t -> Map.of("StorageClass", t.storageClass(), "TransitionInDays", t.days()))
              .toList());
    }
    spec.abortIncompleteMultipartUploadDays()
        .ifPresent(
            d -> rule.put("AbortIncompleteMultipartUpload", Map.of("DaysAfterInitiation", d)));
    return rule;
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void queueAndFunctionLogGroups_areRetainedInProd_andDeletedInDev(String stage) {
    String policy = prod(stage) ? "Retain" : "Delete";
    assertThat(resource(stage, "AWS::SQS::Queue", "IngestionFailureQueue"))
        .containsEntry("DeletionPolicy", policy)
        .containsEntry("UpdateReplacePolicy", policy);
    var functionLogs =
        resources(stage, "AWS::Logs::LogGroup").values().stream()
            .filter(g -> properties(g).containsKey("LogGroupName"))
            .toList();
    assertThat(functionLogs)
        .extracting(g -> properties(g).get("LogGroupName"))
        .containsExactlyInAnyOrder(
            "/aws/lambda/salesflow-" + stage + "-schema-bootstrap",
            "/aws/lambda/salesflow-" + stage + "-ddb-stream-etl",
            "/aws/lambda/salesflow-" + stage + "-athena-query",
            "/aws/lambda/salesflow-" + stage + "-table-maintenance",
            "/aws/lambda/salesflow-" + stage + "-backfill-coordinator",
            "/aws/lambda/salesflow-" + stage + "-backfill-worker",
            "/aws/vendedlogs/states/salesflow-" + stage + "-backfill");
    assertThat(functionLogs)
        .allSatisfy(
            g ->
                assertThat(g)
                    .containsEntry("DeletionPolicy", policy)
                    .containsEntry("UpdateReplacePolicy", policy)
                    .extracting(TestStacks::properties)
                    .isEqualTo(
                        Map.of(
                            "LogGroupName", properties(g).get("LogGroupName"),
                            "RetentionInDays", prod(stage) ? 90 : 14,
                            "Tags",
                                List.of(
                                    Map.of("Key", "project", "Value", "salesflow"),
                                    Map.of("Key", "stage", "Value", stage)))));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  @SuppressWarnings("unchecked")
  void providerFrameworkLogGroup_followsTheStage_retainedInProdAndDeletedInDev(String stage) {
    String policy = prod(stage) ? "Retain" : "Delete";
    String providerLogs = TestStacks.logicalId(stage, "AWS::Logs::LogGroup", "TablesProviderLogs");
    assertThat(resource(stage, "AWS::Logs::LogGroup", "TablesProviderLogs"))
        .containsEntry("DeletionPolicy", policy)
        .containsEntry("UpdateReplacePolicy", policy)
        .extracting(TestStacks::properties)
        .isEqualTo(
            Map.of(
                "RetentionInDays",
                prod(stage) ? 90 : 14,
                "Tags",
                List.of(
                    Map.of("Key", "project", "Value", "salesflow"),
                    Map.of("Key", "stage", "Value", stage))));
    // The framework's onEvent function logs there, and it is the only unnamed log group: the
    // framework creates none of its own.
    var onEvent =
        properties(resource(stage, "AWS::Lambda::Function", "TablesProviderframeworkonEvent"));
    assertThat((Map<String, Object>) onEvent.get("LoggingConfig"))
        .containsEntry("LogGroup", Map.of("Ref", providerLogs));
    assertThat(
            resources(stage, "AWS::Logs::LogGroup").entrySet().stream()
                .filter(e -> !properties(e.getValue()).containsKey("LogGroupName"))
                .map(Map.Entry::getKey))
        .containsExactly(providerLogs);
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void terminationProtection_isOnInProdOnly(String stage) {
    assertThat(TestStacks.stack(stage).getTerminationProtection()).isEqualTo(prod(stage));
    assertThat(TestStacks.stack(stage).getStackName()).isEqualTo("salesflow-" + stage);
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
      for (String table :
          List.of("sales_history", "sales_history_errors", "sales_history_tombstones")) {
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
        .containsEntry(
            "Tables", List.of("sales_history", "sales_history_errors", "sales_history_tombstones"))
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
    String function = TestStacks.logicalId(stage, "AWS::Lambda::Function", "IngestionFunction");
    String version = TestStacks.logicalId(stage, "AWS::Lambda::Version", "IngestionFunction");
    assertThat(properties(resource(stage, "AWS::Lambda::Version", "IngestionFunction")))
        .containsEntry("FunctionName", Map.of("Ref", function));
    // The alias points at the current version (a new one per code or configuration change).
    assertThat(properties(resource(stage, "AWS::Lambda::Alias", "IngestionAlias")))
        .containsEntry("Name", "live")
        .containsEntry("FunctionName", Map.of("Ref", function))
        .containsEntry("FunctionVersion", Map.of("Fn::GetAtt", List.of(version, "Version")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  @SuppressWarnings("unchecked")
  void functionsKeyColumns_areTheSalesTablesKeySchema(String stage) {
    var keySchema =
        (List<Map<String, Object>>)
            properties(resource(stage, "AWS::DynamoDB::Table", "SalesTable")).get("KeySchema");
    assertThat(keySchema).extracting(k -> k.get("KeyType")).containsExactly("HASH", "RANGE");
    String key =
        String.join(",", keySchema.stream().map(k -> (String) k.get("AttributeName")).toList());

    assertThat(key).isEqualTo(String.join(",", SalesSourceTable.KEY_COLUMNS));
    for (String function : List.of("IngestionFunction", "TablesFunction", "MaintenanceFunction")) {
      var env = properties(resource(stage, "AWS::Lambda::Function", function)).get("Environment");
      assertThat((Map<String, Object>) ((Map<String, Object>) env).get("Variables"))
          .as("%s environment", function)
          .containsEntry("SALESFLOW_KEY_COLUMNS", key);
    }
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
        // retryAttempts -1: unset, the service default, retries until the records leave the stream
        .doesNotContainKey("MaximumRetryAttempts")
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
                            Map.of(
                                "EncryptionConfiguration",
                                Map.of("EncryptionOption", "SSE_S3"),
                                "ExpectedBucketOwner",
                                Map.of("Ref", "AWS::AccountId"),
                                "OutputLocation",
                                Map.of(
                                    "Fn::Join",
                                    List.of(
                                        "",
                                        List.of(
                                            "s3://",
                                            Map.of(
                                                "Ref",
                                                TestStacks.logicalId(
                                                    stage, "AWS::S3::Bucket", "StorageBucket")),
                                            "/athena-results/")))))))));
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
    String query = TestStacks.logicalId(stage, "AWS::Lambda::Function", "ReportingFunction");
    // The SourceArns of the events-to-athena-query invoke permissions.
    var permissions =
        resources(stage, "AWS::Lambda::Permission").values().stream()
            .map(TestStacks::properties)
            .filter(p -> "events.amazonaws.com".equals(p.get("Principal")))
            .filter(p -> Map.of("Fn::GetAtt", List.of(query, "Arn")).equals(p.get("FunctionName")))
            .toList();
    assertThat(permissions)
        .hasSize(planned.size())
        .allSatisfy(p -> assertThat(p).containsEntry("Action", "lambda:InvokeFunction"));
    var invokePermissions = permissions.stream().map(p -> p.get("SourceArn")).toList();
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
      assertThat(targets)
          .allSatisfy(
              target ->
                  assertThat(target)
                      .containsEntry("Arn", Map.of("Fn::GetAtt", List.of(query, "Arn")))
                      .containsEntry(
                          "RetryPolicy",
                          Map.of("MaximumEventAgeInSeconds", 3600, "MaximumRetryAttempts", 2)));
      String ruleId =
          rules.entrySet().stream()
              .filter(e -> properties(e.getValue()).equals(rule))
              .map(Map.Entry::getKey)
              .findFirst()
              .orElseThrow();
      assertThat(invokePermissions)
          .as("EventBridge may invoke athena-query from rule %s", ruleId)
          .contains(Map.of("Fn::GetAtt", List.of(ruleId, "Arn")));
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
            "salesflow-" + stage + "-table-maintenance-errors",
            "salesflow-" + stage + "-backfill-failed");
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
    // Each alarm's metric, dimensions and threshold, the e-mail subscription and the dashboard's
    // name and body: MonitoringTest.
  }

  @Test
  void prodBucketNameOverride_reachesTheBucketAndItsUsers() {
    Template t =
        Template.fromStack(TestStacks.build("prod", Map.of("bucketName", "acme-sales-prod")));
    var buckets = t.findResources("AWS::S3::Bucket");
    String bucket =
        buckets.keySet().stream()
            .filter(id -> id.startsWith("StorageBucket"))
            .findFirst()
            .orElseThrow();

    assertThat(TestStacks.properties(buckets.get(bucket)))
        .containsEntry("BucketName", "acme-sales-prod");
    assertThat(buckets.get(bucket)).containsEntry("DeletionPolicy", "Retain");
    assertThat(buckets.toString()).doesNotContain("carousel-prod-analytics");
    // Functions get the bucket by reference, so the override reaches them too.
    t.hasResourceProperties(
        "AWS::Lambda::Function",
        Match.objectLike(
            Map.of(
                "Handler",
                "io.salesflow.etl.StreamEtlHandler",
                "Environment",
                Map.of(
                    "Variables",
                    Match.objectLike(
                        Map.of("SALESFLOW_ANALYTICS_BUCKET", Map.of("Ref", bucket)))))));
  }

  @Test
  void contextOverrides_reachTheStack_emailBucketTenantsMemoryTimeoutAndJava21() {
    SalesflowStack stack =
        TestStacks.build(
            "dev",
            Map.of(
                "alarmEmail", "ops@example.com",
                "bucketName", "acme-dev-sales-analytics",
                "reportTenants", "carousel-labs,smartgo-shop",
                "etlMemoryMb", "4096",
                "etlTimeoutSeconds", "120",
                "lambdaRuntime", "java21"));
    Template t = Template.fromStack(stack);

    assertThat(new io.github.cdklabs.cdknag.AwsSolutionsChecks().validateScope(stack).getSuccess())
        .as("cdk-nag passes with the java21 fallback (acknowledged, with its reason)")
        .isTrue();
    assertThat(t.findResources("AWS::Lambda::Function").values().toString())
        .doesNotContain("java25")
        .contains("Runtime=java21");
    String topic =
        t.findResources("AWS::SNS::Topic").keySet().stream()
            .filter(id -> id.startsWith("MonitoringTopic"))
            .findFirst()
            .orElseThrow();
    t.hasResourceProperties(
        "AWS::SNS::Subscription",
        Map.of(
            "Protocol", "email", "Endpoint", "ops@example.com", "TopicArn", Map.of("Ref", topic)));
    t.hasResourceProperties(
        "AWS::S3::Bucket", Match.objectLike(Map.of("BucketName", "acme-dev-sales-analytics")));
    t.hasResourceProperties(
        "AWS::Lambda::Function",
        Match.objectLike(
            Map.of(
                "Handler",
                "io.salesflow.etl.StreamEtlHandler",
                "MemorySize",
                4096,
                "Timeout",
                120)));
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

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void redrivePolicy_readsTheQueueAndStream_andWritesOnlyTheTables(String stage) {
    String queue = TestStacks.logicalId(stage, "AWS::SQS::Queue", "IngestionFailureQueue");
    String table = TestStacks.logicalId(stage, "AWS::DynamoDB::Table", "SalesTable");
    var policy = properties(resource(stage, "AWS::IAM::ManagedPolicy", "IngestionRedrivePolicy"));
    assertThat(policy.get("ManagedPolicyName")).isEqualTo("salesflow-" + stage + "-etl-redrive");
    String document = policy.get("PolicyDocument").toString();
    assertThat(document)
        .contains("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility")
        .contains(queue)
        .contains("dynamodb:GetShardIterator", "dynamodb:GetRecords", "dynamodb:DescribeTable")
        .contains(table + ", StreamArn")
        .contains("glue:UpdateTable")
        .contains("s3:PutObject")
        .doesNotContain("sqs:SendMessage")
        .doesNotContain("dynamodb:PutItem");
    var outputs = template(stage).toJSON().get("Outputs").toString();
    assertThat(outputs).contains("EtlFailureQueueUrl").contains("EtlRedrivePolicy");
  }
}
