package dev.graphmock.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graphmock.e2e.PostgresServer;
import dev.graphmock.fixtures.EventGenerator;
import dev.graphmock.json.PropertyRendering;
import dev.graphmock.json.RowRendering;
import dev.graphmock.json.ValueJsonCodec;
import dev.graphmock.model.EntityDef;
import dev.graphmock.model.StructuredType;
import dev.graphmock.model.TypeGraph;
import dev.graphmock.odata.GraphModel;
import dev.graphmock.query.OrderKey;
import dev.graphmock.query.Query;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A database the bundled path made for a schema's one collection (a table of its own) is moved into the engine's
 * family table when the engine opens it for the same schema (issue 31, storage: "a database made by today's release
 * opens and is migrated in place"): every row of every tenant, its values and its rendering, in one transaction at
 * open; the old table and what served it gone, the database named for the engine. On a real SQLite file and a real
 * PostgreSQL, with events the bundled generator makes (every property, every enum member).
 */
class OwnTableMoveTest {
  private static final String PLACE = "deviceManagement/autopilotEvents";
  private static final String TABLE = "deviceManagementAutopilotEvent";

  @TempDir
  Path folder;

  private DatabaseLocation location(String kind) {
    return kind.equals("sqlite") ? DatabaseLocation.sqlite(folder.resolve("graph.db"))
        : DatabaseLocation.parse(PostgresServer.shared().newDatabaseUrl());
  }

  private static GraphModel seed() throws Exception {
    return GraphModel.load("seed", Files.readAllBytes(Path.of("metadata/seed.xml")),
        Files.readAllBytes(Path.of("metadata/seed.server.json")));
  }

  /** The event as the release before the engine kept it, in a table of its own. */
  private static EntityDef entity(GraphModel model) {
    return model.earlierCollection().orElseThrow().entity();
  }

  /** The indexes the bundled settings name, which that release made on the event's own table too. */
  private static List<List<String>> indexes(GraphModel model) {
    return model.typeIndexes().get(entity(model).qualifiedName());
  }

  /** Each row's key and rendering (hex, or null) in {@code table}, by tenant column and key. */
  private static Map<String, String> renderings(Database database, String table, String tenant, String rendering) {
    Map<String, String> found = new LinkedHashMap<>();
    database.readHandle(handle -> handle.createQuery("SELECT " + SqlRenderer.quote(tenant) + ", \"id\", "
            + SqlRenderer.quote(rendering) + " FROM " + SqlRenderer.quote(table) + " ORDER BY 1, 2")
        .map((row, context) -> {
          byte[] bytes = row.getBytes(3);
          found.put(row.getLong(1) + "/" + row.getString(2), bytes == null ? null
              : HexFormat.of().formatHex(bytes, 1, bytes.length));
          return null;
        }).list());
    return found;
  }

  /**
   * A property named as one of the family table's own columns ("place", "tenant") has its type's name before its
   * own there, where the earlier table named it as the property: its values move all the same.
   */
  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void aPropertyNamedAsAColumnOfTheFamilysTableMovesWithItsValues(String kind) throws Exception {
    String xml = Files.readString(Path.of("metadata/seed.xml"));
    String deviceId = "<Property Name=\"deviceId\" Type=\"Edm.String\">";
    assertTrue(xml.contains(deviceId));
    xml = xml.replace(deviceId, "<Property Name=\"place\" Type=\"Edm.String\"/><Property Name=\"tenant\""
        + " Type=\"Edm.Int32\"/>" + deviceId);
    GraphModel model = GraphModel.load("seed", xml.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        Files.readAllBytes(Path.of("metadata/seed.server.json")));
    TypeGraph graph = model.typeGraph();
    StructuredType event = graph.path(PLACE).orElseThrow().type();
    DatabaseLocation location = location(kind);
    try (Database database = Database.open(location, "seed", entity(model), indexes(model))) {
      EntityStore store = new EntityStore(database, entity(model), new RowRendering(entity(model))::render);
      Map<String, Object> values = new LinkedHashMap<>(dev.graphmock.model.DefaultValues.of(event));
      values.put("id", "e1");
      values.put("place", "Building 7");
      values.put("tenant", 42);
      store.insert("t1", values);
    }
    OwnTable own = new OwnTable(entity(model), PLACE, RowRendering.FORMAT, PropertyRendering.FORMAT);
    try (Database database = Database.open(location, "seed", graph, Map.of(event.qualifiedName(),
        indexes(model)), own)) {
      FamilyStore.Kept moved = new FamilyStore(database, graph, new ValueJsonCodec(graph)).get("t1", PLACE, "",
          "e1").orElseThrow();
      assertEquals("Building 7", moved.values().get("place"));
      assertEquals(42, ((Number) moved.values().get("tenant")).intValue());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void aDatabaseOfTheBundledPathMovesIntoTheFamilyTableWithEveryRowAndRenderingWhenTheEngineOpensIt(String kind)
      throws Exception {
    GraphModel model = seed();
    TypeGraph graph = model.typeGraph();
    StructuredType event = graph.path(PLACE).orElseThrow().type();
    DatabaseLocation location = location(kind);
    Map<String, String> before;
    try (Database database = Database.open(location, "seed", entity(model), indexes(model))) {
      EntityStore store = new EntityStore(database, entity(model), new RowRendering(entity(model))::render);
      EventGenerator.Events events = new EventGenerator(model.typeGraph().type(entity(model).qualifiedName()).orElseThrow(),
          EventGenerator.DOMAIN).events(250, 7,
          EventGenerator.DEFAULT_UNTIL);
      List<Map<String, Object>> rows = new ArrayList<>();
      for (Map<String, Object> next = events.next(); next != null; next = events.next()) {
        rows.add(next);
      }
      store.insertAll("t1", rows.subList(0, 240));
      store.insertAll("t2", rows.subList(240, 250));
      // one row kept before renderings were (or changed by a writer that did not know them)
      database.writeHandle(handle -> handle.execute("UPDATE \"" + TABLE + "\" SET \"@rendered\" = NULL WHERE \"id\" = ?",
          rows.get(3).get("id")));
      before = renderings(database, TABLE, SqlRenderer.TENANT, SqlRenderer.RENDERED);
    }
    assertEquals(250, before.size());

    OwnTable own = new OwnTable(entity(model), PLACE, RowRendering.FORMAT, PropertyRendering.FORMAT);
    Map<String, List<List<String>>> indexes = Map.of(event.qualifiedName(), indexes(model));
    try (Database database = Database.open(location, "seed", graph, indexes, own)) {
      assertEquals(before, renderings(database, TABLE, FamilyLayout.TENANT, FamilyLayout.RENDERING),
          "every row of every tenant, its rendering's values unchanged");
      FamilyStore store = new FamilyStore(database, graph, new ValueJsonCodec(graph), new PropertyRendering());
      PropertyRendering rendering = new PropertyRendering();
      int rendered = 0;
      for (String tenant : List.of("t1", "t2")) {
        FamilyStore.Page page = store.page(PLACE, "", null, new Query(tenant, null, List.of(new OrderKey(
            FamilyStore.keyOf(event), false)), null, 1000, 0), true);
        List<FamilyStore.Kept> all = page.entities();
        assertEquals(tenant.equals("t1") ? 240 : 10, all.size());
        assertEquals(all.size(), page.count(), "counted as they were copied (on SQLite, by the kept counts)");
        if (tenant.equals("t2")) {
          // a rendered page of moved rows, each key taken from its rendering
          assertEquals(all.stream().map(FamilyStore.Kept::key).toList(), store.page(PLACE, "", null, new Query(
              tenant, null, List.of(new OrderKey(FamilyStore.keyOf(event), false)), null, 1000, 0), false, true)
              .entities().stream().peek(kept -> assertNotNull(kept.rendered())).map(FamilyStore.Kept::key).toList());
        }
        for (FamilyStore.Kept kept : all) {
          FamilyStore.Kept copied = store.get(tenant, PLACE, "", kept.key(), true).orElseThrow();
          if (copied.rendered() != null) {
            rendered++;
            // what the columns hold, written by the engine, is what the bundled path kept (and answered)
            assertArrayEquals(rendering.render(event, kept.values()), copied.rendered(), kept.key());
          }
        }
      }
      assertEquals(249, rendered, "all but the one kept without a rendering, which a read writes from its columns");

      Map<String, Object> more = new LinkedHashMap<>(store.get("t2", PLACE, "", (String) store.page(PLACE, "", null,
          new Query("t2", null, List.of(new OrderKey(FamilyStore.keyOf(event), false)), null, 1, 0), false)
          .entities().get(0).key()).orElseThrow().values());
      more.put("id", "after-the-move");
      store.insert("t2", PLACE, "", event, more);
      assertEquals(11, store.page(PLACE, "", null, new Query("t2", null, List.of(new OrderKey(FamilyStore.keyOf(event),
          false)), null, 1000, 0), true).count());
      Map<String, String> meta = new LinkedHashMap<>();
      database.readHandle(handle -> handle.createQuery("SELECT key, value FROM graphmock").map((row, context) ->
          meta.put(row.getString(1), row.getString(2))).list());
      assertEquals(FamilyStore.fingerprint(graph), meta.get("fingerprint"), "named for the engine's layout");
      assertNull(meta.get("entityType"));
      List<String> tables = database.readHandle(handle -> handle.createQuery(kind.equals("sqlite")
          ? "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
          : "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1")
          .mapTo(String.class).list());
      assertFalse(tables.stream().anyMatch(name -> name.contains("moving") || name.endsWith(".counts")), tables::toString);
      List<String> indexNames = database.readHandle(handle -> handle.createQuery(kind.equals("sqlite")
          ? "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'ix_%'"
          : "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND indexname LIKE 'ix_%'")
          .mapTo(String.class).list());
      assertEquals(indexes(model).size(), indexNames.size(), "the engine's indexes, and none of the old table's: "
          + indexNames);
      assertTrue(indexNames.stream().noneMatch(name -> name.contains("_tenant_")), indexNames::toString);
    }
    // opened again: nothing left to move; the bundled path no longer opens it
    try (Database database = Database.open(location, "seed", graph, indexes, own)) {
      assertEquals(251, renderings(database, TABLE, FamilyLayout.TENANT, FamilyLayout.RENDERING).size());
    }
    assertThrows(DatabaseOpenException.class, () -> Database.open(location, "seed", entity(model),
        indexes(model)).close());
  }

  @Test
  void aFileMadeBeforeTenantsMovesIntoTheDefaultTenant() throws Exception {
    GraphModel model = seed();
    TypeGraph graph = model.typeGraph();
    DatabaseLocation location = location("sqlite");
    try (Database database = Database.open(location, "seed", entity(model), indexes(model))) {
      Map<String, Object> one = new LinkedHashMap<>(new EventGenerator(model.typeGraph().type(entity(model).qualifiedName()).orElseThrow(),
          EventGenerator.DOMAIN)
          .events(1, 1, EventGenerator.DEFAULT_UNTIL).next());
      one.put("id", "old-1");
      one.put("deviceId", "d1");
      new EntityStore(database, entity(model), new RowRendering(entity(model))::render).insertAll(
          dev.graphmock.model.Tenants.DEFAULT, List.of(one));
    }
    // the layout of the release before tenants (and renderings): no tenant column, the key alone
    try (java.sql.Connection connection = java.sql.DriverManager.getConnection("jdbc:sqlite:"
        + folder.resolve("graph.db")); java.sql.Statement sql = connection.createStatement()) {
      List<String> columns = new ArrayList<>();
      try (java.sql.ResultSet rows = sql.executeQuery("PRAGMA table_info(\"" + TABLE + "\")")) {
        while (rows.next()) {
          if (!rows.getString("name").startsWith("@")) {
            columns.add("\"" + rows.getString("name") + "\"");
          }
        }
      }
      sql.execute("ALTER TABLE \"" + TABLE + "\" RENAME TO x");
      sql.execute("CREATE TABLE \"" + TABLE + "\" (" + columns.get(0) + " TEXT NOT NULL PRIMARY KEY, "
          + String.join(", ", columns.subList(1, columns.size())) + ")");
      sql.execute("INSERT INTO \"" + TABLE + "\" SELECT " + String.join(", ", columns) + " FROM x");
      sql.execute("DROP TABLE x");
    }
    StructuredType event = graph.path(PLACE).orElseThrow().type();
    try (Database database = Database.open(location, "seed", graph, Map.of(), new OwnTable(entity(model), PLACE,
        RowRendering.FORMAT, PropertyRendering.FORMAT))) {
      FamilyStore.Kept old = new FamilyStore(database, graph, new ValueJsonCodec(graph), new PropertyRendering())
          .get(dev.graphmock.model.Tenants.DEFAULT, PLACE, "", "old-1", true).orElseThrow();
      assertEquals("d1", old.values().get("deviceId"), "in the default tenant, written from its columns");
      assertNull(old.rendered());
      assertEquals(event, old.type());
    }
  }

  @Test
  void renderingsWhoseValuesTheEngineOrdersOtherwiseAreNotCopied() throws Exception {
    // the event type with its key declared after another property: the old renderings keep the key first
    String edmx = Files.readString(Path.of("metadata/seed.xml")).replaceFirst(
        "<EntityType Name=\"deviceManagementAutopilotEvent\" BaseType=\"graph.entity\">\\s*"
            + "<Property Name=\"deviceId\" Type=\"Edm.String\">\\s*<Annotation [^>]*/>\\s*</Property>",
        "<EntityType Name=\"deviceManagementAutopilotEvent\"><Key><PropertyRef Name=\"id\"/></Key>"
            + "<Property Name=\"deviceId\" Type=\"Edm.String\"/><Property Name=\"id\" Type=\"Edm.String\""
            + " Nullable=\"false\"/>");
    GraphModel model = GraphModel.load("seed", edmx.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        Files.readAllBytes(Path.of("metadata/seed.server.json")));
    TypeGraph graph = model.typeGraph();
    StructuredType event = graph.path(PLACE).orElseThrow().type();
    assertEquals(List.of("deviceId", "id"), event.properties().stream().limit(2).map(p -> p.name()).toList());
    DatabaseLocation location = location("sqlite");
    try (Database database = Database.open(location, "seed", entity(model), indexes(model))) {
      Map<String, Object> one = new LinkedHashMap<>(new EventGenerator(model.typeGraph().type(entity(model).qualifiedName()).orElseThrow(),
          EventGenerator.DOMAIN)
          .events(1, 1, EventGenerator.DEFAULT_UNTIL).next());
      one.put("id", "e1");
      one.put("deviceId", "d1");
      new EntityStore(database, entity(model), new RowRendering(entity(model))::render).insertAll("t", List.of(one));
    }
    try (Database database = Database.open(location, "seed", graph, Map.of(), new OwnTable(entity(model), PLACE,
        RowRendering.FORMAT, PropertyRendering.FORMAT))) {
      FamilyStore store = new FamilyStore(database, graph, new ValueJsonCodec(graph), new PropertyRendering());
      List<FamilyStore.Kept> page = store.page(PLACE, "", null, new Query("t", null, List.of(new OrderKey(
          FamilyStore.keyOf(event), false)), null, 10, 0), false, true).entities();
      assertEquals(List.of("e1"), page.stream().map(FamilyStore.Kept::key).toList());
      assertNull(page.get(0).rendered(), "written from its columns");
      assertEquals("d1", page.get(0).values().get("deviceId"));
    }
  }
}
