package io.salesflow.infra;

import io.salesflow.core.table.Locations;
import io.salesflow.infra.config.BucketLayout;
import io.salesflow.infra.config.StageConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.customresources.Provider;
import software.amazon.awscdk.services.glue.CfnDatabase;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * The Glue database and the Iceberg tables in it. The database is a plain {@code
 * AWS::Glue::Database} (its lifecycle follows the stage's removal policy; the bootstrap finds it
 * and only creates it when missing). The tables are created and evolved by the schema-bootstrap
 * function through Iceberg's own catalog API, run as a CloudFormation custom resource by a CDK
 * {@code Provider}: never {@code AWS::Glue::Table}, whose Iceberg support does not give the exact
 * schema, partitioning, sort order and properties the table model defines.
 *
 * <p>The custom resource runs again whenever the bootstrap jar changes (its SHA-256 is a property),
 * so a deploy that evolves the table model evolves the tables.
 */
public final class IcebergTables extends Construct {

  /** Resource type of the custom resource. */
  public static final String RESOURCE_TYPE = "Custom::SalesflowTables";

  private final String databaseName;
  private final GlueArns arns;
  private final GlueArns queryArns;
  private final Function function;
  private final CustomResource schema;

  /**
   * What the tables need.
   *
   * @param config the stage
   * @param storage the bucket the tables live in
   */
  public record Props(StageConfig config, AnalyticsStorage storage) {
    public Props {
      PropsChecks.require(config, "IcebergTables", "config");
      PropsChecks.require(storage, "IcebergTables", "storage");
    }
  }

  public IcebergTables(Construct scope, String id, Props props) {
    super(scope, id);
    StageConfig config = props.config();
    AnalyticsStorage storage = props.storage();
    this.databaseName = config.database();
    IBucket bucket = storage.bucket();
    this.arns = GlueArns.of(Stack.of(this), databaseName, BucketLayout.TABLES);
    this.queryArns = GlueArns.of(Stack.of(this), databaseName, BucketLayout.QUERY_TABLES);
    RemovalPolicy removal = config.retainData() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    CfnDatabase database =
        CfnDatabase.Builder.create(this, "Database")
            .catalogId(Aws.ACCOUNT_ID)
            .databaseInput(
                CfnDatabase.DatabaseInputProperty.builder()
                    .name(databaseName)
                    .description(
                        "salesflow " + config.stage() + ": sales history as Iceberg tables")
                    .locationUri(storage.s3Url(Locations.WAREHOUSE_PREFIX))
                    .build())
            .build();
    database.applyRemovalPolicy(removal);

    Map<String, String> env = new LinkedHashMap<>();
    env.put("SALESFLOW_STAGE", config.stage());
    env.put("SALESFLOW_DATABASE", databaseName);
    env.put("SALESFLOW_ANALYTICS_BUCKET", bucket.getBucketName());
    env.put("SALESFLOW_KEY_COLUMNS", SalesSourceTable.keyColumnsSetting());
    env.put("SALESFLOW_CATALOG_TYPE", "glue");
    Path jar = config.artifacts().schemaBootstrapJar();
    this.function =
        JavaFunction.create(
            this,
            "Function",
            config,
            new JavaFunction.Spec(
                "schema-bootstrap",
                "Creates and evolves the Iceberg tables (CloudFormation custom resource)",
                "io.salesflow.bootstrap.SchemaBootstrapHandler",
                jar,
                1024,
                300,
                env,
                false));
    grant(bucket, config.retainData());

    // The framework function gets its own role too (instead of CDK's default with the AWS
    // managed basic execution policy): it may write its log group and invoke schema-bootstrap.
    // Its log group (the only one the framework logs to) is kept like the functions' own: the
    // stage's retention, and retained where the stage retains its data.
    LogGroup providerLogs =
        LogGroup.Builder.create(this, "ProviderLogs")
            .retention(JavaFunction.retention(config.logRetentionDays()))
            .removalPolicy(removal)
            .build();
    Role providerRole =
        Role.Builder.create(this, "ProviderRole")
            .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
            .description("Runs the CDK Provider framework that relays events to schema-bootstrap")
            .build();
    providerLogs.grantWrite(providerRole);
    Provider provider =
        Provider.Builder.create(this, "Provider")
            .onEventHandler(function)
            .logGroup(providerLogs)
            .frameworkOnEventRole(providerRole)
            .build();
    NagAcknowledgements.providerFramework(providerRole, function);

    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("Stage", config.stage());
    properties.put("Tables", new ArrayList<>(BucketLayout.TABLES));
    // Tables are dropped from the catalog (files kept) only where the stage destroys its data.
    properties.put("DropTablesOnDelete", Boolean.toString(!config.retainData()));
    properties.put("BootstrapJarSha256", sha256(jar));
    this.schema =
        CustomResource.Builder.create(this, "Schema")
            .serviceToken(provider.getServiceToken())
            .resourceType(RESOURCE_TYPE)
            .properties(properties)
            .build();
    schema.getNode().addDependency(database);
  }

  /** Only what GlueCatalog and S3FileIO do for create, evolve and drop: metadata, never data. */
  private void grant(IBucket bucket, boolean retainData) {
    function.addToRolePolicy(
        PolicyStatement.Builder.create()
            .sid("GlueDatabaseRead")
            .actions(List.of("glue:GetDatabase"))
            .resources(arns.databaseScope())
            .build());
    List<String> tableActions =
        new ArrayList<>(List.of("glue:GetTable", "glue:CreateTable", "glue:UpdateTable"));
    if (!retainData) {
      tableActions.add("glue:DeleteTable");
    }
    function.addToRolePolicy(
        PolicyStatement.Builder.create()
            .sid("GlueTablesCreateEvolve")
            .actions(tableActions)
            .resources(arns.tableScope())
            .build());
    // Metadata files only: GlueCatalog reads the current one, writes the next and deletes it
    // again if the commit fails.
    S3Grants.objects(
        function,
        bucket,
        "TableMetadataReadWrite",
        List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject"),
        BucketLayout.metadataPrefixes());
  }

  private static String sha256(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Glue database name. */
  public String databaseName() {
    return databaseName;
  }

  /** ARNs of the catalog, database and tables. */
  public GlueArns arns() {
    return arns;
  }

  /**
   * ARNs of the catalog, database and the tables reports read ({@link BucketLayout#QUERY_TABLES}).
   */
  public GlueArns queryArns() {
    return queryArns;
  }

  /** The schema-bootstrap function. */
  public Function function() {
    return function;
  }

  /** The custom resource; depend on it to run after the tables exist. */
  public CustomResource schema() {
    return schema;
  }
}
