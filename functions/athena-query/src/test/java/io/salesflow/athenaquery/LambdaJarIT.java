package io.salesflow.athenaquery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** The shaded jar as Lambda gets it: contents, and a cold start in a JVM with nothing else. */
class LambdaJarIT {

  private static final Path JAR =
      Path.of(System.getProperty("lambda.jar", "target/athena-query-lambda.jar"));

  @Test
  void jar_carriesTheLibrary_andNoIcebergTrinoNettyOrApacheClients() throws IOException {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      List<String> entries =
          Collections.list(jar.entries()).stream().map(e -> e.getName()).toList();
      assertThat(entries)
          .contains(
              "io/salesflow/athenaquery/AthenaQueryHandler.class",
              "sql/index.txt",
              "sql/monthly_sales_trend.sql")
          .noneMatch(e -> e.startsWith("org/apache/iceberg/"))
          .noneMatch(e -> e.startsWith("io/trino/"))
          .noneMatch(e -> e.startsWith("software/amazon/awssdk/http/nio/netty/"))
          .noneMatch(e -> e.startsWith("software/amazon/awssdk/http/apache"))
          .noneMatch(e -> e.startsWith("org/apache/hadoop/"));
      assertThat(entries.stream().filter(e -> e.startsWith("sql/") && e.endsWith(".sql")))
          .hasSize(17);
    }
    assertThat(Files.size(JAR)).isLessThan(20L * 1024 * 1024);
  }

  @Test
  void coldStart_fromTheEnvironment_refusesAnUnknownQuery_listingTheLibrary() throws Exception {
    String out = invoke("{\"query\": \"top_brands\"}");

    assertThat(out)
        .startsWith(
            "ERROR InvalidQueryRequestException: Unknown query 'top_brands'; available queries: brand_performance_by_season,")
        .contains("time_travel_comparison");
  }

  @Test
  void coldStart_checksParametersBeforeCallingAws() throws Exception {
    String out =
        invoke(
            "{\"query\": \"season_performance\", \"parameters\": {\"year\": \"2024; DROP TABLE sales_history\"}}");

    assertThat(out)
        .contains("Missing parameter 'tenant_id'")
        .contains(
            "Invalid parameter 'year' for query 'season_performance': '2024; DROP TABLE sales_history' is not a whole number");
  }

  private static String invoke(String event) throws Exception {
    Path classes = Path.of("target", "test-classes");
    Path launcher = Files.createTempDirectory(Path.of("target"), "lambda-jar-it");
    // Only the launcher class from the test classes: everything else must come from the jar.
    Path target = launcher.resolve("io/salesflow/athenaquery/LambdaJarMain.class");
    Files.createDirectories(target.getParent());
    Files.copy(classes.resolve("io/salesflow/athenaquery/LambdaJarMain.class"), target);
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                JAR.toAbsolutePath() + java.io.File.pathSeparator + launcher.toAbsolutePath(),
                "io.salesflow.athenaquery.LambdaJarMain",
                event)
            .redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().put("SALESFLOW_STAGE", "dev");
    builder.environment().put("SALESFLOW_ANALYTICS_BUCKET", "carousel-dev-analytics");
    builder.environment().put("AWS_REGION", "eu-west-1");
    Process process = builder.start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("child JVM finished").isTrue();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    // The response or error and what follows it (messages may span lines); log lines before it.
    int start = Math.max(out.indexOf("OK "), out.indexOf("ERROR "));
    return start < 0 ? out : out.substring(start);
  }
}
