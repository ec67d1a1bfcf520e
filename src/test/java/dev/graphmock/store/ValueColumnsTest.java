package dev.graphmock.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import dev.graphmock.e2e.PostgresServer;
import dev.graphmock.json.ValueJsonCodec;
import dev.graphmock.json.ValueReader;
import dev.graphmock.model.EnumDef;
import dev.graphmock.model.Property;
import dev.graphmock.model.StructuredType;
import dev.graphmock.model.TypeGraph;
import dev.graphmock.odata.GraphModel;
import java.io.InputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every kind of value of the test schema ({@code engine/fleet.xml}: its device type has one property of each
 * kind) goes into its columns and comes back as it went, on a real SQLite file and a real PostgreSQL; the first
 * column of each sorts as the value does.
 */
class ValueColumnsTest {
  private static final JsonFactory JSON = new JsonFactory();
  private static final Dialect POSTGRES = new PostgresDialect("\"C\"");
  private static final String FULL = "{\"id\":\"d1\",\"serialNumber\":\"SN-é😀\",\"color\":\"green\","
      + "\"capabilities\":\"wifi,cellular\",\"tags\":[\"a\",\"\"],\"colors\":[\"red\",\"blue\"],"
      + "\"placement\":{\"room\":\"1.01\",\"target\":{\"@odata.type\":\"#example.fleet.groupTarget\",\"groupId\":\"g\"}},"
      + "\"placements\":[{\"room\":\"a\"}],\"guidValue\":\"bf5e4c1c-0b5c-4c1b-9d8f-5c6e0a1b2c3d\","
      + "\"binaryValue\":\"AAEC/w==\",\"dateValue\":\"2024-02-29\",\"timeOfDayValue\":\"13:45:00.1234567\","
      + "\"byteValue\":255,\"sbyteValue\":-128,\"int16Value\":-32768,\"int32Value\":2147483647,"
      + "\"int64Value\":9007199254740993,\"singleValue\":1.5,\"doubleValue\":\"-INF\","
      + "\"decimalValue\":12345678901234567890.123456789,\"booleanValue\":true,"
      + "\"dateTimeOffsetValue\":\"2024-05-31T13:45:00.5+02:00\",\"durationValue\":\"PT1H30M\"}";

  @TempDir
  static Path folder;
  private static TypeGraph fleet;
  private static StructuredType device;
  private static ValueJsonCodec codec;
  private static Connection sqlite;
  private static Connection postgres;

  @BeforeAll
  static void open() throws Exception {
    try (InputStream in = ValueColumnsTest.class.getResourceAsStream("/engine/fleet.xml")) {
      fleet = GraphModel.typeGraph("fleet", in.readAllBytes());
    }
    device = fleet.type("example.fleet.device").orElseThrow();
    codec = new ValueJsonCodec(fleet);
    sqlite = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("columns.db"));
    DatabaseLocation.Postgres location = (DatabaseLocation.Postgres) DatabaseLocation.parse(
        PostgresServer.shared().newDatabaseUrl());
    postgres = DriverManager.getConnection(location.jdbcUrl(), location.user(),
        location.password() == null ? "" : location.password());
    create(sqlite, SqliteDialect.INSTANCE);
    create(postgres, POSTGRES);
  }

  @AfterAll
  static void close() throws SQLException {
    sqlite.close();
    postgres.close();
  }

  private static List<ValueColumns> codecs() {
    return device.properties().stream().map(property -> new ValueColumns(property.name(), property.type(), codec))
        .toList();
  }

  private static void create(Connection connection, Dialect dialect) throws SQLException {
    List<String> columns = new ArrayList<>();
    for (ValueColumns value : codecs()) {
      for (int i = 0; i < value.columns().size(); i++) {
        columns.add("\"" + value.columns().get(i) + "\" " + value.sqlTypes(dialect).get(i));
      }
    }
    try (Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE device (" + String.join(", ", columns) + ")");
    }
  }

  private static Connection connection(String store) {
    return store.equals("sqlite") ? sqlite : postgres;
  }

  private static Dialect dialect(String store) {
    return store.equals("sqlite") ? SqliteDialect.INSTANCE : POSTGRES;
  }

  /** The device's values, read from {@code json} as a body's are. */
  private static Map<String, Object> values(String text) throws Exception {
    Map<String, Object> values = new LinkedHashMap<>();
    ValueReader reader = new ValueReader(fleet);
    try (JsonParser json = JSON.createParser(text)) {
      json.nextToken();
      while (json.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
        String name = json.currentName();
        json.nextToken();
        Property property = device.property(name).orElseThrow();
        values.put(name, reader.read(json, property.type(), property.nullable(), name));
      }
    }
    return values;
  }

  private static void insert(String store, Map<String, Object> values) throws SQLException {
    List<Object> arguments = new ArrayList<>();
    List<String> marks = new ArrayList<>();
    for (ValueColumns value : codecs()) {
      String property = value.columns().get(0);
      for (Object column : value.toColumns(values.get(property), dialect(store))) {
        arguments.add(column);
        boolean json = !(device.property(property).orElseThrow().type()
            instanceof dev.graphmock.model.ValueType.Primitive
            || device.property(property).orElseThrow().type() instanceof dev.graphmock.model.ValueType.Enumeration);
        marks.add(json && store.equals("postgresql") ? "CAST(? AS JSONB)" : "?");
      }
    }
    try (PreparedStatement insert = connection(store).prepareStatement("INSERT INTO device VALUES ("
        + String.join(", ", marks) + ")")) {
      for (int i = 0; i < arguments.size(); i++) {
        insert.setObject(i + 1, arguments.get(i));
      }
      insert.executeUpdate();
    }
  }

  /** Each row's values, read back, as Graph's JSON of each property (so that byte arrays compare by content). */
  private static List<String> rows(String store, String where) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Statement statement = connection(store).createStatement();
         ResultSet row = statement.executeQuery("SELECT * FROM device WHERE " + where + " ORDER BY \"id\"")) {
      while (row.next()) {
        int index = 1;
        List<String> properties = new ArrayList<>();
        for (ValueColumns value : codecs()) {
          String name = value.columns().get(0);
          properties.add(name + "=" + codec.write(device.property(name).orElseThrow().type(), value.read(row, index)));
          index += value.columns().size();
        }
        rows.add(String.join(" ", properties));
      }
    }
    return rows;
  }

  private static String expected(Map<String, Object> values) {
    return device.properties().stream().map(property -> property.name() + "="
        + codec.write(property.type(), values.get(property.name()))).collect(Collectors.joining(" "));
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void everyKindOfValueComesBackAsItWent(String store) throws Exception {
    Map<String, Object> full = values(FULL);
    insert(store, full);
    Map<String, Object> sparse = values("{\"id\":\"d2\",\"color\":\"unknown\",\"capabilities\":\"none\","
        + "\"byteValue\":0,\"sbyteValue\":0,\"int16Value\":0,\"int32Value\":0,\"int64Value\":0,"
        + "\"booleanValue\":false,\"dateTimeOffsetValue\":\"0001-01-01T00:00:00Z\",\"tags\":[],\"placements\":[]}");
    insert(store, sparse);
    assertEquals(List.of(expected(full), expected(sparse)), rows(store, "\"id\" IN ('d1', 'd2')"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void theFirstColumnSortsAsTheValueDoes(String store) throws Exception {
    String[][] rows = {
        {"s1", "\"decimalValue\":10.5,\"timeOfDayValue\":\"09:00:00\",\"dateTimeOffsetValue\":\"2024-01-01T10:00:00+02:00\""},
        {"s2", "\"decimalValue\":9.75,\"timeOfDayValue\":\"10:00:00\",\"dateTimeOffsetValue\":\"2024-01-01T09:00:00Z\""},
        {"s3", "\"decimalValue\":-1,\"timeOfDayValue\":\"08:59:59.9\",\"dateTimeOffsetValue\":\"2024-01-01T08:30:00Z\""},
    };
    for (String[] row : rows) {
      insert(store, values("{\"id\":\"" + row[0] + "\",\"color\":\"red\",\"capabilities\":\"none\",\"byteValue\":0,"
          + "\"sbyteValue\":0,\"int16Value\":0,\"int32Value\":0,\"int64Value\":0,\"booleanValue\":false," + row[1]
          + "}"));
    }
    assertEquals(List.of("s3", "s2", "s1"), ids(store, "decimalValue"), "-1 < 9.75 < 10.5");
    assertEquals(List.of("s3", "s1", "s2"), ids(store, "timeOfDayValue"));
    assertEquals(List.of("s1", "s3", "s2"), ids(store, "dateTimeOffsetValue"), "08:00Z < 08:30Z < 09:00Z");
  }

  private static List<String> ids(String store, String orderBy) throws SQLException {
    List<String> ids = new ArrayList<>();
    try (Statement statement = connection(store).createStatement();
         ResultSet row = statement.executeQuery("SELECT \"id\" FROM device WHERE \"id\" LIKE 's%' ORDER BY \""
             + orderBy + "\"")) {
      while (row.next()) {
        ids.add(row.getString(1));
      }
    }
    return ids;
  }

  @Test
  void aNaNIsKeptByPostgresqlAndRefusedBySqliteRatherThanLost() throws Exception {
    Map<String, Object> values = values("{\"id\":\"n1\",\"color\":\"red\",\"capabilities\":\"none\",\"byteValue\":0,"
        + "\"sbyteValue\":0,\"int16Value\":0,\"int32Value\":0,\"int64Value\":0,\"booleanValue\":false,"
        + "\"dateTimeOffsetValue\":\"2024-01-01T00:00:00Z\",\"doubleValue\":\"NaN\"}");
    insert("postgresql", values);
    assertEquals(List.of(expected(values)), rows("postgresql", "\"id\" = 'n1'"));
    UnstorableValueException refused = assertThrows(UnstorableValueException.class, () -> insert("sqlite", values));
    assertEquals("The value of 'doubleValue' is NaN, which the SQLite store cannot hold (PostgreSQL can).",
        refused.reason());
  }

  @Test
  void flagsAreTheirMembersBitsAndComeBackInTheSchemasOrder() {
    EnumDef capability = fleet.enums().get("example.fleet.capability");
    assertEquals(5L, ValueColumns.memberValue(capability, "cellular,wifi"));
    assertEquals("wifi,cellular", ValueColumns.memberNames(capability, 5L));
    assertEquals("none", ValueColumns.memberNames(capability, 0L));
  }
}
