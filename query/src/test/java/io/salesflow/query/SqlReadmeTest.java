package io.salesflow.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** sql/README.md documents every query of the library and every parameter. */
class SqlReadmeTest {

  @Test
  void readme_hasASectionPerQuery_namingEachParameter() throws IOException {
    String readme = Files.readString(Path.of("..", "sql", "README.md"));
    QueryLibrary library = QueryLibrary.load(QueryLibraryTest.SQL_DIR);

    for (QueryDefinition query : library.queries()) {
      int section = readme.indexOf("\n### " + query.name() + "\n");
      assertThat(section).as("section for %s", query.name()).isPositive();
      int next = readme.indexOf("\n### ", section + 1);
      String text = readme.substring(section, next < 0 ? readme.length() : next);
      assertThat(text)
          .as("section of %s", query.name())
          .contains(query.title())
          .contains("Example (");
      for (QueryParameter p : query.parameters()) {
        assertThat(text)
            .as("parameter %s of %s", p.name(), query.name())
            .contains("`" + p.name() + "`");
      }
    }
  }
}
