package io.salesflow.infra.config;

import java.nio.file.Path;

/**
 * Files the stack is built from: the four Lambda jars (built by Maven, never committed), the
 * lifecycle rules and the query library.
 *
 * @param repoRoot repository root (context {@code repoRoot}; found by walking up from the working
 *     directory otherwise)
 * @param schemaBootstrapJar shaded jar of schema-bootstrap
 * @param ddbStreamEtlJar shaded jar of ddb-stream-etl
 * @param athenaQueryJar shaded jar of athena-query
 * @param tableMaintenanceJar shaded jar of table-maintenance
 * @param lifecycleDir directory of the S3 lifecycle rule files
 * @param sqlDir the query library
 */
public record Artifacts(
    Path repoRoot,
    Path schemaBootstrapJar,
    Path ddbStreamEtlJar,
    Path athenaQueryJar,
    Path tableMaintenanceJar,
    Path lifecycleDir,
    Path sqlDir) {}
