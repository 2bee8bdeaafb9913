package io.salesflow.etl;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import io.salesflow.core.table.SalesHistoryErrorsTable;
import io.salesflow.core.table.SalesHistoryTable;
import java.time.LocalDateTime;
import java.util.List;
import org.apache.iceberg.Schema;
import org.junit.jupiter.api.Test;

class BatchPlannerTest {

  private static final List<String> KEYS = List.of("tenant_id", "product_id");

  private static DynamodbStreamRecord insert(String product, String seq) {
    StreamRecord ddb = new StreamRecord();
    ddb.setSequenceNumber(seq);
    ddb.setNewImage(Images.sale("t", product, "10.00", "2024-03-01T00:00:00Z").build());
    DynamodbStreamRecord record = new DynamodbStreamRecord();
    record.setEventName("INSERT");
    record.setEventSourceARN("arn:stream");
    record.setDynamodb(ddb);
    return record;
  }

  private static BatchPlanner planner(Schema schema) {
    SaleImageConverter converter = new SaleImageConverter(schema, KEYS, 20_000);
    return new BatchPlanner(
        new StreamRecordDecoder(converter, WriteMode.UPSERT),
        new ErrorRows(SalesHistoryErrorsTable.schema(), converter::soldDateOrNull),
        WriteMode.UPSERT);
  }

  @Test
  void aRecordThatBreaksTheDecoderUnexpectedly_becomesAnErrorRow_andTheRestIsPlanned() {
    // A schema without the lineage column stream_seq: setting it fails in a way no validation
    // foresees, for every record. The planner must not let that escape.
    Schema broken =
        new Schema(
            SalesHistoryTable.schema(KEYS).columns().stream()
                .filter(f -> !f.name().equals(SalesHistoryTable.STREAM_SEQ))
                .toList());

    BatchPlan plan =
        planner(broken).plan(List.of(insert("p1", "100")), LocalDateTime.of(2025, 1, 1, 0, 0));

    assertThat(plan.rows()).isEmpty();
    assertThat(plan.errors()).hasSize(1);
    assertThat(plan.rejectedByReason()).containsEntry(Reason.UNDECODABLE, 1);
    assertThat((String) plan.errors().get(0).getField(SalesHistoryErrorsTable.MESSAGE))
        .startsWith("Unexpected ");
    assertThat(plan.errors().get(0).getField(SalesHistoryErrorsTable.ERROR_TIME))
        .as("no event time: the image's sold_date, not the clock")
        .isEqualTo(LocalDateTime.of(2024, 3, 1, 0, 0));
  }

  @Test
  void goodRecords_arePlanned_lastImagePerKey() {
    BatchPlan plan =
        planner(SalesHistoryTable.schema(KEYS))
            .plan(
                List.of(insert("p1", "100"), insert("p2", "101"), insert("p1", "102")),
                LocalDateTime.of(2025, 1, 1, 0, 0));

    assertThat(plan.errors()).isEmpty();
    assertThat(plan.rows())
        .extracting(r -> r.getField("product_id") + "@" + r.getField("stream_seq"))
        .containsExactlyInAnyOrder("p1@102", "p2@101");
  }
}
