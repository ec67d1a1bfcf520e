package dev.graphmock.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graphmock.e2e.PostgresServer;
import dev.graphmock.model.TypeGraph;
import dev.graphmock.odata.GraphModel;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The indexes a schema the engine serves names by entity type ({@code engine/fleet.server.json}) are made on its
 * families' tables when the database opens, after the tenant, place and parents, and the store's planner seeks by
 * them: on a real SQLite file and a real PostgreSQL.
 */
class FamilyIndexesTest {
  @TempDir
  Path folder;

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void theSettingsIndexesAreMadeOnTheFamiliesTablesAndSeekedBy(String kind) throws Exception {
    GraphModel model;
    try (InputStream edmx = FamilyIndexesTest.class.getResourceAsStream("/engine/fleet.xml");
         InputStream settings = FamilyIndexesTest.class.getResourceAsStream("/engine/fleet.server.json")) {
      model = GraphModel.load("fleet", edmx.readAllBytes(), settings.readAllBytes());
    }
    TypeGraph graph = model.typeGraph();
    DatabaseLocation location = kind.equals("sqlite") ? DatabaseLocation.sqlite(folder.resolve("fleet.db"))
        : DatabaseLocation.parse(PostgresServer.shared().newDatabaseUrl());
    try (Database database = Database.open(location, "fleet", graph, model.typeIndexes())) {
      String indexes = kind.equals("sqlite")
          ? "SELECT name || ': ' || sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name"
          : "SELECT indexname || ': ' || indexdef FROM pg_indexes WHERE indexname LIKE 'ix_%' ORDER BY indexname";
      List<String> made = database.readHandle(handle -> handle.createQuery(indexes).mapTo(String.class).list());
      assertEquals(4, made.size(), made::toString);
      assertTrue(made.get(0).startsWith("ix_device_color_int32Value: "), made::toString);
      // The devices are at one place, under no parent: their indexes lead with the tenant alone.
      assertTrue(made.get(0).contains("(\"tenant\", \"color\"") || made.get(0).contains("(tenant, color"),
          made::toString);
      assertTrue(made.get(1).startsWith("ix_device_serialNumber: "), made::toString);
      assertTrue(made.get(2).startsWith("ix_profile_domain: "), "on the family's table: " + made);
      // The results are under assignments under profiles: the place and parents come before the property.
      assertTrue(made.get(3).startsWith("ix_result_kind: "), made::toString);
      assertTrue(made.get(3).contains("(\"tenant\", \"place\", \"parent_key\", \"kind\"")
          || made.get(3).contains("(tenant, place, parent_key, kind"), made::toString);

      if (kind.equals("sqlite")) {
        List<String> steps = database.readHandle(handle -> handle.createQuery("EXPLAIN QUERY PLAN "
            + "SELECT \"id\" FROM \"device\" WHERE \"tenant\" = 1 AND \"place\" = "
            + FamilyStore.placeNumbers(graph).get("fleet/devices") + " AND"
            + " \"parent_key\" = '' AND \"serialNumber\" = 'S1'").map((row, context) -> row.getString(4)).list());
        String plan = String.join("\n", steps);
        assertTrue(plan.contains("USING INDEX ix_device_serialNumber") || plan.contains("USING COVERING INDEX"
            + " ix_device_serialNumber"), plan);
        // One assignment's results of a kind: sought by the place, the parents and the kind.
        List<String> resultSteps = database.readHandle(handle -> handle.createQuery("EXPLAIN QUERY PLAN "
            + "SELECT \"id\" FROM \"result\" WHERE \"tenant\" = 1 AND \"place\" = "
            + FamilyStore.placeNumbers(graph).get("fleet/profiles/assignments/results") + " AND \"parent_key\" ="
            + " 'p1/a1' AND \"kind\" = 1 ORDER BY \"id\"").map((row, context) -> row.getString(4)).list());
        String results = String.join("\n", resultSteps);
        assertTrue(results.contains("ix_result_kind (tenant=? AND place=? AND parent_key=? AND kind=?)"), results);
      }
    }
    // Opened again with the same settings: nothing to make, nothing refused.
    Database.open(location, "fleet", graph, model.typeIndexes()).close();
    if (kind.equals("sqlite")) {
      // Opened with settings that no longer declare one of them: it goes (every write paid for it), the rest stay.
      try (Database database = Database.open(location, "fleet", graph, java.util.Map.of("example.fleet.device",
          List.of(List.of("serialNumber")), "example.fleet.onPremisesProfile", List.of(List.of("domain"))))) {
        assertEquals(List.of("ix_device_serialNumber", "ix_profile_domain"), database.readHandle(handle -> handle
            .createQuery("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
            .mapTo(String.class).list()));
      }
    }
  }
}
