package io.salesflow.etl.backfill;

/**
 * The backfill's input is unusable: a missing or malformed manifest, a wrong export format, a
 * damaged data file, a table that is not the sales table. The message names the file and the fix.
 * Nothing of the failing unit is committed; units committed before stay, and a re-run resumes.
 */
public final class BackfillInputException extends RuntimeException {

  public BackfillInputException(String message) {
    super(message);
  }

  public BackfillInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
