package io.salesflow.cli.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesflow.cli.CliException;
import io.salesflow.cli.ExitCode;
import io.salesflow.core.config.SalesflowConfig;
import io.salesflow.localstack.trino.JdkLocator;
import io.salesflow.localstack.trino.LocalTrinoException;
import io.salesflow.query.QueryLibrary;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which Trino the phase uses, and what happens on a machine that cannot run local Trino. */
class TrinoServerTest {

  @TempDir Path dir;

  /** A JDK 17 as the only Java on the "machine": Trino 476 needs 24+. */
  private JdkLocator onlyJdk17(Map<String, String> env) throws IOException {
    Path jdk17 = dir.resolve("jdk-17");
    Files.createDirectories(jdk17.resolve("bin"));
    Files.writeString(jdk17.resolve("bin/java"), "");
    Files.writeString(jdk17.resolve("release"), "JAVA_VERSION=\"17.0.15\"\n");
    return new JdkLocator(env, jdk17, List.of(dir.resolve("no-other-jdks")));
  }

  private static final Map<String, String> LOCAL_CATALOG =
      Map.of(
          "uri", "http://127.0.0.1:1",
          "s3.endpoint", "http://127.0.0.1:2",
          "s3.access-key-id", "k",
          "s3.secret-access-key", "s",
          "client.region", "us-east-1");

  private QueryPhaseRequest request(Map<String, String> catalog, Optional<URI> trinoUrl) {
    SalesflowConfig config =
        SalesflowConfig.from(
            Map.of("SALESFLOW_STAGE", "local", "SALESFLOW_WAREHOUSE", "s3://bucket/warehouse"));
    return new QueryPhaseRequest(config, catalog, Map.of(), trinoUrl, dir.resolve("reports"));
  }

  @Test
  void givenUrl_becomesAJdbcUrlOnItsCatalog_inUtc() {
    assertThat(TrinoServer.jdbcUrl(URI.create("http://127.0.0.1:8080")))
        .isEqualTo("jdbc:trino://127.0.0.1:8080/iceberg?timezone=UTC");
    assertThat(TrinoServer.jdbcUrl(URI.create("http://trino.internal/lake/")))
        .isEqualTo("jdbc:trino://trino.internal:8080/lake?timezone=UTC");
    assertThat(TrinoServer.jdbcUrl(URI.create("https://trino.example.com")))
        .isEqualTo("jdbc:trino://trino.example.com:443/iceberg?timezone=UTC&SSL=true");
  }

  @Test
  void noJdk24_makesThePhaseUnavailable_withTheLocatorsAdvice() throws IOException {
    assertThatThrownBy(() -> TrinoServer.checkRunnable(onlyJdk17(Map.of()), Map.of()))
        .isInstanceOf(QueryPhaseUnavailableException.class)
        .hasMessageContaining("Trino 476 needs a JDK 24 or newer and none was found")
        .hasMessageContaining("jdk-17 (Java 17)")
        .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(ExitCode.NOT_BUILT));
  }

  @Test
  void anUnsuitableTrinoJavaHome_isAFailure_notAMissingPart() throws IOException {
    Map<String, String> env = Map.of(JdkLocator.TRINO_JAVA_HOME, dir.resolve("jdk-17").toString());
    JdkLocator jdks = onlyJdk17(env);

    assertThatThrownBy(() -> TrinoServer.checkRunnable(jdks, env))
        .isInstanceOf(LocalTrinoException.class)
        .isNotInstanceOf(QueryPhaseUnavailableException.class)
        .hasMessageContaining("Invalid TRINO_JAVA_HOME");
  }

  @Test
  void phase_withoutJdk24_isUnavailable_beforeStartingAnything() throws IOException {
    QueryLibraryPhase phase =
        new QueryLibraryPhase(
            QueryLibrary.fromClasspath(), onlyJdk17(Map.of()), Map.of(), Clock.systemUTC());

    assertThatThrownBy(() -> phase.run(request(LOCAL_CATALOG, Optional.empty())))
        .isInstanceOf(QueryPhaseUnavailableException.class)
        .hasMessageContaining("needs a JDK 24 or newer");
    assertThat(dir.resolve("reports")).doesNotExist();
  }

  @Test
  void phase_onACatalogLocalTrinoCannotRead_asksForTrinoUrl() throws IOException {
    QueryLibraryPhase phase =
        new QueryLibraryPhase(
            QueryLibrary.fromClasspath(), onlyJdk17(Map.of()), Map.of(), Clock.systemUTC());

    assertThatThrownBy(() -> phase.run(request(Map.of("type", "glue"), Optional.empty())))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("Cannot start a local Trino for this catalog")
        .hasMessageContaining("'uri' is missing")
        .hasMessageContaining("--trino-url")
        .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(ExitCode.USAGE));
  }

  @Test
  void phase_onAnUnreachableTrino_recordsEveryQueryAsFailed_andStillWritesTheSummary() {
    QueryLibraryPhase phase =
        new QueryLibraryPhase(QueryLibrary.fromClasspath(), null, Map.of(), Clock.systemUTC());

    QueryPhaseResult result =
        phase.run(request(LOCAL_CATALOG, Optional.of(URI.create("http://127.0.0.1:1"))));

    assertThat(result.queriesRun()).isZero();
    assertThat(result.queriesFailed()).isEqualTo(QueryLibrary.fromClasspath().names().size());
    assertThat(result.files()).isEmpty();
    assertThat(result.queries())
        .allSatisfy(
            q ->
                assertThat(q.detail())
                    .contains("Cannot reach Trino at jdbc:trino://127.0.0.1:1/iceberg"));
    assertThat(result.summary()).isRegularFile();
  }
}
