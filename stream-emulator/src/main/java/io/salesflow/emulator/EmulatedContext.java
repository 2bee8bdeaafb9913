package io.salesflow.emulator;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lambda {@link Context} of one emulated invocation: a fresh request id, the function's name,
 * ARN and memory size, and the remaining time counted down from the configured timeout. The logger
 * writes to SLF4J logger {@code lambda.<function name>}.
 */
public final class EmulatedContext implements Context {

  private final String requestId = UUID.randomUUID().toString();
  private final EventSourceMappingConfig config;
  private final long deadlineNanos;
  private final LongSupplier nanoTime;
  private final LambdaLogger logger;

  /** A context whose deadline is the configured timeout from now. */
  public EmulatedContext(EventSourceMappingConfig config) {
    this(config, System::nanoTime);
  }

  EmulatedContext(EventSourceMappingConfig config, LongSupplier nanoTime) {
    this.config = config;
    this.nanoTime = nanoTime;
    this.deadlineNanos = nanoTime.getAsLong() + config.functionTimeout().toNanos();
    this.logger =
        new CapturingLambdaLogger(LoggerFactory.getLogger("lambda." + config.functionName()));
  }

  /** What the function wrote through {@link #getLogger()}, line by line. */
  public List<String> loggedLines() {
    return ((CapturingLambdaLogger) logger).lines();
  }

  @Override
  public String getAwsRequestId() {
    return requestId;
  }

  @Override
  public String getLogGroupName() {
    return "/aws/lambda/" + config.functionName();
  }

  @Override
  public String getLogStreamName() {
    return LocalDate.now(ZoneOffset.UTC).toString().replace('-', '/')
        + "/[$LATEST]"
        + requestId.replace("-", "");
  }

  @Override
  public String getFunctionName() {
    return config.functionName();
  }

  @Override
  public String getFunctionVersion() {
    return "$LATEST";
  }

  @Override
  public String getInvokedFunctionArn() {
    return config.functionArn();
  }

  @Override
  public CognitoIdentity getIdentity() {
    return null;
  }

  @Override
  public ClientContext getClientContext() {
    return null;
  }

  /** Milliseconds until the function times out, never negative. */
  @Override
  public int getRemainingTimeInMillis() {
    long remaining = (deadlineNanos - nanoTime.getAsLong()) / 1_000_000;
    return (int) Math.max(0, Math.min(Integer.MAX_VALUE, remaining));
  }

  @Override
  public int getMemoryLimitInMB() {
    return config.memoryLimitMb();
  }

  @Override
  public LambdaLogger getLogger() {
    return logger;
  }

  /** Logs through slf4j, as Lambda sends the lines to CloudWatch, and keeps them for reports. */
  private static final class CapturingLambdaLogger implements LambdaLogger {
    private static final int MAX_LINES = 1_000;
    private final Logger log;
    private final List<String> lines = new ArrayList<>();

    CapturingLambdaLogger(Logger log) {
      this.log = log;
    }

    @Override
    public void log(String message) {
      log.info(message);
      synchronized (lines) {
        for (String line : message.split("\\R")) {
          if (!line.isBlank() && lines.size() < MAX_LINES) {
            lines.add(line);
          }
        }
      }
    }

    @Override
    public void log(byte[] message) {
      log(new String(message, StandardCharsets.UTF_8));
    }

    List<String> lines() {
      synchronized (lines) {
        return List.copyOf(lines);
      }
    }
  }
}
