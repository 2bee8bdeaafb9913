package io.salesflow.localstack.trino;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrinoHomeTest {

  @TempDir Path dir;

  @Test
  void explicitHome_withLibAndIcebergPlugin_isAccepted() throws IOException {
    Files.createDirectories(dir.resolve("lib"));
    Files.createDirectories(dir.resolve("plugin/trino-iceberg-476"));

    assertThat(TrinoHome.locate(dir.toString(), Map.of())).isEqualTo(dir);
    assertThat(TrinoHome.locate(null, Map.of("SALESFLOW_TRINO_HOME", dir.toString())))
        .isEqualTo(dir);
  }

  @Test
  void homeWithoutIcebergPlugin_isRefusedWithBuildHint() throws IOException {
    Files.createDirectories(dir.resolve("lib"));

    assertThatThrownBy(() -> TrinoHome.locate(dir.toString(), Map.of()))
        .isInstanceOf(LocalTrinoException.class)
        .hasMessageContaining("Cannot find the Trino Iceberg plugin under " + dir.resolve("plugin"))
        .hasMessageContaining("mvn -B -ntp -pl local-stack/trino -am package -DskipTests");
  }

  @Test
  void missingHome_isRefused() {
    assertThatThrownBy(() -> TrinoHome.locate(dir.resolve("nope").toString(), Map.of()))
        .hasMessageContaining("no lib/ directory");
  }

  @Test
  void buildUnpacksTheServer_andRecordsWhere() {
    Path home = TrinoHome.locate(null, Map.of());

    assertThat(home.resolve("lib")).isDirectory();
    assertThat(TrinoHome.icebergPlugin(home)).isPresent();
  }
}
