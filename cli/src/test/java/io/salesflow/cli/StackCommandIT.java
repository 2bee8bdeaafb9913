package io.salesflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `salesflow stack` keeps its Iceberg REST catalog server alive: a SIGKILL is followed by a
 * relaunch.
 */
class StackCommandIT {

  @TempDir Path base;

  @Test
  void catalogServerKilled_isRelaunchedOnTheSamePort() throws Exception {
    try (ChildCli stack =
        ChildCli.start(
            Map.of(),
            "stack",
            "--table",
            "stack_it",
            "--no-bootstrap",
            "--catalog-restart-delay",
            "1",
            "--base-dir",
            base.toString())) {
      String catalogLine = stack.awaitLine("  Catalog   ", 180);
      String uri = catalogLine.trim().split("\\s+")[1];
      ProcessHandle catalog = catalogServer(stack);

      catalog.destroyForcibly(); // kill -9

      await()
          .atMost(Duration.ofSeconds(90))
          .until(() -> stack.err().contains("The Iceberg REST catalog server is back on " + uri));
      assertThat(stack.err()).contains("The Iceberg REST catalog server is down; relaunching it");
      ProcessHandle relaunched = catalogServer(stack);
      assertThat(relaunched.pid()).isNotEqualTo(catalog.pid());
      assertThat(stack.terminate(60)).as(stack.toString()).isNotEqualTo(137);
      assertThat(relaunched.isAlive()).isFalse();
    }
  }

  private static ProcessHandle catalogServer(ChildCli stack) {
    return stack
        .descendants()
        .filter(ProcessHandle::isAlive)
        .filter(
            p ->
                p.info().commandLine().orElse("").contains("salesflow-iceberg-rest-server")
                    || p.info()
                        .arguments()
                        .map(a -> String.join(" ", a))
                        .orElse("")
                        .contains("rest-server"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no catalog server process under " + stack));
  }
}
