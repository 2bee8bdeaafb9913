package io.salesflow.cli.stream;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A stand-in function ({@code --handler echo}): prints one line per record, {@code <event>
 * <tenant_id>/<product_id> seq=<sequence number>}, and succeeds. {@code --handler-env
 * ECHO_DELAY_MS=50} makes each invocation take that long, to watch batching or to interrupt it.
 */
public final class EchoHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {

  /** Environment variable: milliseconds each invocation takes. */
  public static final String DELAY_MS = "ECHO_DELAY_MS";

  private final long delayMillis;

  public EchoHandler(Map<String, String> environment) {
    String delay = environment.getOrDefault(DELAY_MS, "0");
    try {
      this.delayMillis = Long.parseLong(delay.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "Invalid " + DELAY_MS + ": '" + delay + "', must be a whole number of milliseconds");
    }
  }

  @Override
  public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
    if (delayMillis > 0) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(delayMillis));
    }
    StringBuilder lines = new StringBuilder();
    for (DynamodbEvent.DynamodbStreamRecord record : event.getRecords()) {
      Map<String, AttributeValue> keys = record.getDynamodb().getKeys();
      lines
          .append(record.getEventName())
          .append(' ')
          .append(text(keys.get("tenant_id")))
          .append('/')
          .append(text(keys.get("product_id")))
          .append(" seq=")
          .append(record.getDynamodb().getSequenceNumber())
          .append(System.lineSeparator());
    }
    // One write per batch: a kill between batches never leaves half a line. System.out at call
    // time: the demo sends function output to a log file, as Lambda sends it to CloudWatch.
    PrintStream out = System.out;
    synchronized (out) {
      out.print(lines);
      out.flush();
    }
    return new StreamsEventResponse();
  }

  private static String text(AttributeValue value) {
    if (value == null) {
      return "?";
    }
    return value.getS() != null ? value.getS() : String.valueOf(value.getN());
  }
}
