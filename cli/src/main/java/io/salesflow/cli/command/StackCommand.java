package io.salesflow.cli.command;

import io.salesflow.cli.CliContext;
import io.salesflow.cli.ExitCode;
import io.salesflow.cli.Output;
import io.salesflow.cli.SalesflowCli;
import io.salesflow.cli.connection.ConnectionOptions;
import io.salesflow.cli.connection.StackFile;
import io.salesflow.cli.connection.Target;
import io.salesflow.cli.query.TrinoServer;
import io.salesflow.core.config.SalesflowConfig;
import io.salesflow.localstack.LocalStack;
import io.salesflow.localstack.LocalStackOptions;
import io.salesflow.localstack.trino.LocalTrino;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Runs the local servers in the foreground and tells how to reach them. */
@Command(
    name = "stack",
    mixinStandardHelpOptions = true,
    description = {
      "Start the local servers (DynamoDB Local with streams, S3Proxy, Iceberg REST catalog) on"
          + " 127.0.0.1, create the sales table and the Iceberg tables, print the endpoints, and"
          + " run until Ctrl-C.",
      "Other salesflow commands in this checkout attach to it automatically."
    })
public final class StackCommand implements Callable<Integer> {

  @ParentCommand SalesflowCli parent;

  @Option(
      names = "--table",
      paramLabel = "NAME",
      defaultValue = "sales",
      description = "DynamoDB sales table to create (default: ${DEFAULT-VALUE}).")
  String table;

  @Option(
      names = "--base-dir",
      paramLabel = "DIR",
      description = "Keep S3 objects, catalog database and logs here (kept after exit).")
  Path baseDir;

  @Option(
      names = "--bootstrap",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Create the Iceberg tables (default: ${DEFAULT-VALUE}).")
  boolean bootstrap;

  @Option(
      names = "--catalog-restart-delay",
      paramLabel = "SECONDS",
      defaultValue = "2",
      description =
          "When the Iceberg REST catalog server dies (a crash, kill -9), relaunch it on the same"
              + " port and database after this many seconds, 0-3600; -1 leaves it down (default:"
              + " ${DEFAULT-VALUE}).")
  int catalogRestartDelaySeconds;

  @Option(
      names = {"--with-trino", "--trino"},
      description =
          "Also start a local Trino 476 on the tables (needs a JDK 24+) and keep it attached until"
              + " Ctrl-C: `salesflow sql` and `salesflow query` in this checkout use it.")
  boolean withTrino;

  @Override
  public Integer call() throws InterruptedException {
    CliContext context = parent.context();
    Output output = context.output();
    if (catalogRestartDelaySeconds < -1 || catalogRestartDelaySeconds > 3600) {
      throw io.salesflow.cli.CliException.usage(
          "Invalid --catalog-restart-delay: "
              + catalogRestartDelaySeconds
              + ", must be -1 (never) or between 0 and 3600");
    }
    long start = System.nanoTime();
    ConnectionOptions connection = ConnectionOptions.forTable(table);
    LocalStackOptions.Builder options = LocalStackOptions.builder();
    if (baseDir != null) {
      options.baseDir(baseDir.toAbsolutePath());
    }
    output.note("Starting the local stack ...");
    Target target = context.resolver().startLocal(connection, options.build());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  StackFile.deleteIfOwn(context.home());
                  target.close();
                  stopped.countDown();
                },
                "salesflow-stack-stop"));
    LoadSampleCommand.ensureTable(output, target);
    if (bootstrap) {
      BootstrapCommand.bootstrap(target, false);
    }
    LocalStack stack = target.localStack().orElseThrow();
    TrinoServer trino = null;
    if (withTrino) {
      output.note("Starting a local Trino on the tables ...");
      trino = TrinoServer.open(target);
      TrinoServer started = trino;
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "salesflow-trino-stop"));
    }
    StackFile.write(
        context.home(),
        stack.dynamoDbEndpoint(),
        table,
        target.environment(),
        trino == null ? null : trino.url());
    print(output, stack, target, (System.nanoTime() - start) / 1_000_000);
    if (trino != null) {
      printTrino(output, trino);
    }
    superviseCatalog(output, stack, stopped);
    return ExitCode.OK;
  }

  /**
   * Until the stack stops: a catalog server that died is relaunched on the same port and database
   * after the restart delay, so clients (the stream among them) recover by retrying.
   */
  private void superviseCatalog(Output output, LocalStack stack, CountDownLatch stopped)
      throws InterruptedException {
    long downSince = -1;
    while (!stopped.await(1, TimeUnit.SECONDS)) {
      if (catalogRestartDelaySeconds < 0) {
        continue;
      }
      try {
        if (stack.catalogRunning()) {
          downSince = -1;
          continue;
        }
        if (downSince < 0) {
          downSince = System.nanoTime();
          output.note(
              "The Iceberg REST catalog server is down; relaunching it in "
                  + catalogRestartDelaySeconds
                  + " s on "
                  + stack.catalogUri()
                  + " with the same database.");
        }
        if (System.nanoTime() - downSince >= catalogRestartDelaySeconds * 1_000_000_000L) {
          stack.startCatalog();
          downSince = -1;
          output.note("The Iceberg REST catalog server is back on " + stack.catalogUri() + ".");
        }
      } catch (IllegalStateException e) {
        return; // the stack is stopping
      } catch (RuntimeException e) {
        output.note("Cannot relaunch the Iceberg REST catalog server yet: " + e.getMessage());
      }
    }
  }

  private static void printTrino(Output output, TrinoServer trino) {
    output.println("");
    output.println("Trino (until Ctrl-C): " + trino.url() + "  " + trino.description());
    output.println("  JDBC    " + trino.jdbcUrl() + "  user " + LocalTrino.USER);
    output.println(
        "  Try     ./salesflow sql \"SELECT year, month, count(*) AS sales FROM sales_history"
            + " GROUP BY 1, 2 ORDER BY 1, 2\"");
    output.println("  From elsewhere: --trino-url " + trino.url());
  }

  static void print(Output output, LocalStack stack, Target target, long startMillis) {
    Map<String, String> env = target.environment();
    output.println(
        "salesflow local stack is running"
            + (startMillis > 0 ? " (started in " + startMillis + " ms)" : "")
            + ":");
    output.println(
        "  DynamoDB  "
            + stack.dynamoDbEndpoint()
            + "  table "
            + target.table()
            + " (stream NEW_AND_OLD_IMAGES)");
    output.println(
        "  S3        "
            + stack.s3Endpoint()
            + "  bucket "
            + stack.bucket()
            + ", access key "
            + stack.accessKeyId()
            + " / "
            + stack.secretAccessKey());
    output.println(
        "  Catalog   "
            + stack.catalogUri()
            + "  Iceberg REST, warehouse "
            + stack.warehouse()
            + ", database "
            + target.config().database());
    output.println("  Data      " + stack.baseDir());
    output.println("");
    output.println("Commands in this checkout attach to it by themselves, e.g.");
    output.println("  ./salesflow load-sample --records 1000");
    output.println("  ./salesflow stream --until-caught-up");
    output.println("  ./salesflow status");
    output.println("From elsewhere pass:");
    output.println(
        "  --dynamodb-endpoint "
            + stack.dynamoDbEndpoint()
            + " --region "
            + stack.region()
            + " --stage "
            + env.get(SalesflowConfig.STAGE)
            + " --catalog-uri "
            + stack.catalogUri()
            + " --warehouse "
            + stack.warehouse()
            + " --s3-endpoint "
            + stack.s3Endpoint()
            + " --catalog-property s3.access-key-id="
            + stack.accessKeyId()
            + " --catalog-property s3.secret-access-key="
            + stack.secretAccessKey());
    output.println("Iceberg catalog properties (for Spark, Trino, PyIceberg):");
    new TreeMap<>(stack.catalogProperties()).forEach((k, v) -> output.println("  " + k + "=" + v));
    output.println("Press Ctrl-C to stop.");
  }
}
