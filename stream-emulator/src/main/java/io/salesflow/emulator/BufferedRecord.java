package io.salesflow.emulator;

import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * A stream record read from a shard and not yet checkpointed.
 *
 * @param record as GetRecords returned it
 * @param jsonBytes its size in Lambda's event JSON
 */
record BufferedRecord(Record record, int jsonBytes) {

  static BufferedRecord of(Record record, String streamArn, String region) {
    return new BufferedRecord(
        record,
        LambdaEventJson.recordBytes(StreamRecordConverter.toLambda(record, streamArn, region)));
  }

  String sequenceNumber() {
    return record.dynamodb().sequenceNumber();
  }
}
