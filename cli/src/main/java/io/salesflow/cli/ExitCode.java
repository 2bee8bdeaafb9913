package io.salesflow.cli;

/** Exit codes of the {@code salesflow} command. */
public final class ExitCode {

  /** Done; optional phases that are not built yet were reported, not failed. */
  public static final int OK = 0;

  /** A step failed: the message says which and what to do. */
  public static final int FAILURE = 1;

  /** Bad arguments or configuration: the message names the flag or variable and the fix. */
  public static final int USAGE = 2;

  /**
   * The command needs a part that is not built yet (the ETL handler for {@code stream}, the query
   * library for {@code query}) or cannot run on this machine ({@code query} without a JDK 24+ for
   * local Trino).
   */
  public static final int NOT_BUILT = 3;

  /**
   * {@code stream} sent records to the on-failure file (their retries or their age ran out), or
   * {@code redrive} left ranges pending: run {@code salesflow redrive} (the message says how).
   */
  public static final int ON_FAILURE = 4;

  private ExitCode() {}
}
