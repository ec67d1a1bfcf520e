package dev.graphmock.json;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ids for entities the server names: GUIDs laid out as RFC 9562's version 7 (48 bits of Unix milliseconds, then a
 * counter, then random bits), so that each is greater than the one before and a new row's key lands at the end
 * of the primary key's B-tree instead of splitting a random page of it (random version-4 GUIDs made each create
 * rewrite pages all over the index). Still a GUID in Graph's form; Graph's ids are opaque, and clients must not read
 * anything into them. Unique within the process by the counter, across processes by the 62 random bits.
 */
public final class TimeOrderedIds {
  /** The last (milliseconds << 12 | counter) handed out; the next is always greater. */
  private static final AtomicLong LAST = new AtomicLong();

  private TimeOrderedIds() {
  }

  public static String next() {
    long now = System.currentTimeMillis() << 12;
    long stamp = LAST.accumulateAndGet(now, (last, candidate) -> Math.max(last + 1, candidate));
    long millis = stamp >>> 12;
    long counter = stamp & 0xFFF;
    long high = (millis << 16) | 0x7000L | counter;
    long low = (ThreadLocalRandom.current().nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(high, low).toString();
  }
}
