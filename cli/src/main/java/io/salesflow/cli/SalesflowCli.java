package io.salesflow.cli;

import io.salesflow.cli.command.ArchiveCommand;
import io.salesflow.cli.command.BackfillCommand;
import io.salesflow.cli.command.BootstrapCommand;
import io.salesflow.cli.command.DemoCommand;
import io.salesflow.cli.command.LoadSampleCommand;
import io.salesflow.cli.command.MaintainCommand;
import io.salesflow.cli.command.QueryCommand;
import io.salesflow.cli.command.RedriveCommand;
import io.salesflow.cli.command.RestoreCommand;
import io.salesflow.cli.command.SqlCommand;
import io.salesflow.cli.command.StackCommand;
import io.salesflow.cli.command.StatusCommand;
import io.salesflow.cli.command.StreamCommand;
import io.salesflow.core.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Level;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code salesflow} command: one entry point with subcommands. {@link #run} does the work and
 * returns the exit code; {@link #main} exits with it (DynamoDB Local leaves non-daemon threads).
 */
@Command(
    name = "salesflow",
    mixinStandardHelpOptions = true,
    versionProvider = SalesflowCli.Version.class,
    description = {
      "DynamoDB sales -> Apache Iceberg history -> reports, run locally or against AWS.",
      "",
      "Start with `salesflow demo`: it starts local servers, creates the tables, loads sample"
          + " sales, streams them through the ETL and runs the query library."
    },
    subcommands = {
      DemoCommand.class,
      StackCommand.class,
      BootstrapCommand.class,
      LoadSampleCommand.class,
      StreamCommand.class,
      RedriveCommand.class,
      QueryCommand.class,
      SqlCommand.class,
      StatusCommand.class,
      MaintainCommand.class,
      ArchiveCommand.class,
      RestoreCommand.class,
      BackfillCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Exit codes: 0 done, 1 failed, 2 bad arguments or configuration, 3 needs a part not built yet."
    })
public final class SalesflowCli implements Runnable {

  @Option(
      names = {"-v", "--verbose"},
      scope = ScopeType.INHERIT,
      description = "Show logs and stack traces.")
  boolean verbose;

  @Option(
      names = "--no-progress",
      scope = ScopeType.INHERIT,
      description = "No progress bars (they are off anyway when output is not a terminal).")
  boolean noProgress;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private final PrintStream out;
  private final PrintStream err;
  private final Path home;
  private final Map<String, String> environment;
  private final boolean terminal;

  SalesflowCli(
      PrintStream out,
      PrintStream err,
      Path home,
      Map<String, String> environment,
      boolean terminal) {
    this.out = out;
    this.err = err;
    this.home = home;
    this.environment = environment;
    this.terminal = terminal;
  }

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    boolean verbose = List.of(args).contains("-v") || List.of(args).contains("--verbose");
    configureLogging(verbose);
    int code;
    try {
      code =
          run(
              args,
              System.out,
              System.err,
              Path.of(System.getProperty("salesflow.home", ".")).toAbsolutePath().normalize(),
              System.getenv(),
              System.console() != null);
    } catch (Throwable e) { // an Error escaping picocli: still exit, non-daemon threads or not
      System.err.println("Error: " + e);
      if (verbose) {
        e.printStackTrace();
      }
      code = ExitCode.FAILURE;
    }
    System.exit(code);
  }

  /** Runs the command line; returns the exit code ({@link ExitCode}). */
  public static int run(
      String[] args,
      PrintStream out,
      PrintStream err,
      Path home,
      Map<String, String> environment,
      boolean terminal) {
    SalesflowCli cli = new SalesflowCli(out, err, home, environment, terminal);
    CommandLine commandLine = new CommandLine(cli);
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setParameterExceptionHandler(SalesflowCli::onParameterError);
    commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> cli.onExecutionError(e));
    return commandLine.execute(args);
  }

  /** The context commands run in. */
  public CliContext context() {
    return new CliContext(
        new Output(out, err, terminal && !noProgress, verbose), home, environment);
  }

  @Override
  public void run() {
    spec.commandLine().usage(out);
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing command");
  }

  private static int onParameterError(CommandLine.ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println("Error: " + e.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
    err.println("Run `salesflow " + commandPath(cmd) + "--help` for usage.");
    err.flush();
    return ExitCode.USAGE;
  }

  private int onExecutionError(Exception e) {
    int code =
        e instanceof CliException cli
            ? cli.exitCode()
            : e instanceof ConfigException ? ExitCode.USAGE : ExitCode.FAILURE;
    String message = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
    if (!(e instanceof CliException) && !known(e)) {
      message = e.getClass().getName() + ": " + message;
    }
    err.println("Error: " + message);
    if (verbose) {
      e.printStackTrace(err);
    } else if (!(e instanceof CliException) && !known(e)) {
      err.println("Run with --verbose for the stack trace.");
    }
    err.flush();
    return code;
  }

  /** Project exceptions whose messages already name the resource and the fix. */
  private static boolean known(Exception e) {
    String name = e.getClass().getName();
    return name.startsWith("io.salesflow.") || e instanceof java.io.UncheckedIOException;
  }

  private static String commandPath(CommandLine cmd) {
    StringBuilder path = new StringBuilder();
    for (CommandLine c = cmd; c.getParent() != null; c = c.getParent()) {
      path.insert(0, c.getCommandName() + " ");
    }
    return path.toString();
  }

  /** slf4j-simple reads its levels once: set them before the first logger is created. */
  static void configureLogging(boolean verbose) {
    String level = verbose ? "info" : "warn";
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
    System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
    System.setProperty("org.slf4j.simpleLogger.log.org.apache.iceberg", verbose ? "info" : "error");
    System.setProperty("org.slf4j.simpleLogger.log.org.apache.hadoop", "error");
    java.util.logging.Logger.getLogger("").setLevel(verbose ? Level.INFO : Level.SEVERE);
    for (var handler : java.util.logging.Logger.getLogger("").getHandlers()) {
      handler.setLevel(verbose ? Level.INFO : Level.SEVERE);
    }
  }

  /** Version from the build. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties properties = new Properties();
      try (InputStream in = SalesflowCli.class.getResourceAsStream("/salesflow-cli.properties")) {
        if (in != null) {
          properties.load(in);
        }
      }
      return new String[] {"salesflow " + properties.getProperty("version", "(development)")};
    }
  }
}
