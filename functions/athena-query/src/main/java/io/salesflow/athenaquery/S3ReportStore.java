package io.salesflow.athenaquery;

import io.salesflow.query.report.ReportFile;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Writes report files to a bucket with their content type. */
final class S3ReportStore implements ReportStore {

  private final S3Client s3;
  private final String bucket;

  S3ReportStore(S3Client s3, String bucket) {
    this.s3 = s3;
    this.bucket = bucket;
  }

  @Override
  public String put(String key, ReportFile file) {
    try {
      s3.putObject(
          b -> b.bucket(bucket).key(key).contentType(file.contentType()),
          RequestBody.fromBytes(file.content()));
      return "s3://" + bucket + "/" + key;
    } catch (SdkException e) {
      throw new ReportRunException(
          "Cannot write report s3://"
              + bucket
              + "/"
              + key
              + ": "
              + e.getMessage()
              + ". Check the bucket exists and the function may s3:PutObject on it.",
          e);
    }
  }
}
