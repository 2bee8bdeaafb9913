package io.salesflow.infra.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads typed settings from CDK context and collects every problem, so that one synth reports all
 * bad values at once. A setting is looked up first as a top-level context key ({@code -c
 * key=value}, always a string from the command line), then in the stage's object of {@code
 * cdk.json} (JSON numbers, strings, lists). Messages name the key and the fix, in the style {@code
 * Invalid context etlMemoryMb: 99, must be between 128 and 10240}.
 */
final class ContextReader {

  private final Function<String, Object> topLevel;
  private final Map<String, Object> stageSettings;
  private final String stagePath;
  private final List<String> problems = new ArrayList<>();

  ContextReader(
      Function<String, Object> topLevel, Map<String, Object> stageSettings, String stagePath) {
    this.topLevel = topLevel;
    this.stageSettings = stageSettings;
    this.stagePath = stagePath;
  }

  /** Reports keys of the stage object that are not settings (typos would otherwise be ignored). */
  void rejectUnknown(Set<String> known) {
    for (String key : stageSettings.keySet()) {
      if (!known.contains(key)) {
        problems.add(
            "Invalid context "
                + stagePath
                + "."
                + key
                + ": unknown setting; known settings: "
                + String.join(", ", known.stream().sorted().toList()));
      }
    }
  }

  /** The raw value: the top-level override if set, else the stage object's, else null. */
  Object raw(String key) {
    Object override = topLevel.apply(key);
    if (override != null && !(override instanceof String s && s.isBlank())) {
      return override;
    }
    return stageSettings.get(key);
  }

  String string(String key, String defaultValue) {
    Object value = raw(key);
    if (value == null) {
      return defaultValue;
    }
    if (!(value instanceof String s)) {
      problems.add("Invalid context " + key + ": " + value + ", must be a string");
      return defaultValue;
    }
    return s.trim();
  }

  String matching(String key, String value, Pattern pattern, String rule) {
    if (value != null && !pattern.matcher(value).matches()) {
      problems.add("Invalid context " + key + ": '" + value + "', " + rule);
      return null;
    }
    return value;
  }

  String oneOf(String key, String defaultValue, Collection<String> allowed) {
    String value = string(key, defaultValue);
    if (value != null && !allowed.contains(value)) {
      problems.add(
          "Invalid context "
              + key
              + ": '"
              + value
              + "', must be one of "
              + String.join(", ", allowed));
      return defaultValue;
    }
    return value;
  }

  /** A whole number in {@code [min, max]}; JSON numbers and numeric strings are accepted. */
  int integer(String key, int defaultValue, int min, int max) {
    Object value = raw(key);
    if (value == null) {
      return defaultValue;
    }
    Long parsed = toLong(value);
    if (parsed == null) {
      problems.add("Invalid context " + key + ": " + value + ", must be a whole number");
      return defaultValue;
    }
    if (parsed < min || parsed > max) {
      problems.add(
          "Invalid context " + key + ": " + value + ", must be between " + min + " and " + max);
      return defaultValue;
    }
    return parsed.intValue();
  }

  /** A list of strings: a JSON array, or a comma-separated string from the command line. */
  List<String> list(String key, List<String> defaultValue) {
    Object value = raw(key);
    if (value == null) {
      return defaultValue;
    }
    List<String> items = new ArrayList<>();
    if (value instanceof String s) {
      for (String part : s.split(",")) {
        if (!part.isBlank()) {
          items.add(part.trim());
        }
      }
      return items;
    }
    if (value instanceof List<?> list) {
      for (Object item : list) {
        if (!(item instanceof String s) || s.isBlank()) {
          problems.add(
              "Invalid context " + key + ": " + value + ", must be a list of non-empty strings");
          return defaultValue;
        }
        items.add(s.trim());
      }
      return items;
    }
    problems.add("Invalid context " + key + ": " + value + ", must be a list of strings");
    return defaultValue;
  }

  void problem(String message) {
    problems.add(message);
  }

  List<String> problems() {
    return List.copyOf(problems);
  }

  private static Long toLong(Object value) {
    if (value instanceof Number n) {
      double d = n.doubleValue();
      return d == Math.rint(d) && !Double.isInfinite(d) ? (long) d : null;
    }
    if (value instanceof String s) {
      try {
        return Long.parseLong(s.trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }
}
