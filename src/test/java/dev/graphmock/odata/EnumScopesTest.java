package dev.graphmock.odata;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.graphmock.json.ValueJsonCodec;
import dev.graphmock.model.TypeGraph;
import dev.graphmock.store.Database;
import dev.graphmock.store.DatabaseLocation;
import dev.graphmock.store.FamilyStore;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The enum literals of an engine schema's filters are kept per type of the schema (the addressed one, a nested
 * expansion's, a cast's): a name a request writes that names no type of the schema gets the schema's literals and
 * keeps nothing, so requests cannot grow what the server keeps.
 */
class EnumScopesTest {
  @TempDir
  Path folder;

  @Test
  void onlyTheSchemasTypesAreKept() throws Exception {
    GraphModel model;
    try (InputStream in = EnumScopesTest.class.getResourceAsStream("/engine/fleet.xml")) {
      model = GraphModel.load("fleet", in.readAllBytes(), null);
    }
    TypeGraph graph = model.typeGraph();
    try (Database database = Database.open(DatabaseLocation.sqlite(folder.resolve("fleet.db")), "fleet", graph)) {
      ODataService service = new ODataService(model, new FamilyStore(database, graph, new ValueJsonCodec(graph)),
          100, 1000);
      for (int i = 0; i < 50; i++) {
        GraphResponse response = service.handle(new GraphRequest("GET", "http://localhost/beta", "/sites",
            "$filter=example.nothing" + i + "/kind%20eq%20'office'", Map.of(), new byte[0], "r", "r"), "t");
        assertEquals(400, response.status(), "a cast to no type of the schema");
      }
      assertEquals(200, service.handle(new GraphRequest("GET", "http://localhost/beta", "/sites",
          "$filter=example.fleet.site/kind%20eq%20'office'", Map.of(), new byte[0], "r", "r"), "t").status());
      assertEquals(1, service.enumScopesKept(), "the addressed type's; the names of no type kept nothing");
    }
  }
}
