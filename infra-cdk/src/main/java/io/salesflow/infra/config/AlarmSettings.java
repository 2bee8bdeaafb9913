package io.salesflow.infra.config;

import java.util.Optional;

/**
 * Alarm thresholds and where alarms go.
 *
 * @param email optional address subscribed to the alarm topic
 * @param iteratorAgeSeconds age of the newest record read from the stream that raises an alarm
 * @param freshnessLagSeconds age of committed data (ETL FreshnessLag metric) that raises an alarm
 * @param rejectedPercent share of stream records rejected into sales_history_errors that raises an
 *     alarm
 * @param commitFailures failed batch commits per 5 minutes that raise an alarm
 */
public record AlarmSettings(
    Optional<String> email,
    int iteratorAgeSeconds,
    int freshnessLagSeconds,
    int rejectedPercent,
    int commitFailures) {}
