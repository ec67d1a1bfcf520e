package dev.graphmock.e2e;

import static dev.graphmock.e2e.GraphErrorAssert.assertGraphError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphmock.model.Tenants;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tenants: a request belongs to the tenant its token's {@code tid} names (else the default one) and sees and
 * changes that tenant's events only, whichever way it comes; the admin API works per tenant; a database made
 * before tenants is moved into the default tenant at start-up.
 */
class TenantTest {
  private static final String EVENTS = TestServer.COLLECTION;

  @TempDir
  Path folder;

  private static List<String> ids(TestServer.Reply reply) {
    assertEquals(200, reply.status(), reply::toString);
    List<String> ids = new ArrayList<>();
    reply.json().get("value").forEach(event -> ids.add(event.get("id").asText()));
    return ids;
  }

  @Test
  void eachTenantSeesAndChangesOnlyItsOwnEvents() throws Exception {
    try (TestServer server = TestServer.start(folder)) {
      assertEquals(201, server.sendAs("tenant-a", "POST", EVENTS, "{\"id\":\"same\",\"deviceId\":\"a\"}").status());
      assertEquals(201, server.sendAs("tenant-b", "POST", EVENTS, "{\"id\":\"same\",\"deviceId\":\"b\"}").status(),
          "the same id in another tenant");
      assertEquals(201, server.sendAs("tenant-a", "POST", EVENTS, "{\"id\":\"a-only\"}").status());
      assertEquals("a", server.sendAs("tenant-a", "GET", EVENTS + "/same", null).json().get("deviceId").asText());
      assertEquals("b", server.sendAs("tenant-b", "GET", EVENTS + "/same", null).json().get("deviceId").asText());
      assertEquals(List.of("a-only", "same"), ids(server.sendAs("tenant-a", "GET", EVENTS + "?$orderby=id", null)));
      assertEquals(List.of("same"), ids(server.sendAs("tenant-b", "GET", EVENTS, null)));
      assertEquals("1", server.sendAs("tenant-b", "GET", EVENTS + "/$count", null).text());
      assertGraphError(server.sendAs("tenant-b", "GET", EVENTS + "/a-only", null), 404, "ResourceNotFound");
      assertGraphError(server.sendAs("tenant-b", "PATCH", EVENTS + "/a-only", "{\"osVersion\":\"x\"}"), 404,
          "ResourceNotFound");
      assertGraphError(server.sendAs("tenant-b", "DELETE", EVENTS + "/a-only", null), 404, "ResourceNotFound");
      assertEquals(204, server.sendAs("tenant-b", "PATCH", EVENTS + "/same", "{\"deviceId\":\"b2\"}").status());
      assertEquals("a", server.sendAs("tenant-a", "GET", EVENTS + "/same", null).json().get("deviceId").asText());
      assertEquals(204, server.sendAs("tenant-a", "DELETE", EVENTS + "/same", null).status());
      assertEquals("b2", server.sendAs("tenant-b", "GET", EVENTS + "/same", null).json().get("deviceId").asText());
      assertEquals(List.of(), ids(server.get(EVENTS)), "a token that is not a JWT is the default tenant's");
    }
  }

  @Test
  void theTokenCommandNamesTheTenantItIsTold() throws Exception {
    try (ServerProcess token = ServerProcess.start(folder, "token", "--scopes",
        "DeviceManagementManagedDevices.Read.All", "--tenant", "job-a")) {
      String jwt = token.stdout().trim();
      assertEquals(0, token.awaitExit(), token::stderr);
      JsonNode claims = TestServer.JSON.readTree(java.util.Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
      assertEquals("job-a", claims.get("tid").asText());
      try (TestServer server = TestServer.start(folder)) {
        server.sendAs("job-a", "POST", EVENTS, "{\"id\":\"j1\"}");
        TestServer.Reply mine = server.send("GET", EVENTS, Map.of("Authorization", "Bearer " + jwt), null);
        assertEquals(List.of("j1"), ids(mine), "its requests are that tenant's");
      }
    }
  }

  @Test
  void batchesRunInTheirTokensTenant() throws Exception {
    try (TestServer server = TestServer.start(folder)) {
      server.sendAs("tenant-a", "POST", EVENTS, "{\"id\":\"a1\"}");
      String batch = "{\"requests\":[{\"id\":\"1\",\"method\":\"GET\",\"url\":\"/deviceManagement/autopilotEvents/a1\"},"
          + "{\"id\":\"2\",\"method\":\"POST\",\"url\":\"/deviceManagement/autopilotEvents\",\"headers\":{\"Content-Type\":"
          + "\"application/json\"},\"body\":{\"id\":\"b1\"}}]}";
      JsonNode responses = server.sendAs("tenant-b", "POST", "/$batch", batch).json().get("responses");
      for (JsonNode response : responses) {
        assertEquals(response.get("id").asText().equals("1") ? 404 : 201, response.get("status").asInt(),
            response::toString);
      }
      assertEquals(List.of("b1"), ids(server.sendAs("tenant-b", "GET", EVENTS, null)));
      assertEquals(List.of("a1"), ids(server.sendAs("tenant-a", "GET", EVENTS, null)));
    }
  }

  @Test
  void aNextLinkFromOneTenantIsRefusedInAnother() throws Exception {
    try (TestServer server = TestServer.start(folder)) {
      for (String id : List.of("n1", "n2", "n3")) {
        server.sendAs("tenant-a", "POST", EVENTS, "{\"id\":\"" + id + "\"}");
        server.sendAs("tenant-b", "POST", EVENTS, "{\"id\":\"" + id + "\"}");
      }
      String next = server.sendAs("tenant-a", "GET", EVENTS + "?$top=1", null).json().get("@odata.nextLink").asText();
      assertEquals(List.of("n2"), ids(server.sendAs("tenant-a", "GET", next, null)));
      assertGraphError(server.sendAs("tenant-b", "GET", next, null), 400, "BadRequest");
    }
  }

  @Test
  void theAdminApiWorksPerTenant() throws Exception {
    try (TestServer server = TestServer.start(folder)) {
      String admin = server.origin() + "/__admin";
      Map<String, String> json = Map.of("Content-Type", "application/x-ndjson");
      assertEquals("{\"imported\":2}", server.send("POST", admin + "/import?tenant=tenant-a", json,
          "{\"id\":\"i1\"}\n{\"id\":\"i2\"}".getBytes(StandardCharsets.UTF_8)).text());
      assertEquals("{\"generated\":5}", server.send("POST", admin + "/generate?tenant=tenant-b",
          Map.of("Content-Type", "application/json"), "{\"count\":5}".getBytes(StandardCharsets.UTF_8)).text());
      assertEquals(2, server.send("GET", admin + "/export?tenant=tenant-a", Map.of(), null).json().get("value").size());
      assertEquals(5, server.send("GET", admin + "/export?tenant=tenant-b", Map.of(), null).json().get("value").size());
      assertEquals(0, server.send("GET", admin + "/export", Map.of(), null).json().get("value").size(),
          "the default tenant has none");
      assertEquals(204, server.send("POST", admin + "/reset?tenant=tenant-a", Map.of(), null).status());
      assertEquals(List.of(), ids(server.sendAs("tenant-a", "GET", EVENTS, null)));
      assertEquals(5, ids(server.sendAs("tenant-b", "GET", EVENTS, null)).size(), "another tenant is untouched");
      assertGraphError(server.send("POST", admin + "/reset?tenant=", Map.of(), null), 400, "BadRequest");
      assertEquals(204, server.send("POST", admin + "/reset", Map.of(), null).status());
      assertEquals(List.of(), ids(server.sendAs("tenant-b", "GET", EVENTS, null)), "a reset without a tenant is all");
    }
  }

  @Test
  void aDatabaseMadeBeforeTenantsMovesIntoTheDefaultTenantAtStartUp() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeFalse(TestServer.POSTGRES,
        "only SQLite files exist from before tenants; PostgreSQL databases are made with them");
    // A database of the release before the engine, as it kept the events: a table of their own.
    Path db = folder.resolve("graph.db");
    dev.graphmock.odata.GraphModel model = dev.graphmock.app.Schemas.load(TestServer.SCHEMA, null);
    dev.graphmock.model.EntityDef entity = model.earlierCollection().orElseThrow().entity();
    try (dev.graphmock.store.Database database = dev.graphmock.store.Database.open(db, TestServer.SCHEMA, entity,
        List.of())) {
      List<Map<String, Object>> events = new ArrayList<>();
      for (String id : List.of("old-1", "old-2")) {
        Map<String, Object> event = dev.graphmock.model.DefaultValues.of(model.typeGraph()
            .type(entity.qualifiedName()).orElseThrow());
        event.put("id", id);
        event.put("deviceId", id.equals("old-1") ? "d1" : "d2");
        events.add(event);
      }
      new dev.graphmock.store.EntityStore(database, entity).insertAll(Tenants.DEFAULT, events);
    }
    // Turn the table back into the layout of the release before tenants: no tenant column, the key alone.
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db);
         Statement sql = connection.createStatement()) {
      List<String> columns = new ArrayList<>();
      try (ResultSet rows = sql.executeQuery("PRAGMA table_info(\"deviceManagementAutopilotEvent\")")) {
        while (rows.next()) {
          if (!rows.getString("name").equals("@tenant")) {
            columns.add("\"" + rows.getString("name") + "\"");
          }
        }
      }
      sql.execute("ALTER TABLE \"deviceManagementAutopilotEvent\" RENAME TO x");
      sql.execute("CREATE TABLE \"deviceManagementAutopilotEvent\" (" + columns.get(0) + " TEXT NOT NULL PRIMARY KEY, "
          + String.join(", ", columns.subList(1, columns.size())) + ")");
      sql.execute("INSERT INTO \"deviceManagementAutopilotEvent\" SELECT " + String.join(", ", columns) + " FROM x");
      sql.execute("DROP TABLE x");
    }
    try (TestServer server = TestServer.start(folder)) {
      assertEquals(List.of("old-1", "old-2"), ids(server.get(EVENTS + "?$orderby=id")), "kept, in the default tenant");
      assertEquals(List.of("old-1", "old-2"), ids(server.sendAs(Tenants.DEFAULT, "GET", EVENTS + "?$orderby=id", null)));
      assertEquals(List.of(), ids(server.sendAs("tenant-b", "GET", EVENTS, null)));
      assertEquals("d1", server.get(EVENTS + "/old-1").json().get("deviceId").asText());
    }
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db);
         Statement sql = connection.createStatement();
         ResultSet table = sql.executeQuery("SELECT sql FROM sqlite_master WHERE name = 'deviceManagementAutopilotEvent'")) {
      // (the events are at one place, under no parent: keyed by the tenant and their key, as before)
      assertTrue(table.next() && table.getString(1).contains("\"place\" INTEGER NOT NULL")
          && table.getString(1).contains("PRIMARY KEY (\"tenant\", \"id\")"), "moved into the engine's table");
    }
  }

  /**
   * A {@code tid} that cannot name a tenant is refused (401), in every auth mode: a default stood in for it before,
   * and an unpaired surrogate was stored as '?', one tenant with the tenant "?".
   */
  @ParameterizedTest
  @ValueSource(strings = {"{\"id\":1}", "[\"a\"]", "\"\"", "\"  \"", "42", "null", "\"\\ud800\"",
      "\"a\\u0007b\""})
  void aTidThatCannotNameATenantIsRefused(String tid) throws Exception {
    try (TestServer server = TestServer.start(folder)) {
      String token = AuthTest.withClaims("{\"aud\":\"https://graph.microsoft.com\",\"tid\":" + tid + "}");
      TestServer.Reply refused = server.send("POST", EVENTS, Map.of("Authorization", "Bearer " + token,
          "Content-Type", "application/json"), "{\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8));
      assertGraphError(refused, 401, "InvalidAuthenticationToken");
      assertTrue(refused.json().get("error").get("message").asText().contains("tid"), refused::text);
      assertEquals(0, server.count(), "nothing stored in any tenant");
    }
  }

  @Test
  void aQuestionMarkIsATenantOfItsOwn() throws Exception {
    try (TestServer server = TestServer.start(folder)) {
      assertEquals(201, server.sendAs("?", "POST", EVENTS, "{\"id\":\"q\"}").status());
      assertEquals(List.of("q"), ids(server.sendAs("?", "GET", EVENTS, null)));
      assertEquals(List.of(), ids(server.sendAs("??", "GET", EVENTS, null)));
      assertEquals(List.of(), ids(server.sendAs(Tenants.DEFAULT, "GET", EVENTS, null)));
    }
  }

  /**
   * A request inside a batch acts with the batch's token: one it carries itself is not looked at (it would let one
   * batch act in two tenants, past the checks the batch's token passed). OData's multipart form cannot carry one:
   * Olingo's parser refuses an Authorization header inside a part.
   */
  @Test
  void aRequestInsideABatchActsWithTheBatchsTokenNotItsOwn() throws Exception {
    try (TestServer server = TestServer.start(folder)) {
      server.sendAs("tenant-a", "POST", EVENTS, "{\"id\":\"a1\"}");
      String tokenA = dev.graphmock.http.Tokens.issue(List.of(), true, java.time.Duration.ofHours(1),
          java.time.Instant.now(), "tenant-a");
      String json = "{\"requests\":[{\"id\":\"1\",\"method\":\"GET\",\"url\":\"/deviceManagement/autopilotEvents/a1\","
          + "\"headers\":{\"Authorization\":\"Bearer " + tokenA + "\"}}]}";
      JsonNode responses = server.sendAs("tenant-b", "POST", "/$batch", json).json().get("responses");
      assertEquals(404, responses.get(0).get("status").asInt(), "tenant-b's batch does not see tenant-a's event");
    }
  }
}
