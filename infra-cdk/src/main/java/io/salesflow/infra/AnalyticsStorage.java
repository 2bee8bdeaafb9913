package io.salesflow.infra;

import io.salesflow.infra.config.BucketLayout;
import io.salesflow.infra.config.StageConfig;
import io.salesflow.infra.lifecycle.LifecycleRules;
import java.util.List;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * The analytics bucket (Iceberg warehouse, Athena results, reports, archive) and the bucket its
 * access logs go to, both private, encrypted and TLS-only, with the lifecycle rules of {@code
 * lifecycle/analytics-bucket.json} and {@code lifecycle/access-logs-bucket.json}. The analytics
 * bucket is versioned: a deleted or overwritten table file can be recovered; the noncurrent
 * versions Iceberg's own deletes leave behind expire by rule.
 */
public final class AnalyticsStorage extends Construct {

  /** Rules file of the analytics bucket, in {@code lifecycle/}. */
  public static final String ANALYTICS_RULES = "analytics-bucket.json";

  /** Rules file of the access-log bucket, in {@code lifecycle/}. */
  public static final String ACCESS_LOG_RULES = "access-logs-bucket.json";

  private final Bucket bucket;
  private final Bucket accessLogs;

  public AnalyticsStorage(Construct scope, String id, StageConfig config) {
    super(scope, id);
    RemovalPolicy removal = config.retainData() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    boolean autoDelete = !config.retainData();
    LifecycleRules logRules =
        LifecycleRules.load(config.artifacts().lifecycleDir().resolve(ACCESS_LOG_RULES), List.of());
    this.accessLogs =
        Bucket.Builder.create(this, "AccessLogs")
            // Server access logging delivers with SSE-S3 only.
            .encryption(BucketEncryption.S3_MANAGED)
            .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
            .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
            .enforceSsl(true)
            .minimumTlsVersion(1.2)
            .lifecycleRules(logRules.toCdk())
            .removalPolicy(removal)
            .autoDeleteObjects(autoDelete)
            .build();
    Validations.of(accessLogs)
        .acknowledge(
            Acknowledgment.builder()
                .id("AwsSolutions-S1")
                .reason(
                    "This bucket is the access-log target of the analytics bucket; logging it"
                        + " into itself would loop and into a third bucket only moves the gap.")
                .build());

    LifecycleRules rules =
        LifecycleRules.load(
            config.artifacts().lifecycleDir().resolve(ANALYTICS_RULES),
            List.of(BucketLayout.WAREHOUSE));
    this.bucket =
        Bucket.Builder.create(this, "Bucket")
            .bucketName(config.bucketName())
            .encryption(BucketEncryption.S3_MANAGED)
            .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
            .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
            .enforceSsl(true)
            .minimumTlsVersion(1.2)
            .versioned(true)
            .serverAccessLogsBucket(accessLogs)
            .serverAccessLogsPrefix("analytics-bucket/")
            .lifecycleRules(rules.toCdk())
            .removalPolicy(removal)
            .autoDeleteObjects(autoDelete)
            .build();
  }

  /** The analytics bucket. */
  public IBucket bucket() {
    return bucket;
  }

  /** The access-log bucket. */
  public IBucket accessLogs() {
    return accessLogs;
  }

  /** {@code s3://{bucket}/{prefix}}. */
  public String s3Url(String prefix) {
    return "s3://" + bucket.getBucketName() + "/" + prefix;
  }
}
