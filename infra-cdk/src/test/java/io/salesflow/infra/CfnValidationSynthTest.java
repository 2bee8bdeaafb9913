package io.salesflow.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.services.sqs.Queue;

/**
 * The production synth, exactly as {@code cdk synth -c stage=prod} runs it (cdk-nag registered as a
 * validation plugin), with CDK's bundled CloudFormation validation on and its findings turned into
 * errors ({@code @aws-cdk/core:validateAgainstDefaultRules}). Two small stacks with known faults
 * prove both validators are live in this JVM. Runs in its own Surefire execution: the validator is
 * switched per process (CDK_VALIDATION) and costs seconds per synth.
 */
class CfnValidationSynthTest {

  private static final String STRICT = "@aws-cdk/core:validateAgainstDefaultRules";

  @BeforeAll
  static void validationIsOn() {
    // The default Surefire execution turns validation off for speed and excludes this class; a
    // -Dtest selection may still pick it there: it then runs in the cfn-validation-synth one.
    assumeFalse(
        "false".equals(System.getenv("CDK_VALIDATION")),
        "runs in the cfn-validation-synth execution (CDK_VALIDATION on)");
  }

  @Test
  void prodSynth_passesCloudFormationValidationAndCdkNag() {
    Path out = TestStacks.MODULE.resolve("target/cdk-validation/prod");
    App app = SalesflowApp.app(TestStacks.context("prod", Map.of(STRICT, true)), out);
    SalesflowApp.build(app, TestStacks.MODULE);

    // Throws ValidationFailed on any error of either validator.
    CloudAssembly assembly = app.synth();

    assertThat(assembly.getStackByName("salesflow-prod").getTemplate()).isNotNull();
    assertThat(out.resolve("salesflow-prod.template.json")).isRegularFile();
  }

  @Test
  void cloudFormationValidator_failsASynthWithAnInvalidTemplate() {
    App app = SalesflowApp.app(Map.of(STRICT, true), out("invalid-template"));
    CfnResource.Builder.create(new Stack(app, "invalid"), "Queue")
        .type("AWS::SQS::Queue")
        .properties(Map.of("MessageRetentionPeriod", 99_999_999))
        .build();

    assertThatThrownBy(app::synth).hasMessageContaining("ValidationFailed");
  }

  @Test
  void cdkNagPlugin_failsASynthWithAnUnacknowledgedFinding() {
    App app = SalesflowApp.app(Map.of(), out("nag-finding"));
    new Queue(new Stack(app, "insecure"), "Queue");
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

    assertThatThrownBy(app::synth).hasMessageContaining("ValidationFailed");
  }

  private static Path out(String name) {
    return TestStacks.MODULE.resolve("target/cdk-validation/" + name);
  }
}
