package io.salesflow.cli.stream;

import io.salesflow.cli.CliContext;
import io.salesflow.cli.CliException;
import io.salesflow.cli.ExitCode;
import io.salesflow.emulator.EventSourceMappingConfig;
import io.salesflow.emulator.StartingPosition;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The event source mapping settings and the handler to call, shared by stream and demo. */
public final class StreamOptions {

  @Option(
      names = "--handler",
      paramLabel = "CLASS",
      defaultValue = HandlerLoader.DEFAULT_HANDLER,
      description =
          "Stream handler class, or `echo` (prints each record) (default: ${DEFAULT-VALUE}).")
  String handler;

  @Option(
      names = "--handler-jar",
      paramLabel = "JAR",
      description =
          "Deployment jar holding the handler (default: the jar in "
              + HandlerLoader.DEFAULT_JAR_DIR
              + ", if built).")
  Path handlerJar;

  @Option(
      names = "--handler-env",
      paramLabel = "KEY=VALUE",
      description = "Extra environment variable for the handler, repeatable.")
  Map<String, String> handlerEnv = new LinkedHashMap<>();

  @Option(
      names = "--batch-size",
      paramLabel = "N",
      description =
          "BatchSize: most records per invocation, 1-10000 (default: Lambda's 100; demo: 1000,"
              + " so the 6 MB payload cap sets the batch).")
  Integer batchSize;

  private int defaultBatchSize = 100;

  @Option(
      names = "--batching-window",
      paramLabel = "SECONDS",
      defaultValue = "0",
      description = "MaximumBatchingWindowInSeconds, 0-300 (default: ${DEFAULT-VALUE}).")
  int batchingWindowSeconds;

  @Option(
      names = "--starting-position",
      paramLabel = "POSITION",
      defaultValue = "TRIM_HORIZON",
      description =
          "TRIM_HORIZON or LATEST, for shards without a checkpoint (default: ${DEFAULT-VALUE}).")
  StartingPosition startingPosition;

  @Option(
      names = "--max-retries",
      paramLabel = "N",
      defaultValue = "-1",
      description =
          "MaximumRetryAttempts of a failed batch, -1 to retry until the records expire, as"
              + " deployed (default: ${DEFAULT-VALUE}). The function fails a batch only for"
              + " transient reasons (a bad record goes to the errors table), so a limit only"
              + " turns an outage into on-failure records to redrive.")
  int maxRetries;

  @Option(
      names = "--max-record-age",
      paramLabel = "SECONDS",
      defaultValue = "-1",
      description =
          "MaximumRecordAgeInSeconds: records of a failing batch older than this go to the"
              + " on-failure file; -1 or 60-604800 (default: ${DEFAULT-VALUE}, until the stream"
              + " trims them).")
  int maxRecordAgeSeconds;

  @Option(
      names = "--bisect",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "BisectBatchOnFunctionError (default: ${DEFAULT-VALUE}).")
  boolean bisect;

  @Option(
      names = "--report-batch-item-failures",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Honour batchItemFailures (ReportBatchItemFailures) (default: ${DEFAULT-VALUE}).")
  boolean reportBatchItemFailures;

  @Option(
      names = "--retry-delay",
      paramLabel = "MILLIS",
      defaultValue = "1000",
      description =
          "Wait before retrying a failed batch, doubling per retry up to 30 s (default: ${DEFAULT-VALUE}).")
  int retryDelayMillis;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "120",
      description = "Function timeout, 1-900 (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Option(
      names = "--memory",
      paramLabel = "MB",
      defaultValue = "1024",
      description = "Memory size the Context reports (default: ${DEFAULT-VALUE}).")
  int memoryMb;

  @Option(
      names = "--parallel-shards",
      paramLabel = "N",
      defaultValue = "4",
      description = "Shards processed at once (default: ${DEFAULT-VALUE}).")
  int parallelShards;

  @Option(
      names = "--max-payload-bytes",
      paramLabel = "BYTES",
      defaultValue = "6291456",
      description = "Invocation payload cap (default: Lambda's 6 MB, ${DEFAULT-VALUE}).")
  int maxPayloadBytes;

  /**
   * Loads the handler for {@code target}, or fails naming what is missing and how to build it.
   *
   * @param what the command, for the message ({@code stream}, {@code redrive})
   */
  public HandlerLoader.LoadedHandler loadHandler(
      CliContext context, Map<String, String> targetEnvironment, String what) {
    HandlerLoader loader = new HandlerLoader(context.home(), context.environment());
    boolean etl = HandlerLoader.resolveAlias(handler).equals(HandlerLoader.DEFAULT_HANDLER);
    return loader
        .load(handler, handlerJar(), handlerEnvironment(targetEnvironment))
        .orElseThrow(
            () ->
                new CliException(
                    etl ? ExitCode.NOT_BUILT : ExitCode.USAGE,
                    "Cannot "
                        + what
                        + ": "
                        + loader.explainMissing(handler, handlerJar())
                        + " Use --handler echo to watch the stream without it."));
  }

  /** One event source mapping per function, as in Lambda: positions per table and handler. */
  public static String mappingName(String table, HandlerLoader.LoadedHandler handler) {
    String className = handler.className();
    return table + "." + className.substring(className.lastIndexOf('.') + 1);
  }

  /** The handler name or alias. */
  public String handler() {
    return handler;
  }

  public Optional<Path> handlerJar() {
    return Optional.ofNullable(handlerJar);
  }

  /** The function environment: the target's plus {@code --handler-env}. */
  public Map<String, String> handlerEnvironment(Map<String, String> targetEnvironment) {
    Map<String, String> env = new LinkedHashMap<>(targetEnvironment);
    env.put("AWS_LAMBDA_FUNCTION_NAME", "salesflow-ddb-stream-etl");
    env.put("AWS_LAMBDA_FUNCTION_TIMEOUT", Integer.toString(timeoutSeconds));
    env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(memoryMb));
    env.putAll(handlerEnv);
    return env;
  }

  public int batchSize() {
    return batchSize == null ? defaultBatchSize : batchSize;
  }

  /** The batch size when {@code --batch-size} is not given. */
  public StreamOptions defaultBatchSize(int value) {
    this.defaultBatchSize = value;
    return this;
  }

  /** The validated event source mapping; a usage error naming the flag if invalid. */
  /**
   * Checks the flags alone, before a target is resolved: a bad flag is reported as such, not as a
   * missing region or an unreachable stack. The region does not take part in any flag's check.
   */
  public void validate() {
    toConfig("us-east-1");
  }

  public EventSourceMappingConfig toConfig(String region) {
    try {
      return EventSourceMappingConfig.builder()
          .functionName("salesflow-ddb-stream-etl")
          .region(region)
          .batchSize(batchSize())
          .batchingWindow(Duration.ofSeconds(batchingWindowSeconds))
          .startingPosition(startingPosition)
          .maximumRetryAttempts(maxRetries)
          .maximumRecordAgeSeconds(maxRecordAgeSeconds)
          .bisectBatchOnFunctionError(bisect)
          .reportBatchItemFailures(reportBatchItemFailures)
          .functionTimeout(Duration.ofSeconds(timeoutSeconds))
          .retryDelay(Duration.ofMillis(retryDelayMillis))
          .memoryLimitMb(memoryMb)
          .parallelShards(parallelShards)
          .maxPayloadBytes(maxPayloadBytes)
          .build();
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
  }
}
