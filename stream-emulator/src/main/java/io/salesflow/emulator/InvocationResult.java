package io.salesflow.emulator;

/** How one invocation of the function ended, as the event source mapping sees it. */
sealed interface InvocationResult {

  /** Every record succeeded. */
  record Success() implements InvocationResult {}

  /**
   * The function reported failed items: records before {@code firstFailed} succeeded, the rest must
   * be retried.
   *
   * @param firstFailed index in the batch of the lowest reported sequence number
   */
  record Partial(int firstFailed) implements InvocationResult {}

  /**
   * The whole batch failed: the function threw, timed out, or returned an invalid response.
   *
   * @param errorType {@code Unhandled} or {@code TimedOut}, as Lambda reports it
   * @param message what went wrong
   */
  record Failure(String errorType, String message) implements InvocationResult {}
}
