package dev.graphmock.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The throttle's decisions on a clock the test sets, and what it holds: a bounded number of windows and buckets,
 * nothing once its windows have passed, whatever tenants callers name.
 */
class ThrottleTest {
  /** System.nanoTime may be negative; the throttle must not care. */
  private static final long ORIGIN = -5_000_000_000L;
  private static final String APP = "app";

  private static long at(long millis) {
    return ORIGIN + millis * 1_000_000;
  }

  private static String decision(OptionalLong waitMillis) {
    return waitMillis.isPresent() ? String.valueOf(waitMillis.getAsLong()) : "ok";
  }

  /**
   * Each request is {@code MILLIS[@TENANT]} (the tenant {@code t} when none is named); each decision {@code ok} or
   * the milliseconds the refusal says to wait. With {@code 5/2s} a slice is 100 ms; with {@code 2/60s}, 3 s.
   */
  @ParameterizedTest(name = "{3}")
  @CsvSource(delimiter = '|', value = {
      "5/2s  | 0 10 20 30 40 50                 | ok ok ok ok ok 1990       | waits for the bucket of the oldest,"
          + " whose newest came at 40 ms",
      "5/2s  | 0 99 99 99 99 100                | ok ok ok ok ok 1999       | holds a request at most a slice"
          + " (100 ms) past its window",
      "5/2s  | 0 0 0 0 0 1000 1500 2000         | ok ok ok ok ok 1000 500 ok | does not count refused requests",
      "5/2s  | 0 100 200 300 400 500 2100 2150 2160 | ok ok ok ok ok 1500 ok ok 40 | slides slice by slice",
      "2/60s | 0@a 1@a 2@b 3@a 4@b 5@b          | ok ok ok 59998 ok 59999   | counts each tenant on its own",
      "2/2s  | 150 90 160                       | ok ok 1990                | lets a request that read the clock"
          + " before the last one join its bucket"})
  void decidesAsItsWindowsCount(String spec, String requests, String decisions, String rule) {
    Throttle throttle = Throttle.parse(spec);
    List<String> actual = new ArrayList<>();
    for (String request : requests.trim().split("\\s+")) {
      String[] timeAndTenant = request.split("@");
      String tenant = timeAndTenant.length > 1 ? timeAndTenant[1] : "t";
      actual.add(decision(throttle.admit(tenant, APP, false, at(Long.parseLong(timeAndTenant[0])))));
    }
    assertEquals(decisions.trim(), String.join(" ", actual), rule);
  }

  @Test
  void graphLetsAnAppWrite200TimesPerTenantAndTheTenant400() {
    Throttle throttle = Throttle.parse("graph");
    for (int i = 0; i < 200; i++) {
      assertEquals("ok", decision(throttle.admit("t", "first", true, at(i))), "write " + i);
    }
    assertEquals("19999", decision(throttle.admit("t", "first", true, at(200))),
        "the app's 201st write waits for its writes' bucket, whose newest came at 199 ms");
    assertEquals("ok", decision(throttle.admit("t", "first", false, at(201))), "reads have their own limit");
    for (int i = 0; i < 200; i++) {
      assertEquals("ok", decision(throttle.admit("t", "second", true, at(300 + i))), "second app, write " + i);
    }
    assertEquals("19999", decision(throttle.admit("t", "third", true, at(500))), "the tenant's 401st write");
    assertEquals("ok", decision(throttle.admit("other", "third", true, at(501))), "another tenant");
  }

  @Test
  void graphCountsAnAppsRequestsAcrossTenantsInBoundedBuckets() {
    Throttle throttle = Throttle.parse("graph");
    int limit = 130_000;
    for (int i = 0; i < limit; i++) {
      // Spread over 9 s and 100 tenants, so that only the app's own limit (130,000 per 10 s) is reached.
      long nanos = ORIGIN + i * (9_000_000_000L / limit);
      assertEquals("ok", decision(throttle.admit("tenant-" + i % 100, APP, false, nanos)), "request " + i);
    }
    assertEquals(201, throttle.windows(), "100 tenants, 100 apps in them, one app");
    assertTrue(throttle.buckets() <= 201 * (CountedWindow.BUCKETS + 1), "at most 21 buckets a window, not one"
        + " entry a request: " + throttle.buckets());
    OptionalLong refused = throttle.admit("tenant-new", APP, false, at(9_000));
    assertTrue(refused.isPresent(), "the app's 130,001st request in 10 s");
    assertTrue(refused.getAsLong() >= 1_000 && refused.getAsLong() <= 1_500, "the first request leaves at 10 s, its"
        + " slice at 10.5 s at the latest: not " + refused.getAsLong() + " ms after 9 s");
  }

  @ParameterizedTest
  @CsvSource({"5/2s, 5", "graph, 2000"})
  void aMillionUniqueTenantsNeverHoldMoreWindowsThanTheCap(String spec, int perTenant) {
    Throttle throttle = Throttle.parse(spec);
    for (int i = 0; i < 1_000_000; i++) {
      // All within one second, none idle yet: only the cap keeps the count down. Unique apps too, so that Graph's
      // 130,000 per app does not refuse any.
      throttle.admit("tenant-" + i, "app-" + i, false, ORIGIN + i * 1_000L);
      if (throttle.windows() > WindowTable.MAX_WINDOWS) {
        throw new AssertionError(throttle.windows() + " windows held after " + (i + 1) + " tenants");
      }
    }
    assertEquals(WindowTable.MAX_WINDOWS, throttle.windows());
    assertEquals(perTenant - 1, admittedUntilRefused(throttle, "tenant-999999", "app-999999"),
        "the tenant used last is still counted");
    assertEquals(perTenant, admittedUntilRefused(throttle, "tenant-0", "app-0"),
        "the least recently used was forgotten: it starts afresh");
  }

  private static int admittedUntilRefused(Throttle throttle, String tenant, String app) {
    int admitted = 0;
    while (throttle.admit(tenant, app, false, at(1_000)).isEmpty()) {
      admitted++;
    }
    return admitted;
  }

  @ParameterizedTest
  @CsvSource({"5/2s, 2000, 1", "graph, 20000, 3"})
  void idleWindowsAreGoneOnceTheirWindowHasPassed(String spec, long windowMillis, int windowsOfOneRead) {
    Throttle throttle = Throttle.parse(spec);
    int tenants = 5_000;
    for (int i = 0; i < tenants; i++) {
      throttle.admit("tenant-" + i, APP, false, ORIGIN + i * 200_000L);
    }
    assertTrue(throttle.windows() >= tenants, "one or more windows a tenant: " + throttle.windows());

    throttle.admit("busy", APP, false, at(windowMillis - 1));
    assertTrue(throttle.windows() > tenants, "windows still counting are kept: " + throttle.windows());

    throttle.admit("late", APP, false, at(windowMillis + 1_000));
    int busy = spec.equals("graph") ? 2 : 1;
    assertEquals(windowsOfOneRead + busy, throttle.windows(), "only the windows of busy and late are left");

    throttle.admit("later", APP, false, at(3 * windowMillis));
    assertEquals(windowsOfOneRead, throttle.windows(), "and then only the last request's");
    assertEquals(windowsOfOneRead, throttle.buckets(), "each with one bucket");
  }

  @Test
  void longTenantsAreKeptAsDigestsThatStillTellThemApart() {
    String first = "a".repeat(15_000);
    String second = "a".repeat(14_999) + "b";
    assertEquals(50, WindowTable.bounded(first).length());
    assertNotEquals(WindowTable.bounded(first), WindowTable.bounded(second));
    assertEquals("x".repeat(WindowTable.MAX_ID_LENGTH), WindowTable.bounded("x".repeat(WindowTable.MAX_ID_LENGTH)));

    Throttle throttle = Throttle.parse("1/60s");
    assertEquals("ok", decision(throttle.admit(first, APP, false, at(0))));
    assertEquals("60000", decision(throttle.admit(first, APP, false, at(0))));
    assertEquals("ok", decision(throttle.admit(second, APP, false, at(0))), "another tenant, another window");
  }
}
