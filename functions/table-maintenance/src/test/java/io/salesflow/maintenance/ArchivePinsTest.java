package io.salesflow.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArchivePinsTest {

  private static final MonthPartition APRIL_2023 = new MonthPartition(2023, 4);

  @Test
  void property_namesTheMonth_asYearDashMonth() {
    assertThat(ArchivePins.property(APRIL_2023)).isEqualTo("salesflow.archive.pinned.2023-04");
  }

  @Test
  void keep_acceptsOneToMaxDays_andRefusesOthers_namingTheValueAndTheFix() {
    assertThat(ArchivePins.keep(1)).isEqualTo(Duration.ofDays(1));
    assertThat(ArchivePins.keep(ArchivePins.MAX_KEEP_DAYS)).isEqualTo(Duration.ofDays(365));
    for (long bad : new long[] {0, -3, 366}) {
      assertThatThrownBy(() -> ArchivePins.keep(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("Invalid keep days " + bad + ": must be between 1 and 365")
          .hasMessageContaining(MaintenanceConfig.ACTIVE_MONTHS);
    }
  }

  @Test
  void until_readsThePinOfTheMonth_only() {
    Map<String, String> properties =
        Map.of(
            "salesflow.archive.pinned.2023-04", "2025-07-20T03:00:00Z",
            "salesflow.archive.pinned.2023-05", "2025-01-01T00:00:00Z");

    assertThat(ArchivePins.until(properties, APRIL_2023))
        .contains(Instant.parse("2025-07-20T03:00:00Z"));
    assertThat(ArchivePins.until(properties, new MonthPartition(2023, 6))).isEmpty();
  }

  @Test
  void until_refusesAValueThatIsNoInstant_namingTheProperty() {
    Map<String, String> properties = Map.of("salesflow.archive.pinned.2023-04", "next month");

    assertThatThrownBy(() -> ArchivePins.until(properties, APRIL_2023))
        .isInstanceOf(MaintenanceException.class)
        .hasMessageContaining("Cannot read table property salesflow.archive.pinned.2023-04")
        .hasMessageContaining("kept live until the property is fixed or removed");
  }
}
