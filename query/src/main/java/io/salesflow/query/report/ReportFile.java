package io.salesflow.query.report;

import java.nio.charset.StandardCharsets;

/**
 * One file of a report.
 *
 * @param name file name, e.g. {@code result.csv}
 * @param contentType MIME type with charset
 * @param content the bytes
 */
public record ReportFile(String name, String contentType, byte[] content) {

  /** The content as UTF-8 text. */
  public String text() {
    return new String(content, StandardCharsets.UTF_8);
  }
}
