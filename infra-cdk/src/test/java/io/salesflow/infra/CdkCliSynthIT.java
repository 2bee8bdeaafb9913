package io.salesflow.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code npx cdk synth -c stage=prod} with the CLI pinned in package.json, run on the packaged app
 * jar with no AWS credentials or configuration at all (and the instance metadata service off), as
 * on a build machine without network access to AWS. The build runs {@code npm ci} in infra-cdk
 * before integration tests (the only step that needs the npm registry).
 */
class CdkCliSynthIT {

  private static final Path CDK = TestStacks.MODULE.resolve("node_modules/.bin/cdk");

  @Test
  void cdkCli_isTheVersionPinnedInPackageJson() throws Exception {
    var packageJson =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(TestStacks.MODULE.resolve("package.json").toFile());
    String pinned = packageJson.path("devDependencies").path("aws-cdk").asText();
    assertThat(pinned).as("an exact version in package.json").matches("\\d+\\.\\d+\\.\\d+");

    ProcessBuilder builder =
        new ProcessBuilder(List.of(CDK.toString(), "--version"))
            .directory(TestStacks.MODULE.toFile())
            .redirectErrorStream(true);
    builder.environment().put("CDK_DISABLE_CLI_TELEMETRY", "true");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(process.exitValue()).as("cdk --version: %s", output).isZero();
    // e.g. "2.1148.1 (build 1a2b3c4)"
    assertThat(output.strip()).startsWith(pinned + " ");
  }

  @Test
  void cdkSynthProd_worksWithoutCredentials() throws Exception {
    assertThat(CDK)
        .as("the pinned CDK CLI, installed by `npm ci` in infra-cdk (the build runs it before ITs)")
        .isExecutable();
    assertThat(TestStacks.MODULE.resolve("target/salesflow-infra-cdk.jar")).isRegularFile();
    Path out = TestStacks.MODULE.resolve("target/cdk-cli-it");
    Path log = TestStacks.MODULE.resolve("target/cdk-cli-it.log");

    ProcessBuilder builder =
        new ProcessBuilder(
                List.of(
                    CDK.toString(),
                    "synth",
                    "-c",
                    "stage=prod",
                    "--output",
                    out.toString(),
                    "--quiet",
                    "--no-notices",
                    "--no-version-reporting"))
            .directory(TestStacks.MODULE.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("CDK_"));
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    env.put("AWS_CONFIG_FILE", out.resolveSibling("no-aws-config").toString());
    env.put("AWS_SHARED_CREDENTIALS_FILE", out.resolveSibling("no-aws-credentials").toString());
    env.put("CDK_DISABLE_CLI_TELEMETRY", "true");
    env.put("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20");
    Process process = builder.start();
    boolean finished = process.waitFor(300, TimeUnit.SECONDS);
    if (!finished) {
      process.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);

    assertThat(finished).as("cdk synth finished in time; output:%n%s", output).isTrue();
    assertThat(process.exitValue()).as("cdk synth exit code; output:%n%s", output).isZero();
    assertThat(Files.readString(out.resolve("salesflow-prod.template.json")))
        .contains("\"BucketName\": \"carousel-prod-analytics\"")
        .contains("Custom::SalesflowTables");
  }
}
