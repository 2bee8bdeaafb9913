package io.salesflow.infra.lifecycle;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One S3 lifecycle rule as written in a {@code lifecycle/*.json} file (the S3 API's {@code
 * LifecycleConfiguration} shape, so the same file works with {@code aws s3api
 * put-bucket-lifecycle-configuration}).
 *
 * @param id the rule's {@code ID}
 * @param enabled {@code Status} is {@code Enabled}
 * @param prefix {@code Filter.Prefix} (or {@code Filter.And.Prefix}); empty for the whole bucket
 * @param tags tag filter; empty for none
 * @param objectSizeGreaterThan size filter, bytes
 * @param objectSizeLessThan size filter, bytes
 * @param transitions current-object transitions
 * @param expirationDays current-object expiration
 * @param expiredObjectDeleteMarker removes delete markers without noncurrent versions
 * @param noncurrentExpirationDays expiration of noncurrent versions
 * @param newerNoncurrentVersionsToKeep noncurrent versions kept regardless of age
 * @param noncurrentTransitions noncurrent-version transitions
 * @param abortIncompleteMultipartUploadDays abort of incomplete multipart uploads
 */
public record LifecycleRuleSpec(
    String id,
    boolean enabled,
    String prefix,
    Map<String, String> tags,
    Optional<Long> objectSizeGreaterThan,
    Optional<Long> objectSizeLessThan,
    List<TransitionSpec> transitions,
    Optional<Integer> expirationDays,
    boolean expiredObjectDeleteMarker,
    Optional<Integer> noncurrentExpirationDays,
    Optional<Integer> newerNoncurrentVersionsToKeep,
    List<TransitionSpec> noncurrentTransitions,
    Optional<Integer> abortIncompleteMultipartUploadDays) {

  public LifecycleRuleSpec {
    tags = Map.copyOf(tags);
    transitions = List.copyOf(transitions);
    noncurrentTransitions = List.copyOf(noncurrentTransitions);
  }

  /**
   * A transition after a number of days.
   *
   * @param days days after creation (or after becoming noncurrent)
   * @param storageClass S3 storage class name, e.g. {@code GLACIER}
   */
  public record TransitionSpec(int days, String storageClass) {}

  /**
   * Whether the rule moves or deletes current objects: these are the actions that can break an
   * Iceberg table whose snapshots still reference the objects (Athena cannot read Glacier Flexible
   * Retrieval or Deep Archive, and a deleted file fails every query of a snapshot that has it).
   * Noncurrent-version actions, delete-marker cleanup and multipart-upload aborts only touch
   * objects no snapshot can reference.
   */
  public boolean actsOnCurrentObjects() {
    return !transitions.isEmpty() || expirationDays.isPresent();
  }

  /**
   * Whether the rule's filter can select keys under {@code keyPrefix}: its prefix is a prefix of
   * {@code keyPrefix} (the whole bucket included) or lies within it. Tag and size filters are not
   * counted as protection: any object may carry the tag or have the size.
   */
  public boolean mayMatchKeysUnder(String keyPrefix) {
    return keyPrefix.startsWith(prefix) || prefix.startsWith(keyPrefix);
  }
}
