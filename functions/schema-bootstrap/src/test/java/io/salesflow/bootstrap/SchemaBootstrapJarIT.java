package io.salesflow.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.salesflow.core.catalog.CatalogFactory;
import io.salesflow.core.config.SalesflowConfig;
import io.salesflow.core.table.TableDefinition;
import io.salesflow.localstack.LocalStack;
import io.salesflow.localstack.LocalStackExtension;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The packaged Lambda jar (built by the shade plugin at {@code package}, before Failsafe's {@code
 * integration-test}): its contents, and its no-argument handler run in a fresh JVM configured only
 * by environment variables against the local stack.
 */
@ExtendWith(LocalStackExtension.class)
class SchemaBootstrapJarIT {

  private static final Path JAR = Path.of("target", "schema-bootstrap-lambda.jar");
  private static final String HTTP_SERVICE =
      "META-INF/services/software.amazon.awssdk.http.SdkHttpService";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void jar_carriesOnlyTheUrlConnectionClient_andNoNettyApacheOrHadoop() throws IOException {
    assertThat(JAR).as("run `mvn package` first").exists();
    try (JarFile jar = new JarFile(JAR.toFile())) {
      List<String> entries =
          Collections.list(jar.entries()).stream().map(JarEntry::getName).toList();

      assertThat(entries)
          .contains(
              "io/salesflow/bootstrap/SchemaBootstrapHandler.class",
              "software/amazon/awssdk/http/urlconnection/UrlConnectionSdkHttpService.class")
          .noneMatch(e -> e.startsWith("io/netty/"))
          .noneMatch(e -> e.startsWith("software/amazon/awssdk/http/apache"))
          .noneMatch(e -> e.startsWith("software/amazon/awssdk/http/nio/netty/"))
          .noneMatch(e -> e.startsWith("org/apache/hadoop/"))
          .doesNotContain(
              "META-INF/services/software.amazon.awssdk.http.async.SdkAsyncHttpService");
      try (InputStream in = jar.getInputStream(jar.getEntry(HTTP_SERVICE))) {
        List<String> providers =
            new String(in.readAllBytes(), StandardCharsets.UTF_8)
                .lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .toList();
        assertThat(providers)
            .containsExactly(
                "software.amazon.awssdk.http.urlconnection.UrlConnectionSdkHttpService");
      }
    }
  }

  @Test
  void shadedJar_createsDatabaseAndTables_fromTheEnvironment(LocalStack stack) throws Exception {
    assertThat(JAR).as("run `mvn package` first").exists();
    Map<String, String> env = BootstrapFixture.env(stack, "jar_it");

    Map<String, Object> first = probe(env);
    Map<String, Object> second = probe(env);

    assertThat(first).containsEntry("database", "jar_it").containsEntry("databaseCreated", true);
    assertThat(actions(first)).containsExactly("CREATED", "CREATED", "CREATED");
    assertThat(second).containsEntry("databaseCreated", false);
    assertThat(actions(second)).containsExactly("UNCHANGED", "UNCHANGED", "UNCHANGED");
    SalesflowConfig config = SalesflowConfig.from(env);
    Catalog catalog = CatalogFactory.build(config.catalog());
    try {
      assertThat(((SupportsNamespaces) catalog).namespaceExists(Namespace.of("jar_it"))).isTrue();
      for (TableDefinition def : config.tables().all()) {
        Table table = catalog.loadTable(def.identifier());
        assertThat(table.schema().sameSchema(def.schema())).as("schema of %s", def.name()).isTrue();
        assertThat(table.spec().compatibleWith(def.spec())).as("spec of %s", def.name()).isTrue();
        assertThat(table.location()).isEqualTo(def.location());
        assertThat(table.properties()).containsAllEntriesOf(def.properties());
      }
    } finally {
      CatalogFactory.close(catalog);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<String> actions(Map<String, Object> result) {
    return ((List<Map<String, Object>>) result.get("tables"))
        .stream().map(t -> (String) t.get("action")).toList();
  }

  /** Runs {@link SchemaBootstrapProbe} on the jar with only {@code env} as its environment. */
  private static Map<String, Object> probe(Map<String, String> env) throws Exception {
    // Only the probe class from the test classes: everything else must come from the jar.
    Path launcher = Files.createTempDirectory(Path.of("target"), "schema-bootstrap-jar-it");
    Path probeClass = Path.of("io", "salesflow", "bootstrap", "SchemaBootstrapProbe.class");
    Files.createDirectories(launcher.resolve(probeClass).getParent());
    Files.copy(Path.of("target", "test-classes").resolve(probeClass), launcher.resolve(probeClass));
    Path log = Files.createTempFile(Path.of("target"), "probe", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-cp",
                JAR.toAbsolutePath() + File.pathSeparator + launcher.toAbsolutePath(),
                SchemaBootstrapProbe.class.getName())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().clear();
    builder.environment().putAll(env);
    Process process = builder.start();
    boolean done = process.waitFor(120, TimeUnit.SECONDS);
    if (!done) {
      process.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(done).as("probe finished in time; output:%n%s", output).isTrue();
    assertThat(process.exitValue()).as("probe exit code; output:%n%s", output).isZero();
    String line =
        output
            .lines()
            .filter(l -> l.startsWith("PROBE "))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no PROBE line in:\n" + output));
    return JSON.readValue(line.substring("PROBE ".length()), new TypeReference<>() {});
  }
}
