package io.salesflow.localstack.trino;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdkLocatorTest {

  @TempDir Path dir;

  private Path jdk(String name, String version) throws IOException {
    Path home = Files.createDirectories(dir.resolve("jvm").resolve(name));
    Files.createDirectories(home.resolve("bin"));
    Files.writeString(home.resolve("bin/java"), "#!/bin/sh\n");
    Files.writeString(
        home.resolve("release"), "IMPLEMENTOR=\"x\"\nJAVA_VERSION=\"" + version + "\"\n");
    return home;
  }

  private JdkLocator locator(Map<String, String> env, Path current) {
    return new JdkLocator(env, current, List.of(dir.resolve("jvm")));
  }

  @Test
  void prefersNewestInstalledJdk_temurinAmongEquals() throws IOException {
    Path current = jdk("java-17-openjdk-amd64", "17.0.15");
    jdk("openjdk-24", "24.0.2");
    jdk("zulu-25", "25.0.1");
    Path temurin = jdk("temurin-25-jdk-amd64", "25.0.1");

    JdkLocator.Jdk found = locator(Map.of(), current).locate();

    assertThat(found.home()).isEqualTo(temurin);
    assertThat(found.feature()).isEqualTo(25);
    assertThat(found.java()).isEqualTo(temurin.resolve("bin/java"));
  }

  @Test
  void trinoJavaHome_winsOverEverything() throws IOException {
    Path current = jdk("temurin-25", "25.0.1");
    Path explicit = jdk("custom-24", "24");

    JdkLocator.Jdk found =
        locator(Map.of("TRINO_JAVA_HOME", explicit.toString()), current).locate();

    assertThat(found.home()).isEqualTo(explicit);
  }

  @Test
  void javaHome_isUsedWhenNewEnough() throws IOException {
    Path current = jdk("java-17", "17.0.1");
    Path javaHome = jdk("jdk-26", "26-ea");

    assertThat(locator(Map.of("JAVA_HOME", javaHome.toString()), current).locate().home())
        .isEqualTo(javaHome);
  }

  @Test
  void trinoJavaHome_tooOld_failsNamingTheVariable() throws IOException {
    Path old = jdk("java-17", "17.0.15");
    jdk("temurin-25", "25.0.1");

    assertThatThrownBy(() -> locator(Map.of("TRINO_JAVA_HOME", old.toString()), old).locate())
        .isInstanceOf(LocalTrinoException.class)
        .hasMessageContaining("Invalid TRINO_JAVA_HOME: " + old + " is Java 17")
        .hasMessageContaining("needs Java 24 or newer");
  }

  @Test
  void noSuitableJdk_failsAtOnce_sayingWhatToInstall() throws IOException {
    Path current = jdk("java-17-openjdk-amd64", "17.0.15");
    jdk("java-8", "1.8.0_392");

    assertTimeoutPreemptively(
        Duration.ofSeconds(5),
        () ->
            assertThatThrownBy(() -> locator(Map.of(), current).locate())
                .isInstanceOf(LocalTrinoException.class)
                .hasMessageContaining("Trino 476 needs a JDK 24 or newer and none was found")
                .hasMessageContaining(current + " (Java 17)")
                .hasMessageContaining("java-8 (Java 8)")
                .hasMessageContaining("Temurin 25")
                .hasMessageContaining("set TRINO_JAVA_HOME"));
  }

  @Test
  void notAJdk_isReported() {
    assertThatThrownBy(() -> locator(Map.of("TRINO_JAVA_HOME", dir.toString()), dir).locate())
        .hasMessageContaining("Invalid TRINO_JAVA_HOME: " + dir + " is not a JDK");
  }
}
