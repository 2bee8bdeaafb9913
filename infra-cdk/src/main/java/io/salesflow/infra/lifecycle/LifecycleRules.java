package io.salesflow.infra.lifecycle;

import java.nio.file.Path;
import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.NoncurrentVersionTransition;
import software.amazon.awscdk.services.s3.StorageClass;
import software.amazon.awscdk.services.s3.Transition;

/**
 * Lifecycle rules of one bucket, read from its file in {@code lifecycle/} and checked against the
 * prefixes that must never lose or archive current objects (the live Iceberg tables).
 *
 * @param file where the rules were read from
 * @param rules the rules
 */
public record LifecycleRules(Path file, List<LifecycleRuleSpec> rules) {

  public LifecycleRules {
    rules = List.copyOf(rules);
  }

  /**
   * Reads {@code file} and refuses any rule that transitions or expires current objects under a
   * protected prefix.
   *
   * @param protectedPrefixes key prefixes whose current objects stay put, e.g. {@code
   *     pricing-intelligence/}
   * @throws IllegalArgumentException naming the file, the rule and the prefix it would break
   */
  public static LifecycleRules load(Path file, List<String> protectedPrefixes) {
    LifecycleRules rules = new LifecycleRules(file, LifecycleFile.read(file));
    for (LifecycleRuleSpec rule : rules.rules()) {
      for (String prefix : protectedPrefixes) {
        if (rule.actsOnCurrentObjects() && rule.mayMatchKeysUnder(prefix)) {
          throw new IllegalArgumentException(
              "Invalid lifecycle rule '"
                  + rule.id()
                  + "' in "
                  + file
                  + ": it transitions or expires current objects under '"
                  + prefix
                  + "' (Filter.Prefix '"
                  + rule.prefix()
                  + "'), where the live Iceberg tables are: Athena cannot read archived data"
                  + " files and a snapshot must never point at a missing file. Limit it to a"
                  + " prefix outside the warehouse, e.g. archive/, athena-results/ or staging/");
        }
      }
    }
    return rules;
  }

  /** The rules as CDK bucket lifecycle rules. */
  public List<LifecycleRule> toCdk() {
    return rules.stream().map(LifecycleRules::toCdk).toList();
  }

  private static LifecycleRule toCdk(LifecycleRuleSpec spec) {
    LifecycleRule.Builder rule = LifecycleRule.builder().id(spec.id()).enabled(spec.enabled());
    if (!spec.prefix().isEmpty()) {
      rule.prefix(spec.prefix());
    }
    if (!spec.tags().isEmpty()) {
      rule.tagFilters(new java.util.LinkedHashMap<String, Object>(spec.tags()));
    }
    spec.objectSizeGreaterThan().ifPresent(rule::objectSizeGreaterThan);
    spec.objectSizeLessThan().ifPresent(rule::objectSizeLessThan);
    if (!spec.transitions().isEmpty()) {
      rule.transitions(
          spec.transitions().stream()
              .map(
                  t ->
                      Transition.builder()
                          .storageClass(new StorageClass(t.storageClass()))
                          .transitionAfter(Duration.days(t.days()))
                          .build())
              .toList());
    }
    spec.expirationDays().ifPresent(d -> rule.expiration(Duration.days(d)));
    if (spec.expiredObjectDeleteMarker()) {
      rule.expiredObjectDeleteMarker(true);
    }
    spec.noncurrentExpirationDays()
        .ifPresent(d -> rule.noncurrentVersionExpiration(Duration.days(d)));
    spec.newerNoncurrentVersionsToKeep().ifPresent(rule::noncurrentVersionsToRetain);
    if (!spec.noncurrentTransitions().isEmpty()) {
      rule.noncurrentVersionTransitions(
          spec.noncurrentTransitions().stream()
              .map(
                  t ->
                      NoncurrentVersionTransition.builder()
                          .storageClass(new StorageClass(t.storageClass()))
                          .transitionAfter(Duration.days(t.days()))
                          .build())
              .toList());
    }
    spec.abortIncompleteMultipartUploadDays()
        .ifPresent(d -> rule.abortIncompleteMultipartUploadAfter(Duration.days(d)));
    return rule.build();
  }
}
