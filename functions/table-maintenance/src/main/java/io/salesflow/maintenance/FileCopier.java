package io.salesflow.maintenance;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.apache.iceberg.io.FileIO;

/**
 * Copies objects through the table's FileIO (works on S3 and local files alike). A read of an
 * object still in Glacier fails with S3's InvalidObjectState: the message says to restore it.
 */
final class FileCopier {

  private FileCopier() {}

  /** Copies {@code from} to {@code to}, returning the bytes copied. */
  static long copy(FileIO io, String from, String to) {
    try (InputStream in = io.newInputFile(from).newStream();
        OutputStream out = io.newOutputFile(to).createOrOverwrite()) {
      return in.transferTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot copy " + from + " to " + to, e);
    } catch (RuntimeException e) {
      if (String.valueOf(e.getMessage()).contains("InvalidObjectState")) {
        throw new MaintenanceException(
            "Cannot read "
                + from
                + ": it is in Glacier; restore the archive directory first (S3 RestoreObject, see"
                + " functions/table-maintenance/README.md), then run the restore again",
            e);
      }
      throw e;
    }
  }

  static void deleteQuietly(FileIO io, String location) {
    try {
      io.deleteFile(location);
    } catch (RuntimeException e) {
      // Best effort clean-up of a failed step: the archive prefix expires by lifecycle anyway.
    }
  }
}
