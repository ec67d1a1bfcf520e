package dev.graphmock.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({
      "PT3M21.5549443S, PT3M21.5549443S",
      "-PT1M32.1347897S, -PT1M32.1347897S",
      "PT0S, PT0S",
      "P0D, PT0S",
      "PT1H, PT1H",
      "PT25H, P1DT1H",
      "P1DT2H, P1DT2H",
      "PT90S, PT1M30S",
      "PT0.1000000S, PT0.1S",
      "+PT1S, PT1S",
      "PT1.123456700S, PT1.1234567S",
      "PT-2M-57.2190107S, -PT2M57.2190107S",
      "PT-0.5S, -PT0.5S",
      "P-1DT-2H, -P1DT2H",
      "PT-25H, -P1DT1H",
      "P10675199DT2H48M5.4775807S, P10675199DT2H48M5.4775807S",
      "PT1.12345678S, PT1.1234567S",
      "PT0.30000000000000004S, PT0.3S",
      "PT0.99999999999999999999999S, PT0.9999999S",
      "PT-0.123456789S, -PT0.1234567S"})
  void writesTheCanonicalForm(String input, String canonical) {
    assertEquals(canonical, Durations.format(Durations.parse(input)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "P", "PT", "P1Y", "P1M", "PT1.5H", "pt1s", "PT1S ", "-PT-1S",
      "P99999999999999999999D", "P9223372036854775807D", "1S", "-PT-1M", "PT--1S",
      "P1DX1H", "P1H", "PT1M1H", "PT1H1H", "PT1S1S", "PT1.S", "PT.5S", "PT1.5M", "P1.5D", "PT1", "P1", "-P", "+P",
      "PT-", "P1DT", "PT1H-", "PT\u0661S", "--PT1S", "P-1D-"})
  void refusesWhatIsNotAnEdmDuration(String input) {
    assertThrows(InvalidValueException.class, () -> Durations.parse(input));
  }

  @ParameterizedTest
  @CsvSource({"PT1S, 10000000", "-PT0.0000001S, -1", "-PT1M32.1347897S, -921347897"})
  void ticksAreExactHundredNanoseconds(String input, long ticks) {
    Duration value = Durations.parse(input);
    assertEquals(ticks, Durations.toTicks(value));
    assertEquals(value, Durations.ofTicks(ticks));
  }
}
