package io.salesflow.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BootstrapRequestTest {

  @Test
  void emptyEvent_isDirectForAllTables() {
    assertThat(BootstrapRequest.parse(Map.of()))
        .isEqualTo(new BootstrapRequest.Direct(null, List.of(), false));
  }

  @Test
  void direct_acceptsListsCommaStringsAndStringBooleans() {
    assertThat(
            BootstrapRequest.parse(
                Map.of("tables", "sales_history, sales_history_errors", "dryRun", "TRUE")))
        .isEqualTo(
            new BootstrapRequest.Direct(
                null, List.of("sales_history", "sales_history_errors"), true));
  }

  @Test
  void direct_unknownKey_isNamed() {
    assertThatThrownBy(() -> BootstrapRequest.parse(Map.of("tabels", "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid event field 'tabels'");
  }

  @Test
  void direct_wrongTypes_areNamed() {
    assertThatThrownBy(() -> BootstrapRequest.parse(Map.of("dryRun", "maybe")))
        .hasMessageContaining("Invalid dryRun: expected true or false, got maybe");
    assertThatThrownBy(() -> BootstrapRequest.parse(Map.of("tables", List.of(1, 2))))
        .hasMessageContaining("Invalid tables: expected a list of table names");
    assertThatThrownBy(() -> BootstrapRequest.parse(Map.of("stage", 7)))
        .hasMessageContaining("Invalid stage: expected a string, got 7");
  }

  @Test
  void customResource_unknownRequestType_isRefused() {
    assertThatThrownBy(() -> BootstrapRequest.parse(Map.of("RequestType", "Rename")))
        .hasMessageContaining("Invalid RequestType 'Rename': expected Create, Update or Delete");
  }

  @Test
  void customResource_readsProperties() {
    BootstrapRequest request =
        BootstrapRequest.parse(
            Map.of(
                "RequestType", "Delete",
                "PhysicalResourceId", "salesflow-schema/db",
                "ResourceProperties",
                    Map.of("ServiceToken", "arn", "Stage", "dev", "DropTablesOnDelete", "true")));

    assertThat(request)
        .isEqualTo(
            new BootstrapRequest.CustomResource(
                "Delete", "salesflow-schema/db", "dev", List.of(), true));
  }
}
