package dev.graphmock.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One rule: what it refuses to be made of, what it matches, and that matching cannot hang. */
class FaultRuleTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RE2 = "path must be a regular expression in RE2's syntax, which has no backreferences,"
      + " lookahead or lookbehind, atomic groups or possessive quantifiers: ";

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new AssertionError(text, e);
    }
  }

  private static FaultRule rule(String spec) {
    return FaultRule.parse("rule-1", json(spec));
  }

  private static String refusal(String spec) {
    return assertThrows(IllegalArgumentException.class, () -> rule(spec), spec).getMessage();
  }

  /** {@code RE2:} stands for the sentence every refused expression begins with. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "(a)\\\\1        | RE2:backreference `\\1` is not supported.",
      "(?=x)y          | RE2:lookahead `(?=` is not supported.",
      "y(?<!x)         | RE2:lookbehind `(?<!` is not supported.",
      "(?>a)           | RE2:atomic group `(?>` is not supported.",
      "a++             | RE2:possessive quantifier `++` is not supported.",
      "x\\\\Z          | RE2:invalid escape sequence `\\Z`.",
      "(               | RE2:missing closing ) `(`.",
      "a{1001}         | RE2:invalid repeat count `{1001}`.",
      "((a{1000}){1000}){1000} | path is too large once repetitions are expanded (RE2 spells x{3} as xxx): about"
          + " 2,003,003,008 instructions, where all rules' paths together may take 10,000."})
  void aPathRe2CannotRunLinearlyIsRefusedNamingWhy(String path, String message) {
    assertEquals(message.replace("RE2:", RE2), refusal("{\"status\":500,\"path\":\"" + path + "\"}"));
  }

  @Test
  void whatARuleKeepsFromItsJsonIsBounded() {
    assertEquals(PathPattern.MAX_LENGTH, rule("{\"status\":500,\"path\":\"" + "x".repeat(1_000) + "\"}")
        .pathLength());
    assertEquals("path is at most 1,000 characters, not 1,001.",
        refusal("{\"status\":500,\"path\":\"" + "x".repeat(1_001) + "\"}"));
    assertEquals("tenant is at most 1,000 characters, not 15,000.",
        refusal("{\"status\":500,\"tenant\":\"" + "t".repeat(15_000) + "\"}"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"tenant\":\"tenant-x\",\"status\":503}       | GET    | /deviceManagement      | tenant-x | 503",
      "{\"tenant\":\"tenant-x\",\"status\":503}       | GET    | /deviceManagement      | TENANT-X | none",
      "{\"tenant\":\"tenant-x\",\"status\":503}       | GET    | /deviceManagement      | tenant-x2 | none",
      "{\"path\":\"autopilotEvents$\",\"status\":500} | GET    | /deviceManagement/autopilotEvents | t | 500",
      "{\"path\":\"autopilotEvents$\",\"status\":500} | GET    | /deviceManagement/autopilotEvents/1 | t | none",
      "{\"path\":\"(?i)AUTOPILOT\",\"status\":500}     | GET    | /deviceManagement/autopilotEvents | t | 500",
      "{\"method\":\"post\",\"status\":503}           | GET    | /deviceManagement      | t        | none",
      "{\"status\":507}                                | GET    | /deviceManagement      | t        | none",
      "{\"status\":507}                                | DELETE | /deviceManagement/autopilotEvents/1 | t | 507"})
  void matchesOnMethodPathAndTheExactTenant(String spec, String method, String path, String tenant, String fires) {
    Optional<Fault> fault = rule(spec).consider(method, path, tenant);
    assertEquals(fires, fault.map(fired -> String.valueOf(fired.status())).orElse("none"));
  }

  @Test
  void aCatastrophicPatternAgainstALongPathAnswersPromptly() {
    FaultRule rule = rule("{\"method\":\"GET\",\"path\":\"(.*a){20}$\",\"status\":500}");
    String path = "/deviceManagement/autopilotEvents/" + "a".repeat(40) + "b";
    // java.util.regex backtracked through (.*a){20} for good here; RE2J answers in microseconds. 10 s is generous.
    Optional<Fault> fault = assertTimeoutPreemptively(Duration.ofSeconds(10),
        () -> rule.consider("GET", path, "t"));
    assertEquals(Optional.empty(), fault);
    assertEquals(Optional.of(new Fault("rule-1", 500, null, 0, false)), rule.consider("GET", path + "a", "t"));
  }
}
