package dev.graphmock.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The estimate of a pattern's compiled size is never below RE2J's own count, and not far above it. */
class ExpandedSizeTest {
  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "autopilotEvents$; 18; 24",
      "(.*a){20}$; 103; 129",
      "a{1000}; 1002; 2008",
      "a{0,}; 4; 10",
      "((a{10}){10}){10}; 1222; 2338",
      "(?:(?:(?:a){10}){10}){10}; 1002; 2118",
      "(?i)autopilotEvents; 17; 23",
      "\\pL{3}x; 6; 15",
      "\\p{Greek}+|[[:alpha:]\\]]{2,3}; 9; 18",
      "\\Q(.*)\\E{5}; 10; 21",
      "^/deviceManagement/autopilotEvents/[0-9a-f]{8}-[0-9a-f]{4}$; 51; 69",
      "(?P<id>[^/]+)/x{,3}; 12; 18"})
  void estimatesAtLeastWhatRe2jCompiles(String pattern, int compiled, long estimate) {
    assertEquals(compiled, Pattern.compile(pattern).programSize(), "RE2J's count");
    assertEquals(estimate, ExpandedSize.of(pattern));
  }

  @Test
  void nestedRepetitionsAreCountedWithoutCompilingThem() {
    assertTrue(ExpandedSize.of("((a{1000}){1000}){1000}") > 1_000_000_000L);
    assertTrue(ExpandedSize.of("(((((((a{1000}){1000}){1000}){1000}){1000}){1000}){1000})") > 0, "no overflow");
  }

  /** Patterns made of the pieces RE2 has, compiled by RE2J when valid: the estimate must never be the lower. */
  @Test
  void neverEstimatesBelowRe2jOnGeneratedPatterns() {
    String[] pieces = {"a", "b", ".", "\\d", "\\pL", "\\p{Greek}", "\\x41", "\\x{41}", "[a-c]", "[^]x]",
        "[[:alpha:]]", "(", "(?:", "(?i)", "(?i:", "(?P<n", ")", "|", "*", "+", "?", "*?", "??", "{2}", "{0,3}",
        "{2,}", "{,2}", "{0}", "^", "$", "\\b", "\\z", "\\Q.(\\E", "{", "}", "]", "(?s)"};
    SplittableRandom random = new SplittableRandom(30);
    int compiled = 0;
    for (int i = 0; i < 20_000; i++) {
      StringBuilder pattern = new StringBuilder();
      for (int length = random.nextInt(1, 12); length > 0; length--) {
        String piece = pieces[random.nextInt(pieces.length)];
        pattern.append(piece.equals("(?P<n") ? "(?P<n" + i + length + ">" : piece);
      }
      Pattern re2j;
      try {
        re2j = Pattern.compile(pattern.toString());
      } catch (PatternSyntaxException e) {
        continue;
      }
      compiled++;
      long estimate = ExpandedSize.of(pattern.toString());
      assertTrue(estimate >= re2j.programSize(), pattern + ": " + estimate + " < " + re2j.programSize());
    }
    assertTrue(compiled > 4_000, "enough valid patterns: " + compiled);
  }
}
