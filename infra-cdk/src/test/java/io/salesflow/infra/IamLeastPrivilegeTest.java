package io.salesflow.infra;

import static io.salesflow.infra.TestStacks.properties;
import static io.salesflow.infra.TestStacks.resources;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each function may do only what it uses, on the ARNs it uses. Policies are read from the template;
 * intrinsic functions are rendered as text ({@code ${AWS::Region}}, {@code ${Logical.Arn}}) so
 * resources can be compared exactly.
 */
class IamLeastPrivilegeTest {

  /** Actions without resource-level permissions: the only ones allowed on "*". */
  private static final Set<String> NO_RESOURCE_LEVEL =
      Set.of(
          "dynamodb:ListStreams",
          // the backfill state machine's X-Ray tracing and log delivery
          "xray:PutTraceSegments",
          "xray:PutTelemetryRecords",
          "xray:GetSamplingRules",
          "xray:GetSamplingTargets",
          "logs:CreateLogDelivery",
          "logs:GetLogDelivery",
          "logs:UpdateLogDelivery",
          "logs:DeleteLogDelivery",
          "logs:ListLogDeliveries",
          "logs:PutResourcePolicy",
          "logs:DescribeResourcePolicies",
          "logs:DescribeLogGroups");

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void noWildcardActions_andStarOnlyWhereNoArnExists(String stage) {
    for (var statement : allStatements(stage)) {
      assertThat(actions(statement)).allSatisfy(a -> assertThat(a).doesNotContain("*"));
      if (resourceTexts(statement).contains("*")) {
        assertThat(actions(statement)).isSubsetOf(NO_RESOURCE_LEVEL);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void etl_readsTheStreamSendsToItsQueueAndCommitsOnlyItsTablesThroughGlueRest(String stage) {
    var statements = statements(stage, "IngestionFunctionRole");
    String db = "pricing_intelligence_" + stage;
    assertThat(grants(statements, "glue:"))
        .containsOnlyKeys(
            "glue:GetCatalog", "glue:GetDatabase", "glue:GetTable", "glue:UpdateTable")
        .containsEntry("glue:GetCatalog", Set.of(catalog()))
        .containsEntry("glue:GetDatabase", Set.of(catalog(), database(db)))
        .containsEntry("glue:UpdateTable", tableScope(db));
    assertThat(grants(statements, "dynamodb:"))
        .containsEntry("dynamodb:GetRecords", Set.of(streamArn(stage)))
        .containsEntry("dynamodb:GetShardIterator", Set.of(streamArn(stage)))
        .containsEntry("dynamodb:DescribeStream", Set.of(streamArn(stage)));
    assertThat(grants(statements, "sqs:"))
        .containsOnlyKeys("sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl")
        .allSatisfy((a, r) -> assertThat(r).containsExactly("${" + queue(stage) + ".Arn}"));
    String bucket = bucket(stage);
    assertThat(grants(statements, "s3:"))
        .containsOnlyKeys(
            "s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload")
        .containsEntry(
            "s3:PutObject",
            Set.of(
                bucket + "/pricing-intelligence/sales_history/*",
                bucket + "/pricing-intelligence/sales_history_errors/*",
                bucket + "/pricing-intelligence/sales_history_tombstones/*"));
    assertLogsOnlyToOwnGroup(stage, statements, "IngestionFunctionLogs");
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void maintenance_touchesOnlySalesHistoryAndItsArchivePrefix(String stage) {
    var statements = statements(stage, "MaintenanceFunctionRole");
    String db = "pricing_intelligence_" + stage;
    String table = "arn:${AWS::Partition}:glue:${AWS::Region}:${AWS::AccountId}:table/" + db + "/";
    assertThat(grants(statements, "glue:"))
        .containsOnlyKeys(
            "glue:GetCatalog", "glue:GetDatabase", "glue:GetTable", "glue:UpdateTable")
        .containsEntry("glue:GetCatalog", Set.of(catalog()))
        .containsEntry("glue:GetDatabase", Set.of(catalog(), database(db)))
        .containsEntry(
            "glue:UpdateTable", Set.of(catalog(), database(db), table + "sales_history"));
    String bucket = bucket(stage);
    Set<String> prefixes =
        Set.of(
            bucket + "/pricing-intelligence/sales_history/*",
            bucket + "/archive/" + db + "/sales_history/*");
    assertThat(grants(statements, "s3:"))
        .containsOnlyKeys(
            "s3:GetObject",
            "s3:PutObject",
            "s3:DeleteObject",
            "s3:AbortMultipartUpload",
            "s3:ListBucket")
        .containsEntry("s3:DeleteObject", prefixes)
        .containsEntry("s3:PutObject", prefixes)
        .containsEntry("s3:ListBucket", Set.of(bucket));
    assertThat(statements.toString())
        .contains(
            "s3:prefix=[pricing-intelligence/sales_history/*, archive/" + db + "/sales_history/*]");
    assertLogsOnlyToOwnGroup(stage, statements, "MaintenanceFunctionLogs");
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void bootstrap_managesTableMetadataOnly_andDropsOnlyWhereTheStageDestroysData(String stage) {
    var statements = statements(stage, "TablesFunctionRole");
    String db = "pricing_intelligence_" + stage;
    Set<String> expected =
        new TreeSet<>(
            Set.of("glue:GetDatabase", "glue:GetTable", "glue:CreateTable", "glue:UpdateTable"));
    if (stage.equals("dev")) {
      expected.add("glue:DeleteTable");
    }
    assertThat(grants(statements, "glue:").keySet()).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(grants(statements, "glue:")).containsEntry("glue:CreateTable", tableScope(db));
    String bucket = bucket(stage);
    assertThat(grants(statements, "s3:"))
        .containsOnlyKeys("s3:GetObject", "s3:PutObject", "s3:DeleteObject")
        .containsEntry(
            "s3:PutObject",
            Set.of(
                bucket + "/pricing-intelligence/sales_history/metadata/*",
                bucket + "/pricing-intelligence/sales_history_errors/metadata/*",
                bucket + "/pricing-intelligence/sales_history_tombstones/metadata/*"));
    assertLogsOnlyToOwnGroup(stage, statements, "TablesFunctionLogs");
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void query_runsAthenaInItsWorkgroup_readsTables_writesResultsAndReportsOnly(String stage) {
    var statements = statements(stage, "ReportingFunctionRole");
    String workgroup =
        "arn:${AWS::Partition}:athena:${AWS::Region}:${AWS::AccountId}:workgroup/salesflow-"
            + stage;
    assertThat(grants(statements, "athena:"))
        .containsOnlyKeys(
            "athena:StartQueryExecution",
            "athena:GetQueryExecution",
            "athena:GetQueryResults",
            "athena:StopQueryExecution")
        .allSatisfy((a, r) -> assertThat(r).containsExactly(workgroup));
    assertThat(grants(statements, "glue:"))
        .containsOnlyKeys("glue:GetDatabase", "glue:GetTable")
        .as("reports read the query tables, not the ETL's tombstones")
        .containsEntry("glue:GetTable", queryTableScope("pricing_intelligence_" + stage));
    String bucket = bucket(stage);
    assertThat(grants(statements, "s3:").get("s3:PutObject"))
        .containsExactlyInAnyOrder(bucket + "/athena-results/*", bucket + "/reports/*");
    assertThat(grants(statements, "s3:").get("s3:GetObject"))
        .containsExactlyInAnyOrder(
            bucket + "/pricing-intelligence/sales_history/*",
            bucket + "/pricing-intelligence/sales_history_errors/*",
            bucket + "/athena-results/*");
    assertLogsOnlyToOwnGroup(stage, statements, "ReportingFunctionLogs");
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void ourRoles_carryNoManagedPolicies(String stage) {
    // CDK's own bucket auto-delete provider (destroy stages only) keeps its basic execution role.
    var roles =
        resources(stage, "AWS::IAM::Role").entrySet().stream()
            .filter(e -> !e.getKey().startsWith("CustomS3AutoDeleteObjectsCustomResourceProvider"))
            .map(Map.Entry::getValue)
            .toList();
    // five functions' roles and the provider's, two backfill functions and its state machine
    assertThat(roles).hasSize(8);
    assertThat(roles)
        .allSatisfy(r -> assertThat(properties(r)).doesNotContainKey("ManagedPolicyArns"));
  }

  private static void assertLogsOnlyToOwnGroup(
      String stage, List<Map<String, Object>> statements, String logGroupPrefix) {
    String group =
        "${" + TestStacks.logicalId(stage, "AWS::Logs::LogGroup", logGroupPrefix) + ".Arn}";
    assertThat(grants(statements, "logs:"))
        .containsOnlyKeys("logs:CreateLogStream", "logs:PutLogEvents")
        .allSatisfy((a, r) -> assertThat(r).containsExactly(group));
  }

  // --- template reading -------------------------------------------------------------------

  private static String catalog() {
    return "arn:${AWS::Partition}:glue:${AWS::Region}:${AWS::AccountId}:catalog";
  }

  private static String database(String db) {
    return "arn:${AWS::Partition}:glue:${AWS::Region}:${AWS::AccountId}:database/" + db;
  }

  private static Set<String> tableScope(String db) {
    Set<String> scope = new TreeSet<>(queryTableScope(db));
    scope.add(tableArn(db, "sales_history_tombstones"));
    return scope;
  }

  private static Set<String> queryTableScope(String db) {
    return Set.of(
        catalog(),
        database(db),
        tableArn(db, "sales_history"),
        tableArn(db, "sales_history_errors"));
  }

  private static String tableArn(String db, String table) {
    return "arn:${AWS::Partition}:glue:${AWS::Region}:${AWS::AccountId}:table/" + db + "/" + table;
  }

  static String bucket(String stage) {
    return "${" + TestStacks.logicalId(stage, "AWS::S3::Bucket", "StorageBucket") + ".Arn}";
  }

  private static String queue(String stage) {
    return TestStacks.logicalId(stage, "AWS::SQS::Queue", "IngestionFailureQueue");
  }

  private static String streamArn(String stage) {
    return "${" + TestStacks.logicalId(stage, "AWS::DynamoDB::Table", "SalesTable") + ".StreamArn}";
  }

  /** Action -> resources, over the statements, for actions starting with {@code service}. */
  static Map<String, Set<String>> grants(List<Map<String, Object>> statements, String service) {
    Map<String, Set<String>> grants = new java.util.TreeMap<>();
    for (var statement : statements) {
      for (String action : actions(statement)) {
        if (action.startsWith(service)) {
          grants.computeIfAbsent(action, a -> new TreeSet<>()).addAll(resourceTexts(statement));
        }
      }
    }
    return grants;
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> statements(String stage, String rolePrefix) {
    var policy = TestStacks.resource(stage, "AWS::IAM::Policy", rolePrefix);
    var document = (Map<String, Object>) properties(policy).get("PolicyDocument");
    return (List<Map<String, Object>>) document.get("Statement");
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> allStatements(String stage) {
    List<Map<String, Object>> all = new ArrayList<>();
    for (var policy : resources(stage, "AWS::IAM::Policy").values()) {
      var document = (Map<String, Object>) properties(policy).get("PolicyDocument");
      all.addAll((List<Map<String, Object>>) document.get("Statement"));
    }
    return all;
  }

  private static List<String> actions(Map<String, Object> statement) {
    return asList(statement.get("Action")).stream().map(Object::toString).toList();
  }

  private static Set<String> resourceTexts(Map<String, Object> statement) {
    return asList(statement.get("Resource")).stream()
        .map(IamLeastPrivilegeTest::text)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static List<Object> asList(Object value) {
    return value instanceof Collection<?> c ? new ArrayList<>(c) : List.of(value);
  }

  /** An intrinsic rendered as text: Ref X -> ${X}, GetAtt X.Y -> ${X.Y}, Join concatenated. */
  @SuppressWarnings("unchecked")
  static String text(Object value) {
    if (value instanceof String s) {
      return s;
    }
    var map = (Map<String, Object>) value;
    if (map.containsKey("Ref")) {
      return "${" + map.get("Ref") + "}";
    }
    if (map.containsKey("Fn::GetAtt")) {
      var parts = (List<Object>) map.get("Fn::GetAtt");
      return "${" + parts.get(0) + "." + parts.get(1) + "}";
    }
    if (map.containsKey("Fn::Join")) {
      var join = (List<Object>) map.get("Fn::Join");
      return ((List<Object>) join.get(1))
          .stream()
              .map(IamLeastPrivilegeTest::text)
              .collect(Collectors.joining((String) join.get(0)));
    }
    if (map.containsKey("Fn::Select")) {
      // the name part of an ARN: Select(6, Split(":", Ref X)) -> ${X.Name}
      var select = (List<Object>) map.get("Fn::Select");
      var split = (List<Object>) ((Map<String, Object>) select.get(1)).get("Fn::Split");
      String arn = text(split.get(1));
      return arn.substring(0, arn.length() - 1) + ".Part" + select.get(0) + "}";
    }
    throw new AssertionError("Unexpected intrinsic " + value);
  }
}
