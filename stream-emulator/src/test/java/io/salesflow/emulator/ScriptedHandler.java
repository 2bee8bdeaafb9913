package io.salesflow.emulator;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BiFunction;

/**
 * A test function: records every invocation (the product ids of its records, in order) and answers
 * as its script says. The script sees the invocation number (from 1) and the event.
 */
final class ScriptedHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {

  final List<List<String>> invocations = Collections.synchronizedList(new ArrayList<>());
  final List<DynamodbEvent> events = Collections.synchronizedList(new ArrayList<>());
  final List<Integer> remainingMillis = Collections.synchronizedList(new ArrayList<>());
  private final BiFunction<Integer, DynamodbEvent, StreamsEventResponse> script;

  ScriptedHandler(BiFunction<Integer, DynamodbEvent, StreamsEventResponse> script) {
    this.script = script;
  }

  /** Succeeds every time. */
  static ScriptedHandler succeeding() {
    return new ScriptedHandler((n, e) -> new StreamsEventResponse());
  }

  @Override
  public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
    invocations.add(ids(event));
    events.add(event);
    remainingMillis.add(context.getRemainingTimeInMillis());
    return script.apply(invocations.size(), event);
  }

  /** All product ids delivered, in delivery order, retries included. */
  List<String> delivered() {
    synchronized (invocations) {
      return invocations.stream().flatMap(List::stream).toList();
    }
  }

  static List<String> ids(DynamodbEvent event) {
    return event.getRecords().stream()
        .map(r -> r.getDynamodb().getKeys().get("product_id").getS())
        .toList();
  }

  /** A response reporting these sequence numbers failed. */
  static StreamsEventResponse failures(String... sequenceNumbers) {
    List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
    for (String seq : sequenceNumbers) {
      failures.add(new StreamsEventResponse.BatchItemFailure(seq));
    }
    return new StreamsEventResponse(failures);
  }
}
