package io.salesflow.infra;

import io.salesflow.infra.config.BucketLayout;
import io.salesflow.infra.config.QuerySettings;
import io.salesflow.infra.config.StageConfig;
import io.salesflow.infra.schedule.ReportSchedules;
import io.salesflow.infra.schedule.ScheduledReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.athena.CfnWorkGroup;
import software.amazon.awscdk.services.events.EventField;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.RuleTargetInput;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.events.targets.LambdaFunctionProps;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.EventInvokeConfigOptions;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * The Athena workgroup (engine v3, enforced settings, encrypted results, a bytes-scanned cutoff per
 * query), the athena-query function and one EventBridge schedule per scheduled query of the
 * library. Each rule passes the scheduled event on, reshaped so that it names its query and
 * parameters ({@code detail.query}, {@code detail.parameters}) and keeps the event's id and time:
 * the time dates the reports and evaluates default expressions, the id names the run, so a retried
 * delivery overwrites its own reports.
 */
public final class Reporting extends Construct {

  private final CfnWorkGroup workgroup;
  private final Function function;
  private final List<Rule> rules = new ArrayList<>();

  /**
   * What reporting needs.
   *
   * @param config the stage
   * @param storage the bucket of results and reports
   * @param tables the tables queried
   */
  public record Props(StageConfig config, AnalyticsStorage storage, IcebergTables tables) {
    public Props {
      PropsChecks.require(config, "Reporting", "config");
      PropsChecks.require(storage, "Reporting", "storage");
      PropsChecks.require(tables, "Reporting", "tables");
    }
  }

  public Reporting(Construct scope, String id, Props props) {
    super(scope, id);
    StageConfig config = props.config();
    AnalyticsStorage storage = props.storage();
    IcebergTables tables = props.tables();
    QuerySettings query = config.query();
    String workgroupName = config.prefix();
    String results = storage.s3Url(BucketLayout.ATHENA_RESULTS);
    this.workgroup =
        CfnWorkGroup.Builder.create(this, "Workgroup")
            .name(workgroupName)
            .description("salesflow " + config.stage() + " reports")
            .state("ENABLED")
            .recursiveDeleteOption(!config.retainData())
            .workGroupConfiguration(
                CfnWorkGroup.WorkGroupConfigurationProperty.builder()
                    .enforceWorkGroupConfiguration(true)
                    .publishCloudWatchMetricsEnabled(true)
                    .bytesScannedCutoffPerQuery(query.bytesScannedCutoffBytes())
                    .engineVersion(
                        CfnWorkGroup.EngineVersionProperty.builder()
                            .selectedEngineVersion("Athena engine version 3")
                            .build())
                    .resultConfiguration(
                        CfnWorkGroup.ResultConfigurationProperty.builder()
                            .outputLocation(results)
                            .expectedBucketOwner(Aws.ACCOUNT_ID)
                            .encryptionConfiguration(
                                CfnWorkGroup.EncryptionConfigurationProperty.builder()
                                    .encryptionOption("SSE_S3")
                                    .build())
                            .build())
                    .build())
            .build();

    Map<String, String> env = new LinkedHashMap<>();
    env.put("SALESFLOW_STAGE", config.stage());
    env.put("SALESFLOW_DATABASE", tables.databaseName());
    env.put("SALESFLOW_ANALYTICS_BUCKET", storage.bucket().getBucketName());
    env.put("SALESFLOW_QUERY_ENGINE", "athena");
    env.put("SALESFLOW_ATHENA_WORKGROUP", workgroupName);
    env.put("SALESFLOW_ATHENA_OUTPUT_LOCATION", results);
    env.put("SALESFLOW_REPORT_PREFIX", BucketLayout.REPORTS.replaceAll("/$", ""));
    env.put("SALESFLOW_QUERY_TIMEOUT_SECONDS", Integer.toString(query.athenaQueryTimeoutSeconds()));
    this.function =
        JavaFunction.create(
            this,
            "Function",
            config,
            new JavaFunction.Spec(
                "athena-query",
                "Runs the sql/ library on Athena on demand and on schedules; writes reports to S3",
                "io.salesflow.athenaquery.AthenaQueryHandler",
                config.artifacts().athenaQueryJar(),
                query.memoryMb(),
                query.timeoutSeconds(),
                env,
                false));
    // A retried run repeats its queries and overwrites its reports; one retry is enough.
    function.configureAsyncInvoke(
        EventInvokeConfigOptions.builder().retryAttempts(1).maxEventAge(Duration.hours(1)).build());
    function.getNode().addDependency(workgroup);
    grant(storage.bucket(), tables.queryArns(), workgroupName);
    schedule(config, ReportSchedules.plan(config.artifacts().sqlDir(), query.reportTenants()));
  }

  private void schedule(StageConfig config, List<ScheduledReport> reports) {
    for (ScheduledReport report : reports) {
      String ruleName = config.prefix() + "-" + report.query();
      Rule rule =
          Rule.Builder.create(this, "Schedule-" + report.query())
              .ruleName(ruleName.length() <= 64 ? ruleName : null)
              .description("Runs query " + report.query() + " (schedule " + report.schedule() + ")")
              .schedule(Schedule.expression(report.cron()))
              .build();
      for (Map<String, Object> parameters : report.runs()) {
        rule.addTarget(
            new LambdaFunction(
                function,
                LambdaFunctionProps.builder()
                    .event(RuleTargetInput.fromObject(event(report, parameters)))
                    .retryAttempts(2)
                    .maxEventAge(Duration.hours(1))
                    .build()));
      }
      rules.add(rule);
    }
  }

  /** The scheduled event, with the query and parameters put into its detail. */
  private static Map<String, Object> event(ScheduledReport report, Map<String, Object> parameters) {
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("query", report.query());
    detail.put("parameters", parameters);
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("id", EventField.getEventId());
    event.put("detail-type", EventField.getDetailType());
    event.put("source", EventField.getSource());
    event.put("time", EventField.getTime());
    event.put("detail", detail);
    return event;
  }

  /**
   * Athena in its workgroup; Glue reads of the two tables (Athena plans with the caller's
   * permissions); S3 reads of the tables, read/write of the results prefix, write of reports.
   */
  private void grant(IBucket bucket, GlueArns arns, String workgroupName) {
    String workgroupArn =
        Stack.of(this)
            .formatArn(
                ArnComponents.builder()
                    .service("athena")
                    .resource("workgroup")
                    .resourceName(workgroupName)
                    .arnFormat(ArnFormat.SLASH_RESOURCE_NAME)
                    .build());
    function.addToRolePolicy(
        PolicyStatement.Builder.create()
            .sid("AthenaQueries")
            .actions(
                List.of(
                    "athena:StartQueryExecution",
                    "athena:GetQueryExecution",
                    "athena:GetQueryResults",
                    "athena:StopQueryExecution"))
            .resources(List.of(workgroupArn))
            .build());
    function.addToRolePolicy(
        PolicyStatement.Builder.create()
            .sid("GlueDatabaseRead")
            .actions(List.of("glue:GetDatabase"))
            .resources(arns.databaseScope())
            .build());
    function.addToRolePolicy(
        PolicyStatement.Builder.create()
            .sid("GlueTablesRead")
            .actions(List.of("glue:GetTable"))
            .resources(arns.tableScope())
            .build());
    S3Grants.objects(
        function,
        bucket,
        "TableFilesRead",
        List.of("s3:GetObject"),
        BucketLayout.queryTablePrefixes());
    S3Grants.objects(
        function,
        bucket,
        "AthenaResultsReadWrite",
        List.of(
            "s3:GetObject",
            "s3:PutObject",
            "s3:AbortMultipartUpload",
            "s3:ListMultipartUploadParts"),
        List.of(BucketLayout.ATHENA_RESULTS));
    List<String> listed = new ArrayList<>(BucketLayout.queryTablePrefixes());
    listed.add(BucketLayout.ATHENA_RESULTS);
    S3Grants.list(function, bucket, "TablesAndResultsList", listed);
    function.addToRolePolicy(
        PolicyStatement.Builder.create()
            .sid("AthenaResultsBucket")
            .actions(List.of("s3:GetBucketLocation", "s3:ListBucketMultipartUploads"))
            .resources(List.of(bucket.getBucketArn()))
            .build());
    S3Grants.objects(
        function, bucket, "ReportsWrite", List.of("s3:PutObject"), List.of(BucketLayout.REPORTS));
  }

  /** The workgroup's name. */
  public String workgroupName() {
    return workgroup.getName();
  }

  /** The athena-query function. */
  public Function function() {
    return function;
  }

  /** One schedule rule per scheduled query. */
  public List<Rule> rules() {
    return List.copyOf(rules);
  }
}
