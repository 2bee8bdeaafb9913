package io.salesflow.maintenance;

/** What an archival run does with months a restore pinned (see {@link ArchivePins}). */
public enum PinnedMonths {
  /** Leave them live until their pin expires, listed in the report (the nightly default). */
  SKIP,
  /** Archive them with the other months due, removing their pins (an explicit user override). */
  ARCHIVE
}
