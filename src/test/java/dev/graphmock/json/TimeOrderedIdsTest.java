package dev.graphmock.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {
  @Test
  void eachIdIsAVersion7GuidGreaterThanTheOneBeforeEvenWithinOneMillisecond() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      ids.add(TimeOrderedIds.next());
    }
    for (int i = 1; i < ids.size(); i++) {
      assertTrue(ids.get(i).compareTo(ids.get(i - 1)) > 0, ids.get(i - 1) + " then " + ids.get(i));
    }
    assertEquals(ids.size(), new HashSet<>(ids).size());
    UUID id = UUID.fromString(ids.get(0));
    assertEquals(7, id.version());
    assertEquals(2, id.variant(), "RFC 9562's variant");
    assertTrue(ids.get(0).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"), ids.get(0));
    long millis = id.getMostSignificantBits() >>> 16;
    assertTrue(Math.abs(System.currentTimeMillis() - millis) < 60_000, "the time it was made");
  }
}
