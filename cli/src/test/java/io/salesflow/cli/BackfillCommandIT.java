package io.salesflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesflow.core.catalog.CatalogFactory;
import io.salesflow.core.table.SalesHistoryTable;
import io.salesflow.localstack.LocalStack;
import io.salesflow.localstack.LocalStackExtension;
import io.salesflow.sample.SalesTableCreator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** `salesflow backfill` on the test's local stack: a Scan of DynamoDB Local, then its re-run. */
@ExtendWith(LocalStackExtension.class)
class BackfillCommandIT {

  private static final String STAGE = "backfillcli";
  private static final String TABLE = "backfill_cli_sales";

  private final LocalStack stack;
  @TempDir Path home;

  BackfillCommandIT(LocalStack stack) {
    this.stack = stack;
  }

  private CliRun run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(CliRun.catalogFlags(stack, STAGE));
    all.addAll(
        List.of("--dynamodb-endpoint", stack.dynamoDbEndpoint().toString(), "--table", TABLE));
    return CliRun.run(home, Map.of(), all.toArray(String[]::new));
  }

  @Test
  void scan_backfillsEveryItem_andTellsWhatToRunNext_andARerunAddsNothing() {
    DynamoDbClient ddb = stack.dynamoDbClient();
    new SalesTableCreator(ddb).ensure(TABLE, false); // the sales table, no stream needed
    Map<String, String> expected = new TreeMap<>();
    for (int i = 0; i < 120; i++) {
      String price = (5 + i) + ".25";
      String date = String.format("2024-%02d-11T09:30:00Z", 1 + i % 12);
      ddb.putItem(
          b ->
              b.tableName(TABLE)
                  .item(
                      Map.of(
                          "tenant_id", AttributeValue.fromS("acme"),
                          "product_id",
                              AttributeValue.fromS("p" + expectedKey(expected, price, date)),
                          "sold_price", AttributeValue.fromN(price),
                          "sold_date", AttributeValue.fromS(date),
                          "source", AttributeValue.fromS("carousel"))));
    }
    ddb.putItem(
        b ->
            b.tableName(TABLE)
                .item(
                    Map.of(
                        "tenant_id", AttributeValue.fromS("acme"),
                        "product_id", AttributeValue.fromS("bad"),
                        "sold_price", AttributeValue.fromN("-3"),
                        "sold_date", AttributeValue.fromS("2024-01-01T00:00:00Z"),
                        "source", AttributeValue.fromS("carousel"))));
    run("bootstrap"); // the other test may have made them

    CliRun backfill = run("backfill", "--scan", "--segments", "3", "--workers", "2");
    CliRun again = run("backfill", "--scan", "--segments", "2");

    assertThat(backfill.exitCode()).as(backfill.toString()).isZero();
    assertThat(backfill.out())
        .contains("Backfilling from the scan of " + TABLE + " in 3 segments")
        .contains("121 items read")
        .contains("120 rows added")
        .contains("1 items rejected into sales_history_errors")
        .contains("Keep the stream running");
    assertThat(rows()).isEqualTo(expected);
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.out()).contains("0 rows added").contains("120 left out");
    assertThat(rows()).isEqualTo(expected);
  }

  @Test
  void badExportAndFlags_areClearErrors() {
    CliRun noTables = run("backfill", "--scan");
    assertThat(noTables.exitCode()).isEqualTo(ExitCode.FAILURE);
    assertThat(noTables.err())
        .contains("does not exist: create the tables first with `salesflow bootstrap`");
    assertThat(run("bootstrap").exitCode()).isZero();
    CliRun missing =
        run("backfill", "--from-export", "s3://" + stack.bucket() + "/exports/none/AWSDynamoDB/x/");
    CliRun both = run("backfill", "--scan", "--from-export", "s3://b/x/");
    CliRun awsScan =
        run("backfill", "--scan", "--aws", "arn:aws:states:us-east-1:1:stateMachine:x");

    assertThat(missing.exitCode()).isEqualTo(ExitCode.FAILURE);
    assertThat(missing.err())
        .contains("exports/none/AWSDynamoDB/x/manifest-summary.json does not exist")
        .contains("--from-export");
    assertThat(both.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(awsScan.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(awsScan.err()).contains("--aws runs an export's backfill");
  }

  private static String expectedKey(Map<String, String> expected, String price, String date) {
    String product = Integer.toString(expected.size());
    expected.put("acme|p" + product, new BigDecimal(price).toPlainString() + "@" + date);
    return product;
  }

  private Map<String, String> rows() {
    Catalog catalog = CatalogUtil.buildIcebergCatalog("it", stack.catalogProperties(), null);
    Map<String, String> rows = new TreeMap<>();
    try (CloseableIterable<Record> it =
        IcebergGenerics.read(
                catalog.loadTable(
                    TableIdentifier.of("pricing_intelligence_" + STAGE, SalesHistoryTable.NAME)))
            .build()) {
      for (Record r : it) {
        String key = r.getField("tenant_id") + "|" + r.getField("product_id");
        String value = r.getField("sold_price") + "@" + r.getField("sold_date").toString() + ":00Z";
        assertThat(rows.put(key, value)).as("second row of %s", key).isNull();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      CatalogFactory.close(catalog);
    }
    return rows;
  }
}
