package dev.graphmock.faults;

import static dev.graphmock.faults.FaultRuleTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The rules together: how much they may hold. */
class FaultsTest {
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
