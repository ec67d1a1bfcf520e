package dev.graphmock.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.graphmock.e2e.PostgresServer;
import dev.graphmock.json.PropertyRendering;
import dev.graphmock.json.ValueJsonCodec;
import dev.graphmock.json.ValueReader;
import dev.graphmock.model.Property;
import dev.graphmock.model.StructuredType;
import dev.graphmock.model.TypeGraph;
import dev.graphmock.odata.GraphModel;
import dev.graphmock.query.OrderKey;
import dev.graphmock.query.Query;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each entity the engine keeps carries the rendering of its properties that a page copies instead of reading its
 * columns (issue 31, step 7): made from the values as a read of its columns gives them back, made again by an
 * update, and absent (the entity written from its columns) in a table made before renderings were kept, which
 * gets their column when it opens. On a real SQLite file and a real PostgreSQL.
 */
class FamilyRenderingsTest {
  private static final String DEVICES = "fleet/devices";
  /** Every kind of value, several as a read does not give them back as sent. */
  private static final String DEVICE = "{\"id\":\"d1\",\"serialNumber\":\"S\\u00e9-\\\"1\\\"\",\"color\":\"green\","
      + "\"capabilities\":\"cellular,wifi\",\"tags\":[\"a\",\"b\"],\"colors\":[\"blue\"],"
      + "\"placement\":{\"room\":\"r\",\"address\":{\"city\":\"Oslo\",\"location\":{\"latitude\":1.5,"
      + "\"longitude\":-2.25}},\"target\":{\"@odata.type\":\"#example.fleet.groupTarget\",\"groupId\":\"g\"},"
      + "\"capabilities\":[\"bluetooth,wifi\"]},\"placements\":[{\"room\":\"x\"}],"
      + "\"guidValue\":\"0A1B2C3D-4E5F-6071-8293-A4B5C6D7E8F9\",\"binaryValue\":\"AQID\",\"dateValue\":\"2024-02-29\","
      + "\"timeOfDayValue\":\"13:14:15.1234567\",\"byteValue\":255,\"sbyteValue\":-128,\"int16Value\":-32768,"
      + "\"int32Value\":2147483647,\"int64Value\":-9007199254740993,\"singleValue\":0.1,\"doubleValue\":1e300,"
      + "\"decimalValue\":12.50,\"booleanValue\":true,\"dateTimeOffsetValue\":\"2024-01-01T01:02:03.1234567+02:00\","
      + "\"durationValue\":\"PT90M0.5S\"}";

  private static TypeGraph fleet;
  private static StructuredType device;
  private final PropertyRendering rendering = new PropertyRendering();

  @TempDir
  Path folder;

  @BeforeAll
  static void read() throws Exception {
    try (InputStream in = FamilyRenderingsTest.class.getResourceAsStream("/engine/fleet.xml")) {
      fleet = GraphModel.typeGraph("fleet", in.readAllBytes());
    }
    device = fleet.type("example.fleet.device").orElseThrow();
  }

  private DatabaseLocation location(String kind) {
    return kind.equals("sqlite") ? DatabaseLocation.sqlite(folder.resolve("fleet.db"))
        : DatabaseLocation.parse(PostgresServer.shared().newDatabaseUrl());
  }

  private static Map<String, Object> values(String json) throws Exception {
    Map<String, Object> values = new LinkedHashMap<>();
    ValueReader reader = new ValueReader(fleet);
    try (JsonParser parser = new JsonFactory().createParser(json)) {
      parser.nextToken();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        Property property = device.property(parser.currentName()).orElseThrow();
        parser.nextToken();
        values.put(property.name(), reader.read(parser, property.type(), property.nullable(), property.name()));
      }
    }
    for (Property property : device.properties()) {
      values.putIfAbsent(property.name(), property.type() instanceof dev.graphmock.model.ValueType.Collection
          ? List.of() : null);
    }
    return values;
  }

  /** A store keeping renderings in {@code database}, holding the device {@link #DEVICE}. */
  private FamilyStore storeWithDevice(Database database) throws Exception {
    FamilyStore store = new FamilyStore(database, fleet, new ValueJsonCodec(fleet), rendering);
    store.insert("t", DEVICES, "", device, values(DEVICE));
    return store;
  }

  private static FamilyStore.Kept first(FamilyStore store, boolean rendered) {
    return store.page(DEVICES, "", null, new Query("t", null, List.of(new OrderKey(FamilyStore.keyOf(device),
        false)), null, 10, 0), false, rendered).entities().get(0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void aRenderingSaysWhatAReadOfTheColumnsSaysAndAnUpdateMakesItAgain(String kind) throws Exception {
    try (Database database = Database.open(location(kind), "fleet", fleet)) {
      FamilyStore store = storeWithDevice(database);

      FamilyStore.Kept rendered = first(store, true);
      FamilyStore.Kept read = first(store, false);
      assertNull(read.rendered(), "handed over only when asked for");
      assertNotNull(rendered.rendered());
      assertEquals(Map.of("id", "d1"), rendered.values(), "its key only: the other columns are not read");
      assertEquals(new String(rendering.render(device, read.values()), StandardCharsets.UTF_8),
          new String(rendered.rendered(), StandardCharsets.UTF_8));

      store.update("t", DEVICES, "", "d1", type -> FamilyStore.Changes.of(Map.of("serialNumber", "S2",
          "durationValue", java.time.Duration.ofMinutes(61))));
      FamilyStore.Kept changed = first(store, false);
      assertEquals("S2", changed.values().get("serialNumber"));
      assertEquals(new String(rendering.render(device, changed.values()), StandardCharsets.UTF_8),
          new String(first(store, true).rendered(), StandardCharsets.UTF_8), "made again from the whole entity");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void anUpdateOfAPropertyByAWriterThatDoesNotKnowRenderingsForgetsTheRendering(String kind) throws Exception {
    try (Database database = Database.open(location(kind), "fleet", fleet)) {
      FamilyStore store = storeWithDevice(database);
      // as an older graphmock sharing the database writes: the columns alone
      database.writeHandle(handle -> handle.execute("UPDATE \"device\" SET \"serialNumber\" = 'older'"));
      FamilyStore.Kept after = first(store, true);
      assertNull(after.rendered(), "forgotten");
      assertEquals("older", after.values().get("serialNumber"));
      // a change of a link alone keeps it
      store.update("t", DEVICES, "", "d1", type -> FamilyStore.Changes.of(Map.of("serialNumber", "S3")));
      database.writeHandle(handle -> handle.execute("UPDATE \"device\" SET \"profile@id\" = NULL"));
      assertNotNull(first(store, true).rendered());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void aPageWithARowWhoseRenderingIsNotCurrentIsReadAgainWholeInOneMoreStatement(String kind) throws Exception {
    try (Database database = Database.open(location(kind), "fleet", fleet)) {
      FamilyStore store = new FamilyStore(database, fleet, new ValueJsonCodec(fleet), rendering);
      StructuredType cloud = fleet.type("example.fleet.cloudProfile").orElseThrow();
      StructuredType onPremises = fleet.type("example.fleet.onPremisesProfile").orElseThrow();
      store.insert("t", "fleet/profiles", "", cloud, Map.of("id", "p1", "createdDateTime",
          dev.graphmock.model.DateTimeOffsetValue.parse("2024-01-01T00:00:00Z")));
      Map<String, Object> second = new LinkedHashMap<>(Map.of("id", "p2", "createdDateTime",
          dev.graphmock.model.DateTimeOffsetValue.parse("2024-01-01T00:00:00Z"), "domain", "corp"));
      second.put("skipConnectivityCheck", true);
      store.insert("t", "fleet/profiles", "", onPremises, second);
      store.insert("t", "sites", "", fleet.type("example.fleet.site").orElseThrow(), Map.of("id", "s1"));
      store.insert("t", DEVICES, "", device, values(DEVICE), Map.of("profile", FamilyStore.parentKey(List.of("p1"))));
      store.insert("t", DEVICES, "", device, values(DEVICE.replace("\"d1\"", "\"d2\"")),
          Map.of("profile", FamilyStore.parentKey(List.of("p2"))));
      store.insert("t", DEVICES, "", device, values(DEVICE.replace("\"d1\"", "\"d3\"")),
          Map.of("site", FamilyStore.parentKey(List.of("s1"))));
      // as rows an earlier release kept, or a writer that does not know renderings changed
      database.writeHandle(handle -> handle.execute("UPDATE \"device\" SET \"@rendering\" = NULL WHERE \"id\" = 'd2'"));
      database.writeHandle(handle -> handle.execute("UPDATE \"profile\" SET \"@rendering\" = NULL WHERE \"id\" = 'p2'"));
      List<Map<String, String>> links = List.of(Map.of("profile", FamilyStore.parentKey(List.of("p1"))),
          Map.of("profile", FamilyStore.parentKey(List.of("p2"))), Map.of("site", FamilyStore.parentKey(List.of("s1"))));

      long before = database.statementsRun();
      FamilyStore.Page page = store.page(DEVICES, "", null, new Query("t", null, List.of(new OrderKey(
          FamilyStore.keyOf(device), false)), null, 10, 0), false, true);
      assertEquals(before + 2, database.statementsRun(), "the renderings, then the page again whole");
      assertEquals(List.of("d1", "d2", "d3"), page.entities().stream().map(FamilyStore.Kept::key).toList());
      assertEquals(List.of(List.of("d1"), List.of("d2"), List.of("d3")), page.positions());
      assertEquals(java.util.Arrays.asList(null, null, null), page.entities().stream().map(FamilyStore.Kept::rendered)
          .toList(), "one statement's rows, each with its values");
      assertEquals(values(DEVICE.replace("\"d1\"", "\"d2\"")).get("placement"),
          page.entities().get(1).values().get("placement"), "read from its columns");
      assertEquals(links, page.entities().stream().map(FamilyStore.Kept::links).toList());

      before = database.statementsRun();
      FamilyStore.Page rest = store.page(DEVICES, "", null, new Query("t", null, List.of(new OrderKey(
          FamilyStore.keyOf(device), false)), List.of("d2"), 10, 0), false, true);
      assertEquals(before + 1, database.statementsRun(), "no more statement when every rendering is current");
      assertNotNull(rest.entities().get(0).rendered());
      assertEquals(List.of(links.get(2)), rest.entities().stream().map(FamilyStore.Kept::links).toList(),
          "the family's second link column, read beside the rendering");

      FamilyStore.Page profiles = store.page("fleet/profiles", "", null, new Query("t", null, List.of(new OrderKey(
          FamilyStore.keyOf(cloud), false)), null, 10, 0), false, true);
      assertEquals(List.of(cloud, onPremises), profiles.entities().stream().map(FamilyStore.Kept::type).toList());
      assertEquals("corp", profiles.entities().get(1).values().get("domain"));

      FamilyStore.Kept read = store.get("t", DEVICES, "", "d2", true).orElseThrow();
      assertNull(read.rendered());
      assertEquals("green", read.values().get("color"));
      assertEquals(links.get(1), read.links());
      FamilyStore.Kept third = store.get("t", DEVICES, "", "d3", true).orElseThrow();
      assertNotNull(third.rendered());
      assertEquals(links.get(2), third.links());
    }
  }

  @Test
  void concurrentUpdatesOfOneEntityOnPostgresEachRenderTheOthersChange() throws Exception {
    try (Database database = Database.open(location("postgresql"), "fleet", fleet)) {
      FamilyStore store = storeWithDevice(database);
      java.util.concurrent.CountDownLatch firstWrote = new java.util.concurrent.CountDownLatch(1);
      java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
      java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
      try {
        java.util.concurrent.Future<Boolean> first = threads.submit(() -> database.inUnitOfWork(() -> {
          store.update("t", DEVICES, "", "d1", type -> FamilyStore.Changes.of(Map.of("serialNumber", "A")));
          firstWrote.countDown();
          try {
            return release.await(10, java.util.concurrent.TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
          }
        }, kept -> true));
        assertTrue(firstWrote.await(10, java.util.concurrent.TimeUnit.SECONDS), "the first update ran");
        // The second reads the entity while the first has not committed, then writes once it has.
        java.util.concurrent.Future<?> second = threads.submit(() -> store.update("t", DEVICES, "", "d1",
            type -> FamilyStore.Changes.of(Map.of("color", "blue"))));
        Thread.sleep(300);
        release.countDown();
        assertTrue(first.get(20, java.util.concurrent.TimeUnit.SECONDS), "the first was held until released");
        second.get(20, java.util.concurrent.TimeUnit.SECONDS);
      } finally {
        threads.shutdownNow();
      }
      FamilyStore.Kept read = first(store, false);
      assertEquals(List.of("A", "blue"), List.of(read.values().get("serialNumber"), read.values().get("color")));
      assertEquals(new String(rendering.render(device, read.values()), StandardCharsets.UTF_8),
          new String(first(store, true).rendered(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void aTableMadeBeforeRenderingsGetsTheirColumnAndItsRowsAreReadFromTheirColumns() throws Exception {
    DatabaseLocation location = location("sqlite");
    try (Database database = Database.open(location, "fleet", fleet)) {
      new FamilyStore(database, fleet, new ValueJsonCodec(fleet)).insert("t", DEVICES, "", device, values(DEVICE));
    }
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("fleet.db"));
         Statement statement = connection.createStatement()) {
      // as a database made before renderings: neither their column nor its trigger
      statement.execute("DROP TRIGGER \"device rendering\"");
      statement.execute("ALTER TABLE \"device\" DROP COLUMN \"@rendering\"");
    }
    try (Database database = Database.open(location, "fleet", fleet)) {
      FamilyStore store = new FamilyStore(database, fleet, new ValueJsonCodec(fleet), rendering);
      FamilyStore.Kept old = first(store, true);
      assertNull(old.rendered(), "a row kept without one");
      assertEquals("d1", old.values().get("id"));
      assertEquals("green", old.values().get("color"), "written from its columns");
      store.insert("t", DEVICES, "", device, values(DEVICE.replace("\"d1\"", "\"d2\"")));
      assertArrayEquals(rendering.render(device, store.get("t", DEVICES, "", "d2").orElseThrow().values()),
          store.page(DEVICES, "", null, new Query("t", null, List.of(new OrderKey(FamilyStore.keyOf(device),
              true)), null, 1, 0), false, true).entities().get(0).rendered());
    }
  }
}
