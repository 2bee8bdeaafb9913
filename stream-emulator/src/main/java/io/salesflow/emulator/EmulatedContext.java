package io.salesflow.emulator;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
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
    this.logger = new Slf4jLambdaLogger(LoggerFactory.getLogger("lambda." + config.functionName()));
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

  private record Slf4jLambdaLogger(Logger log) implements LambdaLogger {
    @Override
    public void log(String message) {
      log.info(message);
    }

    @Override
    public void log(byte[] message) {
      log.info(new String(message, StandardCharsets.UTF_8));
    }
  }
}
