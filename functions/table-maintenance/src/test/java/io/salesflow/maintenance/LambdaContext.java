package io.salesflow.maintenance;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.util.function.IntSupplier;

/** A Lambda context whose remaining time the test controls. */
final class LambdaContext implements Context {

  private final IntSupplier remainingMillis;

  LambdaContext(IntSupplier remainingMillis) {
    this.remainingMillis = remainingMillis;
  }

  @Override
  public String getAwsRequestId() {
    return "test-request";
  }

  @Override
  public String getLogGroupName() {
    return "/aws/lambda/salesflow-it-table-maintenance";
  }

  @Override
  public String getLogStreamName() {
    return "test";
  }

  @Override
  public String getFunctionName() {
    return "salesflow-it-table-maintenance";
  }

  @Override
  public String getFunctionVersion() {
    return "$LATEST";
  }

  @Override
  public String getInvokedFunctionArn() {
    return "arn:aws:lambda:us-east-1:000000000000:function:salesflow-it-table-maintenance";
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
    return remainingMillis.getAsInt();
  }

  @Override
  public int getMemoryLimitInMB() {
    return 3008;
  }

  @Override
  public LambdaLogger getLogger() {
    return null;
  }
}
