package dev.graphmock.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import dev.graphmock.e2e.PostgresServer;
import dev.graphmock.json.ValueReader;
import dev.graphmock.json.ValueWriter;
import dev.graphmock.model.EdmPrimitive;
import dev.graphmock.model.StructuredType;
import dev.graphmock.model.TypeGraph;
import dev.graphmock.model.ValueType;
import dev.graphmock.odata.GraphModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Values inside JSON columns are compared, ordered and walked in SQL as the columns of their kind are, on a real
 * SQLite file and a real PostgreSQL: the JSON is what {@link ValueWriter} writes of values of the test schema
 * ({@code engine/fleet.xml}: a device's {@code placement} and {@code placements}), so that a query on a complex
 * path or a lambda over a collection can be pushed into SQL (issue 31, "Queries over the new shapes").
 */
class JsonValuesTest {
  private static final JsonFactory JSON = new JsonFactory();
  /** The collation it folds case with plays no part here. */
  private static final Dialect POSTGRES = new PostgresDialect("\"C\"");
  /** id, then the device's placement, then its placements; numbers chosen so that text order is not number order. */
  private static final String[][] ROWS = {
      {"d1", "{\"room\":\"a\",\"address\":{\"city\":\"Oslo\",\"location\":{\"latitude\":10,\"longitude\":1.5}}}",
          "[{\"room\":\"x\"},{\"room\":\"y\",\"capabilities\":[\"wifi\"]}]"},
      {"d2", "{\"room\":\"B\",\"address\":{\"city\":\"Bergen\",\"location\":{\"latitude\":9.5,\"longitude\":2}}}",
          "[{\"room\":\"y\"}]"},
      {"d3", "{\"room\":\"é\",\"address\":{\"city\":null,\"location\":{\"latitude\":-1,\"longitude\":\"INF\"}},"
          + "\"target\":{\"@odata.type\":\"#example.fleet.groupTarget\",\"groupId\":\"g1\"}}", "[]"},
      {"d4", "{\"room\":null}", "[{\"room\":null},{\"room\":\"z\",\"capabilities\":[\"wifi,bluetooth\",\"none\"]}]"},
  };

  @TempDir
  static Path folder;
  private static TypeGraph fleet;
  private static Connection sqlite;
  private static Connection postgres;

  @BeforeAll
  static void store() throws Exception {
    try (InputStream in = JsonValuesTest.class.getResourceAsStream("/engine/fleet.xml")) {
      fleet = GraphModel.typeGraph("fleet", in.readAllBytes());
    }
    sqlite = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("json.db"));
    DatabaseLocation.Postgres location = (DatabaseLocation.Postgres) DatabaseLocation.parse(
        PostgresServer.shared().newDatabaseUrl());
    postgres = DriverManager.getConnection(location.jdbcUrl(), location.user(),
        location.password() == null ? "" : location.password());
    fill(sqlite, SqliteDialect.INSTANCE);
    fill(postgres, POSTGRES);
  }

  @AfterAll
  static void close() throws SQLException {
    sqlite.close();
    postgres.close();
  }

  /** The rows, each value read by the engine's reader and kept as its writer writes it. */
  private static void fill(Connection connection, Dialect dialect) throws Exception {
    try (Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE device (id " + dialect.textType() + " PRIMARY KEY, placement "
          + dialect.jsonType() + ", placements " + dialect.jsonType() + ")");
    }
    String cast = dialect == POSTGRES ? "CAST(? AS JSONB)" : "?";
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO device VALUES (?, " + cast + ", "
        + cast + ")")) {
      for (String[] row : ROWS) {
        insert.setString(1, row[0]);
        insert.setString(2, kept("placement", row[1]));
        insert.setString(3, kept("placements", row[2]));
        insert.executeUpdate();
      }
    }
  }

  private static String kept(String property, String text) throws IOException {
    StructuredType device = fleet.type("example.fleet.device").orElseThrow();
    ValueType type = device.property(property).orElseThrow().type();
    StringWriter out = new StringWriter();
    try (JsonParser in = JSON.createParser(text); JsonGenerator json = JSON.createGenerator(out)) {
      in.nextToken();
      ValueWriter.write(json, type, new ValueReader(fleet).read(in, type, true, property), false);
    } catch (dev.graphmock.json.InvalidEntityException e) {
      throw new IllegalArgumentException(e);
    }
    return out.toString();
  }

  private static Connection connection(String store) {
    return store.equals("sqlite") ? sqlite : postgres;
  }

  private static Dialect dialect(String store) {
    return store.equals("sqlite") ? SqliteDialect.INSTANCE : POSTGRES;
  }

  /** The ids of the rows {@code where} holds for, in the order {@code orderBy} gives (then by id). */
  private static List<String> ids(String store, String where, String orderBy, Object... arguments)
      throws SQLException {
    String sql = "SELECT id FROM device WHERE " + where + " ORDER BY " + (orderBy == null ? "" : orderBy + ", ")
        + "id";
    try (PreparedStatement query = connection(store).prepareStatement(sql)) {
      for (int i = 0; i < arguments.length; i++) {
        query.setObject(i + 1, arguments[i]);
      }
      List<String> ids = new ArrayList<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          ids.add(rows.getString(1));
        }
      }
      return ids;
    }
  }

  private static String value(String store, EdmPrimitive kind, String... path) {
    return dialect(store).jsonValue("placement", List.of(path), kind);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void aComplexPathIsComparedAsItsKind(String store) throws SQLException {
    assertEquals(List.of("d1"), ids(store, value(store, EdmPrimitive.STRING, "address", "city") + " = ?", null,
        "Oslo"));
    assertEquals(List.of("d3"), ids(store, value(store, EdmPrimitive.STRING, "target", "groupId") + " = ?", null,
        "g1"), "a property of a derived complex type");
    assertEquals(List.of("d3", "d4"), ids(store, value(store, EdmPrimitive.STRING, "address", "city") + " IS NULL",
        null), "null, and a path that leads nowhere");
    assertEquals(List.of("d1"), ids(store, value(store, EdmPrimitive.DOUBLE, "address", "location", "latitude")
        + " > ?", null, 9.75), "10 is more than 9.5 (as text it is less)");
    assertEquals(List.of("d3"), ids(store, value(store, EdmPrimitive.DOUBLE, "address", "location", "longitude")
        + " > ?", null, 1.0e308), "INF, which JSON writes as a string, is more than any number");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void aComplexPathOrdersAsItsKind(String store) throws SQLException {
    String present = value(store, EdmPrimitive.DOUBLE, "address", "location", "latitude") + " IS NOT NULL";
    assertEquals(List.of("d3", "d2", "d1"), ids(store, present,
        value(store, EdmPrimitive.DOUBLE, "address", "location", "latitude")));
    assertEquals(List.of("d2", "d1", "d3"), ids(store, value(store, EdmPrimitive.STRING, "room") + " IS NOT NULL",
        value(store, EdmPrimitive.STRING, "room")), "by UTF-8 bytes: B, a, é");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void lambdasWalkACollectionOfComplexValuesAndOneInsideIt(String store) throws SQLException {
    Dialect dialect = dialect(store);
    String any = "EXISTS (SELECT 1 FROM " + dialect.jsonElements("placements", List.of(), "p") + " WHERE "
        + dialect.elementValue("p", List.of("room"), EdmPrimitive.STRING) + " = ?)";
    assertEquals(List.of("d1", "d2"), ids(store, any, null, "y"), "placements/any(p: p/room eq 'y')");
    String all = "NOT EXISTS (SELECT 1 FROM " + dialect.jsonElements("placements", List.of(), "p") + " WHERE NOT ("
        + dialect.elementValue("p", List.of("room"), EdmPrimitive.STRING) + " = ?) OR "
        + dialect.elementValue("p", List.of("room"), EdmPrimitive.STRING) + " IS NULL)";
    assertEquals(List.of("d2", "d3"), ids(store, all, null, "y"), "placements/all(p: p/room eq 'y'), true of []");
    String nested = "EXISTS (SELECT 1 FROM " + dialect.jsonElements("placements", List.of(), "p") + " WHERE EXISTS"
        + " (SELECT 1 FROM " + dialect.jsonElements("p.value", List.of("capabilities"), "c") + " WHERE "
        + dialect.elementValue("c", List.of(), EdmPrimitive.STRING) + " = ?))";
    assertEquals(List.of("d4"), ids(store, nested, null, "wifi,bluetooth"),
        "placements/any(p: p/capabilities/any(c: c eq 'wifi,bluetooth'))");
  }

  @Test
  void onlyANameASchemaCouldDeclareIsWrittenIntoSql() {
    assertEquals("$.address.city", JsonPaths.dotted(List.of("address", "city")));
    assertEquals("{address,city}", JsonPaths.braced(List.of("address", "city")));
    assertEquals("$", JsonPaths.dotted(List.of()));
    for (String name : List.of("", "a'b", "a.b", "1a", "a b", "a}", "é")) {
      assertThrows(IllegalArgumentException.class, () -> JsonPaths.dotted(List.of(name)), name);
    }
  }
}
