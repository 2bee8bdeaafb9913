package io.salesflow.localstack;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Options of {@link LocalStack#start(LocalStackOptions)}: bucket, region and the directory that
 * holds the S3 objects, the catalog database and the servers' logs.
 *
 * <p>Without {@link Builder#baseDir(Path)} a fresh temporary directory is created and deleted on
 * {@link LocalStack#close()} unless {@link Builder#keepBaseDir()} is set; a directory given by the
 * caller is never deleted.
 */
public final class LocalStackOptions {

  /** Default warehouse bucket. */
  public static final String DEFAULT_BUCKET = "salesflow-local-analytics";

  /** Default AWS region the clients sign for. */
  public static final String DEFAULT_REGION = "us-east-1";

  private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

  private final String bucket;
  private final String region;
  private final Path baseDir;
  private final boolean keepBaseDir;

  private LocalStackOptions(Builder builder) {
    this.bucket = builder.bucket;
    this.region = builder.region;
    this.baseDir = builder.baseDir;
    this.keepBaseDir = builder.keepBaseDir;
  }

  /** Options with every default. */
  public static LocalStackOptions defaults() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Warehouse bucket, created at start. */
  public String bucket() {
    return bucket;
  }

  /** AWS region of the clients and of the catalog's S3FileIO. */
  public String region() {
    return region;
  }

  /** Directory given by the caller; empty for a temporary one. */
  public Optional<Path> baseDir() {
    return Optional.ofNullable(baseDir);
  }

  /** Whether a temporary base directory survives {@link LocalStack#close()}. */
  public boolean keepBaseDir() {
    return keepBaseDir;
  }

  @Override
  public String toString() {
    return "LocalStackOptions{bucket="
        + bucket
        + ", region="
        + region
        + ", baseDir="
        + baseDir
        + ", keepBaseDir="
        + keepBaseDir
        + "}";
  }

  /** Builder of {@link LocalStackOptions}. */
  public static final class Builder {
    private String bucket = DEFAULT_BUCKET;
    private String region = DEFAULT_REGION;
    private Path baseDir;
    private boolean keepBaseDir;

    private Builder() {}

    /** Warehouse bucket name (S3 rules: 3-63 lower-case letters, digits, dots, hyphens). */
    public Builder bucket(String bucket) {
      if (bucket == null || !BUCKET_NAME.matcher(bucket).matches()) {
        throw new IllegalArgumentException(
            "Invalid bucket: "
                + bucket
                + ", must be 3-63 of [a-z0-9.-], starting and ending"
                + " with a letter or digit");
      }
      this.bucket = bucket;
      return this;
    }

    /** AWS region, for example {@code us-east-1}. */
    public Builder region(String region) {
      if (region == null || region.isBlank()) {
        throw new IllegalArgumentException("Invalid region: " + region + ", must not be blank");
      }
      this.region = region;
      return this;
    }

    /** Directory for the stack's data and logs; created if missing, never deleted. */
    public Builder baseDir(Path baseDir) {
      this.baseDir = Objects.requireNonNull(baseDir, "baseDir");
      return this;
    }

    /** Keeps the temporary base directory after close, for inspecting data and logs. */
    public Builder keepBaseDir() {
      this.keepBaseDir = true;
      return this;
    }

    public LocalStackOptions build() {
      return new LocalStackOptions(this);
    }
  }
}
