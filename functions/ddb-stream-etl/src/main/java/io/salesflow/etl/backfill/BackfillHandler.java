package io.salesflow.etl.backfill;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.salesflow.etl.EtlConfig;
import io.salesflow.etl.StreamEtlHandler;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lambda entry point of the backfill's Step Functions state machine; one handler for its three
 * steps, chosen by the input's {@code action}:
 *
 * <ul>
 *   <li>{@code plan} {@code {"export": "s3://.../AWSDynamoDB/<id>/"}}: checks the export, returns
 *       where its {@code manifest-files.json} is for the Distributed Map;
 *   <li>{@code work} {@code {"export": ..., "Items": [manifest-files.json lines]}} (the map's item
 *       batch): converts those data files and stages their files;
 *   <li>{@code commit} {@code {"export": ...}}: commits staged work until the invocation's time
 *       runs low; {@code done} says whether to call it again.
 * </ul>
 *
 * Errors are thrown with the file and the fix in their message: Step Functions shows them as the
 * execution's cause.
 */
public final class BackfillHandler
    implements RequestHandler<Map<String, Object>, Map<String, Object>> {

  /** Units per chunk commit in AWS. */
  static final int UNITS_PER_CHUNK = 32;

  private final BackfillService service;

  public BackfillHandler() {
    this(EtlConfig.fromEnvironment());
  }

  public BackfillHandler(EtlConfig config) {
    this(new BackfillService(config, StreamEtlHandler.catalog(config), Clock.systemUTC()));
  }

  public BackfillHandler(BackfillService service) {
    this.service = service;
  }

  @Override
  public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
    String action = text(input, "action");
    String export = text(input, "export");
    Map<String, Object> out = new LinkedHashMap<>();
    switch (action) {
      case "plan" -> {
        BackfillService.Plan plan = service.plan(export);
        out.put("source", plan.source());
        out.put("export", plan.directory());
        out.put("bucket", plan.bucket());
        out.put("manifestKey", plan.manifestKey());
        out.put("units", plan.units());
        out.put("resumed", plan.resumed());
        out.put("pointInTime", plan.pointInTime());
      }
      case "work" -> {
        BackfillService.Worked worked = service.work(export, dataFileKeys(input));
        out.put("units", worked.units());
        out.put("skipped", worked.skipped());
        out.put("items", worked.items());
        out.put("rows", worked.rows());
        out.put("rejected", worked.rejected());
      }
      case "commit" -> {
        BackfillService.Committed committed =
            service.commit(
                export,
                UNITS_PER_CHUNK,
                () -> context == null ? Long.MAX_VALUE : context.getRemainingTimeInMillis());
        out.put("done", committed.done());
        out.put("committedUnits", committed.committedUnits());
        out.put("totalUnits", committed.totalUnits());
        out.put("added", committed.added());
        out.put("leftOut", committed.leftOut());
        out.put("rejected", committed.rejected());
      }
      default ->
          throw new IllegalArgumentException(
              "Unknown action '" + action + "': use plan, work or commit");
    }
    return out;
  }

  private static String text(Map<String, Object> input, String field) {
    Object value = input == null ? null : input.get(field);
    if (!(value instanceof String text) || text.isBlank()) {
      throw new IllegalArgumentException(
          "The backfill's input has no '"
              + field
              + "': start it with {\"export\":"
              + " \"s3://bucket/prefix/AWSDynamoDB/<export id>/\"}");
    }
    return text;
  }

  private static List<String> dataFileKeys(Map<String, Object> input) {
    Object items = input.get("Items");
    List<String> keys = new ArrayList<>();
    if (items instanceof List<?> list) {
      for (Object item : list) {
        if (item instanceof Map<?, ?> line && line.get("dataFileS3Key") instanceof String key) {
          keys.add(key);
        }
      }
    }
    if (keys.isEmpty()) {
      throw new IllegalArgumentException(
          "A work step needs \"Items\": lines of manifest-files.json with dataFileS3Key");
    }
    return keys;
  }
}
