package dev.graphmock.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphmock.app.ServerConfig;
import dev.graphmock.store.DatabaseLocation;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each event keeps the JSON of its values beside its columns, and a page is written from it. Whatever way an event
 * was written or changed, a page must be what it would be from the columns: these tests compare the pages byte for
 * byte with the same pages after the database forgot every rendering (on SQLite files and on PostgreSQL, where the
 * tests reach into the database; in memory only the first runs).
 */
class KeptRenderingTest {
  private static final String EVENTS = TestServer.COLLECTION;
  private static final String TABLE = "\"deviceManagementAutopilotEvent\"";
  private static final List<String> PAGES = List.of(EVENTS + "?$orderby=id", EVENTS + "?$orderby=id&$top=2",
      EVENTS + "?$filter=enrollmentState eq 'failed'&$orderby=eventDateTime desc&$count=true",
      EVENTS + "?$orderby=id&$format=application/json;odata.metadata=none");

  @TempDir
  Path folder;

  /** Events with every kind of value the schemas have, written in ways that leave out or escape something. */
  private static void createEvents(TestServer server) {
    List<String> events = List.of(
        "{\"id\":\"r1\",\"deviceId\":\"d1\",\"eventDateTime\":\"2024-03-01T10:00:00.1234567+05:30\","
            + "\"enrollmentState\":\"failed\",\"deploymentDuration\":\"PT1H2M3.5S\",\"osVersion\":\"10.0\"}",
        "{\"id\":\"r2 \\\"quoted\\\" ünï©ødé 😀\",\"deviceSerialNumber\":\"tab\\t line\\n \\u0001 \\u2028 \\\\ </script>\","
            + "\"eventDateTime\":\"2024-03-01T10:00:00Z\",\"enrollmentState\":\"enrolled\","
            + "\"deploymentDuration\":\"P2DT0.0000001S\"}",
        "{\"id\":\"r3\",\"managedDeviceName\":null,\"eventDateTime\":\"2024-03-02T00:00:00-08:00\","
            + "\"enrollmentState\":\"failed\",\"enrollmentFailureDetails\":\"" + "x".repeat(5000) + "\"}",
        "{\"id\":\"r4\"}");
    for (String event : events) {
      TestServer.Reply reply = server.post(EVENTS, event);
      assertEquals(201, reply.status(), reply::toString);
    }
  }

  private static String url(String page) {
    int query = page.indexOf('?');
    if (query < 0) {
      return page;
    }
    StringBuilder encoded = new StringBuilder(page.substring(0, query + 1));
    for (String parameter : page.substring(query + 1).split("&")) {
      int equals = parameter.indexOf('=');
      encoded.append(encoded.charAt(encoded.length() - 1) == '?' ? "" : "&").append(parameter, 0, equals + 1)
          .append(URLEncoder.encode(parameter.substring(equals + 1), StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return encoded.toString();
  }

  private static String body(TestServer server, String page) {
    TestServer.Reply reply = server.get(url(page));
    assertEquals(200, reply.status(), reply::toString);
    return reply.text();
  }

  /**
   * Every page of {@link #PAGES}, with the server's origin as {@code ORIGIN} and without the next link's signed
   * token: both change when the server starts again.
   */
  private static Map<String, String> pages(TestServer server) {
    Map<String, String> pages = new java.util.LinkedHashMap<>();
    for (String page : PAGES) {
      pages.put(page, body(server, page).replace(server.origin().toString(), "ORIGIN")
          .replaceAll("skiptoken=[^\"]*", "skiptoken=…"));
    }
    return pages;
  }

  /** Runs {@code statements} on the server's database, as another program (or an older graphmock) would. */
  private static void sql(ServerConfig config, String... statements) throws SQLException {
    try (Connection connection = connect(config.database()); Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  private static long rendered(ServerConfig config) throws SQLException {
    try (Connection connection = connect(config.database()); Statement statement = connection.createStatement();
         ResultSet row = statement.executeQuery("SELECT count(*) FROM " + TABLE + " WHERE " + TABLE + ".\"@rendering\" IS NOT NULL")) {
      row.next();
      return row.getLong(1);
    }
  }

  private static Connection connect(DatabaseLocation location) throws SQLException {
    if (location instanceof DatabaseLocation.Postgres postgres) {
      return DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
    }
    return DriverManager.getConnection("jdbc:sqlite:" + ((DatabaseLocation.SqliteFile) location).file());
  }

  private ServerConfig config() {
    return TestServer.config(folder);
  }

  @Test
  void aPageFromRenderingsIsThePageFromColumns() throws Exception {
    ServerConfig config = config();
    try (TestServer server = TestServer.start(config)) {
      createEvents(server);
      Map<String, String> fromRenderings = pages(server);
      // Every event by id (read from its columns) is the one in the page.
      for (JsonNode event : TestServer.JSON.readTree(fromRenderings.get(PAGES.get(0))).get("value")) {
        JsonNode byId = server.get(EVENTS + "/" + URLEncoder.encode(event.get("id").asText(), StandardCharsets.UTF_8)
            .replace("+", "%20")).json();
        ((com.fasterxml.jackson.databind.node.ObjectNode) byId).remove("@odata.context");
        assertEquals(byId, event);
      }
      assumeFalse(TestServer.IN_MEMORY, "the rest reaches into the database");
      assertEquals(4, rendered(config), "every event keeps its rendering");
      sql(config, "UPDATE " + TABLE + " SET \"@rendering\" = NULL");
      assertEquals(0, rendered(config));
      assertEquals(fromRenderings, pages(server));
    }
  }

  @Test
  void anUpdateForgetsTheRendering() throws Exception {
    assumeFalse(TestServer.IN_MEMORY, "reaches into the database");
    ServerConfig config = config();
    try (TestServer server = TestServer.start(config)) {
      createEvents(server);
      TestServer.Reply patched = server.patch(EVENTS + "/r1", "{\"osVersion\":\"11.0\",\"enrollmentState\":\"enrolled\","
          + "\"eventDateTime\":\"2025-01-01T00:00:00Z\"}");
      assertEquals(204, patched.status(), patched::toString);
      TestServer.Reply replaced = server.send("PUT", EVENTS + "/r3", TestServer.withJson(TestServer.AUTH),
          "{\"id\":\"r3\",\"deviceId\":\"put\"}".getBytes(StandardCharsets.UTF_8));
      assertEquals(204, replaced.status(), replaced::toString);
      // Another writer that knows nothing of renderings (an older graphmock on the same database).
      sql(config, "UPDATE " + TABLE + " SET \"deviceSerialNumber\" = 'changed elsewhere' WHERE \"id\" = 'r4'");
      Map<String, String> after = pages(server);
      assertEquals("11.0", TestServer.JSON.readTree(after.get(PAGES.get(0))).get("value").get(0).get("osVersion")
          .asText());
      assertEquals("changed elsewhere", TestServer.JSON.readTree(after.get(PAGES.get(0))).get("value").get(3)
          .get("deviceSerialNumber").asText());
      sql(config, "UPDATE " + TABLE + " SET \"@rendering\" = NULL");
      assertEquals(after, pages(server));
    }
  }

  @Test
  void aDatabaseMadeBeforeRenderingsGetsTheColumnAndServesItsEventsFromTheirColumns() throws Exception {
    assumeFalse(TestServer.IN_MEMORY, "reaches into the database");
    ServerConfig config = config();
    Map<String, String> before;
    try (TestServer server = TestServer.start(config)) {
      createEvents(server);
      before = pages(server);
    }
    // As the previous version left it: no column, no trigger.
    sql(config, TestServer.POSTGRES
        ? "DROP TRIGGER \"deviceManagementAutopilotEvent rendering\" ON " + TABLE
        : "DROP TRIGGER \"deviceManagementAutopilotEvent rendering\"",
        "ALTER TABLE " + TABLE + " DROP COLUMN \"@rendering\"");
    try (TestServer server = TestServer.start(config)) {
      assertEquals(0, rendered(config));
      assertEquals(before, pages(server));
      TestServer.Reply created = server.post(EVENTS, "{\"id\":\"r5\"}");
      assertEquals(201, created.status(), created::toString);
      assertEquals(1, rendered(config), "a new event keeps its rendering");
      // The trigger is back too: a change by a writer that leaves the rendering as it was forgets it.
      sql(config, "UPDATE " + TABLE + " SET \"osVersion\" = '12' WHERE \"id\" = 'r5'");
      assertEquals(0, rendered(config));
    }
  }

  @Test
  void aStringTheDatabaseMayChangeIsNotRendered() throws Exception {
    ServerConfig config = config();
    try (TestServer server = TestServer.start(config)) {
      // A lone surrogate: JSON allows its escape, and the drivers store a '?' for it.
      TestServer.Reply created = server.post(EVENTS, "{\"id\":\"lone\",\"deviceId\":\"a\\ud800b\"}");
      if (created.status() != 201) {
        assertEquals(400, created.status(), created::toString);
        return;
      }
      JsonNode inPage = server.get(EVENTS).json().get("value").get(0);
      JsonNode byId = server.get(EVENTS + "/lone").json();
      assertEquals(byId.get("deviceId"), inPage.get("deviceId"));
      assertNotEquals("a\ud800b", inPage.get("deviceId").asText());
      if (!TestServer.IN_MEMORY) {
        assertEquals(0, rendered(config));
      }
    }
  }
}
