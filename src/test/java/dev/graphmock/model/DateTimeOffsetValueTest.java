package dev.graphmock.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DateTimeOffsetValueTest {

  @ParameterizedTest
  @CsvSource({
      "2016-12-31T23:59:23.3984029-08:00, 2016-12-31T23:59:23.3984029-08:00, 2017-01-01T07:59:23.398402900Z",
      "2016-12-31T23:59:23.3984020-08:00, 2016-12-31T23:59:23.3984020-08:00, 2017-01-01T07:59:23.398402Z",
      "2024-01-01T00:00Z, 2024-01-01T00:00:00Z, 2024-01-01T00:00:00Z",
      "2024-01-01T00:00+01:00, 2024-01-01T00:00:00+01:00, 2023-12-31T23:00:00Z",
      "0001-01-01T00:00:00Z, 0001-01-01T00:00:00Z, 0001-01-01T00:00:00Z",
      "2024-07-10T14:40:48.294888400Z, 2024-07-10T14:40:48.294888400Z, 2024-07-10T14:40:48.2948884Z",
      "2016-01-01T00:00:00.12345678Z, 2016-01-01T00:00:00.1234568Z, 2016-01-01T00:00:00.1234568Z",
      "2016-01-01T00:00:00.12345685Z, 2016-01-01T00:00:00.1234568Z, 2016-01-01T00:00:00.1234568Z",
      "2016-01-01T00:00:00.12345695Z, 2016-01-01T00:00:00.123457Z, 2016-01-01T00:00:00.123457Z",
      "2016-01-01T00:00:00.1234567000Z, 2016-01-01T00:00:00.1234567000Z, 2016-01-01T00:00:00.1234567Z",
      "2016-12-31T23:59:59.99999995-08:00, 2017-01-01T00:00:00-08:00, 2017-01-01T08:00:00Z"})
  void keepsTheTextAndKnowsTheInstant(String input, String text, String instant) {
    DateTimeOffsetValue value = DateTimeOffsetValue.parse(input);
    assertEquals(text, value.text());
    assertEquals(Instant.parse(instant), value.instant());
    // Read back from the store, the value is its text alone; the instant is worked out again from it.
    DateTimeOffsetValue stored = DateTimeOffsetValue.ofStored(value.text());
    assertEquals(Instant.parse(instant), stored.instant());
    assertEquals(value.utcTicks(), stored.utcTicks());
    assertEquals(value, stored);
    assertEquals(value.hashCode(), stored.hashCode());
  }

  @ParameterizedTest
  @ValueSource(strings = {"2016-12-31T23:59:23", "2016-12-31", "2016-12-31 23:59:23Z", "2016-13-01T00:00:00Z",
      "2016-02-30T00:00:00Z", "2016-01-01T24:00:00Z", "2016-01-01T00:00:00+18:30",
      "2016-01-01T00:00:00.Z", "9999-12-31T23:59:59.99999999Z", "0000-01-01T00:00:00Z", "2016-01-01t00:00:00z", "x"})
  void refusesWhatIsNotAnEdmDateTimeOffset(String input) {
    assertThrows(InvalidValueException.class, () -> DateTimeOffsetValue.parse(input));
  }

  @Test
  void ticksSortLikeInstantsWhateverTheOffsets() {
    DateTimeOffsetValue earlier = DateTimeOffsetValue.parse("2017-01-01T00:00:00+01:00");
    DateTimeOffsetValue later = DateTimeOffsetValue.parse("2016-12-31T23:30:00Z");
    assertTrue(earlier.utcTicks() < later.utcTicks());
    assertTrue(DateTimeOffsetValue.MIN.utcTicks() < 0);
    assertTrue(DateTimeOffsetValue.ofStored(earlier.text()).compareTo(DateTimeOffsetValue.ofStored(later.text())) < 0);
  }

  @Test
  void theSameInstantWrittenTwoWaysIsTwoValues() {
    // Equal as a record of (instant, text) was: the echo of each keeps its own offset.
    DateTimeOffsetValue utc = DateTimeOffsetValue.parse("2024-01-01T00:00:00Z");
    DateTimeOffsetValue zero = DateTimeOffsetValue.ofStored("2024-01-01T00:00:00+00:00");
    assertEquals(0, utc.compareTo(zero));
    assertNotEquals(utc, zero);
  }
}
