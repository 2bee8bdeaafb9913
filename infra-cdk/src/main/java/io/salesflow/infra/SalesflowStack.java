package io.salesflow.infra;

import io.salesflow.infra.config.StageConfig;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;
import software.constructs.Construct;

/**
 * One deployable stack per stage, wiring the constructs: storage (bucket and lifecycle), the sales
 * table, the Iceberg tables (Glue database and bootstrap custom resource), ingestion, reporting,
 * table maintenance and monitoring. Configuration comes in as a validated {@link StageConfig}.
 */
public final class SalesflowStack extends Stack {

  private final AnalyticsStorage storage;
  private final SalesSourceTable sales;
  private final IcebergTables tables;
  private final Ingestion ingestion;
  private final Backfill backfill;
  private final Reporting reporting;
  private final Maintenance maintenance;
  private final Monitoring monitoring;

  public SalesflowStack(Construct scope, StageConfig config) {
    super(scope, config.stackName(), props(config));
    Tags.of(this).add("project", "salesflow");
    Tags.of(this).add("stage", config.stage());
    this.storage = new AnalyticsStorage(this, "Storage", config);
    this.sales = new SalesSourceTable(this, "Sales", config);
    this.tables = new IcebergTables(this, "Tables", new IcebergTables.Props(config, storage));
    this.ingestion =
        new Ingestion(
            this, "Ingestion", new Ingestion.Props(config, sales.table(), storage, tables));
    this.reporting = new Reporting(this, "Reporting", new Reporting.Props(config, storage, tables));
    this.maintenance =
        new Maintenance(this, "Maintenance", new Maintenance.Props(config, storage, tables));
    this.backfill = new Backfill(this, "Backfill", new Backfill.Props(config, storage, tables));
    this.monitoring =
        new Monitoring(
            this,
            "Monitoring",
            new Monitoring.Props(config, ingestion, reporting, maintenance, backfill));
    output("AnalyticsBucket", storage.bucket().getBucketName());
    output("SalesTable", sales.table().getTableName());
    output("Database", tables.databaseName());
    output("EtlFunction", ingestion.function().getFunctionName());
    output("BackfillStateMachine", backfill.stateMachine().getStateMachineArn());
    output("EtlFailureQueueUrl", ingestion.failures().getQueueUrl());
    output("EtlRedrivePolicy", ingestion.redrivePolicy().getManagedPolicyArn());
    output("QueryFunction", reporting.function().getFunctionName());
    output("MaintenanceFunction", maintenance.function().getFunctionName());
    output("AthenaWorkgroup", reporting.workgroupName());
    output("AlarmTopic", monitoring.topic().getTopicArn());
  }

  private static StackProps props(StageConfig config) {
    StackProps.Builder props =
        StackProps.builder()
            .description(
                "salesflow "
                    + config.stage()
                    + ": DynamoDB sales stream to the Iceberg table sales_history, Athena reports")
            .terminationProtection(config.retainData());
    if (config.account().isPresent() || config.region().isPresent()) {
      props.env(
          Environment.builder()
              .account(config.account().orElse(null))
              .region(config.region().orElse(null))
              .build());
    }
    return props.build();
  }

  private void output(String id, String value) {
    CfnOutput.Builder.create(this, id).value(value).build();
  }

  public AnalyticsStorage storage() {
    return storage;
  }

  public IcebergTables tables() {
    return tables;
  }

  public Backfill backfill() {
    return backfill;
  }

  public Ingestion ingestion() {
    return ingestion;
  }

  public Reporting reporting() {
    return reporting;
  }

  public Maintenance maintenance() {
    return maintenance;
  }

  public Monitoring monitoring() {
    return monitoring;
  }
}
