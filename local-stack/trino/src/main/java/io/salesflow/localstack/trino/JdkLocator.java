package io.salesflow.localstack.trino;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds a JDK that can run Trino 476 (Java 24 or newer), in this order: {@value #TRINO_JAVA_HOME}
 * (if set it must be suitable: no silent fallback), {@code JAVA_HOME}, the JVM running this code,
 * then the JDKs installed under the usual directories ({@code /usr/lib/jvm}, SDKMAN, macOS), the
 * newest first and Temurin preferred among equals. Fails at once, never waits, with a message that
 * says what to install.
 */
public final class JdkLocator {

  /** Environment variable naming the JDK to run Trino with. */
  public static final String TRINO_JAVA_HOME = "TRINO_JAVA_HOME";

  /** The oldest Java feature release Trino 476 runs on. */
  public static final int MIN_FEATURE = 24;

  private static final Pattern JAVA_VERSION =
      Pattern.compile("^JAVA_VERSION=\"?(\\d+)(?:\\.(\\d+))?", Pattern.MULTILINE);

  /** A JDK installation and its feature release (e.g. 25). */
  public record Jdk(Path home, int feature) {
    /** {@code <home>/bin/java}. */
    public Path java() {
      return home.resolve("bin").resolve("java");
    }
  }

  private final Map<String, String> env;
  private final Path currentJavaHome;
  private final List<Path> searchRoots;

  public JdkLocator(Map<String, String> env, Path currentJavaHome, List<Path> searchRoots) {
    this.env = Map.copyOf(env);
    this.currentJavaHome = currentJavaHome;
    this.searchRoots = List.copyOf(searchRoots);
  }

  /** A locator for this machine: the process environment and the usual install directories. */
  public static JdkLocator forThisMachine() {
    Path userHome = Path.of(System.getProperty("user.home"));
    return new JdkLocator(
        System.getenv(),
        Path.of(System.getProperty("java.home")),
        List.of(
            Path.of("/usr/lib/jvm"),
            Path.of("/usr/java"),
            Path.of("/opt/java"),
            userHome.resolve(".sdkman/candidates/java"),
            Path.of("/Library/Java/JavaVirtualMachines")));
  }

  /**
   * The JDK to run Trino with.
   *
   * @throws LocalTrinoException naming what was checked and what to install if none is suitable
   */
  public Jdk locate() {
    String explicit = env.get(TRINO_JAVA_HOME);
    if (explicit != null && !explicit.isBlank()) {
      Path home = Path.of(explicit.trim());
      Optional<Jdk> jdk = inspect(home);
      if (jdk.isEmpty()) {
        throw new LocalTrinoException(
            "Invalid "
                + TRINO_JAVA_HOME
                + ": "
                + home
                + " is not a JDK (no bin/java and release file)");
      }
      if (jdk.get().feature() < MIN_FEATURE) {
        throw new LocalTrinoException(
            "Invalid "
                + TRINO_JAVA_HOME
                + ": "
                + home
                + " is Java "
                + jdk.get().feature()
                + ", Trino 476 needs Java "
                + MIN_FEATURE
                + " or newer; point it at a newer JDK or unset it");
      }
      return jdk.get();
    }
    List<String> checked = new ArrayList<>();
    List<Path> candidates = new ArrayList<>();
    String javaHome = env.get("JAVA_HOME");
    if (javaHome != null && !javaHome.isBlank()) {
      candidates.add(Path.of(javaHome.trim()));
    }
    candidates.add(currentJavaHome);
    for (Path candidate : candidates) {
      Optional<Jdk> jdk = inspect(candidate);
      if (jdk.isPresent() && jdk.get().feature() >= MIN_FEATURE) {
        return jdk.get();
      }
      checked.add(describe(candidate, jdk));
    }
    List<Jdk> installed = installed(checked);
    return installed.stream()
        .filter(jdk -> jdk.feature() >= MIN_FEATURE)
        .max(
            Comparator.comparingInt(Jdk::feature)
                .thenComparing(jdk -> jdk.home().toString().contains("temurin")))
        .orElseThrow(() -> noSuitableJdk(checked));
  }

  private List<Jdk> installed(List<String> checked) {
    List<Jdk> found = new ArrayList<>();
    for (Path root : searchRoots) {
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (Stream<Path> children = Files.list(root)) {
        for (Path child : children.sorted().toList()) {
          // macOS bundles keep the JDK under Contents/Home.
          Path home =
              Files.isDirectory(child.resolve("Contents/Home"))
                  ? child.resolve("Contents/Home")
                  : child;
          Optional<Jdk> jdk = inspect(home);
          jdk.ifPresent(found::add);
          if (!Files.isSymbolicLink(child)) {
            checked.add(describe(home, jdk));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot list " + root, e);
      }
    }
    return found;
  }

  /** The JDK at {@code home}, if it has {@code bin/java} and a readable {@code release} file. */
  static Optional<Jdk> inspect(Path home) {
    Path release = home.resolve("release");
    if (!Files.isRegularFile(release)
        || !Files.isRegularFile(home.resolve("bin").resolve("java"))) {
      return Optional.empty();
    }
    try {
      Matcher m = JAVA_VERSION.matcher(Files.readString(release, StandardCharsets.UTF_8));
      if (!m.find()) {
        return Optional.empty();
      }
      int first = Integer.parseInt(m.group(1));
      // "1.8.0_392" is Java 8.
      int feature = first == 1 && m.group(2) != null ? Integer.parseInt(m.group(2)) : first;
      return Optional.of(new Jdk(home, feature));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static String describe(Path home, Optional<Jdk> jdk) {
    return home + (jdk.isPresent() ? " (Java " + jdk.get().feature() + ")" : " (not a JDK)");
  }

  private static LocalTrinoException noSuitableJdk(List<String> checked) {
    return new LocalTrinoException(
        "Cannot start local Trino: Trino 476 needs a JDK "
            + MIN_FEATURE
            + " or newer and none was found. Checked: "
            + String.join(", ", checked)
            + ". Install one, e.g. Temurin 25 (`apt-get install temurin-25-jdk` from the Adoptium"
            + " repository, or a tarball from https://adoptium.net unpacked under /usr/lib/jvm),"
            + " or set "
            + TRINO_JAVA_HOME
            + " to the directory of a JDK 24+.");
  }
}
