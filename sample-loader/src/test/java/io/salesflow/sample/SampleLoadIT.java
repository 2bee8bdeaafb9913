package io.salesflow.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesflow.localstack.LocalStack;
import io.salesflow.localstack.LocalStackExtension;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/** Table creation and loading against DynamoDB Local. */
@ExtendWith(LocalStackExtension.class)
class SampleLoadIT {

  private final DynamoDbClient dynamoDb;

  SampleLoadIT(LocalStack stack) {
    this.dynamoDb = stack.dynamoDbClient();
  }

  @Test
  void ensure_createsTheTableWithBothImagesStreamAndTtl_once() {
    // when
    SalesTableCreator creator = new SalesTableCreator(dynamoDb);
    SalesTableCreator.TableState created = creator.ensure("sales_create");
    SalesTableCreator.TableState again = creator.ensure("sales_create");

    // then
    assertThat(created.created()).isTrue();
    assertThat(created.streamReady()).isTrue();
    assertThat(created.streamViewType()).isEqualTo("NEW_AND_OLD_IMAGES");
    assertThat(again.created()).isFalse();
    assertThat(again.streamArn()).isEqualTo(created.streamArn());
    var table = dynamoDb.describeTable(b -> b.tableName("sales_create")).table();
    assertThat(table.keySchema())
        .extracting(k -> k.attributeName() + ":" + k.keyTypeAsString())
        .containsExactly("tenant_id:HASH", "product_id:RANGE");
    assertThat(table.billingModeSummary().billingModeAsString()).isEqualTo("PAY_PER_REQUEST");
    var ttl = dynamoDb.describeTimeToLive(b -> b.tableName("sales_create")).timeToLiveDescription();
    assertThat(ttl.attributeName()).isEqualTo("ttl");
    assertThat(ttl.timeToLiveStatus()).isEqualTo(TimeToLiveStatus.ENABLED);
  }

  @Test
  void load_putsEveryItem_asTheGeneratorMadeIt() {
    // given
    new SalesTableCreator(dynamoDb).ensure("sales_load");
    SampleOptions options =
        new SampleOptions(200, 9, LocalDate.of(2025, 6, 30), 10, 5, 0.05, EmbeddingFormat.LIST);

    // when
    LoadResult result =
        new SampleLoader(new BatchWriter(dynamoDb, "sales_load"), "sales_load")
            .load(options, LoadProgress.NONE);

    // then
    List<Map<String, AttributeValue>> items =
        dynamoDb.scanPaginator(b -> b.tableName("sales_load")).items().stream().toList();
    assertThat(items).hasSize(195);
    assertThat(result.batchCalls()).isGreaterThanOrEqualTo(10);
    GeneratedSale first = options.generator().generate(0);
    Map<String, AttributeValue> stored =
        dynamoDb.getItem(b -> b.tableName("sales_load").key(first.key())).item();
    assertThat(stored.get("embedding").l()).hasSize(1024);
    assertThat(stored.get("description")).isEqualTo(first.item().get("description"));
    assertThat(new BigDecimal(stored.get("sold_price").n()))
        .isEqualByComparingTo(new BigDecimal(first.item().get("sold_price").n()));
  }
}
