package io.salesflow.infra;

import io.salesflow.core.table.SalesHistoryTable;
import io.salesflow.infra.config.BucketLayout;
import io.salesflow.infra.config.MaintenanceSettings;
import io.salesflow.infra.config.StageConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.events.targets.LambdaFunctionProps;
import software.amazon.awscdk.services.lambda.CfnFunction;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * The table-maintenance function and its EventBridge schedule (nightly by default): compaction,
 * archival of months past the active window, manifest rewrite, snapshot expiry and orphan removal
 * on sales_history, each run bounded by the function's timeout and resumed by the next. Memory,
 * timeout, schedule, active window and orphan safety window are the stage's {@link
 * MaintenanceSettings}.
 *
 * <p>Least privilege: Glue (through Glue's Iceberg REST endpoint) on sales_history only; S3 object
 * actions on sales_history's prefix and on its archive prefix only; listing limited to those two
 * prefixes (orphan removal lists the table's files, restore lists the archive).
 */
public final class Maintenance extends Construct {

  private final Function function;
  private final Rule schedule;

  /**
   * What maintenance needs.
   *
   * @param config the stage
   * @param storage the bucket holding the table and the archive prefix
   * @param tables the Iceberg tables (database name)
   */
  public record Props(StageConfig config, AnalyticsStorage storage, IcebergTables tables) {
    public Props {
      PropsChecks.require(config, "Maintenance", "config");
      PropsChecks.require(storage, "Maintenance", "storage");
      PropsChecks.require(tables, "Maintenance", "tables");
    }
  }

  public Maintenance(Construct scope, String id, Props props) {
    super(scope, id);
    StageConfig config = props.config();
    MaintenanceSettings settings = config.maintenance();
    this.function =
        JavaFunction.create(
            this,
            "Function",
            config,
            new JavaFunction.Spec(
                "table-maintenance",
                "Compaction, archival, snapshot expiry and orphan removal on sales_history",
                "io.salesflow.maintenance.TableMaintenanceHandler",
                config.artifacts().tableMaintenanceJar(),
                settings.memoryMb(),
                settings.timeoutSeconds(),
                environment(config, props.storage(), props.tables()),
                false));
    // One run at a time: two would rewrite the same partitions and fail each other's commits, and
    // share one resume checkpoint. A run still going when the schedule fires again makes the
    // next invocation wait in Lambda's asynchronous queue (throttled, retried) until it ends.
    ((CfnFunction) function.getNode().getDefaultChild()).setReservedConcurrentExecutions(1);
    // The id is kept from when the schedule was fixed: a new one would replace the rule.
    this.schedule =
        Rule.Builder.create(this, "Nightly")
            .ruleName(config.prefix() + "-table-maintenance")
            .description(
                "Runs table-maintenance on "
                    + settings.schedule()
                    + "; an unfinished run resumes on the next")
            .schedule(Schedule.expression(settings.schedule()))
            .build();
    schedule.addTarget(
        new LambdaFunction(function, LambdaFunctionProps.builder().retryAttempts(1).build()));
    grant(props.storage().bucket(), props.tables());
    function.getNode().addDependency(props.tables().schema());
  }

  private static Map<String, String> environment(
      StageConfig config, AnalyticsStorage storage, IcebergTables tables) {
    Map<String, String> env =
        new LinkedHashMap<>(Ingestion.glueRestCatalog(config, storage, tables));
    env.put("MAINTENANCE_TASKS", "compact,archive,manifests,expire,orphans");
    MaintenanceSettings settings = config.maintenance();
    env.put("MAINTENANCE_ACTIVE_MONTHS", Integer.toString(settings.activeMonths()));
    env.put("MAINTENANCE_ORPHAN_MIN_AGE_HOURS", Integer.toString(settings.orphanMinAgeHours()));
    env.put("MAINTENANCE_RESERVE_MS", Integer.toString(MaintenanceSettings.RESERVE_MS));
    env.put("POWERTOOLS_SERVICE_NAME", "table-maintenance");
    return env;
  }

  private void grant(IBucket bucket, IcebergTables tables) {
    GlueArns arns =
        GlueArns.of(Stack.of(this), tables.databaseName(), List.of(SalesHistoryTable.NAME));
    Ingestion.grantGlueIcebergRest(function, arns);
    String table = BucketLayout.table(SalesHistoryTable.NAME);
    String archive = archivePrefix(tables.databaseName());
    List<String> actions =
        List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload");
    S3Grants.objects(function, bucket, "TableAndArchiveFiles", actions, List.of(table, archive));
    S3Grants.list(function, bucket, "ListTableAndArchive", List.of(table, archive));
  }

  /** {@code archive/<database>/sales_history/}: where this table's archived months go. */
  static String archivePrefix(String database) {
    return BucketLayout.ARCHIVE + database + "/" + SalesHistoryTable.NAME + "/";
  }

  /** The function. */
  public Function function() {
    return function;
  }

  /** The schedule rule. */
  public Rule schedule() {
    return schedule;
  }
}
