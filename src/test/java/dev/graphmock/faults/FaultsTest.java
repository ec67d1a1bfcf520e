package dev.graphmock.faults;

import static dev.graphmock.faults.FaultRuleTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rules and the throttle together: who decides a request, and how much the rules may hold. */
class FaultsTest {
  private static Optional<Fault> get(Faults faults) {
    return faults.decide("GET", "/deviceManagement/autopilotEvents", "t", () -> "app");
  }

  @Test
  void aRuleThatOnlyDelaysLeavesTheRequestToTheThrottleWhichKeepsTheDelay() {
    Faults faults = new Faults(Throttle.parse("2/60s"));
    String id = faults.add(json("{\"latencyMs\":50}")).id();
    assertEquals(Optional.of(new Fault(id, 0, null, 50, false)), get(faults));
    assertEquals(Optional.of(new Fault(id, 0, null, 50, false)), get(faults));
    Fault third = get(faults).orElseThrow();
    assertEquals(List.of(Fault.THROTTLE, 429, 50L, false),
        List.of(third.source(), third.status(), third.latencyMs(), third.drop()), third::toString);
    // 60 s less the moments the three calls took; a bound this wide cannot fail on a slow machine.
    assertTrue(third.retryAfterSeconds() >= 55 && third.retryAfterSeconds() <= 60, third::toString);
  }

  @Test
  void aRuleThatAnswersOrDropsDecidesInsteadOfTheThrottleWhichDoesNotCountIt() {
    Faults faults = new Faults(Throttle.parse("1/60s"));
    String answers = faults.add(json("{\"status\":503,\"times\":2}")).id();
    String drops = faults.add(json("{\"drop\":true,\"times\":1}")).id();
    List<String> decided = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      decided.add(get(faults).map(fault -> fault.source() + " " + fault.status() + (fault.drop() ? " drop" : ""))
          .orElse("served"));
    }
    assertEquals(List.of(answers + " 503", answers + " 503", drops + " 0 drop", "served", "throttle 429"), decided);
  }

  @Test
  void atMostAHundredRules() {
    Faults faults = new Faults(null);
    for (int i = 0; i < Faults.MAX_RULES; i++) {
      faults.add(json("{\"status\":503,\"path\":\"x" + i + "\"}"));
    }
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> faults.add(json("{\"status\":503}")));
    assertEquals("There are 100 rules already, the most there may be: delete one first"
        + " (DELETE /__admin/faults/{id}).", refused.getMessage());
    faults.remove(faults.rules().get(0).id());
    faults.add(json("{\"status\":503}"));
  }

  @Test
  void allPathsTogetherHoldAtMostTenThousandCharacters() {
    Faults faults = new Faults(null);
    String thousand = "[ab]".repeat(250);
    for (int i = 0; i < 10; i++) {
      faults.add(json("{\"status\":503,\"path\":\"" + thousand + "\"}"));
    }
    assertEquals("All rules' paths together may hold 10,000 characters; this path has 4 and the rules already"
        + " added 10,000.", assertThrows(IllegalArgumentException.class,
            () -> faults.add(json("{\"status\":503,\"path\":\"[ab]\"}"))).getMessage());
    faults.add(json("{\"status\":503}"));
  }

  @Test
  void allPathsTogetherTakeAtMostTenThousandInstructions() {
    Faults faults = new Faults(null);
    assertEquals("All rules' paths together may take 10,000 instructions once repetitions are expanded (RE2 spells"
        + " x{3} as xxx); this path takes 12,002 and the rules already added 0.",
        assertThrows(IllegalArgumentException.class,
            () -> faults.add(json("{\"status\":503,\"path\":\"(abcdefghij){1000}\"}"))).getMessage());
    faults.add(json("{\"status\":503,\"path\":\"(?:a{1000}){9}\"}"));
    assertEquals("All rules' paths together may take 10,000 instructions once repetitions are expanded (RE2 spells"
        + " x{3} as xxx); this path takes 1,001 and the rules already added 9,002.",
        assertThrows(IllegalArgumentException.class,
            () -> faults.add(json("{\"status\":503,\"path\":\"x{999}\"}"))).getMessage());
    faults.add(json("{\"status\":503,\"path\":\"x{990}\"}"));
  }
}
