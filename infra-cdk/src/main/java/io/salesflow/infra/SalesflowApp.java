package io.salesflow.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.salesflow.infra.config.StageConfig;
import io.salesflow.infra.config.StageConfigException;
import java.nio.file.Path;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Validations;

/**
 * The CDK app: {@code cdk synth|deploy|destroy -c stage=<stage>} builds the one stack of that
 * stage, with the cdk-nag AwsSolutions checks registered as a validation plugin (an unacknowledged
 * finding fails synthesis).
 */
public final class SalesflowApp {

  private SalesflowApp() {}

  public static void main(String[] args) {
    App app = new App();
    try {
      build(app, Path.of("").toAbsolutePath());
    } catch (StageConfigException e) {
      System.err.println("salesflow: invalid CDK context:");
      e.problems().forEach(p -> System.err.println("  " + p));
      System.exit(2);
    } catch (IllegalArgumentException e) {
      // Lifecycle rule files, the query library's schedules, construct props.
      System.err.println("salesflow: " + e.getMessage());
      System.exit(2);
    }
    app.synth();
  }

  /** Adds the stage's stack and the nag checks to {@code app}. */
  public static SalesflowStack build(App app, Path workingDirectory) {
    StageConfig config = StageConfig.from(app.getNode()::tryGetContext, workingDirectory);
    SalesflowStack stack = new SalesflowStack(app, config);
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    return stack;
  }

  /** An app with the given context (tests and tools), writing its assembly to {@code outdir}. */
  public static App app(Map<String, Object> context, Path outdir) {
    return new App(AppProps.builder().context(context).outdir(outdir.toString()).build());
  }
}
