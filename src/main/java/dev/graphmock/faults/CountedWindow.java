package dev.graphmock.faults;

/**
 * The requests one key (a tenant, an app in a tenant, an app) has had admitted under one limit within its sliding
 * window, counted in at most {@link #BUCKETS} + 1 buckets instead of one timestamp a request: Graph's per-app limit
 * is 130,000 requests per 10 s, which as timestamps was 130,000 boxed longs for one key (issue 30).
 *
 * <p>A bucket gathers the requests admitted in one slice of the window (a {@link #BUCKETS}th of it, on a grid of
 * such slices) and keeps the newest one's time; the whole bucket leaves the window when that newest request does.
 * So no request leaves before a full window has passed since it was admitted, and none is held more than a slice
 * longer than a timestamp of its own would hold it: the limit holds in every window, and a Retry-After is at most
 * a slice longer than the exact one, never shorter. Not thread-safe: {@link Throttle} guards it.
 */
final class CountedWindow {
  /** Slices a window is counted in: a slice is 1 s of Graph's 20 s windows and 100 ms of {@code 5/2s}. */
  static final int BUCKETS = 20;
  /** Live slices span at most a window and the slice being filled, so this many buckets always suffice. */
  private static final int MAX_BUCKETS = BUCKETS + 1;

  /** Most keys see a few requests and then nothing, so a window starts small and grows to what it needs. */
  private long[] newest = new long[2];
  private int[] counts = new int[2];
  private int oldest;
  private int buckets;
  private int total;

  /** Drops the buckets whose newest request was admitted a full window before {@code now}. */
  void expire(long now, long windowNanos) {
    while (buckets > 0 && newest[oldest] <= now - windowNanos) {
      total -= counts[oldest];
      oldest = (oldest + 1) % newest.length;
      buckets--;
    }
  }

  /**
   * How long until fewer than {@code limit} requests are counted, so that one more may be admitted: 0 when that is
   * so already. Call {@link #expire} with the same {@code now} first.
   */
  long waitNanos(long now, int limit, long windowNanos) {
    int mustLeave = total - limit + 1;
    for (int i = 0; i < buckets && mustLeave > 0; i++) {
      int bucket = (oldest + i) % newest.length;
      mustLeave -= counts[bucket];
      if (mustLeave <= 0) {
        return newest[bucket] + windowNanos - now;
      }
    }
    return 0;
  }

  /** Counts one request admitted at {@code now}, in the bucket of its slice of width {@code sliceNanos}. */
  void add(long now, long sliceNanos) {
    total++;
    if (buckets > 0) {
      int last = (oldest + buckets - 1) % newest.length;
      // Throttle reads the clock before taking its lock, so a request may arrive a little older than the last one:
      // it joins the last bucket, as it does when the bucket is full, which only holds it longer, never shorter.
      if (Math.floorDiv(now, sliceNanos) <= Math.floorDiv(newest[last], sliceNanos) || buckets == MAX_BUCKETS) {
        counts[last]++;
        newest[last] = Math.max(newest[last], now);
        return;
      }
    }
    if (buckets == newest.length) {
      grow();
    }
    int next = (oldest + buckets) % newest.length;
    newest[next] = now;
    counts[next] = 1;
    buckets++;
  }

  /** Whether nothing admitted within a window before {@code now} is counted: then the window holds nothing. */
  boolean isIdle(long now, long windowNanos) {
    return buckets == 0 || newest[(oldest + buckets - 1) % newest.length] <= now - windowNanos;
  }

  int buckets() {
    return buckets;
  }

  private void grow() {
    int capacity = Math.min(MAX_BUCKETS, newest.length * 2);
    long[] grownNewest = new long[capacity];
    int[] grownCounts = new int[capacity];
    for (int i = 0; i < buckets; i++) {
      grownNewest[i] = newest[(oldest + i) % newest.length];
      grownCounts[i] = counts[(oldest + i) % newest.length];
    }
    newest = grownNewest;
    counts = grownCounts;
    oldest = 0;
  }
}
