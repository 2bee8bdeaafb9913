package io.salesflow.query;

/**
 * A query file is malformed; the library refuses to load. The message names the file and line:
 * {@code Invalid query file brand_performance.sql line 4: unknown parameter type 'int'}.
 */
public class QueryLibraryException extends RuntimeException {

  private final String file;
  private final int line;

  public QueryLibraryException(String file, int line, String problem) {
    super("Invalid query file " + file + (line > 0 ? " line " + line : "") + ": " + problem);
    this.file = file;
    this.line = line;
  }

  public QueryLibraryException(String message, Throwable cause) {
    super(message, cause);
    this.file = null;
    this.line = 0;
  }

  /** The file name, e.g. {@code monthly_sales_trend.sql}; {@code null} if not about one file. */
  public String file() {
    return file;
  }

  /** 1-based line, or 0 if the problem is about the whole file. */
  public int line() {
    return line;
  }
}
