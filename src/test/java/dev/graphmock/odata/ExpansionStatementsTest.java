package dev.graphmock.odata;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphmock.e2e.PostgresServer;
import dev.graphmock.json.ValueJsonCodec;
import dev.graphmock.model.DefaultValues;
import dev.graphmock.model.StructuredType;
import dev.graphmock.model.TypeGraph;
import dev.graphmock.store.Database;
import dev.graphmock.store.DatabaseLocation;
import dev.graphmock.store.FamilyStore;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A page of 999 entities with expansions runs a number of SQL statements that does not grow with the page: one for
 * the page, one per expanded navigation and level (issue 31, point 5), nested options included, on a real SQLite
 * and a real PostgreSQL.
 */
class ExpansionStatementsTest {
  @TempDir
  Path folder;

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void aPageOf999WithExpansionsRunsOneStatementPerExpansion(String kind) throws Exception {
    GraphModel model;
    try (InputStream in = ExpansionStatementsTest.class.getResourceAsStream("/engine/fleet.xml")) {
      model = GraphModel.load("fleet", in.readAllBytes(), null);
    }
    TypeGraph graph = model.typeGraph();
    DatabaseLocation location = kind.equals("sqlite") ? DatabaseLocation.sqlite(folder.resolve("fleet.db"))
        : DatabaseLocation.parse(PostgresServer.shared().newDatabaseUrl());
    try (Database database = Database.open(location, "fleet", graph)) {
      FamilyStore store = new FamilyStore(database, graph, new ValueJsonCodec(graph));
      store.createTables();
      StructuredType cloud = graph.type("example.fleet.cloudProfile").orElseThrow();
      StructuredType assignment = graph.type("example.fleet.assignment").orElseThrow();
      StructuredType device = graph.type("example.fleet.device").orElseThrow();
      StructuredType site = graph.type("example.fleet.site").orElseThrow();
      for (int p = 0; p < 3; p++) {
        Map<String, Object> values = DefaultValues.of(cloud);
        values.put("id", "p" + p);
        store.insert("t", "fleet/profiles", "", cloud, values);
        for (int a = 0; a < 2; a++) {
          Map<String, Object> child = DefaultValues.of(assignment);
          child.put("id", "a" + a);
          store.insert("t", "fleet/profiles/assignments", FamilyStore.parentKey(List.of("p" + p)), assignment, child);
        }
      }
      Map<String, Object> oslo = DefaultValues.of(site);
      oslo.put("id", "s1");
      store.insert("t", "sites", "", site, oslo);
      for (int d = 0; d < 999; d++) {
        Map<String, Object> values = DefaultValues.of(device);
        values.put("id", String.format("d%04d", d));
        store.insert("t", "fleet/devices", "", device, values, Map.of("profile", "p" + (d % 3), "site", "s1"));
      }
      ODataService service = new ODataService(model, store, 100, 1000);

      long before = database.statementsRun();
      JsonNode page = get(service, "/fleet/devices", "$top=999&$expand=profile,site");
      assertEquals(3, database.statementsRun() - before, "the page, the profiles, the sites");
      assertEquals(999, page.get("value").size());
      assertEquals("p2", page.at("/value/998/profile/id").asText());
      assertEquals("s1", page.at("/value/500/site/id").asText());

      before = database.statementsRun();
      JsonNode profiles = get(service, "/fleet/profiles", "$expand=assignments&$count=true");
      assertEquals(3, database.statementsRun() - before, "the page, its count, the assignments of all three");
      assertEquals(2, profiles.at("/value/2/assignments").size());

      before = database.statementsRun();
      JsonNode nested = get(service, "/fleet/devices", "$top=999&$expand=profile($expand=assignments($top=1;"
          + "$count=true;$orderby=id%20desc))");
      assertEquals(3, database.statementsRun() - before, "the page, the profiles, the assignments of all three");
      assertEquals("a1", nested.at("/value/998/profile/assignments/0/id").asText());
      assertEquals(2, nested.at("/value/998/profile/assignments@odata.count").asInt());
    }
  }

  private static JsonNode get(ODataService service, String path, String query) throws Exception {
    GraphResponse response = service.handle(new GraphRequest("GET", "http://localhost/beta", path, query, Map.of(),
        new byte[0], "r", "r"), "t");
    assertEquals(200, response.status(), () -> new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
    return new ObjectMapper().readTree(response.body());
  }
}
