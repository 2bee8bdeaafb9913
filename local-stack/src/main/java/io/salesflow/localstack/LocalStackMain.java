package io.salesflow.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Runs a {@link LocalStack} until Ctrl-C or end of standard input (Ctrl-D), printing its endpoints
 * and Iceberg catalog properties as {@code key=value} lines.
 *
 * <p>Usage: {@code mvn -pl local-stack exec:exec} or {@code java -cp ... LocalStackMain [--bucket
 * <name>] [--region <region>] [--base-dir <dir>] [--keep]}.
 */
public final class LocalStackMain {

  private LocalStackMain() {}

  /** Starts the stack; see the class documentation for the arguments. */
  public static void main(String[] args) {
    LocalStackOptions options;
    try {
      options = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(
          "Usage: LocalStackMain [--bucket <name>] [--region <region>] [--base-dir <dir>] [--keep]");
      System.exit(2);
      return;
    }
    int status = 0;
    long start = System.nanoTime();
    try (LocalStack stack = LocalStack.start(options)) {
      print(stack, (System.nanoTime() - start) / 1_000_000);
      awaitStdinEof();
    } catch (RuntimeException e) {
      e.printStackTrace();
      status = 1;
    }
    // DynamoDB Local leaves non-daemon threads behind.
    System.exit(status);
  }

  static LocalStackOptions parse(String[] args) {
    LocalStackOptions.Builder builder = LocalStackOptions.builder();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--bucket" -> builder.bucket(value(args, ++i));
        case "--region" -> builder.region(value(args, ++i));
        case "--base-dir" -> builder.baseDir(Path.of(value(args, ++i)));
        case "--keep" -> builder.keepBaseDir();
        default -> throw new IllegalArgumentException("Invalid argument: " + args[i]);
      }
    }
    return builder.build();
  }

  private static String value(String[] args, int index) {
    if (index >= args.length) {
      throw new IllegalArgumentException(
          "Invalid arguments: " + args[index - 1] + " needs a value");
    }
    return args[index];
  }

  private static void print(LocalStack stack, long startMillis) {
    StringBuilder out = new StringBuilder();
    out.append("# salesflow local stack started in ").append(startMillis).append(" ms\n");
    out.append("dynamodb.endpoint=").append(stack.dynamoDbEndpoint()).append('\n');
    out.append("s3.endpoint=").append(stack.s3Endpoint()).append('\n');
    out.append("catalog.uri=").append(stack.catalogUri()).append('\n');
    out.append("bucket=").append(stack.bucket()).append('\n');
    out.append("region=").append(stack.region()).append('\n');
    out.append("access-key-id=").append(stack.accessKeyId()).append('\n');
    out.append("secret-access-key=").append(stack.secretAccessKey()).append('\n');
    out.append("base-dir=").append(stack.baseDir()).append('\n');
    out.append("# Iceberg catalog properties\n");
    stack.catalogProperties().entrySet().stream()
        .sorted(java.util.Map.Entry.comparingByKey())
        .forEach(e -> out.append(e.getKey()).append('=').append(e.getValue()).append('\n'));
    out.append("# Press Ctrl-C or Ctrl-D to stop.");
    System.out.println(out);
    System.out.flush();
  }

  private static void awaitStdinEof() {
    byte[] buffer = new byte[256];
    try {
      InputStream in = System.in;
      while (in.read(buffer) >= 0) {
        // only end of file matters
      }
    } catch (IOException e) {
      // stdin is gone: stop as for end of file
    }
  }
}
