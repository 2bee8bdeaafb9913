package io.salesflow.core.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads typed values from an environment map, collecting one message per bad variable so that a
 * misconfigured function reports every problem at once. Shared by the config records of all
 * functions.
 */
public final class EnvReader {

  private final Map<String, String> env;
  private final List<String> problems = new ArrayList<>();

  public EnvReader(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /** The trimmed value, or {@code null} when unset or blank. */
  public String raw(String key) {
    String value = env.get(key);
    return value == null || value.isBlank() ? null : value.trim();
  }

  /** A required value; records "Missing KEY: fix" when absent. */
  public String required(String key, String fix) {
    String value = raw(key);
    if (value == null) {
      problems.add("Missing " + key + ": " + fix);
    }
    return value;
  }

  /** An optional value with a default. */
  public String optional(String key, String defaultValue) {
    String value = raw(key);
    return value == null ? defaultValue : value;
  }

  /** A value that must match {@code pattern}; records "Invalid KEY: 'v', rule". */
  public String matching(String key, String value, Pattern pattern, String rule) {
    if (value != null && !pattern.matcher(value).matches()) {
      invalid(key, value, rule);
      return null;
    }
    return value;
  }

  /** One of the allowed values, case-insensitive; returns the lower-case form. */
  public String oneOf(String key, String defaultValue, List<String> allowed) {
    String value = optional(key, defaultValue);
    if (value == null) {
      return null;
    }
    String lower = value.toLowerCase(Locale.ROOT);
    if (!allowed.contains(lower)) {
      invalid(key, value, "must be one of " + String.join(", ", allowed));
      return null;
    }
    return lower;
  }

  /** A long within [min, max]. */
  public long longInRange(String key, long defaultValue, long min, long max) {
    String value = raw(key);
    if (value == null) {
      return defaultValue;
    }
    try {
      long parsed = Long.parseLong(value);
      if (parsed < min || parsed > max) {
        invalid(key, value, "must be between " + min + " and " + max);
        return defaultValue;
      }
      return parsed;
    } catch (NumberFormatException e) {
      invalid(key, value, "must be a whole number between " + min + " and " + max);
      return defaultValue;
    }
  }

  /** An absolute http(s) URI, or {@code null} when unset. */
  public URI httpUri(String key, String value) {
    if (value == null) {
      return null;
    }
    try {
      URI uri = new URI(value);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null) {
        invalid(key, value, "must be an http:// or https:// URL with a host");
        return null;
      }
      return uri;
    } catch (URISyntaxException e) {
      invalid(key, value, "must be an http:// or https:// URL (" + e.getReason() + ")");
      return null;
    }
  }

  /** A comma-separated list of non-blank items, each checked by {@code itemPattern}. */
  public List<String> list(
      String key, List<String> defaultValue, Pattern itemPattern, String itemRule) {
    String value = raw(key);
    if (value == null) {
      return defaultValue;
    }
    List<String> items = Arrays.stream(value.split(",")).map(String::trim).toList();
    for (String item : items) {
      if (!itemPattern.matcher(item).matches()) {
        invalid(key, value, "item '" + item + "' " + itemRule);
        return defaultValue;
      }
    }
    return items;
  }

  /**
   * {@code key=value} pairs separated by commas or new lines, e.g. {@code
   * s3.sse.type=kms,s3.sse.key=alias/x}.
   */
  public Map<String, String> properties(String key) {
    String value = raw(key);
    Map<String, String> props = new LinkedHashMap<>();
    if (value == null) {
      return props;
    }
    for (String pair : value.split("[,\\n]")) {
      if (pair.isBlank()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        invalid(key, pair.trim(), "each entry must be key=value, separated by commas");
        return Map.of();
      }
      props.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
    }
    return props;
  }

  /** Converts a value with {@code parser}, recording {@code rule} if it throws. */
  public <T> T parsed(String key, String value, Function<String, T> parser, String rule) {
    if (value == null) {
      return null;
    }
    try {
      return parser.apply(value);
    } catch (RuntimeException e) {
      invalid(key, value, rule + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
      return null;
    }
  }

  /** Records a problem that is not about a single variable's format. */
  public void problem(String message) {
    problems.add(message);
  }

  /** Records "Invalid KEY: 'value', rule". */
  public void invalid(String key, String value, String rule) {
    problems.add("Invalid " + key + ": '" + value + "', " + rule);
  }

  /** Throws {@link ConfigException} listing every problem recorded so far, if any. */
  public void throwIfInvalid() {
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
  }
}
