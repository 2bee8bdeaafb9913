package io.salesflow.localstack.trino;

import io.salesflow.localstack.LocalStack;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to start a {@link LocalTrino}: the Iceberg REST catalog and S3 server it reads from, its heap
 * and where it keeps its configuration, data and log.
 */
public final class LocalTrinoOptions {

  /** Default heap of the Trino JVM: enough for the query library on a 2-core, small machine. */
  public static final String DEFAULT_HEAP = "1G";

  /** Default time to wait for the server to accept queries. */
  public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofMinutes(3);

  private final URI catalogUri;
  private final URI s3Endpoint;
  private final String region;
  private final String accessKeyId;
  private final String secretAccessKey;
  private final String heap;
  private final Path workDir;
  private final Duration readyTimeout;

  private LocalTrinoOptions(Builder builder) {
    this.catalogUri = Objects.requireNonNull(builder.catalogUri, "catalogUri");
    this.s3Endpoint = Objects.requireNonNull(builder.s3Endpoint, "s3Endpoint");
    this.region = Objects.requireNonNull(builder.region, "region");
    this.accessKeyId = Objects.requireNonNull(builder.accessKeyId, "accessKeyId");
    this.secretAccessKey = Objects.requireNonNull(builder.secretAccessKey, "secretAccessKey");
    this.heap = builder.heap;
    this.workDir = builder.workDir;
    this.readyTimeout = builder.readyTimeout;
  }

  /** Options reading the catalog and S3 server of {@code stack}, work files under its base dir. */
  public static LocalTrinoOptions forStack(LocalStack stack) {
    return builder()
        .catalog(stack.catalogUri())
        .s3(stack.s3Endpoint(), stack.region(), stack.accessKeyId(), stack.secretAccessKey())
        .workDir(stack.baseDir().resolve("trino"))
        .build();
  }

  /**
   * Options reading the catalog and S3 server an Iceberg REST catalog's client properties point at:
   * {@code uri}, {@code s3.endpoint}, {@code s3.access-key-id}, {@code s3.secret-access-key} and
   * {@code client.region} (as {@code LocalStack#catalogProperties()} returns them).
   *
   * @throws IllegalArgumentException naming a missing property
   */
  public static Builder fromCatalogProperties(java.util.Map<String, String> properties) {
    for (String key :
        java.util.List.of(
            "uri", "s3.endpoint", "s3.access-key-id", "s3.secret-access-key", "client.region")) {
      if (properties.get(key) == null) {
        throw new IllegalArgumentException(
            "Invalid catalog properties for local Trino: '" + key + "' is missing");
      }
    }
    return builder()
        .catalog(URI.create(properties.get("uri")))
        .s3(
            URI.create(properties.get("s3.endpoint")),
            properties.get("client.region"),
            properties.get("s3.access-key-id"),
            properties.get("s3.secret-access-key"));
  }

  public static Builder builder() {
    return new Builder();
  }

  public URI catalogUri() {
    return catalogUri;
  }

  public URI s3Endpoint() {
    return s3Endpoint;
  }

  public String region() {
    return region;
  }

  public String accessKeyId() {
    return accessKeyId;
  }

  public String secretAccessKey() {
    return secretAccessKey;
  }

  /** Maximum heap, a JVM size such as {@code 1G}. */
  public String heap() {
    return heap;
  }

  /** Directory for etc/, data/ and the log; a temporary one if empty. */
  public Optional<Path> workDir() {
    return Optional.ofNullable(workDir);
  }

  public Duration readyTimeout() {
    return readyTimeout;
  }

  /** Builder of {@link LocalTrinoOptions}. */
  public static final class Builder {
    private URI catalogUri;
    private URI s3Endpoint;
    private String region;
    private String accessKeyId;
    private String secretAccessKey;
    private String heap = DEFAULT_HEAP;
    private Path workDir;
    private Duration readyTimeout = DEFAULT_READY_TIMEOUT;

    private Builder() {}

    /** Base URI of the Iceberg REST catalog. */
    public Builder catalog(URI uri) {
      this.catalogUri = uri;
      return this;
    }

    /** S3 endpoint (path-style) and the credentials it accepts. */
    public Builder s3(URI endpoint, String region, String accessKeyId, String secretAccessKey) {
      this.s3Endpoint = endpoint;
      this.region = region;
      this.accessKeyId = accessKeyId;
      this.secretAccessKey = secretAccessKey;
      return this;
    }

    /** Maximum heap, e.g. {@code 1G} or {@code 768M}. */
    public Builder heap(String heap) {
      if (heap == null || !heap.matches("\\d+[MG]")) {
        throw new IllegalArgumentException(
            "Invalid heap: " + heap + ", must be a size such as 768M or 1G");
      }
      this.heap = heap;
      return this;
    }

    /** Directory for configuration, data and the log; created if missing, never deleted. */
    public Builder workDir(Path dir) {
      this.workDir = dir;
      return this;
    }

    /** How long {@link LocalTrino#start} waits for the server to accept queries. */
    public Builder readyTimeout(Duration timeout) {
      if (timeout == null || timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("Invalid ready timeout: " + timeout + ", must be > 0");
      }
      this.readyTimeout = timeout;
      return this;
    }

    public LocalTrinoOptions build() {
      return new LocalTrinoOptions(this);
    }
  }
}
