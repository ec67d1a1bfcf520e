package dev.graphmock.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The journal keeps its entries as bytes in one ring: what comes back must be what went in, field for field,
 * newest first, within the entry and byte limits, across the ring's growth and its wrapping around.
 */
class JournalRingTest {
  private static JournalEntry entry(String id, byte[] requestBody, JournalEntry.Fault fault) {
    return new JournalEntry(id, id.endsWith("0") ? null : "client-" + id, Instant.ofEpochSecond(1_700_000_000L, 123_456_789),
        "POST", "http://127.0.0.1:1/beta/deviceManagement/autopilotEvents?$filter=deviceId%20eq%20'ü'",
        Map.of("Authorization", "Bearer [redacted; tid=t]", "Content-Type", "application/json"),
        requestBody.length == 0 ? JournalEntry.Body.NONE : new JournalEntry.Body(requestBody, "application/json",
            requestBody.length + 7L),
        201, Map.of("Location", "…/autopilotEvents('" + id + "')"),
        new JournalEntry.Body(("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8), "application/json", 12),
        1.25, "tenant-ü", id.endsWith("1") ? "batch-" + id : null, fault);
  }

  private static void assertSame(JournalEntry expected, JournalEntry actual) {
    assertEquals(expected.requestId(), actual.requestId());
    assertEquals(expected.clientRequestId(), actual.clientRequestId());
    assertEquals(expected.time(), actual.time());
    assertEquals(expected.method(), actual.method());
    assertEquals(expected.url(), actual.url());
    assertEquals(expected.requestHeaders(), actual.requestHeaders());
    assertBody(expected.requestBody(), actual.requestBody());
    assertEquals(expected.status(), actual.status());
    assertEquals(expected.responseHeaders(), actual.responseHeaders());
    assertBody(expected.responseBody(), actual.responseBody());
    assertEquals(expected.durationMs(), actual.durationMs());
    assertEquals(expected.tenant(), actual.tenant());
    assertEquals(expected.batchRequestId(), actual.batchRequestId());
    assertEquals(expected.fault(), actual.fault());
  }

  private static void assertBody(JournalEntry.Body expected, JournalEntry.Body actual) {
    assertArrayEquals(expected.bytes(), actual.bytes());
    assertEquals(expected.contentType(), actual.contentType());
    assertEquals(expected.totalBytes(), actual.totalBytes());
  }

  @Test
  void everyFieldComesBackAsRecorded() {
    Journal journal = new Journal(10, List.of());
    JournalEntry faulted = entry("e1", "{\"a\":1}".getBytes(StandardCharsets.UTF_8),
        new JournalEntry.Fault("rule-1", 429, 250, false));
    JournalEntry plain = entry("e10", new byte[0], null);
    JournalEntry dropped = new JournalEntry("e2", null, Instant.EPOCH, "GET", "http://h/beta", Map.of(),
        JournalEntry.Body.NONE, 0, Map.of(), JournalEntry.Body.NONE, 0, null, null,
        new JournalEntry.Fault("rule-2", 0, 0, true));
    journal.record(dropped, List.of());
    assertSame(dropped, journal.get("e2").orElseThrow());
    journal.record(faulted, List.of());
    journal.record(plain, List.of());
    assertSame(faulted, journal.get("e1").orElseThrow());
    assertSame(plain, journal.get("e10").orElseThrow());
    assertEquals(List.of("e10", "e1", "e2"), journal.find(JournalFilter.ALL).stream().map(JournalEntry::requestId)
        .toList());
    assertEquals(List.of("e10", "e1"), journal.find(new JournalFilter(null, null, null, null, null, 2)).stream()
        .map(JournalEntry::requestId).toList(), "a filter's limit keeps the newest");
  }

  @Test
  void keepsTheNewestUpToItsSizeAndForgetsOnClear() {
    Journal journal = new Journal(5, List.of());
    for (int i = 0; i < 12; i++) {
      journal.record(entry("e" + i, new byte[0], null), List.of());
    }
    assertEquals(List.of("e11", "e10", "e9", "e8", "e7"),
        journal.find(JournalFilter.ALL).stream().map(JournalEntry::requestId).toList());
    assertTrue(journal.get("e6").isEmpty());
    journal.clear();
    assertEquals(List.of(), journal.find(JournalFilter.ALL));
    journal.record(entry("after", new byte[0], null), List.of());
    assertEquals(1, journal.find(JournalFilter.ALL).size());
  }

  @Test
  void keepsAtMostItsByteBudgetAndEntriesSurviveGrowthAndWrapping() {
    Journal journal = new Journal(100_000, List.of());
    Random random = new Random(11);
    int count = 1_300;
    byte[][] bodies = new byte[count][];
    for (int i = 0; i < count; i++) {
      // 40 to 64 KiB each: about 68 MiB in all, past the budget, so the ring grows to it and wraps. Every byte
      // is past ASCII, which no redaction rule reads: random ASCII spells a credential parameter now and then.
      bodies[i] = new byte[40 * 1024 + random.nextInt(24 * 1024)];
      random.nextBytes(bodies[i]);
      for (int k = 0; k < bodies[i].length; k++) {
        bodies[i][k] |= (byte) 0x80;
      }
      journal.record(entry("e" + i, bodies[i], null), List.of());
    }
    List<JournalEntry> kept = journal.find(JournalFilter.ALL);
    long bytes = kept.stream().mapToLong(entry -> entry.requestBody().bytes().length).sum();
    assertTrue(bytes <= Journal.BYTE_BUDGET, "more than the budget kept: " + bytes);
    assertTrue(kept.size() < count, "nothing forgotten");
    assertTrue(bytes > Journal.BYTE_BUDGET * 9 / 10, "far less than the budget kept: " + bytes);
    for (int i = 0; i < kept.size(); i++) {
      int recorded = count - 1 - i;
      assertEquals("e" + recorded, kept.get(i).requestId(), "newest first, none skipped");
      assertArrayEquals(bodies[recorded], kept.get(i).requestBody().bytes(), "e" + recorded);
    }
  }

  @Test
  void theRingKeepsItsBytesWhenItGrowsWhileWrappedAround() {
    ByteRing ring = new ByteRing(16, 64);
    long first = ring.append(fill(10, 1));
    ring.releaseUpTo(first + 10);
    assertTrue(ring.makeRoom(12));
    // Bytes 10 to 21 of a 16-byte array: across its end.
    long wrapped = ring.append(fill(12, 2));
    assertArrayEquals(fill(12, 2), ring.read(wrapped, 12), "read back across the end");
    assertTrue(ring.makeRoom(30), "grows to 64");
    long after = ring.append(fill(30, 3));
    assertArrayEquals(fill(12, 2), ring.read(wrapped, 12));
    assertArrayEquals(fill(30, 3), ring.read(after, 30));
    assertTrue(!ring.makeRoom(23), "42 held + 23 is past the 64-byte maximum");
  }

  private static byte[] fill(int length, int value) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) (value * 31 + i);
    }
    return bytes;
  }
}
