package dev.graphmock.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code $count} over all of a tenant's events, and over an enum property that cannot be null ({@code eq} or
 * {@code in}), is read on SQLite from counts kept beside the events by triggers. Whatever way events are written,
 * the counts must stay what the client itself created, changed and deleted: these tests keep that expectation on
 * the client's side and compare every count to it. (On PostgreSQL, which runs the first test too, counts are
 * counted.)
 */
class KeptCountsTest {
  private static final String EVENTS = TestServer.COLLECTION;
  private static final List<String> STATES = List.of("unknown", "enrolled", "pendingReset", "failed", "notContacted",
      "blocked");

  @TempDir
  Path folder;

  private static String event(String id, String state) {
    return "{\"id\":\"" + id + "\",\"deviceId\":\"d-" + id + "\",\"enrollmentState\":\"" + state + "\"}";
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static long count(TestServer server, String tenant, String filter) {
    TestServer.Reply reply = server.sendAs(tenant, "GET", EVENTS + "/$count"
        + (filter == null ? "" : "?$filter=" + encode(filter)), null);
    assertEquals(200, reply.status(), reply::toString);
    return Long.parseLong(reply.text());
  }

  /** Every count the kept table answers, and one it does not, against {@code events} (id to state). */
  private static void assertCounts(TestServer server, String tenant, Map<String, String> events, String when) {
    assertEquals(events.size(), count(server, tenant, null), tenant + ", all events, " + when);
    for (String state : STATES) {
      long expected = events.values().stream().filter(state::equals).count();
      assertEquals(expected, count(server, tenant, "enrollmentState eq '" + state + "'"),
          tenant + ", " + state + ", " + when);
      assertEquals(expected, count(server, tenant, "'" + state + "' eq enrollmentState"),
          tenant + ", " + state + " (literal first), " + when);
    }
    long enrolledOrFailed = events.values().stream().filter(s -> s.equals("enrolled") || s.equals("failed")).count();
    assertEquals(enrolledOrFailed, count(server, tenant, "enrollmentState in ('enrolled', 'failed', 'enrolled')"),
        tenant + ", in, " + when);
    TestServer.Reply page = server.sendAs(tenant, "GET", EVENTS + "?$top=1&$count=true&$filter="
        + encode("enrollmentState eq 'failed'"), null);
    assertEquals(events.values().stream().filter("failed"::equals).count(), page.json().get("@odata.count").asLong(),
        tenant + ", @odata.count, " + when);
    long counted = events.entrySet().stream().filter(e -> e.getValue().equals("failed") && e.getKey().startsWith("a"))
        .count();
    assertEquals(counted, count(server, tenant, "enrollmentState eq 'failed' and startswith(id, 'a')"),
        tenant + ", a filter the kept counts do not hold, " + when);
  }

  @Test
  void countsFollowCreatesChangesDeletesImportsAndResets() throws Exception {
    Map<String, String> a = new LinkedHashMap<>();
    Map<String, String> b = new LinkedHashMap<>();
    try (TestServer server = TestServer.start(folder)) {
      for (int i = 0; i < 30; i++) {
        String state = STATES.get(i % 4 == 0 ? 3 : i % STATES.size());
        assertEquals(201, server.sendAs("tenant-a", "POST", EVENTS, event("a" + i, state)).status());
        a.put("a" + i, state);
      }
      for (int i = 0; i < 10; i++) {
        assertEquals(201, server.sendAs("tenant-b", "POST", EVENTS, event("b" + i, "failed")).status());
        b.put("b" + i, "failed");
      }
      assertCounts(server, "tenant-a", a, "after creates");
      assertCounts(server, "tenant-b", b, "after creates");

      for (int i = 0; i < 10; i++) {
        String body = i < 5 ? "{\"enrollmentState\":\"blocked\"}" : i < 8 ? "{\"osVersion\":\"10.0." + i + "\"}"
            : "{\"enrollmentState\":\"" + a.get("a" + i) + "\"}";
        assertEquals(204, server.sendAs("tenant-a", "PATCH", EVENTS + "/a" + i, body).status());
        if (i < 5) {
          a.put("a" + i, "blocked");
        }
      }
      // PUT replaces the whole event: a state left out becomes the default member.
      assertEquals(204, server.sendAs("tenant-a", "PUT", EVENTS + "/a9", "{\"deviceId\":\"d-a9\"}").status());
      a.put("a9", "unknown");
      assertEquals(404, server.sendAs("tenant-b", "PATCH", EVENTS + "/a1", "{\"enrollmentState\":\"failed\"}").status());
      assertCounts(server, "tenant-a", a, "after changes");
      assertCounts(server, "tenant-b", b, "after changes in another tenant");

      for (int i = 10; i < 15; i++) {
        assertEquals(204, server.sendAs("tenant-a", "DELETE", EVENTS + "/a" + i, null).status());
        a.remove("a" + i);
      }
      assertCounts(server, "tenant-a", a, "after deletes");

      StringBuilder ndjson = new StringBuilder();
      for (String id : List.of("a20", "a21", "a22", "new1", "new2")) {
        ndjson.append(event(id, "pendingReset")).append('\n');
        a.put(id, "pendingReset");
      }
      TestServer.Reply imported = server.send("POST", server.origin() + "/__admin/import?tenant=tenant-a&mode=upsert",
          Map.of("Content-Type", "application/x-ndjson"), ndjson.toString().getBytes(StandardCharsets.UTF_8));
      assertEquals("{\"imported\":5}", imported.text());
      assertCounts(server, "tenant-a", a, "after an import replacing three events");
      TestServer.Reply refused = server.send("POST", server.origin() + "/__admin/import?tenant=tenant-b",
          Map.of("Content-Type", "application/x-ndjson"),
          (event("b-new", "enrolled") + "\n" + event("b1", "enrolled")).getBytes(StandardCharsets.UTF_8));
      assertEquals(409, refused.status(), refused::toString);
      assertCounts(server, "tenant-b", b, "after an import refused whole");

      assertEquals(204, server.send("POST", server.origin() + "/__admin/reset?tenant=tenant-b", Map.of(), null).status());
      b.clear();
      assertCounts(server, "tenant-b", b, "after its reset");
      assertCounts(server, "tenant-a", a, "after another tenant's reset");
      for (String id : List.of("b-again", "b-gone")) {
        assertEquals(201, server.sendAs("tenant-b", "POST", EVENTS, event(id, "enrolled")).status());
        b.put(id, "enrolled");
      }
      assertEquals(204, server.sendAs("tenant-b", "DELETE", EVENTS + "/b-gone", null).status());
      b.remove("b-gone");
      assertCounts(server, "tenant-b", b, "after a create and a delete following its reset");
      assertCounts(server, "tenant-a", a, "after another tenant's create and delete");

      if (!TestServer.IN_MEMORY) {
        server.restart();
        assertCounts(server, "tenant-a", a, "after a restart");
        assertCounts(server, "tenant-b", b, "after a restart");
      }

      assertEquals(204, server.send("POST", server.origin() + "/__admin/reset", Map.of(), null).status());
      a.clear();
      b.clear();
      assertCounts(server, "tenant-a", a, "after a reset of every tenant");
      assertCounts(server, "tenant-b", b, "after a reset of every tenant");
      assertEquals(201, server.sendAs("tenant-a", "POST", EVENTS, event("a-last", "failed")).status());
      a.put("a-last", "failed");
      assertCounts(server, "tenant-a", a, "after a create following that reset");
    }
  }

  @Test
  void aLoadIntoAnEmptyTableCountsItsEventsAndLaterWritesAreCountedAgain() throws Exception {
    assumeFalse(TestServer.POSTGRES, "PostgreSQL keeps no counts and keeps its indexes through a load");
    Map<String, String> a = new LinkedHashMap<>();
    try (TestServer server = TestServer.start(folder)) {
      Map<String, String> ndjsonType = Map.of("Content-Type", "application/x-ndjson");
      // Refused whole into the empty table: the indexes and triggers it dropped come back with the rollback.
      TestServer.Reply refused = server.send("POST", server.origin() + "/__admin/import?tenant=tenant-a", ndjsonType,
          (event("x1", "failed") + "\n" + event("x2", "failed") + "\n" + event("x1", "enrolled"))
              .getBytes(StandardCharsets.UTF_8));
      assertEquals(409, refused.status(), refused::toString);
      assertCounts(server, "tenant-a", a, "after a load into an empty table refused whole");
      assertEquals(201, server.sendAs("tenant-a", "POST", EVENTS, event("y1", "failed")).status());
      assertEquals(204, server.sendAs("tenant-a", "PATCH", EVENTS + "/y1", "{\"enrollmentState\":\"blocked\"}").status());
      assertCounts(server, "tenant-a", Map.of("y1", "blocked"), "after a create and a change following it");
      assertEquals(204, server.sendAs("tenant-a", "DELETE", EVENTS + "/y1", null).status());
      assertCounts(server, "tenant-a", a, "after a delete following it");

      // An upsert into the empty table naming one id twice: one event, in its last state.
      TestServer.Reply twice = server.send("POST", server.origin() + "/__admin/import?tenant=tenant-u&mode=upsert",
          ndjsonType, (event("u1", "enrolled") + "\n" + event("u1", "failed")).getBytes(StandardCharsets.UTF_8));
      assertEquals("{\"imported\":2}", twice.text());
      assertCounts(server, "tenant-u", Map.of("u1", "failed"), "after an upsert of one id twice");
      assertEquals(204, server.send("POST", server.origin() + "/__admin/reset", Map.of(), null).status());

      StringBuilder ndjson = new StringBuilder();
      for (int i = 0; i < 40; i++) {
        String state = STATES.get(i % 3);
        ndjson.append(event("a" + i, state)).append('\n');
        a.put("a" + i, state);
      }
      TestServer.Reply imported = server.send("POST", server.origin() + "/__admin/import?tenant=tenant-a",
          Map.of("Content-Type", "application/x-ndjson"), ndjson.toString().getBytes(StandardCharsets.UTF_8));
      assertEquals("{\"imported\":40}", imported.text());
      assertCounts(server, "tenant-a", a, "after a load into an empty table");
      assertEquals(201, server.sendAs("tenant-a", "POST", EVENTS, event("after", "failed")).status());
      a.put("after", "failed");
      assertEquals(204, server.sendAs("tenant-a", "DELETE", EVENTS + "/a0", null).status());
      a.remove("a0");
      assertCounts(server, "tenant-a", a, "after a create and a delete following the load");

      // Generated events, into another tenant: every kept count against the same filter counted.
      assertEquals("{\"generated\":300}", server.send("POST", server.origin() + "/__admin/generate?tenant=tenant-g",
          Map.of("Content-Type", "application/json"), "{\"count\":300}".getBytes(StandardCharsets.UTF_8)).text());
      assertEquals(300, count(server, "tenant-g", null));
      long sum = 0;
      for (String state : STATES) {
        long kept = count(server, "tenant-g", "enrollmentState eq '" + state + "'");
        assertEquals(count(server, "tenant-g", "enrollmentState eq '" + state + "' and startswith(id, '')"), kept,
            "generated, " + state);
        sum += kept;
      }
      assertEquals(300, sum);
      assertCounts(server, "tenant-a", a, "after another tenant's generate");
    }
  }

  @Test
  void countsAreReadFromTheKeptTableAndADatabaseWithoutThemIsCountedAtStartUp() throws Exception {
    assumeFalse(TestServer.POSTGRES || TestServer.IN_MEMORY, "a SQLite file, changed between two starts");
    Map<String, String> a = new LinkedHashMap<>();
    Map<String, String> b = new LinkedHashMap<>();
    try (TestServer server = TestServer.start(folder)) {
      for (int i = 0; i < 12; i++) {
        assertEquals(201, server.sendAs("tenant-a", "POST", EVENTS, event("a" + i, STATES.get(i % 2))).status());
        a.put("a" + i, STATES.get(i % 2));
      }
      for (int i = 0; i < 5; i++) {
        assertEquals(201, server.sendAs("tenant-b", "POST", EVENTS, event("b" + i, "failed")).status());
        b.put("b" + i, "failed");
      }
    }
    Path db = folder.resolve("graph.db");
    // Proof that $count reads the kept table: a number no row count could give.
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db);
         Statement sql = connection.createStatement()) {
      sql.execute("UPDATE \"deviceManagementAutopilotEvent counts\" SET \"rows\" = \"rows\" + 1000");
    }
    try (TestServer server = TestServer.start(TestServer.config(folder))) {
      assertEquals(1012, count(server, "tenant-a", null));
      assertEquals(1006, count(server, "tenant-a", "enrollmentState eq 'enrolled'"));
      assertEquals(1006, count(server, "tenant-a", "'enrolled' eq enrollmentState"));
      assertEquals(2012, count(server, "tenant-a", "enrollmentState in ('enrolled', 'unknown')"));
      assertEquals(1006, server.sendAs("tenant-a", "GET", EVENTS + "?$top=1&$count=true&$filter="
          + encode("enrollmentState eq 'enrolled'"), null).json().get("@odata.count").asLong());
      assertEquals(6, count(server, "tenant-a", "enrollmentState eq 'enrolled' and startswith(id, 'a')"),
          "counted, not kept");
    }
    // Counts whose update trigger was lost are counted again at start-up.
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db);
         Statement sql = connection.createStatement()) {
      sql.execute("DROP TRIGGER \"deviceManagementAutopilotEvent counts update\"");
    }
    try (TestServer server = TestServer.start(TestServer.config(folder))) {
      assertCounts(server, "tenant-a", a, "after a start with a trigger missing");
      assertCounts(server, "tenant-b", b, "after a start with a trigger missing");
    }
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db);
         Statement sql = connection.createStatement()) {
      sql.execute("UPDATE \"deviceManagementAutopilotEvent counts\" SET \"rows\" = \"rows\" + 1000");
    }
    // A database made before counts were kept: no table, no triggers.
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db);
         Statement sql = connection.createStatement()) {
      for (String trigger : List.of("insert", "delete", "update")) {
        sql.execute("DROP TRIGGER \"deviceManagementAutopilotEvent counts " + trigger + "\"");
      }
      sql.execute("DROP TABLE \"deviceManagementAutopilotEvent counts\"");
      // An index an earlier version declared, and one of the user's own.
      sql.execute("CREATE INDEX \"ix_deviceManagementAutopilotEvent_osVersion\" ON "
          + "\"deviceManagementAutopilotEvent\" (\"tenant\", \"osVersion\", \"id\")");
      sql.execute("CREATE INDEX mine ON \"deviceManagementAutopilotEvent\" (\"osVersion\")");
    }
    try (TestServer server = TestServer.start(TestServer.config(folder))) {
      assertCounts(server, "tenant-a", a, "after a start on a database without kept counts");
      assertCounts(server, "tenant-b", b, "after a start on a database without kept counts");
      assertEquals(204, server.sendAs("tenant-a", "PATCH", EVENTS + "/a1", "{\"enrollmentState\":\"failed\"}").status());
      a.put("a1", "failed");
      assertCounts(server, "tenant-a", a, "after a change following that start");
    }
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db);
         Statement sql = connection.createStatement();
         java.sql.ResultSet rows = sql.executeQuery("SELECT name FROM sqlite_master WHERE type = 'index' AND name IN"
             + " ('mine', 'ix_deviceManagementAutopilotEvent_osVersion')")) {
      assertTrue(rows.next());
      assertEquals("mine", rows.getString(1), "the index no longer declared is gone, the user's own is kept");
      assertFalse(rows.next());
    }
  }
}
