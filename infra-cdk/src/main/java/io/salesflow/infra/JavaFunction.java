package io.salesflow.infra;

import io.salesflow.infra.config.StageConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * Builds the project's Java functions the same way: one shaded jar as the asset, the stage's Java
 * runtime, its own log group with the stage's retention, and its own role that may only write to
 * that log group (no AWS managed policy, no {@code logs:*} on {@code *}); each construct then
 * grants what its function uses.
 */
final class JavaFunction {

  /**
   * What differs between the functions.
   *
   * @param name short name; the function is {@code salesflow-{stage}-{name}}
   * @param description shown in the console
   * @param handler handler class
   * @param jar shaded jar
   * @param memoryMb memory
   * @param timeoutSeconds timeout
   * @param environment environment variables (configuration of the function)
   * @param snapStart SnapStart on published versions
   */
  record Spec(
      String name,
      String description,
      String handler,
      Path jar,
      int memoryMb,
      int timeoutSeconds,
      Map<String, String> environment,
      boolean snapStart) {

    Spec {
      Objects.requireNonNull(jar, "jar");
      environment = Map.copyOf(environment);
    }
  }

  private JavaFunction() {}

  static Function create(Construct scope, String id, StageConfig config, Spec spec) {
    String functionName = config.prefix() + "-" + spec.name();
    LogGroup logs =
        LogGroup.Builder.create(scope, id + "Logs")
            .logGroupName("/aws/lambda/" + functionName)
            .retention(retention(config.logRetentionDays()))
            .removalPolicy(config.retainData() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY)
            .build();
    Role role =
        Role.Builder.create(scope, id + "Role")
            .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
            .description("Runs " + functionName + "; grants are scoped to the resources it uses")
            .build();
    logs.grantWrite(role);
    Function.Builder builder =
        Function.Builder.create(scope, id)
            .functionName(functionName)
            .description(spec.description())
            .runtime("java21".equals(config.lambdaRuntime()) ? Runtime.JAVA_21 : Runtime.JAVA_25)
            .architecture(Architecture.X86_64)
            .handler(spec.handler())
            .code(Code.fromAsset(spec.jar().toString()))
            .memorySize(spec.memoryMb())
            .timeout(Duration.seconds(spec.timeoutSeconds()))
            .environment(spec.environment())
            .role(role)
            .logGroup(logs);
    if (spec.snapStart()) {
      builder.snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS);
    }
    // The function depends on its role, default policy included, so later grants exist before
    // it first runs.
    Function function = builder.build();
    if ("java21".equals(config.lambdaRuntime())) {
      NagAcknowledgements.acknowledge(
          function,
          "AwsSolutions-L1",
          "java21 was chosen with the lambdaRuntime context setting (the default is java25, the"
              + " newest Java runtime); it stays available as a fallback with SnapStart.");
    }
    return function;
  }

  /** The CloudWatch Logs retention of {@code days} (a value StageConfig accepted). */
  static RetentionDays retention(int days) {
    for (RetentionDays value : RetentionDays.values()) {
      if (value != RetentionDays.INFINITE && toDays(value) == days) {
        return value;
      }
    }
    throw new IllegalArgumentException("Invalid log retention " + days + " days");
  }

  private static int toDays(RetentionDays value) {
    return switch (value) {
      case ONE_DAY -> 1;
      case THREE_DAYS -> 3;
      case FIVE_DAYS -> 5;
      case ONE_WEEK -> 7;
      case TWO_WEEKS -> 14;
      case ONE_MONTH -> 30;
      case TWO_MONTHS -> 60;
      case THREE_MONTHS -> 90;
      case FOUR_MONTHS -> 120;
      case FIVE_MONTHS -> 150;
      case SIX_MONTHS -> 180;
      case ONE_YEAR -> 365;
      case THIRTEEN_MONTHS -> 400;
      case EIGHTEEN_MONTHS -> 545;
      case TWO_YEARS -> 731;
      case THREE_YEARS -> 1096;
      case FIVE_YEARS -> 1827;
      case SIX_YEARS -> 2192;
      case SEVEN_YEARS -> 2557;
      case EIGHT_YEARS -> 2922;
      case NINE_YEARS -> 3288;
      case TEN_YEARS -> 3653;
      default -> -1;
    };
  }
}
