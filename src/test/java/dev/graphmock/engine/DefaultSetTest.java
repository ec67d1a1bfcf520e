package dev.graphmock.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphmock.app.GraphServer;
import dev.graphmock.app.ServerConfig;
import dev.graphmock.e2e.PostgresServer;
import dev.graphmock.engine.Fleet.Reply;
import dev.graphmock.http.AuthMode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A schema the engine serves whose settings name a default set ({@code /engine/autopilot.xml}: the seed schema's
 * events, each containing its policyStatusDetails, with {@code "defaultSet": "deviceManagement/autopilotEvents"}):
 * the admin API works on that collection as it works on the bundled schemas' one collection, in the same forms and
 * with the same events, and on every place with {@code ?set=*}.
 */
class DefaultSetTest {
  @TempDir
  Path folder;

  /** What the bundled seed schema's admin API answers to {@code path} after generating {@code body}. */
  private String bundled(String body, String path) throws Exception {
    try (GraphServer server = GraphServer.start(ServerConfig.defaults().withPort(0).withSchema("seed")
        .withAuth(AuthMode.NONE).withDatabase(folder.resolve("bundled.db")))) {
      assertEquals(200, send(server.uri() + "/__admin/generate", "POST", body).statusCode());
      return send(server.uri() + path, "GET", null).body();
    }
  }

  private static HttpResponse<String> send(String url, String method, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).method(method, body == null
        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void theDefaultSetIsImportedExportedAndGeneratedAsTheBundledCollectionIs(String kind) throws Exception {
    String body = "{\"count\":120,\"seed\":7,\"until\":\"2024-06-01T00:00:00Z\"}";
    String bundled = bundled(body, "/__admin/export");
    try (Fleet autopilot = new Fleet(folder, kind, AuthMode.NONE, "autopilot")) {
      Reply generated = autopilot.post("/__admin/generate", body);
      assertEquals(200, generated.status(), generated::toString);
      assertEquals("{\"generated\":120}", generated.body());
      Reply exported = autopilot.get("/__admin/export");
      assertEquals(bundled, exported.body(), "the bundled collection's events and export, byte for byte");
      assertEquals(bundled, autopilot.get("/__admin/export?set=deviceManagement/autopilotEvents").body());
      assertEquals(409, autopilot.post("/__admin/generate", body).status(), "the same seed: the same ids");

      JsonNode first = exported.json().at("/value/0");
      String id = first.get("id").asText();
      assertEquals(201, autopilot.post("/deviceManagement/autopilotEvents/" + id + "/policyStatusDetails",
          "{\"id\":\"d1\",\"displayName\":\"ESP apps\",\"complianceStatus\":\"error\"}").status());
      Reply every = autopilot.get("/__admin/export?set=*");
      assertEquals(200, every.status(), every::toString);
      JsonNode places = every.json().get("places");
      assertEquals(120, places.get("deviceManagement/autopilotEvents").size());
      assertEquals("[\"" + id + "\"]", places.at("/deviceManagement~1autopilotEvents~1policyStatusDetails/0"
          + "/@graphmock.parents").toString());

      // Back into another tenant: the page without ?set= into the default set, the document with ?set=*.
      Reply page = autopilot.post("/__admin/import?tenant=other", exported.body());
      assertEquals(200, page.status(), page::toString);
      assertEquals("{\"imported\":120}", page.body());
      assertEquals(bundled, autopilot.get("/__admin/export?tenant=other").body());
      assertEquals(204, autopilot.post("/__admin/reset?tenant=other", null).status());
      Reply document = autopilot.post("/__admin/import?tenant=other&set=*", every.body());
      assertEquals(200, document.status(), document::toString);
      assertEquals("{\"imported\":121}", document.body());
      assertEquals(every.body(), autopilot.get("/__admin/export?tenant=other&set=*").body());
      Reply lines = autopilot.send("POST", "/__admin/import?tenant=lines", "{\"id\":\"e1\"}\n{\"id\":\"e2\"}\n",
          "Content-Type", "application/x-ndjson");
      assertEquals("{\"imported\":2}", lines.body(), lines::toString);
      assertEquals(List.of("e1", "e2"), ids(autopilot.get("/__admin/export?tenant=lines")));
      Reply bad = autopilot.post("/__admin/import?tenant=lines", "{\"value\":[{\"id\":\"e3\"},{\"id\":\"e4\","
          + "\"deploymentState\":\"nope\"}]}");
      assertEquals(400, bad.status(), bad::toString);
      assertTrue(bad.error().startsWith("BadRequest: Entity 1: "), bad::error);
      assertEquals(List.of("e1", "e2"), ids(autopilot.get("/__admin/export?tenant=lines")), "nothing kept");

      Reply listed = autopilot.get("/deviceManagement/autopilotEvents?$top=1&$orderby=eventDateTime%20desc"
          + "&$select=id,eventDateTime");
      assertEquals(200, listed.status(), listed::toString);
      assertEquals(1, listed.json().get("value").size());
    }
  }

  /**
   * A database the release before the engine made for a schema of one collection (it kept the events in a table of
   * their own, as the store's earlier layout still writes them here) opens on the engine: its events are moved,
   * every tenant's, as they were, once.
   */
  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void aDatabaseTheBundledPathMadeForTheSchemaMovesIntoTheEnginesTables(String kind) throws Exception {
    dev.graphmock.store.DatabaseLocation location = kind.equals("sqlite")
        ? dev.graphmock.store.DatabaseLocation.sqlite(folder.resolve("autopilot.db"))
        : dev.graphmock.store.DatabaseLocation.parse(PostgresServer.shared().newDatabaseUrl());
    dev.graphmock.odata.GraphModel model;
    try (var edmx = DefaultSetTest.class.getResourceAsStream("/engine/autopilot.xml")) {
      model = dev.graphmock.odata.GraphModel.load("autopilot", edmx.readAllBytes(), null);
    }
    dev.graphmock.model.EntityDef entity = model.earlierCollection().orElseThrow().entity();
    List<String> ids = new ArrayList<>();
    String deviceOfFirst = null;
    try (dev.graphmock.store.Database database = dev.graphmock.store.Database.open(location, "autopilot", entity,
        List.of())) {
      dev.graphmock.store.EntityStore store = new dev.graphmock.store.EntityStore(database, entity,
          new dev.graphmock.json.RowRendering(entity)::render);
      for (String tenant : List.of(dev.graphmock.model.Tenants.DEFAULT, "other")) {
        List<java.util.Map<String, Object>> rows = new ArrayList<>();
        var events = new dev.graphmock.fixtures.EventGenerator(model.typeGraph().path(model.defaultSet())
            .orElseThrow().type(), dev.graphmock.fixtures.EventGenerator.DOMAIN)
            .events(tenant.equals("other") ? 5 : 40, 3, dev.graphmock.fixtures.EventGenerator.DEFAULT_UNTIL);
        for (java.util.Map<String, Object> event = events.next(); event != null; event = events.next()) {
          rows.add(event);
        }
        store.insertAll(tenant, rows);
        if (!tenant.equals("other")) {
          rows.forEach(row -> ids.add((String) row.get("id")));
          deviceOfFirst = (String) rows.get(0).get("deviceId");
        }
      }
    }
    // Fleet serves /engine/autopilot.xml (the same events, each containing policyStatusDetails) on that database.
    try (Fleet autopilot = new Fleet(folder, kind, AuthMode.NONE, "autopilot", location)) {
      JsonNode exported = autopilot.get("/__admin/export").json().get("value");
      List<String> moved = new ArrayList<>();
      exported.forEach(event -> moved.add(event.get("id").asText()));
      assertEquals(ids.stream().sorted().toList(), moved, "every event");
      assertEquals(deviceOfFirst, autopilot.get("/deviceManagement/autopilotEvents/" + ids.get(0)).json()
          .get("deviceId").asText(), "as it was");
      assertEquals("40", autopilot.get("/deviceManagement/autopilotEvents/$count").body());
      assertEquals(5, autopilot.get("/__admin/export?tenant=other").json().get("value").size());
      String id = ids.get(0);
      assertEquals(201, autopilot.post("/deviceManagement/autopilotEvents/" + id + "/policyStatusDetails",
          "{\"id\":\"d1\"}").status());
      autopilot.restart();
      assertEquals("1", autopilot.get("/deviceManagement/autopilotEvents/" + id + "/policyStatusDetails/$count")
          .body(), "moved once");
    }
  }

  /**
   * On PostgreSQL a large load (10,000 entities and more, by import or generate) ends with {@code VACUUM (ANALYZE)}
   * of the families' tables, so that the planner knows the new rows at once; a small one does not.
   */
  @org.junit.jupiter.api.Test
  void aLargeLoadOnPostgresqlRefreshesThePlannersStatistics() throws Exception {
    dev.graphmock.store.DatabaseLocation.Postgres location = (dev.graphmock.store.DatabaseLocation.Postgres)
        dev.graphmock.store.DatabaseLocation.parse(PostgresServer.shared().newDatabaseUrl());
    String vacuumed = "SELECT count(*) FROM pg_stat_user_tables WHERE relname = 'deviceManagementAutopilotEvent'"
        + " AND last_vacuum IS NOT NULL AND last_analyze IS NOT NULL";
    String vacuums = "SELECT coalesce(sum(vacuum_count), 0) FROM pg_stat_user_tables WHERE relname = '%s'";
    try (Fleet autopilot = new Fleet(folder, "postgresql", AuthMode.NONE, "autopilot", location);
         java.sql.Connection connection = java.sql.DriverManager.getConnection(location.jdbcUrl(), location.user(),
             location.password())) {
      assertEquals("{\"generated\":9999}", autopilot.post("/__admin/generate", "{\"count\":9999}").body());
      assertEquals(0, count(connection, vacuumed), "a small load: left to autovacuum");
      StringBuilder lines = new StringBuilder();
      for (int i = 0; i < 10_000; i++) {
        lines.append("{\"id\":\"i").append(i).append("\"}\n");
      }
      assertEquals("{\"imported\":10000}", autopilot.send("POST", "/__admin/import", lines.toString(),
          "Content-Type", "application/x-ndjson").body());
      // The statistics collector reports asynchronously: give it a moment.
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (count(connection, vacuumed) == 0 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertEquals(1, count(connection, vacuumed));
      Thread.sleep(1_000); // what else was reported, reported by now
      assertEquals(1, count(connection, vacuums.formatted("deviceManagementAutopilotEvent")),
          "once: for the large load, not for the small one");
      assertEquals(0, count(connection, vacuums.formatted("deviceManagementAutopilotPolicyStatusDetail")),
          "only the tables the load wrote");
    }
  }

  private static long count(java.sql.Connection connection, String sql) throws java.sql.SQLException {
    try (java.sql.ResultSet row = connection.createStatement().executeQuery(sql)) {
      row.next();
      return row.getLong(1);
    }
  }

  /**
   * {@code /v1.0} of a schema the engine serves leaves out the places its settings name beta-only (Graph's v1.0 has no
   * autopilotEvents), with the types only they held, as the bundled schemas' {@code /v1.0} does; the rest is served
   * from the same tables.
   */
  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void v1LeavesOutTheBetaOnlyPlacesAndTheTypesOnlyTheyHeld(String kind) throws Exception {
    try (Fleet autopilot = new Fleet(folder, kind, AuthMode.NONE, "autopilot")) {
      assertEquals(200, autopilot.post("/__admin/generate", "{\"count\":3,\"seed\":1}").status());
      String v1 = autopilot.beta().replace("/beta", "/v1.0");
      for (String path : List.of("/deviceManagement/autopilotEvents", "/deviceManagement/autopilotEvents/x",
          "/deviceManagement/autopilotEvents/$count")) {
        Reply refused = autopilot.get(v1 + path);
        assertEquals(400, refused.status(), refused::toString);
        assertEquals("BadRequest: Resource not found for the segment 'autopilotEvents'.", refused.error());
      }
      Reply singleton = autopilot.get(v1 + "/deviceManagement");
      assertEquals(200, singleton.status(), singleton::toString);
      assertEquals(v1 + "/$metadata#deviceManagement", singleton.json().get("@odata.context").asText());
      Reply expanded = autopilot.get(v1 + "/deviceManagement?$expand=*");
      assertEquals(200, expanded.status(), expanded::toString);
      assertTrue(!expanded.body().contains("autopilotEvents"), expanded::body);
      String xml = autopilot.get(v1 + "/$metadata").body();
      assertTrue(xml.contains("Name=\"deviceManagement\""), xml);
      assertTrue(!xml.contains("NavigationProperty Name=\"autopilotEvents\""), "v1.0 has no autopilotEvents");
      assertTrue(!autopilot.get(v1 + "/$metadata?$format=json").body().contains("autopilotEvents"), "in JSON either");
      assertTrue(!xml.contains("Name=\"deviceManagementAutopilotEvent\""), "nor its entity type");
      assertTrue(!xml.contains("Name=\"deviceManagementAutopilotPolicyStatusDetail\""), "nor the type only it held");
      assertTrue(xml.contains("Name=\"enrollmentState\""), "its enums stay: Graph's v1.0 has types it does not use");
      assertEquals(3, autopilot.get("/deviceManagement/autopilotEvents").json().get("value").size(),
          "beta still serves them");
    }
  }

  /** What v1.0 and beta both serve is one place: written under one, read under the other. */
  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void aPlaceV1AndBetaBothServeIsOnePlace(String kind) throws Exception {
    try (Fleet fleet = new Fleet(folder, kind)) {
      Path settings = folder.resolve("fleet.server.json");
      java.nio.file.Files.writeString(settings, java.nio.file.Files.readString(settings).replaceFirst("^\\{",
          "{\"betaOnly\": [\"fleet/profiles/assignments\"],"));
      fleet.restart();
      String v1 = fleet.beta().replace("/beta", "/v1.0");
      Reply created = fleet.post(v1 + "/fleet/profiles", "{\"@odata.type\":\"#example.fleet.cloudProfile\","
          + "\"id\":\"p1\",\"region\":\"west\"}");
      assertEquals(201, created.status(), created::toString);
      assertEquals(204, fleet.patch(v1 + "/fleet/profiles/p1", "{\"notes\":\"n\"}").status());
      assertEquals(201, fleet.post("/fleet/profiles/p1/assignments", "{\"id\":\"a1\"}").status());
      JsonNode read = fleet.get("/fleet/profiles/p1").json();
      assertEquals("west", read.get("region").asText());
      assertEquals("n", read.get("notes").asText());
      assertEquals("BadRequest: Resource not found for the segment 'assignments'.",
          fleet.get(v1 + "/fleet/profiles/p1/assignments").error());
      String xml = fleet.get(v1 + "/$metadata").body();
      assertTrue(!xml.contains("Name=\"assignment\"") && !xml.contains("Name=\"result\""), xml);
      assertEquals(204, fleet.send("DELETE", v1 + "/fleet/profiles/p1", null).status());
      assertEquals(404, fleet.get("/fleet/profiles/p1").status(), "gone with what it contained");
    }
  }

  private static List<String> ids(Reply reply) {
    assertEquals(200, reply.status(), reply::toString);
    List<String> ids = new ArrayList<>();
    reply.json().get("value").forEach(entity -> ids.add(entity.get("id").asText()));
    return ids;
  }
}
