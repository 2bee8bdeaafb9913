package io.salesflow.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class SampleLoaderTest {

  private final FakeDynamoDb dynamoDb = new FakeDynamoDb();

  private SampleLoader loader() {
    BatchWriter writer =
        new BatchWriter(dynamoDb, "sales", Backoff.DEFAULT, d -> {}, new SplittableRandom(1));
    return new SampleLoader(writer, "sales");
  }

  private static SampleOptions options(int records, int updates, int deletes, double badShare) {
    return new SampleOptions(
        records, 3, LocalDate.of(2025, 6, 30), updates, deletes, badShare, EmbeddingFormat.LIST);
  }

  @Test
  void load_writesInsertsModifiesAndDeletes_andPredictsWhatTheEtlMustProduce() {
    // given
    List<String> phases = new ArrayList<>();
    java.util.concurrent.atomic.AtomicLong advanced = new java.util.concurrent.atomic.AtomicLong();
    LoadProgress progress =
        new LoadProgress() {
          @Override
          public void phase(String name, long total) {
            phases.add(name + ":" + total);
          }

          @Override
          public void advance(long items) {
            advanced.addAndGet(items);
          }
        };

    // when
    LoadResult result = loader().load(options(300, 20, 10, 0.05), progress);

    // then: DynamoDB holds all but the deleted items, defective ones included
    assertThat(dynamoDb.items).hasSize(290);
    assertThat(phases).containsExactly("inserts:300", "updates:20", "deletes:10");
    assertThat(advanced).hasValue(330);
    assertThat(result.streamRecords()).isEqualTo(330);
    assertThat(result.defective())
        .isEqualTo(result.defects().values().stream().mapToInt(i -> i).sum());
    assertThat(result.defective()).isBetween(5, 30);
    // and the prediction matches the valid items actually stored
    SaleGenerator generator = options(300, 20, 10, 0.05).generator();
    Set<String> validIds =
        generator
            .records(300)
            .filter(GeneratedSale::valid)
            .map(g -> g.sale().productId())
            .collect(Collectors.toSet());
    List<Map<String, AttributeValue>> valid =
        dynamoDb.items.values().stream()
            .filter(item -> validIds.contains(item.get("product_id").s()))
            .toList();
    assertThat(result.expectedLiveRows()).isEqualTo(valid.size());
    BigDecimal total =
        valid.stream()
            .map(i -> new BigDecimal(i.get("sold_price").n()))
            .reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(result.expectedPriceTotal()).isEqualByComparingTo(total);
    assertThat(result.elapsed()).isPositive().isLessThan(Duration.ofMinutes(1));
  }

  @Test
  void load_refusesMoreChangesThanValidRecords() {
    assertThatThrownBy(() -> loader().load(options(10, 5, 5, 0.5), LoadProgress.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid --updates/--deletes: 10 changes but only")
        .hasMessageContaining("valid records");
  }

  @Test
  void options_reportEveryProblem_namingTheFlag() {
    assertThatThrownBy(() -> options(0, -1, -2, 1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid --records: 0, must be between 1 and 1000000")
        .hasMessageContaining("Invalid --updates: -1, must be 0 or more")
        .hasMessageContaining("Invalid --deletes: -2, must be 0 or more")
        .hasMessageContaining("Invalid --bad-share: 1.5, must be between 0 and 1");
    assertThatThrownBy(() -> options(10, 8, 8, 0))
        .hasMessageContaining("Invalid --updates/--deletes: 8 + 8 exceed --records 10");
  }
}
