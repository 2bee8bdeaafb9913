package io.salesflow.localstack.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesflow.core.table.SalesTables;
import io.salesflow.core.table.TableDefinition;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SampleTableWriterTest {

  private final SalesTables tables =
      new SalesTables("db", "file:/tmp/warehouse", List.of("tenant_id", "product_id"));
  private InMemoryCatalog catalog;

  @BeforeEach
  void setUp() {
    catalog = new InMemoryCatalog();
    catalog.initialize("test", Map.of());
    catalog.createNamespace(Namespace.of("db"));
  }

  private Table create(TableDefinition def) {
    return catalog
        .buildTable(def.identifier(), def.schema())
        .withPartitionSpec(def.spec())
        .withSortOrder(def.sortOrder())
        .withProperties(def.properties())
        .create();
  }

  @Test
  void appendSales_writesOneFilePerPartition_andReadsBackEqual() throws IOException {
    Table table = create(tables.salesHistory());
    List<SampleSale> sales = SampleSalesGenerator.builder().seed(5).count(600).build().generate();

    SampleTableWriter.AppendResult result = SampleTableWriter.appendSales(table, sales);

    long partitions = sales.stream().map(s -> s.year() * 100 + s.month()).distinct().count();
    assertThat(result.files()).hasSize((int) partitions);
    assertThat(result.rows()).isEqualTo(600);
    List<Record> rows = new ArrayList<>();
    try (CloseableIterable<Record> read = IcebergGenerics.read(table).build()) {
      read.forEach(rows::add);
    }
    Map<String, BigDecimal> priceByKey =
        rows.stream()
            .collect(
                Collectors.toMap(
                    r -> r.getField("tenant_id") + "/" + r.getField("product_id"),
                    r -> (BigDecimal) r.getField("sold_price")));
    assertThat(priceByKey)
        .hasSize(600)
        .containsAllEntriesOf(
            sales.stream()
                .collect(
                    Collectors.toMap(
                        s -> s.tenantId() + "/" + s.productId(), SampleSale::soldPrice)));
    assertThat(rows)
        .allSatisfy(
            r ->
                assertThat(r.getField("season"))
                    .isEqualTo("Q" + (((Integer) r.getField("month") + 2) / 3)));
  }

  @Test
  void appendErrors_partitionsByDay() {
    Table table = create(tables.errors());
    List<SampleError> errors =
        SampleErrorsGenerator.generate(1, 50, LocalDateTime.of(2024, 6, 10, 0, 0), 3);

    SampleTableWriter.AppendResult result = SampleTableWriter.appendErrors(table, errors);

    assertThat(result.rows()).isEqualTo(50);
    assertThat(result.files().size())
        .isEqualTo((int) errors.stream().map(e -> e.errorTime().toLocalDate()).distinct().count());
  }
}
