package io.salesflow.etl;

/**
 * A commit whose outcome could not be established: the catalog may have applied it, but its answer
 * was lost and the commit id was not found in the table afterwards. The batch fails and is retried
 * with new files; its files are never committed a second time.
 */
final class CommitOutcomeUnknownException extends RuntimeException {

  CommitOutcomeUnknownException(String table, String commitId, Throwable cause) {
    super(
        "The outcome of commit "
            + commitId
            + " to "
            + table
            + " is unknown ("
            + cause.getMessage()
            + ") and the commit id was not found after a refresh; the batch will be retried with"
            + " new files",
        cause);
  }
}
