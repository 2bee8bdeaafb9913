package io.salesflow.cli.command;

import io.salesflow.cli.CliException;
import io.salesflow.cli.Output;
import io.salesflow.cli.connection.Target;
import io.salesflow.core.config.ConfigException;
import io.salesflow.maintenance.MaintenanceConfig;
import io.salesflow.maintenance.MaintenanceMetrics;
import io.salesflow.maintenance.MaintenanceReport;
import io.salesflow.maintenance.MaintenanceService;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsing and printing shared by the maintenance commands ({@code maintain}, {@code archive}). */
final class MaintenanceFlags {

  private static final Pattern DURATION = Pattern.compile("(\\d+)(s|m|h|d)");
  private static final Pattern AGE = Pattern.compile("(\\d+)(y|m)");

  private MaintenanceFlags() {}

  /** {@code 90s}, {@code 10m}, {@code 2h}, {@code 3d}; a usage error naming the flag otherwise. */
  static Duration duration(String flag, String value) {
    Matcher m = DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw CliException.usage(
          "Invalid "
              + flag
              + " '"
              + value
              + "': use a positive <n>s, <n>m, <n>h or <n>d, e.g. 10m");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  /** {@code 2y} (years) or {@code 18m} (months), as months. */
  static int months(String flag, String value) {
    Matcher m = AGE.matcher(value.trim().toLowerCase(Locale.ROOT));
    if (!m.matches() || Integer.parseInt(m.group(1)) == 0) {
      throw CliException.usage(
          "Invalid " + flag + " '" + value + "': use <n>y (years) or <n>m (months), e.g. 2y");
    }
    int n = Integer.parseInt(m.group(1));
    return m.group(2).equals("y") ? n * 12 : n;
  }

  /** The maintenance configuration of the target (its variables, plus MAINTENANCE_* ones). */
  static MaintenanceConfig config(Target target) {
    target.config();
    try {
      return MaintenanceConfig.from(target.environment());
    } catch (ConfigException e) {
      throw CliException.usage(
          "Invalid maintenance configuration:\n  " + String.join("\n  ", e.problems()));
    }
  }

  static MaintenanceService service(Target target, MaintenanceConfig config) {
    return new MaintenanceService(
        config, target.catalog(), Clock.systemUTC(), MaintenanceMetrics.none());
  }

  static void print(Output output, MaintenanceReport report) {
    output.println(
        report.complete()
            ? "Maintenance complete in " + report.millis() + " ms"
            : "Stopped by the time budget after "
                + report.millis()
                + " ms; the next run resumes at "
                + report.resumeAt());
    report.counts().entrySet().stream()
        .filter(e -> e.getValue() != 0)
        .forEach(e -> output.printf("  %-22s %d", e.getKey(), e.getValue()));
    report.skipped().forEach(s -> output.println("  skipped " + s));
  }
}
