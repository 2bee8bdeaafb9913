package io.salesflow.localstack;

import io.salesflow.core.config.SalesflowConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;

/**
 * Local stand-ins for the AWS services of salesflow, all on 127.0.0.1 with free ports: DynamoDB
 * Local with streams and S3Proxy (filesystem-backed) in this JVM, and an Iceberg REST catalog
 * server (JdbcCatalog on a SQLite file, warehouse in the S3Proxy bucket) as a child process.
 *
 * <p>S3 and the catalog can be stopped and started again on the same port with the same data, to
 * test outages. {@link #close()} stops everything and releases the ports; a shutdown hook does the
 * same on Ctrl-C, and the catalog child exits by itself if this JVM is killed.
 *
 * <pre>{@code
 * try (LocalStack stack = LocalStack.start()) {
 *   Catalog catalog = CatalogUtil.buildIcebergCatalog("local", stack.catalogProperties(), null);
 * }
 * }</pre>
 */
public final class LocalStack implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);
  // DynamoDB Local 2.x accepts only letters and digits in access key ids.
  private static final String ACCESS_KEY_ID = "salesflowlocal";
  private static final String SECRET_ACCESS_KEY = "salesflowlocalsecret";
  private static final String WAREHOUSE_PREFIX = "pricing-intelligence";

  static {
    // S3Proxy logs every request at debug, both servers' Jetty chat at info: warnings only,
    // unless set otherwise (these are slf4j-simple keys; other bindings ignore them).
    for (String logger : List.of("org.gaul", "org.eclipse.jetty")) {
      String key = "org.slf4j.simpleLogger.log." + logger;
      System.setProperty(key, System.getProperty(key, "warn"));
    }
  }

  private final LocalStackOptions options;
  private final Path baseDir;
  private final boolean deleteBaseDir;
  private final URI dynamoDbEndpoint;
  private final URI s3Endpoint;
  private final Thread shutdownHook = new Thread(this::close, "salesflow-local-stack-shutdown");
  private DynamoDbLocalServer dynamoDb;
  private S3Server s3;
  private RestCatalogProcess catalog;
  private DynamoDbClient dynamoDbClient;
  private DynamoDbStreamsClient dynamoDbStreamsClient;
  private S3Client s3Client;
  private boolean closed;

  private LocalStack(LocalStackOptions options) {
    this.options = options;
    this.deleteBaseDir = options.baseDir().isEmpty() && !options.keepBaseDir();
    this.baseDir = createBaseDir(options.baseDir());
    this.dynamoDbEndpoint = URI.create("http://127.0.0.1:" + freePort());
    this.s3Endpoint = URI.create("http://127.0.0.1:" + freePort());
  }

  /** Starts a stack with {@link LocalStackOptions#defaults()}. */
  public static LocalStack start() {
    return start(LocalStackOptions.defaults());
  }

  /**
   * Starts a stack and waits until every server answers.
   *
   * @throws LocalStackException if a server cannot start (everything started is stopped again)
   */
  public static LocalStack start(LocalStackOptions options) {
    LocalStack stack = new LocalStack(options);
    try {
      stack.startAll();
      return stack;
    } catch (RuntimeException e) {
      try {
        stack.close();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  private synchronized void startAll() {
    long startNanos = System.nanoTime();
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    Path jar = RestServerJar.locate(baseDir);
    int catalogPort = freePort();
    catalog = new RestCatalogProcess(jar, dir("catalog"), catalogPort, catalogServerProperties());
    catalog.launch(); // the child JVM boots while the in-process servers start
    dynamoDb = DynamoDbLocalServer.start(dynamoDbEndpoint.getPort());
    s3 = S3Server.start(s3Endpoint, dir("s3"), ACCESS_KEY_ID, SECRET_ACCESS_KEY);
    AwsClients clients = new AwsClients(ACCESS_KEY_ID, SECRET_ACCESS_KEY, options.region());
    dynamoDbClient = clients.dynamoDb(dynamoDbEndpoint);
    dynamoDbStreamsClient = clients.dynamoDbStreams(dynamoDbEndpoint);
    s3Client = clients.s3(s3Endpoint);
    createBucket();
    catalog.awaitReady();
    LOG.info(
        "Local stack started in {} ms: dynamodb={} s3={} catalog={} dir={}",
        (System.nanoTime() - startNanos) / 1_000_000,
        dynamoDbEndpoint,
        s3Endpoint,
        catalog.uri(),
        baseDir);
  }

  /** DynamoDB (and DynamoDB Streams) endpoint, {@code http://127.0.0.1:<port>}. */
  public URI dynamoDbEndpoint() {
    return dynamoDbEndpoint;
  }

  /** S3 endpoint (path-style addressing), {@code http://127.0.0.1:<port>}. */
  public URI s3Endpoint() {
    return s3Endpoint;
  }

  /** Base URI of the Iceberg REST catalog ({@code /v1/config} is below it). */
  public URI catalogUri() {
    return catalog.uri();
  }

  /** Warehouse bucket. */
  public String bucket() {
    return options.bucket();
  }

  /** Region the clients sign for. */
  public String region() {
    return options.region();
  }

  /** Access key id accepted by S3 (DynamoDB Local accepts any). */
  public String accessKeyId() {
    return ACCESS_KEY_ID;
  }

  /** Secret access key matching {@link #accessKeyId()}. */
  public String secretAccessKey() {
    return SECRET_ACCESS_KEY;
  }

  /** Iceberg warehouse location, {@code s3://<bucket>/pricing-intelligence}. */
  public String warehouse() {
    return "s3://" + options.bucket() + "/" + WAREHOUSE_PREFIX;
  }

  /**
   * The {@code SALESFLOW_*} environment a deployed function reads, pointing at this stack: REST
   * catalog, S3 endpoint and keys, region, and the tables of {@code database} under a warehouse
   * prefix of their own (so tests sharing the stack never see each other's tables).
   */
  public Map<String, String> functionEnvironment(String stage, String database) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put(SalesflowConfig.STAGE, stage);
    env.put(SalesflowConfig.DATABASE, database);
    env.put(SalesflowConfig.WAREHOUSE, warehouse() + "/" + database);
    env.put(SalesflowConfig.CATALOG_TYPE, "rest");
    env.put(SalesflowConfig.CATALOG_URI, catalogUri().toString());
    env.put(SalesflowConfig.S3_ENDPOINT, s3Endpoint().toString());
    env.put(SalesflowConfig.REGION, region());
    env.put(
        SalesflowConfig.CATALOG_PROPERTIES,
        "s3.access-key-id=" + accessKeyId() + ",s3.secret-access-key=" + secretAccessKey());
    return env;
  }

  /** Directory holding S3 objects, the catalog database and the catalog server's log. */
  public Path baseDir() {
    return baseDir;
  }

  /** The catalog server child process while it runs. */
  public Optional<ProcessHandle> catalogProcess() {
    return catalog == null ? Optional.empty() : catalog.handle();
  }

  /**
   * Iceberg client properties for {@code CatalogUtil.buildIcebergCatalog(name, properties, null)}:
   * a REST catalog with S3FileIO on this stack's S3 endpoint.
   */
  public Map<String, String> catalogProperties() {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("type", "rest");
    properties.put("uri", catalogUri().toString());
    properties.put("warehouse", warehouse());
    properties.putAll(fileIoProperties());
    // Short-lived processes: do not post scan/commit metrics to the catalog.
    properties.put("rest-metrics-reporting-enabled", "false");
    return Map.copyOf(properties);
  }

  /** DynamoDB client for this stack, closed by {@link #close()}. */
  public DynamoDbClient dynamoDbClient() {
    return dynamoDbClient;
  }

  /** DynamoDB Streams client for this stack, closed by {@link #close()}. */
  public DynamoDbStreamsClient dynamoDbStreamsClient() {
    return dynamoDbStreamsClient;
  }

  /** S3 client (path-style) for this stack, closed by {@link #close()}. */
  public S3Client s3Client() {
    return s3Client;
  }

  /** Stops S3 (the port refuses connections); objects are kept for {@link #startS3()}. */
  public synchronized void stopS3() {
    if (s3 != null) {
      s3.stop();
      s3 = null;
    }
  }

  /** Starts S3 again on the same port with the same objects; no-op if running. */
  public synchronized void startS3() {
    checkOpen();
    if (s3 == null) {
      s3 = S3Server.start(s3Endpoint, dir("s3"), ACCESS_KEY_ID, SECRET_ACCESS_KEY);
    }
  }

  /** Stops the catalog server; its database is kept for {@link #startCatalog()}. */
  public synchronized void stopCatalog() {
    catalog.stop();
  }

  /** Kills the catalog server with SIGKILL, as a crash would; its database is kept. */
  public synchronized void killCatalog() {
    catalog.kill();
  }

  /** Whether the catalog server runs. */
  public synchronized boolean catalogRunning() {
    return catalog.running();
  }

  /**
   * Starts the catalog server again on the same port and database, after a stop, a kill or a crash;
   * no-op if running.
   */
  public synchronized void startCatalog() {
    checkOpen();
    if (!catalog.running()) {
      catalog.launch();
      catalog.awaitReady();
    }
  }

  /** Stops every server, closes the clients and deletes a temporary base directory. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<RuntimeException> failures = new ArrayList<>();
    run(failures, () -> closeAll(dynamoDbClient, dynamoDbStreamsClient, s3Client));
    run(failures, () -> Optional.ofNullable(catalog).ifPresent(RestCatalogProcess::stop));
    run(failures, this::stopS3);
    run(failures, () -> Optional.ofNullable(dynamoDb).ifPresent(DynamoDbLocalServer::stop));
    if (deleteBaseDir) {
      run(failures, () -> deleteRecursively(baseDir));
    }
    removeShutdownHook();
    if (!failures.isEmpty()) {
      LocalStackException failure = new LocalStackException("Cannot stop the local stack cleanly");
      failures.forEach(failure::addSuppressed);
      throw failure;
    }
  }

  private Map<String, String> fileIoProperties() {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("io-impl", "org.apache.iceberg.aws.s3.S3FileIO");
    properties.put("s3.endpoint", s3Endpoint.toString());
    properties.put("s3.path-style-access", "true");
    properties.put("s3.access-key-id", ACCESS_KEY_ID);
    properties.put("s3.secret-access-key", SECRET_ACCESS_KEY);
    properties.put("client.region", options.region());
    properties.put("http-client.type", "urlconnection");
    return properties;
  }

  private Map<String, String> catalogServerProperties() {
    Map<String, String> properties = new LinkedHashMap<>(fileIoProperties());
    properties.put("uri", "jdbc:sqlite:" + dir("catalog").resolve("iceberg-catalog.db"));
    properties.put("warehouse", warehouse());
    // A local S3 server that is down (tests stop it on purpose) must turn into a quick error
    // response, not minutes of server-side retries that leave the client waiting.
    properties.put("s3.retry.num-retries", "3");
    properties.put("s3.retry.min-wait-ms", "50");
    properties.put("s3.retry.max-wait-ms", "300");
    return properties;
  }

  private void createBucket() {
    try {
      s3Client.createBucket(request -> request.bucket(options.bucket()));
    } catch (BucketAlreadyOwnedByYouException e) {
      // a base directory from an earlier run
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("Cannot restart a server: the local stack is closed");
    }
  }

  private Path dir(String name) {
    try {
      return Files.createDirectories(baseDir.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create " + baseDir.resolve(name), e);
    }
  }

  private void removeShutdownHook() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: this close() may be running in the hook itself
    }
  }

  private static Path createBaseDir(Optional<Path> given) {
    try {
      return given.isPresent()
          ? Files.createDirectories(given.get())
          : Files.createTempDirectory("salesflow-local-stack-");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the local stack directory", e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot find a free port on 127.0.0.1", e);
    }
  }

  private static void run(List<RuntimeException> failures, Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      failures.add(e);
    }
  }

  private static void closeAll(AutoCloseable... closeables) {
    for (AutoCloseable closeable : closeables) {
      try {
        if (closeable != null) {
          closeable.close();
        }
      } catch (Exception e) {
        throw new LocalStackException("Cannot close " + closeable, e);
      }
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + dir, e);
    }
  }
}
