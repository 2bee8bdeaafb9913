package io.salesflow.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.s3.IBucket;

/**
 * S3 grants scoped to key prefixes of one bucket, for the cases where the bucket-wide {@code
 * grant*} methods would give too much.
 */
final class S3Grants {

  private S3Grants() {}

  /**
   * {@code actions} on the objects under each prefix (each ends with '/'). Object actions take
   * object ARNs, so a prefix is granted as {@code <bucket>/<prefix>*}: the one wildcard that least
   * privilege needs here, acknowledged for cdk-nag per prefix.
   */
  static void objects(
      IFunction function, IBucket bucket, String sid, List<String> actions, List<String> prefixes) {
    function.addToRolePolicy(
        PolicyStatement.Builder.create()
            .sid(sid)
            .actions(actions)
            .resources(prefixes.stream().map(p -> bucket.arnForObjects(p + "*")).toList())
            .build());
    String bucketId = NagAcknowledgements.logicalId(bucket);
    for (String prefix : prefixes) {
      NagAcknowledgements.acknowledge(
          function.getRole(),
          "AwsSolutions-IAM5[Resource::<" + bucketId + ".Arn>/" + prefix + "*]",
          "Object actions are granted on the keys under "
              + prefix
              + " only (an S3 prefix is expressed as an object ARN with a trailing wildcard),"
              + " which is what "
              + function.getNode().getId()
              + " reads or writes there.");
    }
  }

  /**
   * {@code s3:ListBucket} limited to listings under the prefixes (Athena lists its result location
   * and may list table locations). The ETL and the bootstrap never list, so they do not get it.
   */
  static void list(IFunction function, IBucket bucket, String sid, List<String> prefixes) {
    function.addToRolePolicy(
        PolicyStatement.Builder.create()
            .sid(sid)
            .actions(List.of("s3:ListBucket"))
            .resources(List.of(bucket.getBucketArn()))
            .conditions(
                Map.of(
                    "StringLike",
                    Map.of("s3:prefix", prefixes.stream().map(p -> p + "*").toList())))
            .build());
  }
}
