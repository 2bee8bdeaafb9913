package io.salesflow.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.PolicyValidationPluginReport;
import software.amazon.awscdk.Validations;
import software.constructs.IConstruct;

/** cdk-nag AwsSolutions: no unacknowledged finding, and every acknowledgement gives its reason. */
class NagChecksTest {

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void awsSolutions_reportsNoUnacknowledgedFinding(String stage) {
    SalesflowStack stack = TestStacks.stack(stage);
    TestStacks.template(stage);

    PolicyValidationPluginReport report = new AwsSolutionsChecks().validateScope(stack);

    List<String> findings = new ArrayList<>();
    report
        .getViolations()
        .forEach(
            v ->
                v.getViolatingResources()
                    .forEach(
                        r ->
                            findings.add(
                                v.getRuleName()
                                    + " at "
                                    + r.getConstructPath()
                                    + ": "
                                    + v.getDescription())));
    assertThat(findings).as("unacknowledged cdk-nag findings").isEmpty();
    assertThat(report.getSuccess()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void everyAcknowledgement_hasAWrittenReason(String stage) {
    List<String> acknowledgements = new ArrayList<>();
    collect(TestStacks.stack(stage), acknowledgements);

    assertThat(acknowledgements).isNotEmpty();
    assertThat(acknowledgements)
        .allSatisfy(a -> assertThat(a.substring(a.indexOf(" => ") + 4)).hasSizeGreaterThan(40));
  }

  @SuppressWarnings("unchecked")
  private static void collect(IConstruct construct, List<String> out) {
    for (var entry : construct.getNode().getMetadata()) {
      if (Validations.ACKNOWLEDGED_RULES_METADATA_KEY.equals(entry.getType())) {
        ((Map<String, Object>) entry.getData())
            .forEach(
                (id, reason) ->
                    out.add(construct.getNode().getPath() + " " + id + " => " + reason));
      }
    }
    construct.getNode().getChildren().forEach(child -> collect(child, out));
  }
}
