package io.salesflow.cli.command;

import io.salesflow.cli.CliContext;
import io.salesflow.cli.ExitCode;
import io.salesflow.cli.Output;
import io.salesflow.cli.SalesflowCli;
import io.salesflow.cli.connection.ConnectionOptions;
import io.salesflow.cli.connection.StackFile;
import io.salesflow.cli.connection.Target;
import io.salesflow.core.config.SalesflowConfig;
import io.salesflow.localstack.LocalStack;
import io.salesflow.localstack.LocalStackOptions;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
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

  @Override
  public Integer call() throws InterruptedException {
    CliContext context = parent.context();
    Output output = context.output();
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
    StackFile.write(context.home(), stack.dynamoDbEndpoint(), table, target.environment());
    print(output, stack, target, (System.nanoTime() - start) / 1_000_000);
    stopped.await();
    return ExitCode.OK;
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
