package dev.graphmock.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.graphmock.e2e.PostgresServer;
import dev.graphmock.json.ValueJsonCodec;
import dev.graphmock.json.ValueReader;
import dev.graphmock.model.Property;
import dev.graphmock.model.StructuredType;
import dev.graphmock.model.TypeGraph;
import dev.graphmock.odata.GraphModel;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The tables of the test schema's type families ({@code engine/fleet.xml}, which no code names), on Jdbi over a
 * real SQLite file and a real PostgreSQL: entities of an abstract set's derived types kept and read as their own
 * types, contained entities found under their parents only, and deleted with them at any depth.
 */
class FamilyStoreTest {
  private static final JsonFactory JSON = new JsonFactory();
  private static final String PROFILES = "fleet/profiles";
  private static final String ASSIGNMENTS = "fleet/profiles/assignments";
  private static final String RESULTS = "fleet/profiles/assignments/results";
  private static TypeGraph fleet;

  @TempDir
  static Path folder;

  @BeforeAll
  static void read() throws Exception {
    try (InputStream in = FamilyStoreTest.class.getResourceAsStream("/engine/fleet.xml")) {
      fleet = GraphModel.typeGraph("fleet", in.readAllBytes());
    }
  }

  /** The families of the test schema in a new database of {@code kind}, beside today's one table. */
  private static FamilyStore store(String kind) {
    DatabaseLocation location = kind.equals("sqlite") ? DatabaseLocation.sqlite(folder.resolve(System.nanoTime()
        + ".db")) : DatabaseLocation.parse(PostgresServer.shared().newDatabaseUrl());
    Database database = Database.open(location, "fleet", GroupCommitTest.ENTITY, List.of());
    databases.add(database);
    FamilyStore store = new FamilyStore(database, fleet, new ValueJsonCodec(fleet));
    store.createTables();
    store.createTables();
    return store;
  }

  private static final List<Database> databases = new java.util.ArrayList<>();

  @org.junit.jupiter.api.AfterAll
  static void close() {
    databases.forEach(Database::close);
  }

  private static StructuredType type(String name) {
    return fleet.type("example.fleet." + name).orElseThrow();
  }

  /** The values of {@code json} as an entity of {@code type}. */
  private static Map<String, Object> values(StructuredType type, String json) throws Exception {
    Map<String, Object> values = new LinkedHashMap<>();
    ValueReader reader = new ValueReader(fleet);
    try (JsonParser parser = JSON.createParser(json)) {
      parser.nextToken();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        parser.nextToken();
        Property property = type.property(name).orElseThrow();
        values.put(name, reader.read(parser, property.type(), property.nullable(), name));
      }
    }
    return values;
  }

  private static void profile(FamilyStore store, String type, String json) throws Exception {
    store.insert("t", PROFILES, "", type(type), values(type(type), json));
  }

  private static List<String> keys(FamilyStore store, String tenant, String place, String parentKey) {
    return store.list(tenant, place, parentKey).stream().map(FamilyStore.Kept::key).toList();
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void anAbstractSetKeepsEachEntityAsItsOwnType(String kind) throws Exception {
    FamilyStore store = store(kind);
    profile(store, "cloudProfile", "{\"id\":\"p2\",\"displayName\":\"Cloud\",\"createdDateTime\":"
        + "\"2024-01-01T00:00:00Z\",\"region\":\"eu\"}");
    profile(store, "onPremisesProfile", "{\"id\":\"p1\",\"displayName\":\"Domain\",\"createdDateTime\":"
        + "\"2024-01-02T00:00:00Z\",\"domain\":\"corp\",\"skipConnectivityCheck\":true}");
    List<FamilyStore.Kept> kept = store.list("t", PROFILES, "");
    assertEquals(List.of("p1", "p2"), kept.stream().map(FamilyStore.Kept::key).toList());
    assertEquals(type("onPremisesProfile"), kept.get(0).type());
    assertEquals(List.of("id", "displayName", "createdDateTime", "domain", "skipConnectivityCheck", "notes"),
        List.copyOf(kept.get(0).values().keySet()), "its own properties, not its sibling's");
    assertEquals(true, kept.get(0).values().get("skipConnectivityCheck"));
    assertEquals("eu", store.get("t", PROFILES, "", "p2").orElseThrow().values().get("region"));
    assertEquals(List.of(), keys(store, "other", PROFILES, ""), "another tenant's set");
    assertThrows(DuplicateKeyException.class, () -> profile(store, "cloudProfile", "{\"id\":\"p1\","
        + "\"createdDateTime\":\"2024-01-01T00:00:00Z\"}"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void containedEntitiesLiveUnderTheirParentAndGoWithIt(String kind) throws Exception {
    FamilyStore store = store(kind);
    for (String id : List.of("p", "p/x")) {
      profile(store, "cloudProfile", "{\"id\":\"" + id + "\",\"createdDateTime\":\"2024-01-01T00:00:00Z\"}");
      String profileKey = ParentKeys.child("", id);
      // The same assignment key under each profile: two entities.
      store.insert("t", ASSIGNMENTS, profileKey, type("assignment"), values(type("assignment"),
          "{\"id\":\"a1\",\"target\":{\"@odata.type\":\"#example.fleet.groupTarget\",\"groupId\":\"" + id + "\"}}"));
      store.insert("t", RESULTS, ParentKeys.child(profileKey, "a1"), type("result"), values(type("result"),
          "{\"id\":\"r1\",\"succeeded\":true}"));
    }
    assertEquals(List.of("a1"), keys(store, "t", ASSIGNMENTS, "p"));
    assertEquals("p/x", ((dev.graphmock.model.ComplexValue) store.get("t", ASSIGNMENTS, "p%2Fx", "a1").orElseThrow()
        .values().get("target")).values().get("groupId"));
    assertEquals(List.of("r1"), keys(store, "t", RESULTS, "p%2Fx/a1"));

    assertTrue(store.delete("t", PROFILES, "", "p"));
    assertFalse(store.delete("t", PROFILES, "", "p"), "gone");
    assertEquals(List.of(), keys(store, "t", ASSIGNMENTS, "p"), "its assignments went with it");
    assertEquals(List.of(), keys(store, "t", RESULTS, "p/a1"), "and their results");
    assertEquals(List.of("p/x"), keys(store, "t", PROFILES, ""));
    assertEquals(List.of("a1"), keys(store, "t", ASSIGNMENTS, "p%2Fx"), "a key that starts alike is another's");
    assertEquals(List.of("r1"), keys(store, "t", RESULTS, "p%2Fx/a1"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void complexAndCollectionValuesComeBackWhole(String kind) throws Exception {
    FamilyStore store = store(kind);
    String device = "{\"id\":\"d1\",\"color\":\"green\",\"capabilities\":\"wifi,bluetooth\",\"tags\":[\"a\"],"
        + "\"placement\":{\"room\":\"r\",\"address\":{\"location\":{\"latitude\":1.5,\"longitude\":2.5}}},"
        + "\"placements\":[{\"target\":{\"@odata.type\":\"#example.fleet.allDevicesTarget\"}}],\"byteValue\":1,"
        + "\"sbyteValue\":1,\"int16Value\":1,\"int32Value\":1,\"int64Value\":1,\"booleanValue\":false,"
        + "\"dateTimeOffsetValue\":\"2024-01-01T00:00:00Z\"}";
    Map<String, Object> values = values(type("device"), device);
    store.insert("t", "fleet/devices", "", type("device"), values);
    ValueJsonCodec codec = new ValueJsonCodec(fleet);
    Map<String, Object> read = store.get("t", "fleet/devices", "", "d1").orElseThrow().values();
    for (Property property : type("device").properties()) {
      assertEquals(codec.write(property.type(), values.get(property.name())),
          codec.write(property.type(), read.get(property.name())), property.name());
    }
  }

  private static void device(FamilyStore store, String tenant, String id) throws Exception {
    store.insert(tenant, "fleet/devices", "", type("device"), values(type("device"), "{\"id\":\"" + id + "\","
        + "\"color\":\"red\",\"capabilities\":\"none\",\"byteValue\":0,\"sbyteValue\":0,\"int16Value\":0,"
        + "\"int32Value\":0,\"int64Value\":0,\"booleanValue\":false,\"dateTimeOffsetValue\":\"2024-01-01T00:00:00Z\"}"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void aPageStartsAfterTheLastKeyOfTheOneBeforeAndCountsThePlace(String kind) throws Exception {
    FamilyStore store = store(kind);
    for (String id : List.of("d3", "a", "B", "d1", "d2")) {
      device(store, "t", id);
    }
    device(store, "other", "c");
    FamilyStore.Page first = store.page("t", "fleet/devices", "", null, null, 2);
    assertEquals(List.of("B", "a"), first.entities().stream().map(FamilyStore.Kept::key).toList(), "byte order");
    assertEquals(5, first.count());
    FamilyStore.Page second = store.page("t", "fleet/devices", "", null, "a", 2);
    assertEquals(List.of("d1", "d2"), second.entities().stream().map(FamilyStore.Kept::key).toList());
    assertEquals(5, second.count());
    assertEquals(List.of("d3"), store.page("t", "fleet/devices", "", null, "d2", 2).entities().stream()
        .map(FamilyStore.Kept::key).toList());
    assertEquals(0, store.page("t", "fleet/profiles", "", null, null, 2).count(), "another place");
  }

  /**
   * A type held at a place v1.0 serves and at a beta-only one: in v1.0's schema it looks held at one place, but the
   * table was laid out by the whole schema (keyed by place), so v1.0's store still asks for its place, and does not
   * read the beta-only place's rows as its own.
   */
  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void theV1StoreOfATypeAlsoHeldAtABetaOnlyPlaceReadsItsOwnPlaceOnly(String kind) throws Exception {
    String devices = "<NavigationProperty Name=\"devices\" Type=\"Collection(fleet.device)\" ContainsTarget=\"true\" />";
    String edmx;
    try (InputStream in = FamilyStoreTest.class.getResourceAsStream("/engine/fleet.xml")) {
      edmx = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    assertTrue(edmx.contains(devices));
    String binding = "<NavigationPropertyBinding Path=\"devices/site\" Target=\"sites\" />";
    assertTrue(edmx.contains(binding));
    edmx = edmx.replace(devices, devices + "<NavigationProperty Name=\"retiredDevices\""
        + " Type=\"Collection(fleet.device)\" ContainsTarget=\"true\" />").replace(binding, binding
        + "<NavigationPropertyBinding Path=\"profiles/assignedDevices\" Target=\"fleet/devices\" />"
        + "<NavigationPropertyBinding Path=\"retiredDevices/site\" Target=\"sites\" />");
    GraphModel model = GraphModel.load("fleet", edmx.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        "{\"betaOnly\": [\"fleet/retiredDevices\"]}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    TypeGraph v1 = model.withoutCollection().typeGraph();
    DatabaseLocation location = kind.equals("sqlite") ? DatabaseLocation.sqlite(folder.resolve(System.nanoTime()
        + ".db")) : DatabaseLocation.parse(PostgresServer.shared().newDatabaseUrl());
    try (Database database = Database.open(location, "fleet", model.typeGraph(), model.typeIndexes())) {
      FamilyStore beta = new FamilyStore(database, model.typeGraph(), new ValueJsonCodec(model.typeGraph()));
      StructuredType device = model.typeGraph().type("example.fleet.device").orElseThrow();
      for (String place : List.of("fleet/devices", "fleet/retiredDevices")) {
        Map<String, Object> values = dev.graphmock.model.DefaultValues.of(device);
        values.put("id", place.equals("fleet/devices") ? "d1" : "r1");
        beta.insert("t", place, "", device, values);
      }
      FamilyStore v1Store = new FamilyStore(database, v1, new ValueJsonCodec(v1));
      assertEquals(List.of("d1"), v1Store.page("t", "fleet/devices", "", null, null, 10).entities().stream()
          .map(FamilyStore.Kept::key).toList());
      assertEquals(1, v1Store.page("t", "fleet/devices", "", null, null, 10).count());
      assertEquals(List.of("r1"), beta.page("t", "fleet/retiredDevices", "", null, null, 10).entities().stream()
          .map(FamilyStore.Kept::key).toList());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void anUpdateReadsItsChangesAsTheKeptTypeAndWritesOnlyThem(String kind) throws Exception {
    FamilyStore store = store(kind);
    profile(store, "onPremisesProfile", "{\"id\":\"p1\",\"displayName\":\"Domain\",\"createdDateTime\":"
        + "\"2024-01-02T00:00:00Z\",\"domain\":\"corp\",\"skipConnectivityCheck\":true}");
    List<StructuredType> askedFor = new java.util.ArrayList<>();
    FamilyStore.Kept changed = store.update("t", PROFILES, "", "p1", concrete -> {
      askedFor.add(concrete);
      return FamilyStore.Changes.of(values(concrete, "{\"domain\":\"lab\",\"displayName\":null}"));
    }).orElseThrow();
    assertEquals(List.of(type("onPremisesProfile")), askedFor, "the kept type, not the set's abstract one");
    FamilyStore.Kept read = store.get("t", PROFILES, "", "p1").orElseThrow();
    assertEquals(changed, read);
    assertEquals(type("onPremisesProfile"), read.type());
    assertEquals("lab", read.values().get("domain"));
    assertEquals(null, read.values().get("displayName"));
    assertEquals(true, read.values().get("skipConnectivityCheck"), "what the change does not name stays");
    assertEquals(dev.graphmock.model.DateTimeOffsetValue.parse("2024-01-02T00:00:00Z").instant(),
        ((dev.graphmock.model.DateTimeOffsetValue) read.values().get("createdDateTime")).instant());

    askedFor.clear();
    assertTrue(store.update("t", PROFILES, "", "p9", concrete -> {
      askedFor.add(concrete);
      return FamilyStore.Changes.of(Map.of());
    }).isEmpty());
    assertEquals(List.of(), askedFor, "no entity, nothing read");
    assertThrows(java.io.IOException.class, () -> store.update("t", PROFILES, "", "p1", concrete -> {
      throw new java.io.IOException("refused");
    }), "what the reader throws reaches the caller as it was");
    assertThrows(IllegalArgumentException.class, () -> store.update("t", PROFILES, "", "p1",
        concrete -> FamilyStore.Changes.of(Map.of("id", "p2"))));
    assertEquals(read, store.get("t", PROFILES, "", "p1").orElseThrow(), "nothing changed by a refused update");

    device(store, "t", "d1");
    store.update("t", "fleet/devices", "", "d1", concrete -> FamilyStore.Changes.of(values(concrete,
        "{\"placement\":{\"room\":\"r2\"},\"capabilities\":\"wifi,cellular\"}")));
    FamilyStore.Kept device = store.get("t", "fleet/devices", "", "d1").orElseThrow();
    assertEquals("r2", ((dev.graphmock.model.ComplexValue) device.values().get("placement")).values().get("room"));
    assertEquals("red", device.values().get("color").toString(), "an enum not named stays");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void aLinkPointsOnlyAtAnEntityWhereItsNavigationFindsTargets(String kind) throws Exception {
    FamilyStore store = store(kind);
    device(store, "t", "d1");
    profile(store, "cloudProfile", "{\"id\":\"p/1\",\"createdDateTime\":\"2024-01-01T00:00:00Z\"}");
    store.insert("t", "sites", "", type("site"), values(type("site"), "{\"id\":\"s1\"}"));
    store.insert("other", "sites", "", type("site"), values(type("site"), "{\"id\":\"s2\"}"));

    String profileKeys = ParentKeys.child("", "p/1");
    assertTrue(store.link("t", "fleet/devices", "", "d1", "profile", profileKeys));
    assertTrue(store.link("t", "fleet/devices", "", "d1", "site", "s1"), "bound by the container to sites");
    assertEquals(Map.of("profile", profileKeys, "site", "s1"), store.get("t", "fleet/devices", "", "d1")
        .orElseThrow().links());

    assertThrows(MissingTargetException.class, () -> store.link("t", "fleet/devices", "", "d1", "site", "s2"),
        "another tenant's site");
    assertThrows(MissingTargetException.class, () -> store.link("t", "fleet/devices", "", "d1", "profile", "p"));
    assertEquals(Map.of("profile", profileKeys, "site", "s1"), store.get("t", "fleet/devices", "", "d1")
        .orElseThrow().links(), "a refused link changes nothing");

    assertTrue(store.link("t", "fleet/devices", "", "d1", "site", null));
    assertEquals(Map.of("profile", profileKeys), store.get("t", "fleet/devices", "", "d1").orElseThrow().links());
    assertFalse(store.link("t", "fleet/devices", "", "d9", "site", "s1"), "no such device");
    assertEquals(List.of("d1"), store.list("t", "fleet/devices", "").stream().map(FamilyStore.Kept::key).toList());
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void nothingIsKeptUnderAnEntityThatIsNotThere(String kind) throws Exception {
    FamilyStore store = store(kind);
    profile(store, "cloudProfile", "{\"id\":\"p1\",\"createdDateTime\":\"2024-01-01T00:00:00Z\"}");
    store.insert("t", ASSIGNMENTS, "p1", type("assignment"), values(type("assignment"), "{\"id\":\"a1\"}"));
    MissingTargetException missing = assertThrows(MissingTargetException.class, () -> store.insert("t",
        ASSIGNMENTS, "p2", type("assignment"), values(type("assignment"), "{\"id\":\"a1\"}")));
    assertEquals(PROFILES, missing.place());
    assertThrows(MissingTargetException.class, () -> store.insert("other", ASSIGNMENTS, "p1", type("assignment"),
        values(type("assignment"), "{\"id\":\"a1\"}")), "another tenant's profile");
    assertThrows(MissingTargetException.class, () -> store.insert("t", RESULTS, "p1/a2", type("result"),
        values(type("result"), "{\"id\":\"r1\",\"succeeded\":true}")));
    store.insert("t", RESULTS, "p1/a1", type("result"), values(type("result"), "{\"id\":\"r1\",\"succeeded\":true}"));
    assertEquals(List.of("r1"), keys(store, "t", RESULTS, "p1/a1"));
    assertEquals(List.of(), keys(store, "t", ASSIGNMENTS, "p2"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void aDeleteTakesEverythingBelowAKeyOfAnyCharacters(String kind) throws Exception {
    FamilyStore store = store(kind);
    for (String id : List.of("p\uD83D\uDE00", "p\uD83D\uDE00x", "pé", "p")) {
      profile(store, "cloudProfile", "{\"id\":\"" + id + "\",\"createdDateTime\":\"2024-01-01T00:00:00Z\"}");
      String profileKey = ParentKeys.child("", id);
      store.insert("t", ASSIGNMENTS, profileKey, type("assignment"), values(type("assignment"), "{\"id\":\"a1\"}"));
      store.insert("t", RESULTS, ParentKeys.child(profileKey, "a1"), type("result"), values(type("result"),
          "{\"id\":\"r1\",\"succeeded\":true}"));
    }
    assertTrue(store.delete("t", PROFILES, "", "p\uD83D\uDE00"));
    assertEquals(List.of(), keys(store, "t", RESULTS, "p\uD83D\uDE00/a1"), "the grandchildren went too");
    assertEquals(List.of(), keys(store, "t", ASSIGNMENTS, "p\uD83D\uDE00"));
    for (String other : List.of("p\uD83D\uDE00x", "pé", "p")) {
      assertEquals(List.of("r1"), keys(store, "t", RESULTS, ParentKeys.child(other, "a1")), other);
    }
    assertTrue(store.delete("t", PROFILES, "", "p"));
    assertEquals(List.of("r1"), keys(store, "t", RESULTS, "pé/a1"), "a key that starts alike is another's");
  }

  /** A table of a family's name that graphmock did not make is refused before anything in it is used or emptied. */
  @org.junit.jupiter.api.Test
  void aForeignTableOfAFamilysNameIsRefusedOnPostgres() throws Exception {
    String url = PostgresServer.shared().newDatabaseUrl();
    DatabaseLocation.Postgres location = (DatabaseLocation.Postgres) DatabaseLocation.parse(url);
    try (java.sql.Connection connection = java.sql.DriverManager.getConnection(location.jdbcUrl(), location.user(),
        location.password() == null ? "" : location.password());
         java.sql.Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE site (x INTEGER)");
      statement.execute("INSERT INTO site VALUES (1), (2)");
      DatabaseOpenException refused = assertThrows(DatabaseOpenException.class,
          () -> Database.open(location, "fleet", fleet));
      assertTrue(refused.getMessage().contains("has a table site that graphmock did not make"), refused::getMessage);
      try (java.sql.ResultSet rows = statement.executeQuery("SELECT count(*) FROM site")) {
        rows.next();
        assertEquals(2, rows.getInt(1), "untouched");
      }
    }
  }

  /** On PostgreSQL, a delete and creates under the same parent at once leave nothing under a parent that is gone. */
  @org.junit.jupiter.api.Test
  void concurrentCreatesUnderAParentThatIsDeletedLeaveNoOrphans() throws Exception {
    FamilyStore store = store("postgresql");
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(5);
    try {
      for (int round = 0; round < 20; round++) {
        String id = "p" + round;
        profile(store, "cloudProfile", "{\"id\":\"" + id + "\",\"createdDateTime\":\"2024-01-01T00:00:00Z\"}");
        List<java.util.concurrent.Future<?>> work = new java.util.ArrayList<>();
        for (int a = 0; a < 4; a++) {
          String assignment = "a" + a;
          work.add(pool.submit(() -> {
            try {
              store.insert("t", ASSIGNMENTS, id, type("assignment"), values(type("assignment"), "{\"id\":\""
                  + assignment + "\"}"));
            } catch (MissingTargetException gone) {
              // The delete came first.
            }
            return null;
          }));
        }
        work.add(pool.submit(() -> store.delete("t", PROFILES, "", id)));
        for (var each : work) {
          each.get();
        }
        assertEquals(List.of(), keys(store, "t", ASSIGNMENTS, id), "round " + round);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @org.junit.jupiter.api.Test
  void aKeyComesBackFromItsEncodedForm() {
    for (String key : List.of("p", "p/x", "100%", "%2F", "a%25/b", "")) {
      String keys = ParentKeys.child("outer", key);
      assertEquals("outer", keys.substring(0, ParentKeys.lastSeparator(keys)));
      assertEquals(key, ParentKeys.decode(keys.substring(ParentKeys.lastSeparator(keys) + 1)));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void itsWritesJoinTheUnitOfWorkOfABatchAndGoWithIt(String kind) throws Exception {
    FamilyStore store = store(kind);
    Database database = databases.get(databases.size() - 1);
    device(store, "t", "d0");
    boolean kept = database.inUnitOfWork(() -> {
      try {
        device(store, "t", "d1");
        store.update("t", "fleet/devices", "", "d0", concrete -> FamilyStore.Changes.of(values(concrete,
            "{\"serialNumber\":\"S\"}")));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      assertEquals(List.of("d0", "d1"), keys(store, "t", "fleet/devices", ""), "seen inside the unit of work");
      return false;
    }, keep -> keep);
    assertFalse(kept);
    assertEquals(List.of("d0"), keys(store, "t", "fleet/devices", ""), "a change set that failed left nothing");
    assertEquals(null, store.get("t", "fleet/devices", "", "d0").orElseThrow().values().get("serialNumber"));
    database.inUnitOfWork(() -> {
      assertTrue(store.delete("t", "fleet/devices", "", "d0"));
      return true;
    }, keep -> keep);
    assertEquals(List.of(), keys(store, "t", "fleet/devices", ""), "one that succeeded, all");
  }
}
