package io.salesflow.infra.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Finds the repository and the files built from it. Jars are checked here, so that a missing build
 * is reported before synthesis with the command that builds it.
 */
final class ArtifactsReader {

  /**
   * Repository root; default: the nearest directory up from the working one with sql/ and
   * functions/.
   */
  static final String REPO_ROOT = "repoRoot";

  /** schema-bootstrap jar, absolute or relative to the repository root. */
  static final String SCHEMA_BOOTSTRAP_JAR = "schemaBootstrapJar";

  /** ddb-stream-etl jar, absolute or relative to the repository root. */
  static final String DDB_STREAM_ETL_JAR = "ddbStreamEtlJar";

  /** athena-query jar, absolute or relative to the repository root. */
  static final String ATHENA_QUERY_JAR = "athenaQueryJar";

  /** table-maintenance jar, absolute or relative to the repository root. */
  static final String TABLE_MAINTENANCE_JAR = "tableMaintenanceJar";

  /** Every artifact setting (a stage object may hold any of them; others are refused). */
  static final Set<String> KEYS =
      Set.of(
          REPO_ROOT,
          SCHEMA_BOOTSTRAP_JAR,
          DDB_STREAM_ETL_JAR,
          ATHENA_QUERY_JAR,
          TABLE_MAINTENANCE_JAR);

  private ArtifactsReader() {}

  static Artifacts read(ContextReader r, Path workingDirectory) {
    Path root = repoRoot(r, workingDirectory);
    if (root == null) {
      return null;
    }
    Path bootstrap =
        jar(r, root, SCHEMA_BOOTSTRAP_JAR, "functions/schema-bootstrap", "schema-bootstrap-lambda");
    Path etl =
        jar(r, root, DDB_STREAM_ETL_JAR, "functions/ddb-stream-etl", "ddb-stream-etl-lambda");
    Path query = jar(r, root, ATHENA_QUERY_JAR, "functions/athena-query", "athena-query-lambda");
    Path maintenance =
        jar(
            r,
            root,
            TABLE_MAINTENANCE_JAR,
            "functions/table-maintenance",
            "table-maintenance-lambda");
    return new Artifacts(
        root, bootstrap, etl, query, maintenance, root.resolve("lifecycle"), root.resolve("sql"));
  }

  private static Path repoRoot(ContextReader r, Path workingDirectory) {
    String explicit = r.string(REPO_ROOT, null);
    if (explicit != null) {
      Path root = workingDirectory.resolve(explicit).toAbsolutePath().normalize();
      if (!isRepoRoot(root)) {
        r.problem(
            "Invalid context "
                + REPO_ROOT
                + ": '"
                + explicit
                + "' ("
                + root
                + ") has no sql/, lifecycle/ and functions/ directories");
        return null;
      }
      return root;
    }
    for (Path dir = workingDirectory.toAbsolutePath().normalize();
        dir != null;
        dir = dir.getParent()) {
      if (isRepoRoot(dir)) {
        return dir;
      }
    }
    r.problem(
        "Missing context "
            + REPO_ROOT
            + ": no directory with sql/, lifecycle/ and functions/ above "
            + workingDirectory.toAbsolutePath()
            + "; run from the repository or pass -c repoRoot=<path>");
    return null;
  }

  private static boolean isRepoRoot(Path dir) {
    return Files.isDirectory(dir.resolve("sql"))
        && Files.isDirectory(dir.resolve("lifecycle"))
        && Files.isDirectory(dir.resolve("functions"));
  }

  private static Path jar(ContextReader r, Path root, String key, String module, String name) {
    String configured = r.string(key, module + "/target/" + name + ".jar");
    Path jar = root.resolve(configured).toAbsolutePath().normalize();
    if (!Files.isRegularFile(jar)) {
      r.problem(
          "Cannot find the "
              + module.substring(module.indexOf('/') + 1)
              + " Lambda jar at "
              + jar
              + ": build it with `mvn -B -ntp -pl "
              + module
              + " -am package -DskipTests` from "
              + root
              + " (or point -c "
              + key
              + "=<path> at it)");
    }
    return jar;
  }
}
