package dev.graphmock.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A journal query's criteria as {@code GET /__admin/requests} and {@code GraphMock.requests(Map)} take them. */
class JournalFilterTest {
  private static JournalEntry entry(String path, String tenant) {
    return new JournalEntry("r", null, Instant.EPOCH, "GET", "http://127.0.0.1:1" + path, Map.of(),
        JournalEntry.Body.NONE, 200, Map.of(), JournalEntry.Body.NONE, 1, tenant, null, null);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "tenant-a | tenant-a | true",
      "tenant-a | Tenant-A | false",
      "Tenant-A | tenant-a | false",
      "Tenant-A | Tenant-A | true"})
  void theTenantMatchesExactly(String asked, String recorded, boolean selected) {
    assertEquals(selected, JournalFilter.parse(Map.of("tenant", asked)).test(entry("/beta/x", recorded)));
  }

  @Test
  void aPathPatternIsMatchedWithoutBacktracking() {
    JournalFilter filter = JournalFilter.parse(Map.of("path", "(.*a){20}$"));
    JournalEntry entry = entry("/beta/" + "a".repeat(30) + "b", "t");
    assertFalse(assertTimeoutPreemptively(Duration.ofSeconds(10), () -> filter.test(entry)));
    assertTrue(JournalFilter.parse(Map.of("path", "^/beta/a{30}b$")).test(entry));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "(      | missing closing )",
      "(?!a)  | invalid or unsupported Perl syntax",
      "[z-a]  | invalid character class range"})
  void aPatternRe2CannotReadIsRefusedWithTheReason(String pattern, String reason) {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> JournalFilter.parse(Map.of("path", pattern)));
    assertEquals("path must be a regular expression in RE2 syntax (no look-around or back-references), not '"
        + pattern + "': " + reason + ".", refused.getMessage());
  }
}
