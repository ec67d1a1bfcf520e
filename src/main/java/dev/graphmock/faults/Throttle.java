package dev.graphmock.faults;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Request limits over sliding windows, as Graph throttles: each limit counts the requests it has let through in
 * the last window, per key (a tenant, an app in a tenant, an app); a request that would pass any limit is refused
 * with the time until the oldest counted request leaves that window, which is an honest Retry-After. Refused
 * requests are not counted.
 * <ul>
 *   <li>{@code graph}: Graph's published limits for the Intune devices service (learn.microsoft.com/graph/
 *       throttling-limits): 4,000 requests per 20 s per tenant and 2,000 per app per tenant, of which writes 400
 *       and 200; and the global 130,000 per 10 s per app across all tenants.</li>
 *   <li>{@code N/Ss}, such as {@code 5/2s}: N requests per S seconds per tenant.</li>
 * </ul>
 */
public final class Throttle {
  private static final Pattern CUSTOM = Pattern.compile("(\\d{1,9})/(\\d{1,6})s");

  /** One limit: at most {@code requests} per {@code windowNanos}, counted per key of {@code scope}. */
  record Limit(Scope scope, boolean writesOnly, int requests, long windowNanos) {
  }

  enum Scope { TENANT, APP_IN_TENANT, APP }

  private final String description;
  private final List<Limit> limits;
  private final Map<String, ArrayDeque<Long>> windows = new HashMap<>();

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
   * passed would let it through.
   */
  public synchronized OptionalLong admit(String tenant, String app, boolean write, long nowNanos) {
    long waitNanos = 0;
    for (Limit limit : limits) {
      if (limit.writesOnly() && !write) {
        continue;
      }
      ArrayDeque<Long> window = window(limit, tenant, app);
      while (!window.isEmpty() && window.peekFirst() <= nowNanos - limit.windowNanos()) {
        window.removeFirst();
      }
      if (window.size() >= limit.requests()) {
        waitNanos = Math.max(waitNanos, window.peekFirst() + limit.windowNanos() - nowNanos);
      }
    }
    if (waitNanos > 0) {
      return OptionalLong.of((waitNanos + 999_999) / 1_000_000);
    }
    for (Limit limit : limits) {
      if (!limit.writesOnly() || write) {
        window(limit, tenant, app).addLast(nowNanos);
      }
    }
    return OptionalLong.empty();
  }

  private ArrayDeque<Long> window(Limit limit, String tenant, String app) {
    String key = limits.indexOf(limit) + switch (limit.scope()) {
      case TENANT -> "|" + tenant;
      case APP_IN_TENANT -> "|" + tenant + "|" + app;
      case APP -> "||" + app;
    };
    return windows.computeIfAbsent(key, unused -> new ArrayDeque<>());
  }
}
