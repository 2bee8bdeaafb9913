package io.salesflow.emulator;

import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.Record;

/** A redriven batch kept failing; its range stays pending for the next redrive. */
public final class RedriveFailedException extends RuntimeException {

  RedriveFailedException(FailedBatch batch, List<Record> pending, int attempts, Invocation last) {
    super(
        "Redrive of shard "
            + batch.shardId()
            + " "
            + batch.startSequenceNumber()
            + ".."
            + batch.endSequenceNumber()
            + " stopped: "
            + pending.size()
            + " records from "
            + pending.get(0).dynamodb().sequenceNumber()
            + " still fail after "
            + attempts
            + " attempts ("
            + last.outcome()
            + ": "
            + last.message()
            + "). The range stays pending: fix the cause and run the redrive again.");
  }
}
