package io.salesflow.infra;

import io.salesflow.infra.config.BucketLayout;
import io.salesflow.infra.config.EtlSettings;
import io.salesflow.infra.config.StageConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.StartingPosition;
import software.amazon.awscdk.services.lambda.eventsources.DynamoEventSource;
import software.amazon.awscdk.services.lambda.eventsources.DynamoEventSourceProps;
import software.amazon.awscdk.services.lambda.eventsources.SqsDlq;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * The ddb-stream-etl function and the event source mapping that feeds it the sales table's stream.
 * SnapStart runs on a published version behind the {@value #ALIAS} alias, which the mapping
 * invokes. The function fails a batch only for transient reasons (a bad record goes to
 * sales_history_errors and the batch succeeds), so by default the mapping retries until the records
 * leave the stream (retryAttempts -1, maxRecordAge 24 h). A batch that still gives up is described
 * on an encrypted on-failure queue (alarmed); {@code salesflow redrive --queue-url} applies it with
 * the permissions of the {@link #redrivePolicy() redrive policy}.
 *
 * <p>The function reaches the Glue Data Catalog through Glue's Iceberg REST endpoint (its jar has
 * no Glue SDK), signed with SigV4 as the {@code glue} service.
 */
public final class Ingestion extends Construct {

  /** Alias the event source mapping invokes. */
  public static final String ALIAS = "live";

  private final Function function;
  private final Alias alias;
  private final Queue failures;
  private final ManagedPolicy redrive;

  /**
   * What ingestion needs.
   *
   * @param config the stage
   * @param source the sales table; it must have a stream
   * @param storage the bucket the tables' files go to
   * @param tables the Iceberg tables; they must exist before the first batch, so the mapping
   *     depends on them
   */
  public record Props(
      StageConfig config, ITable source, AnalyticsStorage storage, IcebergTables tables) {
    public Props {
      PropsChecks.require(config, "Ingestion", "config");
      PropsChecks.require(source, "Ingestion", "source");
      PropsChecks.require(storage, "Ingestion", "storage");
      PropsChecks.require(tables, "Ingestion", "tables");
      if (source.getTableStreamArn() == null) {
        throw new IllegalArgumentException(
            "Invalid Ingestion props: the source table has no stream; the ETL needs one with"
                + " NEW_AND_OLD_IMAGES");
      }
    }
  }

  public Ingestion(Construct scope, String id, Props props) {
    super(scope, id);
    StageConfig config = props.config();
    ITable source = props.source();
    AnalyticsStorage storage = props.storage();
    IcebergTables tables = props.tables();
    EtlSettings etl = config.etl();
    RemovalPolicy removal = config.retainData() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    this.failures =
        Queue.Builder.create(this, "FailureQueue")
            .queueName(config.prefix() + "-etl-failures")
            .encryption(QueueEncryption.SQS_MANAGED)
            .enforceSsl(true)
            .retentionPeriod(Duration.days(etl.failureQueueRetentionDays()))
            .removalPolicy(removal)
            .build();
    NagAcknowledgements.failureQueue(failures);

    this.function =
        JavaFunction.create(
            this,
            "Function",
            config,
            new JavaFunction.Spec(
                "ddb-stream-etl",
                "DynamoDB sales stream to the Iceberg table sales_history, one commit per batch",
                "io.salesflow.etl.StreamEtlHandler",
                config.artifacts().ddbStreamEtlJar(),
                etl.memoryMb(),
                etl.timeoutSeconds(),
                environment(config, storage, tables),
                true));
    this.alias =
        Alias.Builder.create(this, "Alias")
            .aliasName(ALIAS)
            .version(function.getCurrentVersion())
            .build();
    Annotations.of(function)
        .acknowledgeWarning(
            "@aws-cdk/aws-lambda:snapStartRequirePublish",
            "SnapStart applies to the published version behind the alias the stream invokes");

    alias.addEventSource(new DynamoEventSource(source, eventSource(etl)));
    grant(storage.bucket(), tables.arns());
    this.redrive = redrivePolicy(config, source, storage.bucket(), tables.arns());
    // Without the tables every batch would fail; start reading only once they exist.
    alias.getNode().addDependency(tables.schema());
    NagAcknowledgements.streamRead(function.getRole());
  }

  private DynamoEventSourceProps eventSource(EtlSettings etl) {
    DynamoEventSourceProps.Builder props =
        DynamoEventSourceProps.builder()
            .startingPosition(StartingPosition.TRIM_HORIZON)
            .batchSize(etl.batchSize())
            .maxBatchingWindow(Duration.seconds(etl.batchingWindowSeconds()))
            .parallelizationFactor(etl.parallelizationFactor())
            .bisectBatchOnError(true)
            .reportBatchItemFailures(true)
            .onFailure(new SqsDlq(failures))
            .enabled(true);
    // -1 (the service default) means until the record leaves the stream; CDK leaves it unset.
    if (etl.retryAttempts() >= 0) {
      props.retryAttempts(etl.retryAttempts());
    }
    if (etl.maxRecordAgeSeconds() >= 0) {
      props.maxRecordAge(Duration.seconds(etl.maxRecordAgeSeconds()));
    }
    return props.build();
  }

  private static Map<String, String> environment(
      StageConfig config, AnalyticsStorage storage, IcebergTables tables) {
    Map<String, String> env = glueRestCatalog(config, storage, tables);
    env.put("ETL_MODE", config.etl().mode());
    env.put("ETL_COMMIT_SAFETY_MARGIN_MS", Integer.toString(config.etl().commitSafetyMarginMs()));
    env.put("ETL_COMMIT_ATTEMPTS", Integer.toString(config.etl().commitAttempts()));
    env.put("POWERTOOLS_SERVICE_NAME", "ddb-stream-etl");
    return env;
  }

  /**
   * The tables' settings for a function that reaches the Glue Data Catalog through Glue's Iceberg
   * REST endpoint (SigV4, service {@code glue}); also used by the maintenance function.
   */
  static Map<String, String> glueRestCatalog(
      StageConfig config, AnalyticsStorage storage, IcebergTables tables) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("SALESFLOW_STAGE", config.stage());
    env.put("SALESFLOW_DATABASE", tables.databaseName());
    env.put("SALESFLOW_ANALYTICS_BUCKET", storage.bucket().getBucketName());
    env.put("SALESFLOW_KEY_COLUMNS", SalesSourceTable.keyColumnsSetting());
    env.put("SALESFLOW_CATALOG_TYPE", "rest");
    env.put(
        "SALESFLOW_CATALOG_URI", "https://glue." + Aws.REGION + "." + Aws.URL_SUFFIX + "/iceberg");
    env.put(
        "SALESFLOW_CATALOG_PROPERTIES",
        "warehouse="
            + Aws.ACCOUNT_ID
            + ",rest.sigv4-enabled=true,rest.signing-name=glue,rest.signing-region="
            + Aws.REGION);
    return env;
  }

  /**
   * Glue through the Iceberg REST endpoint: GetCatalog (config), GetDatabase (namespace), GetTable
   * (load) and UpdateTable (commit), on the two tables only. S3: the tables' data, delete and
   * metadata files (delete: Iceberg removes the files of a commit that failed). Stream read and
   * queue send come with the event source.
   */
  private void grant(IBucket bucket, GlueArns arns) {
    grantGlueIcebergRest(function, arns);
    S3Grants.objects(
        function,
        bucket,
        "TableFilesReadWrite",
        List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"),
        BucketLayout.tablePrefixes());
  }

  /**
   * What a function using Glue's Iceberg REST endpoint needs on the tables of {@code arns}:
   * GetCatalog (config), GetDatabase (namespace), GetTable (load) and UpdateTable (commit).
   */
  static void grantGlueIcebergRest(Function function, GlueArns arns) {
    glueIcebergRestStatements(arns).forEach(function::addToRolePolicy);
  }

  private static List<PolicyStatement> glueIcebergRestStatements(GlueArns arns) {
    return List.of(
        PolicyStatement.Builder.create()
            .sid("GlueIcebergRestConfig")
            .actions(List.of("glue:GetCatalog"))
            .resources(List.of(arns.catalog()))
            .build(),
        PolicyStatement.Builder.create()
            .sid("GlueIcebergRestNamespace")
            .actions(List.of("glue:GetDatabase"))
            .resources(arns.databaseScope())
            .build(),
        PolicyStatement.Builder.create()
            .sid("GlueIcebergRestTables")
            .actions(List.of("glue:GetTable", "glue:UpdateTable"))
            .resources(arns.tableScope())
            .build());
  }

  /**
   * What an operator running {@code salesflow redrive --queue-url ...} needs, as one managed policy
   * to attach to their role: read and delete the on-failure queue's messages, re-read the sales
   * table's stream, and commit to the two tables exactly as the function does (the redrive runs the
   * same handler).
   */
  private ManagedPolicy redrivePolicy(
      StageConfig config, ITable source, IBucket bucket, GlueArns arns) {
    List<PolicyStatement> statements = new ArrayList<>();
    statements.add(
        PolicyStatement.Builder.create()
            .sid("OnFailureQueue")
            .actions(
                List.of(
                    "sqs:ReceiveMessage",
                    "sqs:DeleteMessage",
                    "sqs:ChangeMessageVisibility",
                    "sqs:GetQueueAttributes"))
            .resources(List.of(failures.getQueueArn()))
            .build());
    statements.add(
        PolicyStatement.Builder.create()
            .sid("SalesTable")
            .actions(List.of("dynamodb:DescribeTable"))
            .resources(List.of(source.getTableArn()))
            .build());
    statements.add(
        PolicyStatement.Builder.create()
            .sid("SalesStream")
            .actions(
                List.of(
                    "dynamodb:DescribeStream", "dynamodb:GetShardIterator", "dynamodb:GetRecords"))
            .resources(List.of(source.getTableStreamArn()))
            .build());
    statements.addAll(glueIcebergRestStatements(arns));
    statements.add(
        PolicyStatement.Builder.create()
            .sid("TableFilesReadWrite")
            .actions(
                List.of(
                    "s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"))
            .resources(
                BucketLayout.tablePrefixes().stream()
                    .map(p -> bucket.arnForObjects(p + "*"))
                    .toList())
            .build());
    ManagedPolicy policy =
        ManagedPolicy.Builder.create(this, "RedrivePolicy")
            .managedPolicyName(config.prefix() + "-etl-redrive")
            .description(
                "Run `salesflow redrive` for "
                    + config.prefix()
                    + ": the on-failure queue, the sales stream, and the ETL's table writes")
            .statements(statements)
            .build();
    String bucketId = NagAcknowledgements.logicalId(bucket);
    for (String prefix : BucketLayout.tablePrefixes()) {
      NagAcknowledgements.acknowledge(
          policy,
          "AwsSolutions-IAM5[Resource::<" + bucketId + ".Arn>/" + prefix + "*]",
          "Object actions on the keys under "
              + prefix
              + " only, which the redrive writes as the ETL function does.");
    }
    return policy;
  }

  /** The function (its metrics aggregate all versions). */
  public Function function() {
    return function;
  }

  /** The alias the stream invokes. */
  public Alias alias() {
    return alias;
  }

  /** The on-failure queue. */
  public Queue failures() {
    return failures;
  }

  /** The managed policy an operator attaches to run {@code salesflow redrive}. */
  public ManagedPolicy redrivePolicy() {
    return redrive;
  }
}
