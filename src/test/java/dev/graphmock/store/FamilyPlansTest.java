package dev.graphmock.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graphmock.app.Schemas;
import dev.graphmock.model.EnumDef;
import dev.graphmock.model.Property;
import dev.graphmock.model.PropertyKind;
import dev.graphmock.model.StructuredType;
import dev.graphmock.model.TypeGraph;
import dev.graphmock.json.ValueJsonCodec;
import dev.graphmock.model.ValueType;
import dev.graphmock.odata.GraphModel;
import dev.graphmock.query.Expr;
import dev.graphmock.query.Keyset;
import dev.graphmock.query.OrderKey;
import dev.graphmock.query.Query;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The plans SQLite makes for the list shapes callers send to the engine's tables (a filter on an enum or string
 * property, newest first by a date-time, or none), asked with EXPLAIN QUERY PLAN of the very statement {@link
 * FamilyStore#page} runs, its values bound, on a database file opened as the server opens it, with each bundled
 * schema's indexes. The table is empty: the written statistics decide the plan, as they do at a million events, so
 * each filter must seek the index it leads, and take its order from it where the index holds both. Without the
 * statistics SQLite walks the order's index instead (640 ms at a million events on the bundled table).
 */
class FamilyPlansTest {
  private static final String EVENT = "microsoft.graph.deviceManagementAutopilotEvent";
  private static final String PLACE = "deviceManagement/autopilotEvents";
  private static final String INDEX = "ix_deviceManagementAutopilotEvent_";

  @TempDir
  Path folder;

  static Stream<Arguments> shapes() {
    List<Arguments> shapes = new ArrayList<>();
    for (String schema : List.of("seed", "current")) {
      for (String filtered : List.of("enrollmentState", "deploymentState")) {
        // No $orderby: the key's order, which the index on the property alone gives (it ends with the key).
        shapes.add(Arguments.of(schema, filtered, null, INDEX + filtered + " ", false));
      }
      for (String order : List.of("eventDateTime", "enrollmentStartDateTime")) {
        for (String filtered : List.of("enrollmentState", "deploymentState", "userPrincipalName")) {
          shapes.add(Arguments.of(schema, filtered, order, INDEX + filtered + "_" + order, false));
        }
        // The few events of one device are sorted; an index by the other date would walk all of them.
        shapes.add(Arguments.of(schema, "deviceId", order, INDEX + "deviceId_eventDateTime",
            !order.equals("eventDateTime")));
      }
    }
    return shapes.stream();
  }

  @ParameterizedTest(name = "{0}: {1} eq, {2} desc (null: no $orderby)")
  @MethodSource("shapes")
  void aFilterSeeksTheIndexItLeadsAndTakesItsOrderFromIt(String schema, String filtered, String order,
                                                        String index, boolean sorts) throws Exception {
    Path file = folder.resolve(schema + ".db");
    try (Opened opened = open(schema, file)) {
      Expr filter = equalsSome(opened.type(), filtered);
      List<String> plan = plan(file, opened.store().pageStatement(PLACE, "", null, query(opened.type(), filter,
          order)));
      assertTrue((plan.get(0) + " ").startsWith("SEARCH deviceManagementAutopilotEvent USING INDEX " + index.trim()
          // (the events are at one place, under no parent: the index leads with the tenant alone)
          + " (tenant=? AND " + filtered + "=?)"), plan::toString);
      assertEquals(sorts, plan.stream().anyMatch(step -> step.contains("TEMP B-TREE")), plan::toString);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"seed", "current"})
  void aPageInKeyOrderWalksThePrimaryKey(String schema) throws Exception {
    Path file = folder.resolve(schema + "-keys.db");
    try (Opened opened = open(schema, file)) {
      // the list shape, ?$top=100: no filter, in key order, from the first (the events are at one place, under no
      // parent: their primary key is the tenant's and the key)
      List<String> plan = plan(file, opened.store().pageStatement(PLACE, "", null, query(opened.type(), null,
          null)));
      assertEquals(List.of("SEARCH deviceManagementAutopilotEvent USING INDEX"
          + " sqlite_autoindex_deviceManagementAutopilotEvent_1 (tenant=?)"), plan);
    }
  }

  @Test
  void statisticsMeasuredSinceAreReplacedAtTheNextOpen() throws Exception {
    Path file = folder.resolve("analyzed.db");
    open("seed", file).close();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      // Statistics measured on other data: every event of a tenant on one device.
      assertEquals(1, connection.createStatement().executeUpdate("UPDATE sqlite_stat1 SET stat = '1000000 1000000"
          + " 1000000 2 1' WHERE idx = '" + INDEX + "deviceId_eventDateTime'"));
    }
    try (Opened opened = open("seed", file)) {
      List<String> plan = plan(file, opened.store().pageStatement(PLACE, "", null,
          query(opened.type(), equalsSome(opened.type(), "deviceId"), "enrollmentStartDateTime")));
      assertTrue(plan.get(0).contains("INDEX " + INDEX + "deviceId_eventDateTime (tenant=? AND deviceId=?)"),
          plan::toString);
    }
  }

  @Test
  void anUnchangedDatabaseOpensWithoutAWrite() throws Exception {
    Path file = folder.resolve("unchanged.db");
    open("seed", file).close();
    Path wal = folder.resolve("unchanged.db-wal");
    try (Opened opened = open("seed", file)) {
      // The statistics, indexes, counts and triggers are all there: nothing written (a write would be in the
      // write-ahead log until the close), so a full disk still opens.
      assertEquals(0, Files.exists(wal) ? Files.size(wal) : 0);
    }
  }

  private record Opened(Database database, FamilyStore store, StructuredType type) implements AutoCloseable {
    @Override
    public void close() {
      database.close();
    }
  }

  /** The bundled schema's event collection on the engine's tables, with the bundled settings' indexes. */
  private static Opened open(String schema, Path file) throws java.io.IOException {
    GraphModel model = Schemas.load(schema, null);
    TypeGraph graph = model.typeGraph();
    Map<String, List<List<String>>> indexes = model.typeIndexes().isEmpty() ? Map.of(EVENT, model.indexes())
        : model.typeIndexes();
    Database database = Database.open(DatabaseLocation.sqlite(file), schema, graph, indexes);
    return new Opened(database, new FamilyStore(database, graph, new ValueJsonCodec(graph)), graph.type(EVENT).orElseThrow());
  }

  /** {@code property} equals some value of its type. */
  private static Expr equalsSome(StructuredType type, String name) {
    Property property = type.property(name).orElseThrow();
    Expr member = new Expr.Member(type, false, name, List.of(), property.type());
    Expr value = property.type() instanceof ValueType.Enumeration enumeration
        ? enumLiteral(enumeration.type()) : new Expr.Literal("x", PropertyKind.STRING);
    return new Expr.Compare(Expr.Comparison.EQ, member, value);
  }

  private static Expr enumLiteral(EnumDef type) {
    return new Expr.Literal(type.defaultMember(), PropertyKind.ENUM, type);
  }

  /** A page of 51 matching {@code filter}, newest first by {@code order} (null: in the key's order), as a list's. */
  private static Query query(StructuredType type, Expr filter, String order) {
    List<OrderKey> keys = new ArrayList<>();
    if (order != null) {
      keys.add(new OrderKey(new Expr.Member(type, false, order, List.of(), type.property(order).orElseThrow().type()),
          true));
    }
    return new Query("t1", filter, new Keyset(keys, FamilyStore.keyOf(type)).keys(), null, 51, 0);
  }

  /** The plan of {@code statement} with its parameters bound, as the store runs it (bound values may steer it). */
  private static List<String> plan(Path file, FamilyStore.PageStatement statement) throws Exception {
    List<String> steps = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
         PreparedStatement explain = connection.prepareStatement("EXPLAIN QUERY PLAN " + statement.sql())) {
      for (int i = 0; i < statement.pageArguments().size(); i++) {
        explain.setObject(i + 1, statement.pageArguments().get(i));
      }
      try (ResultSet rows = explain.executeQuery()) {
        while (rows.next()) {
          steps.add(rows.getString("detail"));
        }
      }
    }
    return steps;
  }
}
