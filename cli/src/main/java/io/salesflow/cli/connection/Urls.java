package io.salesflow.cli.connection;

import io.salesflow.cli.CliException;
import java.net.URI;
import java.net.URISyntaxException;

/** Parses endpoint flags, naming the flag when a value is not an http(s) URL. */
final class Urls {

  private Urls() {}

  static URI http(String flag, String value) {
    if (value == null) {
      return null;
    }
    try {
      URI uri = new URI(value.trim());
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw CliException.usage(
        "Invalid "
            + flag
            + ": '"
            + value
            + "', must be an http:// or https:// URL with a host, e.g. http://127.0.0.1:8000");
  }
}
