package io.salesflow.infra.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesflow.infra.config.BucketLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lifecycle rules in {@code lifecycle/} never move or delete what the live Iceberg tables
 * reference, and still carry the seed's retention where it is safe.
 */
class LifecycleRulesTest {

  private static final Path LIFECYCLE =
      Path.of("").toAbsolutePath().getParent().resolve("lifecycle");
  private static final Path ANALYTICS = LIFECYCLE.resolve("analytics-bucket.json");

  /** Keys the live tables have: data, delete and metadata files of both tables. */
  private static final List<String> LIVE_KEYS =
      List.of(
          "pricing-intelligence/sales_history/data/year=2019/month=1/00000-0-a.parquet",
          "pricing-intelligence/sales_history/data/year=2026/month=11/00001-7-b-deletes.parquet",
          "pricing-intelligence/sales_history/metadata/00042-c.gz.metadata.json",
          "pricing-intelligence/sales_history/metadata/snap-1-1-d.avro",
          "pricing-intelligence/sales_history/metadata/e-m0.avro",
          "pricing-intelligence/sales_history_errors/data/error_time_day=2020-01-01/f.parquet",
          "pricing-intelligence/sales_history_errors/metadata/00001-g.gz.metadata.json");

  @Test
  void noRule_transitionsOrExpiresCurrentObjectsOfTheLiveTables() {
    List<LifecycleRuleSpec> rules = LifecycleFile.read(ANALYTICS);

    for (String key : LIVE_KEYS) {
      List<LifecycleRuleSpec> matching =
          rules.stream().filter(r -> key.startsWith(r.prefix())).toList();
      assertThat(matching)
          .as("rules that apply to %s", key)
          .allSatisfy(
              r -> {
                assertThat(r.transitions()).as(r.id()).isEmpty();
                assertThat(r.expirationDays()).as(r.id()).isEmpty();
              });
    }
    // And the check the stack runs on every synth agrees.
    LifecycleRules.load(ANALYTICS, List.of(BucketLayout.WAREHOUSE));
  }

  @Test
  void seedRetention_appliesToArchivedPartitions_glacierThenDeletionAtSevenYearsOfDataAge() {
    LifecycleRuleSpec archive = rule("archived-partitions-glacier-then-expire");

    assertThat(archive.prefix()).isEqualTo(BucketLayout.ARCHIVE);
    // The archival job moves a partition out of the table when its data turns 2 years old
    // (730 days, the seed's Glacier age), so archived objects go to Glacier at once and expire
    // when the data is 7 years old (the seed's 2555 days).
    assertThat(archive.transitions())
        .containsExactly(new LifecycleRuleSpec.TransitionSpec(0, "GLACIER"));
    assertThat(archive.expirationDays()).contains(2555 - 730);
    assertThat(archive.mayMatchKeysUnder(BucketLayout.WAREHOUSE)).isFalse();
  }

  @Test
  void athenaResultsAndStaging_expire_andIncompleteUploadsAreAbortedEverywhere() {
    assertThat(rule("athena-results-expire").prefix()).isEqualTo(BucketLayout.ATHENA_RESULTS);
    assertThat(rule("athena-results-expire").expirationDays()).contains(7);
    assertThat(rule("staging-expire").prefix()).isEqualTo(BucketLayout.STAGING);
    LifecycleRuleSpec abort = rule("abort-incomplete-multipart-uploads");
    assertThat(abort.prefix()).isEmpty();
    assertThat(abort.abortIncompleteMultipartUploadDays()).contains(2);
    assertThat(abort.actsOnCurrentObjects()).isFalse();
  }

  @Test
  void noncurrentVersions_expire_whichNeverTouchesAFileASnapshotReferences() {
    LifecycleRuleSpec noncurrent = rule("noncurrent-versions-expire");

    assertThat(noncurrent.prefix()).isEmpty();
    assertThat(noncurrent.noncurrentExpirationDays()).contains(30);
    assertThat(noncurrent.expiredObjectDeleteMarker()).isTrue();
    assertThat(noncurrent.actsOnCurrentObjects()).isFalse();
  }

  @Test
  void ruleOnTheWholeBucket_thatExpiresObjects_isRefused(@TempDir Path dir) throws IOException {
    Path file =
        write(
            dir,
            """
            {"Rules": [{"ID": "seed-as-written", "Status": "Enabled", "Filter": {},
              "Transitions": [{"Days": 730, "StorageClass": "GLACIER"}],
              "Expiration": {"Days": 2555}}]}
            """);

    assertThatThrownBy(() -> LifecycleRules.load(file, List.of(BucketLayout.WAREHOUSE)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid lifecycle rule 'seed-as-written'")
        .hasMessageContaining("under 'pricing-intelligence/'")
        .hasMessageContaining("archive/");
  }

  @Test
  void rulesInsideOrAboveTheWarehouse_areRefused_outsideItAllowed(@TempDir Path dir)
      throws IOException {
    for (String prefix :
        List.of("pricing-intelligence/sales_history/data/year=2019/", "pricing", "")) {
      Path file = write(dir, expiring(prefix));
      assertThatThrownBy(() -> LifecycleRules.load(file, List.of(BucketLayout.WAREHOUSE)))
          .as(prefix)
          .hasMessageContaining("transitions or expires current objects");
    }
    Path file = write(dir, expiring("archive/pricing-intelligence/"));
    assertThat(LifecycleRules.load(file, List.of(BucketLayout.WAREHOUSE)).rules()).hasSize(1);
  }

  @Test
  void unsupportedContent_isRefusedByName(@TempDir Path dir) throws IOException {
    Path unknownField =
        write(
            dir,
            "{\"Rules\": [{\"ID\": \"x\", \"Status\": \"Enabled\", \"Filter\": {}, \"Prefix\": \"a/\", \"Expiration\": {\"Days\": 1}}]}");
    assertThatThrownBy(() -> LifecycleFile.read(unknownField))
        .hasMessageContaining("unsupported field \"Prefix\"");
    Path date =
        write(
            dir,
            "{\"Rules\": [{\"ID\": \"x\", \"Status\": \"Enabled\", \"Filter\": {\"Prefix\": \"a/\"}, \"Expiration\": {\"Date\": \"2030-01-01T00:00:00Z\"}}]}");
    assertThatThrownBy(() -> LifecycleFile.read(date)).hasMessageContaining("use Expiration.Days");
    Path storage =
        write(
            dir,
            "{\"Rules\": [{\"ID\": \"x\", \"Status\": \"Enabled\", \"Filter\": {\"Prefix\": \"a/\"}, \"Transitions\": [{\"Days\": 1, \"StorageClass\": \"TAPE\"}]}]}");
    assertThatThrownBy(() -> LifecycleFile.read(storage))
        .hasMessageContaining("unknown StorageClass TAPE");
  }

  @Test
  void accessLogRules_expireLogsAfterAYear() {
    List<LifecycleRuleSpec> rules =
        LifecycleFile.read(LIFECYCLE.resolve("access-logs-bucket.json"));

    assertThat(rules).singleElement().satisfies(r -> assertThat(r.expirationDays()).contains(365));
  }

  private static LifecycleRuleSpec rule(String id) {
    return LifecycleFile.read(ANALYTICS).stream()
        .filter(r -> r.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no rule " + id + " in " + ANALYTICS));
  }

  private static String expiring(String prefix) {
    return "{\"Rules\": [{\"ID\": \"r\", \"Status\": \"Enabled\", \"Filter\": {\"Prefix\": \""
        + prefix
        + "\"}, \"Expiration\": {\"Days\": 30}}]}";
  }

  private static Path write(Path dir, String json) throws IOException {
    return Files.writeString(Files.createTempFile(dir, "rules", ".json"), json);
  }
}
