package io.salesflow.cli.connection;

import io.salesflow.cli.CliException;
import io.salesflow.cli.ExitCode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;

/** Fails fast, with the flag to fix, when a given endpoint does not accept connections. */
final class Reachability {

  private static final int TIMEOUT_MILLIS = 2_000;

  private Reachability() {}

  static void check(URI uri, String what, String origin, String hint) {
    int port = uri.getPort() >= 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(uri.getHost(), port), TIMEOUT_MILLIS);
    } catch (IOException e) {
      throw new CliException(
          ExitCode.FAILURE,
          "Cannot reach "
              + what
              + " at "
              + uri
              + " ("
              + origin
              + "): "
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
              + ". "
              + hint,
          e);
    }
  }
}
