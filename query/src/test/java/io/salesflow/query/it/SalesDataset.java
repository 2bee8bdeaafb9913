package io.salesflow.query.it;

import io.salesflow.localstack.sample.SampleError;
import io.salesflow.localstack.sample.SampleErrorsGenerator;
import io.salesflow.localstack.sample.SampleSale;
import io.salesflow.localstack.sample.SampleSalesGenerator;
import io.salesflow.localstack.sample.SampleTableWriter;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;

/**
 * The test data of the query library: two batches of generated sales (two snapshots, so time travel
 * has an earlier state), a third commit of deliberately dirty rows for the data-quality check
 * (tenant {@value #DIRTY_TENANT}, partition year 2022, so tenant- and year-scoped queries do not
 * see them), and rejected records in the errors table.
 */
final class SalesDataset {

  static final String TENANT = "carousel-labs";
  static final String DIRTY_TENANT = "dirty-data";

  final List<SampleSale> batch1 =
      SampleSalesGenerator.builder().seed(7).count(4_000).build().generate();
  final List<SampleSale> batch2 =
      SampleSalesGenerator.builder().seed(8).count(1_500).build().generate();
  final List<SampleError> errors =
      SampleErrorsGenerator.generate(3, 150, LocalDateTime.of(2024, 12, 31, 12, 0), 14);
  List<Record> records;
  List<Record> dirty;
  SampleTableWriter.AppendResult append1;
  SampleTableWriter.AppendResult append2;
  SampleTableWriter.AppendResult append3;

  /** Writes everything; each append is one commit. */
  void write(Table sales, Table errorsTable) {
    append1 = SampleTableWriter.appendSales(sales, batch1);
    append2 = SampleTableWriter.appendSales(sales, batch2);
    dirty = dirtyRows(sales.schema());
    append3 = SampleTableWriter.append(sales, dirty);
    SampleTableWriter.appendErrors(errorsTable, errors);
    records =
        Stream.concat(
                all().stream().map(s -> SampleTableWriter.toRecord(sales.schema(), s)),
                dirty.stream())
            .toList();
  }

  /** Every generated (clean) sale. */
  List<SampleSale> all() {
    List<SampleSale> all = new ArrayList<>(batch1);
    all.addAll(batch2);
    return all;
  }

  /** The time of the first snapshot, as the UTC timestamp FOR TIMESTAMP AS OF takes. */
  LocalDateTime firstSnapshotTime(Table table) {
    long millis = table.snapshot(append1.snapshotId()).timestampMillis();
    return LocalDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
  }

  /** One row per data-quality problem, plus a duplicated key. */
  private static List<Record> dirtyRows(Schema schema) {
    List<SampleSale> base =
        SampleSalesGenerator.builder().seed(99).count(10).withoutAnomalies().build().generate();
    List<Record> rows = new ArrayList<>();
    for (int i = 0; i < base.size(); i++) {
      Record r = SampleTableWriter.toRecord(schema, base.get(i));
      r.setField("tenant_id", DIRTY_TENANT);
      r.setField("sold_date", LocalDateTime.of(2022, 2, 10, 12, 0));
      r.setField("year", 2022);
      r.setField("month", 2);
      r.setField("season", "Q1");
      rows.add(r);
    }
    rows.get(0).setField("season", "Q3");
    rows.get(1).setField("sold_date", LocalDateTime.of(2021, 12, 31, 23, 0));
    rows.get(2).setField("source", "ebay");
    rows.get(3).setField("embedding", List.of(0.1, 0.2, 0.3));
    rows.get(4).setField("sold_date", LocalDateTime.of(2099, 2, 1, 0, 0));
    rows.get(5).setField("sold_price", new BigDecimal("50000.00"));
    rows.get(6).setField("sold_price", new BigDecimal("0.00"));
    rows.get(7).setField("product_id", rows.get(8).getField("product_id"));
    rows.get(9).setField("category", null);
    rows.get(9).setField("brand", null);
    rows.sort(Comparator.comparing(r -> (String) r.getField("product_id")));
    return rows;
  }
}
