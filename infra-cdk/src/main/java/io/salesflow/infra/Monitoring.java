package io.salesflow.infra;

import io.salesflow.infra.config.AlarmSettings;
import io.salesflow.infra.config.StageConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * Alarms to an encrypted SNS topic (with an optional e-mail subscription) and a dashboard of the
 * ingestion and query metrics. ETL metrics are the function's EMF metrics in {@value
 * SalesflowMetrics#NAMESPACE} with the {@code Stage} dimension; missing data never alarms (no
 * traffic is not a failure).
 */
public final class Monitoring extends Construct {

  private static final Duration FIVE_MINUTES = Duration.minutes(5);

  private final Topic topic;
  private final List<Alarm> alarms = new ArrayList<>();
  private final Dashboard dashboard;

  /**
   * What is monitored.
   *
   * @param config the stage (alarm settings)
   * @param ingestion the ETL function and its queue
   * @param reporting the query function and the workgroup
   * @param maintenance the table-maintenance function
   * @param backfill the backfill state machine
   */
  public record Props(
      StageConfig config,
      Ingestion ingestion,
      Reporting reporting,
      Maintenance maintenance,
      Backfill backfill) {
    public Props {
      PropsChecks.require(config, "Monitoring", "config");
      PropsChecks.require(ingestion, "Monitoring", "ingestion");
      PropsChecks.require(reporting, "Monitoring", "reporting");
      PropsChecks.require(maintenance, "Monitoring", "maintenance");
      PropsChecks.require(backfill, "Monitoring", "backfill");
    }
  }

  public Monitoring(Construct scope, String id, Props props) {
    super(scope, id);
    StageConfig config = props.config();
    Ingestion ingestion = props.ingestion();
    Reporting reporting = props.reporting();
    AlarmSettings settings = config.alarms();
    Key key =
        Key.Builder.create(this, "TopicKey")
            .description("Encrypts the salesflow " + config.stage() + " alarm topic")
            .enableKeyRotation(true)
            .removalPolicy(RemovalPolicy.DESTROY)
            .build();
    // CloudWatch publishes alarm notifications to an encrypted topic only if it may use the key.
    key.addToResourcePolicy(
        PolicyStatement.Builder.create()
            .sid("CloudWatchAlarmsPublish")
            .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
            .actions(List.of("kms:Decrypt", "kms:GenerateDataKey*"))
            .resources(List.of("*"))
            .build());
    this.topic =
        Topic.Builder.create(this, "Topic")
            .topicName(config.prefix() + "-alarms")
            .masterKey(key)
            .enforceSsl(true)
            .build();
    settings.email().ifPresent(email -> topic.addSubscription(new EmailSubscription(email)));

    var etl = ingestion.function();
    alarm(
        "EtlErrors",
        config,
        "etl-errors",
        "ddb-stream-etl invocations failed (whole batches are being retried)",
        etl.metricErrors(sum(FIVE_MINUTES)),
        1,
        1);
    alarm(
        "IteratorAge",
        config,
        "etl-iterator-age",
        "The stream is read more than " + settings.iteratorAgeSeconds() + " s behind",
        etl.metric("IteratorAge", max(FIVE_MINUTES)),
        settings.iteratorAgeSeconds() * 1000.0,
        2);
    alarm(
        "FailureQueueDepth",
        config,
        "etl-failure-queue",
        "Batches gave up after all retries; their descriptions wait on the on-failure queue",
        ingestion.failures().metricApproximateNumberOfMessagesVisible(max(FIVE_MINUTES)),
        1,
        1);
    alarm(
        "RejectedRate",
        config,
        "etl-rejected-rate",
        "More than "
            + settings.rejectedPercent()
            + "% of stream records went to sales_history_errors",
        MathExpression.Builder.create()
            .expression("IF(records > 0, 100 * rejected / records, 0)")
            .usingMetrics(
                Map.of(
                    "rejected",
                        SalesflowMetrics.etl(config, "Rejected", "Sum", Duration.minutes(15)),
                    "records",
                        SalesflowMetrics.etl(config, "RecordsIn", "Sum", Duration.minutes(15))))
            .label("Rejected %")
            .period(Duration.minutes(15))
            .build(),
        settings.rejectedPercent() + 0.0,
        1);
    alarm(
        "CommitFailures",
        config,
        "etl-commit-failures",
        "Iceberg commits of whole batches failed after their retries",
        SalesflowMetrics.etl(config, "CommitFailures", "Sum", FIVE_MINUTES),
        settings.commitFailures(),
        1);
    alarm(
        "FreshnessLag",
        config,
        "etl-freshness-lag",
        "Committed data is more than " + settings.freshnessLagSeconds() + " s behind the sales",
        SalesflowMetrics.etl(config, "FreshnessLag", "Maximum", FIVE_MINUTES),
        settings.freshnessLagSeconds() * 1000.0,
        2);
    alarm(
        "QueryErrors",
        config,
        "athena-query-errors",
        "athena-query runs failed (a scheduled or on-demand report is missing)",
        reporting.function().metricErrors(sum(Duration.hours(1))),
        1,
        1);
    alarm(
        "AthenaFailedQueries",
        config,
        "athena-failed-queries",
        "Queries failed in the Athena workgroup " + reporting.workgroupName(),
        SalesflowMetrics.athenaFailedQueries(reporting.workgroupName()),
        1,
        1);
    alarm(
        "MaintenanceErrors",
        config,
        "table-maintenance-errors",
        "The nightly table maintenance failed (compaction, archival or expiry did not finish)",
        props.maintenance().function().metricErrors(sum(Duration.hours(1))),
        1,
        1);
    alarm(
        "BackfillFailed",
        config,
        "backfill-failed",
        "A backfill execution failed: its cause names the export file and the fix; start it again"
            + " with the same input to resume",
        props.backfill().stateMachine().metricFailed(sum(Duration.hours(1))),
        1,
        1);
    this.dashboard = DashboardLayout.create(this, config, ingestion, reporting, alarms);
  }

  private void alarm(
      String id,
      StageConfig config,
      String name,
      String description,
      IMetric metric,
      double threshold,
      int periods) {
    Alarm alarm =
        Alarm.Builder.create(this, id)
            .alarmName(config.prefix() + "-" + name)
            .alarmDescription(description)
            .metric(metric)
            .threshold(threshold)
            .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
            .evaluationPeriods(periods)
            .datapointsToAlarm(periods)
            .treatMissingData(TreatMissingData.NOT_BREACHING)
            .build();
    alarm.addAlarmAction(new SnsAction(topic));
    alarm.addOkAction(new SnsAction(topic));
    alarms.add(alarm);
  }

  private static MetricOptions sum(Duration period) {
    return MetricOptions.builder().statistic("Sum").period(period).build();
  }

  private static MetricOptions max(Duration period) {
    return MetricOptions.builder().statistic("Maximum").period(period).build();
  }

  /** The alarm topic. */
  public Topic topic() {
    return topic;
  }

  /** All alarms. */
  public List<Alarm> alarms() {
    return List.copyOf(alarms);
  }

  /** The dashboard. */
  public Dashboard dashboard() {
    return dashboard;
  }
}
