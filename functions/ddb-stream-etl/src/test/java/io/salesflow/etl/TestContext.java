package io.salesflow.etl;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

/**
 * A Lambda context for tests whose remaining time counts down from {@code remainingMillis} at
 * creation, as Lambda's does; what the function logs through it is kept in {@link #logged()}.
 */
final class TestContext implements Context {

  private final long deadlineNanos;
  private final java.util.List<String> logged =
      java.util.Collections.synchronizedList(new java.util.ArrayList<>());

  TestContext(int remainingMillis) {
    this.deadlineNanos = System.nanoTime() + remainingMillis * 1_000_000L;
  }

  /** Lines the function wrote through {@link #getLogger()}. */
  java.util.List<String> logged() {
    return java.util.List.copyOf(logged);
  }

  @Override
  public String getAwsRequestId() {
    return "test-request";
  }

  @Override
  public String getLogGroupName() {
    return "/aws/lambda/ddb-stream-etl";
  }

  @Override
  public String getLogStreamName() {
    return "test";
  }

  @Override
  public String getFunctionName() {
    return "ddb-stream-etl";
  }

  @Override
  public String getFunctionVersion() {
    return "$LATEST";
  }

  @Override
  public String getInvokedFunctionArn() {
    return "arn:aws:lambda:us-east-1:000000000000:function:ddb-stream-etl";
  }

  @Override
  public CognitoIdentity getIdentity() {
    return null;
  }

  @Override
  public ClientContext getClientContext() {
    return null;
  }

  @Override
  public int getRemainingTimeInMillis() {
    return (int) Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000);
  }

  @Override
  public int getMemoryLimitInMB() {
    return 1024;
  }

  @Override
  public LambdaLogger getLogger() {
    return new LambdaLogger() {
      @Override
      public void log(String message) {
        logged.add(message.strip());
      }

      @Override
      public void log(byte[] message) {
        log(new String(message, java.nio.charset.StandardCharsets.UTF_8));
      }
    };
  }
}
