package io.salesflow.query;

import java.util.List;

/**
 * A request names an unknown query or gives parameters that do not fit the query's header. The
 * message has one line per problem, each naming the query and parameter.
 */
public class InvalidQueryRequestException extends IllegalArgumentException {

  private final List<String> problems;

  public InvalidQueryRequestException(List<String> problems) {
    super(String.join(System.lineSeparator(), problems));
    this.problems = List.copyOf(problems);
  }

  public InvalidQueryRequestException(String problem) {
    this(List.of(problem));
  }

  /** Every problem found. */
  public List<String> problems() {
    return problems;
  }
}
