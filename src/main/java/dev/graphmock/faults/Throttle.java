package dev.graphmock.faults;

import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Request limits over sliding windows, as Graph throttles: each limit counts the requests it has let through in
 * the last window, per key (a tenant, an app in a tenant, an app); a request that would pass any limit is refused
 * with the time until enough counted requests leave that window, which is an honest Retry-After. Refused
 * requests are not counted.
 * <ul>
 *   <li>{@code graph}: Graph's published limits for the Intune devices service (learn.microsoft.com/graph/
 *       throttling-limits): 4,000 requests per 20 s per tenant and 2,000 per app per tenant, of which writes 400
 *       and 200; and the global 130,000 per 10 s per app across all tenants.</li>
 *   <li>{@code N/Ss}, such as {@code 5/2s}: N requests per S seconds per tenant.</li>
 * </ul>
 * What a client can observe of how it counts ({@link CountedWindow}, {@link WindowTable}): a request leaves its
 * window no sooner than a full window after it was let through and at most a twentieth of a window later, so a
 * Retry-After may be up to that much longer than an exact count's (1 s of Graph's 20 s), never shorter; and a
 * client using more than {@value WindowTable#MAX_WINDOWS} windows at once (one per limit and tenant, app in a tenant
 * or app: with {@code graph}, a tenant and its app take up to five) finds the least recently used ones forgotten,
 * their next request starting afresh. Memory stays within those bounds whatever tenants and apps tokens name.
 */
public final class Throttle {
  private static final Pattern CUSTOM = Pattern.compile("(\\d{1,9})/(\\d{1,6})s");

  /** One limit: at most {@code requests} per {@code windowNanos}, counted per key of {@code scope}. */
  record Limit(Scope scope, boolean writesOnly, int requests, long windowNanos) {
    boolean counts(boolean write) {
      return write || !writesOnly;
    }

    /** The width of the slices its windows are counted in: a window spans {@link CountedWindow#BUCKETS} at most. */
    long sliceNanos() {
      return (windowNanos + CountedWindow.BUCKETS - 1) / CountedWindow.BUCKETS;
    }
  }

  enum Scope { TENANT, APP_IN_TENANT, APP }

  private final String description;
  private final List<Limit> limits;
  private final WindowTable table = new WindowTable();

  private Throttle(String description, List<Limit> limits) {
    this.description = description;
    this.limits = limits;
  }

  /** {@code graph} or {@code N/Ss}; an {@link IllegalArgumentException} says what is wrong otherwise. */
  public static Throttle parse(String spec) {
    if (spec.equals("graph")) {
      long twenty = 20_000_000_000L;
      return new Throttle("graph", List.of(new Limit(Scope.TENANT, true, 400, twenty),
          new Limit(Scope.APP_IN_TENANT, true, 200, twenty), new Limit(Scope.TENANT, false, 4_000, twenty),
          new Limit(Scope.APP_IN_TENANT, false, 2_000, twenty),
          new Limit(Scope.APP, false, 130_000, 10_000_000_000L)));
    }
    Matcher custom = CUSTOM.matcher(spec);
    if (custom.matches() && Integer.parseInt(custom.group(1)) > 0 && Integer.parseInt(custom.group(2)) > 0) {
      return new Throttle(spec, List.of(new Limit(Scope.TENANT, false, Integer.parseInt(custom.group(1)),
          Long.parseLong(custom.group(2)) * 1_000_000_000L)));
    }
    throw new IllegalArgumentException("--throttle must be graph (Graph's limits for Intune) or N/Ss, such as"
        + " 5/2s (5 requests per 2 seconds per tenant), not '" + spec + "'");
  }

  public String description() {
    return description;
  }

  /**
   * Counts the request and lets it through (empty), or refuses it: then the milliseconds until every limit it
   * passed would let it through. Costs a few hash look-ups, one per limit; an idle window is dropped now and then.
   */
  public synchronized OptionalLong admit(String tenant, String app, boolean write, long nowNanos) {
    table.dropIdle(nowNanos, limit -> limits.get(limit).windowNanos());
    String tenantKey = WindowTable.bounded(tenant);
    String appKey = WindowTable.bounded(app);
    CountedWindow[] counted = new CountedWindow[limits.size()];
    long waitNanos = 0;
    for (int i = 0; i < limits.size(); i++) {
      Limit limit = limits.get(i);
      counted[i] = limit.counts(write) ? find(i, tenantKey, appKey) : null;
      if (counted[i] != null) {
        counted[i].expire(nowNanos, limit.windowNanos());
        waitNanos = Math.max(waitNanos, counted[i].waitNanos(nowNanos, limit.requests(), limit.windowNanos()));
      }
    }
    if (waitNanos > 0) {
      return OptionalLong.of((waitNanos + 999_999) / 1_000_000);
    }
    for (int i = 0; i < limits.size(); i++) {
      Limit limit = limits.get(i);
      if (limit.counts(write)) {
        // A refused request makes no window: only an admitted one has something to count.
        CountedWindow window = counted[i] != null ? counted[i] : create(i, tenantKey, appKey);
        window.add(nowNanos, limit.sliceNanos());
      }
    }
    return OptionalLong.empty();
  }

  /** How many windows are held: at most {@link WindowTable#MAX_WINDOWS}, and none once all have gone idle. */
  synchronized int windows() {
    return table.size();
  }

  /** How many buckets the windows held count in: at most {@link CountedWindow#BUCKETS} + 1 a window. */
  synchronized int buckets() {
    return table.buckets();
  }

  private CountedWindow find(int limit, String tenant, String app) {
    return switch (limits.get(limit).scope()) {
      case TENANT -> table.find(limit, tenant, null);
      case APP_IN_TENANT -> table.find(limit, tenant, app);
      case APP -> table.find(limit, null, app);
    };
  }

  private CountedWindow create(int limit, String tenant, String app) {
    return switch (limits.get(limit).scope()) {
      case TENANT -> table.create(limit, tenant, null);
      case APP_IN_TENANT -> table.create(limit, tenant, app);
      case APP -> table.create(limit, null, app);
    };
  }
}
