package io.salesflow.athenaquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesflow.query.report.ReportFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryReportStoreTest {

  @TempDir Path dir;

  @Test
  void writesUnderTheDirectory_andReturnsAFileUri() throws IOException {
    ReportFile file =
        new ReportFile("result.csv", "text/csv", "a,b\r\n".getBytes(StandardCharsets.UTF_8));

    String location =
        new DirectoryReportStore(dir).put("reports/2025/01/02/q/060000-r/result.csv", file);

    Path written = dir.resolve("reports/2025/01/02/q/060000-r/result.csv");
    assertThat(Files.readString(written)).isEqualTo("a,b\r\n");
    assertThat(location).isEqualTo(written.toUri().toString());
  }

  @Test
  void keysLeavingTheDirectory_areRefused() {
    ReportFile file = new ReportFile("x", "text/plain", new byte[0]);

    assertThatThrownBy(() -> new DirectoryReportStore(dir).put("../escape.txt", file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid report key '../escape.txt'");
  }
}
