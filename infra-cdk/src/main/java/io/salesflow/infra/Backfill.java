package io.salesflow.infra;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.salesflow.core.table.SalesHistoryTable;
import io.salesflow.infra.config.BucketLayout;
import io.salesflow.infra.config.StageConfig;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.stepfunctions.Choice;
import software.amazon.awscdk.services.stepfunctions.Condition;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.DistributedMap;
import software.amazon.awscdk.services.stepfunctions.ItemBatcher;
import software.amazon.awscdk.services.stepfunctions.JsonPath;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.RetryProps;
import software.amazon.awscdk.services.stepfunctions.S3JsonLItemReader;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.Succeed;
import software.amazon.awscdk.services.stepfunctions.TaskInput;
import software.amazon.awscdk.services.stepfunctions.tasks.LambdaInvoke;
import software.constructs.Construct;

/**
 * The backfill of a DynamoDB export in AWS: a Step Functions state machine that plans (checks the
 * export, keeps the stream's tombstones), runs a Distributed Map of backfill workers over the
 * export's {@code manifest-files.json} (a few data files per worker; each converts and stages its
 * files), then commits the staged work in chunks, calling the committer again until it is done. The
 * workers and the committer run {@code io.salesflow.etl.backfill.BackfillHandler} from the ETL's
 * jar.
 *
 * <p>Start an execution with input {@code {"export": "s3://<analytics bucket>/exports/.../
 * AWSDynamoDB/<export id>/"}} ({@code salesflow backfill --from-export ... --aws}, or the console).
 * A failed execution can be started again with the same input: it resumes.
 *
 * <p>Least privilege: read on the {@value BucketLayout#EXPORTS} prefix only (and listing it for the
 * map's reader); the tables' prefixes as the ETL has them, with listing under sales_history (the
 * committer lists its staging records); Glue on the three tables.
 */
public final class Backfill extends Construct {

  /** Data files per worker invocation. */
  static final int FILES_PER_WORKER = 4;

  /** Workers at once. */
  static final int MAX_CONCURRENCY = 32;

  private final Function coordinator;
  private final Function worker;
  private final StateMachine stateMachine;

  public record Props(StageConfig config, AnalyticsStorage storage, IcebergTables tables) {
    public Props {
      PropsChecks.require(config, "Backfill", "config");
      PropsChecks.require(storage, "Backfill", "storage");
      PropsChecks.require(tables, "Backfill", "tables");
    }
  }

  public Backfill(Construct scope, String id, Props props) {
    super(scope, id);
    StageConfig config = props.config();
    Map<String, String> env = Ingestion.glueRestCatalog(config, props.storage(), props.tables());
    env.put("POWERTOOLS_SERVICE_NAME", "backfill");
    this.coordinator =
        function(
            config,
            env,
            "Coordinator",
            "backfill-coordinator",
            "Backfill: checks an export and commits the workers' staged files in chunks");
    this.worker =
        function(
            config,
            env,
            "Worker",
            "backfill-worker",
            "Backfill: converts DynamoDB export data files into sales_history files");
    for (Function function : List.of(coordinator, worker)) {
      Ingestion.grantGlueIcebergRest(function, props.tables().arns());
      S3Grants.objects(
          function,
          props.storage().bucket(),
          "TableFilesReadWrite",
          List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"),
          BucketLayout.tablePrefixes());
      S3Grants.objects(
          function,
          props.storage().bucket(),
          "ExportsRead",
          List.of("s3:GetObject"),
          List.of(BucketLayout.EXPORTS));
    }
    S3Grants.list(
        coordinator,
        props.storage().bucket(),
        "StagingList",
        List.of(BucketLayout.table(SalesHistoryTable.NAME)));

    LambdaInvoke plan = coordinatorStep("Plan", "plan", "$.export", "$.plan");
    LambdaInvoke convert =
        LambdaInvoke.Builder.create(this, "ConvertFiles")
            .lambdaFunction(worker)
            .payload(
                TaskInput.fromObject(
                    Map.of(
                        "action", "work",
                        "export", JsonPath.stringAt("$.BatchInput.export"),
                        "Items", JsonPath.listAt("$.Items"))))
            .payloadResponseOnly(true)
            .build();
    convert.addRetry(
        RetryProps.builder()
            .errors(List.of("Lambda.TooManyRequestsException", "Lambda.ServiceException"))
            .interval(Duration.seconds(5))
            .maxAttempts(6)
            .backoffRate(2)
            .build());
    ObjectNode batchInput = JsonNodeFactory.instance.objectNode();
    batchInput.put("export.$", "$.plan.export");
    DistributedMap workers =
        DistributedMap.Builder.create(this, "Workers")
            .itemReader(
                S3JsonLItemReader.Builder.create()
                    .bucketNamePath(JsonPath.stringAt("$.plan.bucket"))
                    .key(JsonPath.stringAt("$.plan.manifestKey"))
                    .build())
            .itemBatcher(
                ItemBatcher.Builder.create()
                    .maxItemsPerBatch(FILES_PER_WORKER)
                    .batchInput(batchInput)
                    .build())
            .maxConcurrency(MAX_CONCURRENCY)
            .resultPath(JsonPath.DISCARD)
            .build();
    workers.itemProcessor(convert);
    LambdaInvoke commit = coordinatorStep("Commit", "commit", "$.plan.export", "$.commit");
    Choice done =
        Choice.Builder.create(this, "AllCommitted")
            .build()
            .when(Condition.booleanEquals("$.commit.done", true), new Succeed(this, "Backfilled"))
            .otherwise(commit);
    LogGroup logs =
        LogGroup.Builder.create(this, "StateMachineLogs")
            .logGroupName("/aws/vendedlogs/states/" + config.prefix() + "-backfill")
            .retention(JavaFunction.retention(config.logRetentionDays()))
            .removalPolicy(config.retainData() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY)
            .build();
    this.stateMachine =
        StateMachine.Builder.create(this, "StateMachine")
            .stateMachineName(config.prefix() + "-backfill")
            .definitionBody(
                DefinitionBody.fromChainable(plan.next(workers).next(commit).next(done)))
            .tracingEnabled(true)
            .logs(LogOptions.builder().destination(logs).level(LogLevel.ALL).build())
            .build();
    // The map's reader reads manifest-files.json under the exports prefix, nothing else.
    stateMachine.addToRolePolicy(
        PolicyStatement.Builder.create()
            .sid("ExportManifestRead")
            .actions(List.of("s3:GetObject"))
            .resources(List.of(props.storage().bucket().arnForObjects(BucketLayout.EXPORTS + "*")))
            .build());
    NagAcknowledgements.acknowledge(
        stateMachine.getRole(),
        "AwsSolutions-IAM5[Resource::<"
            + NagAcknowledgements.logicalId(props.storage().bucket())
            + ".Arn>/"
            + BucketLayout.EXPORTS
            + "*]",
        "The Distributed Map reads the export's manifest-files.json under the exports/ prefix"
            + " only (a prefix is an object ARN with a trailing wildcard).");
    for (Function function : List.of(coordinator, worker)) {
      NagAcknowledgements.acknowledge(
          stateMachine.getRole(),
          "AwsSolutions-IAM5[Resource::<" + NagAcknowledgements.logicalId(function) + ".Arn>:*]",
          "Step Functions invokes "
              + function.getNode().getId()
              + " and its versions (the grant CDK's LambdaInvoke makes).");
    }
    // CDK's DistributedMapPolicy: the map describes and stops its own child executions, whose
    // ARNs exist only at run time.
    String executions =
        "arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:{\"Fn::Select\":[6,"
            + "{\"Fn::Split\":[\":\",{\"Ref\":\""
            + NagAcknowledgements.logicalId(stateMachine)
            + "\"}]}]}";
    for (String suffix : List.of(":*", "/*:*")) {
      NagAcknowledgements.acknowledgeVerbatim(
          stateMachine,
          "AwsSolutions-IAM5[Resource::" + executions + suffix + "]",
          "The Distributed Map describes and stops its own child executions: their ARNs exist"
              + " only at run time, so CDK grants them under this state machine's executions.");
    }
    NagAcknowledgements.acknowledge(
        stateMachine.getRole(),
        "AwsSolutions-IAM5[Resource::*]",
        "X-Ray tracing and the delivery of the state machine's logs have no resource-level"
            + " permissions (xray:PutTraceSegments, logs:CreateLogDelivery, ...).");
  }

  /** A backfill function: the ETL's jar with the backfill handler, 3008 MB, 15 minutes. */
  private Function function(
      StageConfig config, Map<String, String> env, String id, String name, String description) {
    return JavaFunction.create(
        this,
        id,
        config,
        new JavaFunction.Spec(
            name,
            description,
            "io.salesflow.etl.backfill.BackfillHandler",
            config.artifacts().ddbStreamEtlJar(),
            3008,
            900,
            env,
            false));
  }

  /** A coordinator step: {@code action} on the export at {@code exportPath}, its answer kept. */
  private LambdaInvoke coordinatorStep(
      String id, String action, String exportPath, String resultPath) {
    return LambdaInvoke.Builder.create(this, id)
        .lambdaFunction(coordinator)
        .payload(
            TaskInput.fromObject(Map.of("action", action, "export", JsonPath.stringAt(exportPath))))
        .payloadResponseOnly(true)
        .resultPath(resultPath)
        .build();
  }

  public StateMachine stateMachine() {
    return stateMachine;
  }

  public Function worker() {
    return worker;
  }

  public Function coordinator() {
    return coordinator;
  }
}
