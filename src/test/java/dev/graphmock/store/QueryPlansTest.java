package dev.graphmock.store;

import dev.graphmock.app.Schemas;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graphmock.model.EntityDef;
import dev.graphmock.model.PropertyDef;
import dev.graphmock.model.PropertyKind;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The plans SQLite makes for the list shapes callers send (a filter on an enum or string property, newest first by
 * a date-time, or none), asked with EXPLAIN QUERY PLAN of the very SQL the store runs, its values bound, on a
 * database file opened as the server opens it, with each bundled schema's indexes. The table is empty: the written statistics decide the plan,
 * as they do at a million events, so each filter must seek the index it leads, and take its order from it where the
 * index holds both. Without the statistics SQLite walks the order's index instead (640 ms at a million events).
 */
class QueryPlansTest {
  private static final String TABLE = "ix_deviceManagementAutopilotEvent_tenant_";

  @TempDir
  Path folder;

  static Stream<Arguments> shapes() {
    List<Arguments> shapes = new ArrayList<>();
    for (String schema : List.of("seed", "current")) {
      for (String filtered : List.of("enrollmentState", "deploymentState")) {
        // No $orderby: the key's order, which the index on the property alone gives (it ends with the key).
        shapes.add(Arguments.of(schema, filtered, null, TABLE + filtered + " ", false));
      }
      for (String order : List.of("eventDateTime", "enrollmentStartDateTime")) {
        // A user of a large fleet has a thousand events and more (the generator's commonest names): indexed by
        // both dates, as the states are.
        for (String filtered : List.of("enrollmentState", "deploymentState", "userPrincipalName")) {
          shapes.add(Arguments.of(schema, filtered, order, TABLE + filtered + "_" + order, false));
        }
        // The few events of one device are sorted; an index by the other date would walk all of them.
        shapes.add(Arguments.of(schema, "deviceId", order, TABLE + "deviceId_eventDateTime",
            !order.equals("eventDateTime")));
      }
    }
    return shapes.stream();
  }

  @ParameterizedTest(name = "{0}: {1} eq, {2} desc (null: no $orderby)")
  @MethodSource("shapes")
  void aFilterSeeksTheIndexItLeadsAndTakesItsOrderFromIt(String schema, String filtered, String order,
                                                        String index, boolean sorts) throws Exception {
    GraphModel model = Schemas.load(schema, null);
    EntityDef entity = model.entity();
    Path file = folder.resolve(schema + ".db");
    try (Database database = Database.open(file, schema, entity, model.indexes())) {
      SqlRenderer sql = new SqlRenderer(new EntityTable(entity), database.dialect());
      PropertyDef property = entity.property(filtered).orElseThrow();
      Expr value = property.enumType() == null ? new Expr.Literal("x", property.kind())
          : new Expr.Literal(property.enumType().defaultMember(), property.kind(), property.enumType());
      Expr filter = new Expr.Compare(Expr.Comparison.EQ, new Expr.Property(property), value);
      List<OrderKey> keys = new Keyset(order == null ? List.of()
          : List.of(new OrderKey(entity.property(order).orElseThrow(), true)),
          entity.property(entity.keyName()).orElseThrow()).keys();
      List<String> plan = plan(file, sql.select(new Query("t1", filter, keys, null, 51, 0), false));
      assertTrue((plan.get(0) + " ").startsWith("SEARCH deviceManagementAutopilotEvent USING INDEX " + index.trim()
          + " (@tenant=? AND " + filtered + "=?)"), plan::toString);
      assertEquals(sorts, plan.stream().anyMatch(step -> step.contains("TEMP B-TREE")), plan::toString);
      List<String> count = plan(file, sql.count("t1", new Expr.Logical(Expr.Connective.AND, filter,
          new Expr.Literal(true, PropertyKind.BOOLEAN))));
      assertTrue(count.get(0).contains(" INDEX " + TABLE + filtered), "a count the kept counts do not hold: "
          + count);
    }
  }

  @Test
  void statisticsMeasuredSinceAreReplacedAtTheNextOpen() throws Exception {
    GraphModel model = Schemas.load("seed", null);
    EntityDef entity = model.entity();
    Path file = folder.resolve("analyzed.db");
    Database.open(file, "seed", entity, model.indexes()).close();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      // Statistics measured on other data: every event of a tenant on one device.
      connection.createStatement().execute("UPDATE sqlite_stat1 SET stat = '1000000 1000000 1000000 2 1' WHERE idx = '"
          + TABLE + "deviceId_eventDateTime'");
    }
    try (Database database = Database.open(file, "seed", entity, model.indexes())) {
      SqlRenderer sql = new SqlRenderer(new EntityTable(entity), database.dialect());
      PropertyDef device = entity.property("deviceId").orElseThrow();
      List<OrderKey> keys = new Keyset(List.of(new OrderKey(entity.property("enrollmentStartDateTime").orElseThrow(),
          true)), entity.property(entity.keyName()).orElseThrow()).keys();
      Expr filter = new Expr.Compare(Expr.Comparison.EQ, new Expr.Property(device),
          new Expr.Literal("x", device.kind()));
      List<String> plan = plan(file, sql.select(new Query("t1", filter, keys, null, 51, 0), false));
      assertTrue(plan.get(0).contains("INDEX " + TABLE + "deviceId_eventDateTime (@tenant=? AND deviceId=?)"),
          plan::toString);
    }
  }

  @Test
  void anUnchangedDatabaseOpensWithoutAWrite() throws Exception {
    GraphModel model = Schemas.load("seed", null);
    Path file = folder.resolve("unchanged.db");
    Database.open(file, "seed", model.entity(), model.indexes()).close();
    Path wal = folder.resolve("unchanged.db-wal");
    try (Database database = Database.open(file, "seed", model.entity(), model.indexes())) {
      // The statistics, indexes, counts and triggers are all there: nothing written (a write would be in the
      // write-ahead log until the close), so a full disk still opens.
      assertEquals(0, Files.exists(wal) ? Files.size(wal) : 0);
    }
  }

  /** The plan of {@code statement} with its parameters bound, as the store runs it (bound values may steer it). */
  private static List<String> plan(Path file, SqlRenderer.Statement statement) throws Exception {
    List<String> steps = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
         PreparedStatement explain = connection.prepareStatement("EXPLAIN QUERY PLAN " + statement.text())) {
      for (int i = 0; i < statement.parameters().size(); i++) {
        explain.setObject(i + 1, statement.parameters().get(i));
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
