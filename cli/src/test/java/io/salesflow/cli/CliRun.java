package io.salesflow.cli;

import io.salesflow.localstack.LocalStack;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Runs the CLI in this JVM and captures what it prints. */
public record CliRun(int exitCode, String out, String err) {

  public static CliRun run(Path home, Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        SalesflowCli.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            home,
            env,
            false);
    return new CliRun(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /**
   * The flags that point a command at the local stack's catalog and S3, with the tables of {@code
   * stage} under a warehouse prefix of their own.
   */
  public static List<String> catalogFlags(LocalStack stack, String stage) {
    return List.of(
        "--stage",
        stage,
        "--catalog-uri",
        stack.catalogUri().toString(),
        "--warehouse",
        stack.warehouse() + "/" + stage,
        "--s3-endpoint",
        stack.s3Endpoint().toString(),
        "--region",
        stack.region(),
        "--catalog-property",
        "s3.access-key-id=" + stack.accessKeyId(),
        "--catalog-property",
        "s3.secret-access-key=" + stack.secretAccessKey());
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
  }
}
