package io.salesflow.infra.config;

import java.util.List;

/**
 * The athena-query function, its schedules and the Athena workgroup.
 *
 * @param memoryMb function memory
 * @param timeoutSeconds function timeout
 * @param athenaQueryTimeoutSeconds longest one query may run (SALESFLOW_QUERY_TIMEOUT_SECONDS)
 * @param bytesScannedCutoffMb per-query data scan limit of the workgroup, MiB (at least 10)
 * @param reportTenants tenants the scheduled tenant reports run for (one rule target each, at most
 *     5: EventBridge's targets per rule)
 */
public record QuerySettings(
    int memoryMb,
    int timeoutSeconds,
    int athenaQueryTimeoutSeconds,
    int bytesScannedCutoffMb,
    List<String> reportTenants) {

  public QuerySettings {
    reportTenants = List.copyOf(reportTenants);
  }

  /** The workgroup's per-query cutoff in bytes. */
  public long bytesScannedCutoffBytes() {
    return bytesScannedCutoffMb * 1024L * 1024L;
  }
}
