package dev.graphmock.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graphmock.odata.GraphModel;
import java.io.InputStream;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jdbi's handles on a SQLite file take their prepared statements from the store's per-connection cache (compiling
 * one was more than half of the SQL time of the engine's read by id), and the cache never hands one statement to
 * two uses at once nor closes one a handle is still reading.
 */
class JdbiStatementsTest {
  private static final String SQL = "SELECT value FROM json_each('[1,2,3]') WHERE value >= ? ORDER BY value";

  @TempDir
  Path folder;
  private Database database;

  @BeforeEach
  void open() throws Exception {
    GraphModel model;
    try (InputStream edmx = JdbiStatementsTest.class.getResourceAsStream("/engine/fleet.xml")) {
      model = GraphModel.load("fleet", edmx.readAllBytes(), null);
    }
    database = Database.open(DatabaseLocation.sqlite(folder.resolve("fleet.db")), "fleet", model.typeGraph());
  }

  @AfterEach
  void close() {
    database.close();
  }

  @Test
  void aStatementIsPreparedOnceAndUsedAgainByTheNextRead() {
    PreparedStatement first = statementOf(SQL);
    PreparedStatement second = statementOf(SQL);
    assertSame(first, second, "the reader connection's cached statement");
    assertNotSame(first, statementOf(SQL + " LIMIT 5"), "another SQL text has its own");
  }

  @Test
  void theSameSqlWhileItsFirstResultIsStillOpenGetsAStatementOfItsOwn() {
    List<String> read = database.readHandle(handle -> {
      List<String> pairs = new ArrayList<>();
      Iterator<Integer> outer = handle.createQuery(SQL).bind(0, 1).mapTo(Integer.class).iterator();
      while (outer.hasNext()) {
        int value = outer.next();
        // Run on the one statement, this would reset the outer result mid-way.
        List<Integer> inner = handle.createQuery(SQL).bind(0, value).mapTo(Integer.class).list();
        pairs.add(value + ":" + inner);
      }
      return pairs;
    });
    assertEquals(List.of("1:[1, 2, 3]", "2:[2, 3]", "3:[3]"), read);
    // and the cached one is free again afterwards
    assertSame(statementOf(SQL), statementOf(SQL));
  }

  @Test
  void aStatementPushedOutOfTheCacheWhileInUseIsClosedOnlyWhenGivenBack() {
    List<Integer> read = database.readHandle(handle -> {
      List<Integer> values = new ArrayList<>();
      Iterator<Integer> outer = handle.createQuery(SQL).bind(0, 1).mapTo(Integer.class).iterator();
      values.add(outer.next());
      for (int i = 0; i < 100; i++) {
        // More distinct statements than a connection keeps: the outer one is the least recently used.
        handle.createQuery("SELECT " + i).mapTo(Integer.class).one();
      }
      outer.forEachRemaining(values::add);
      return values;
    });
    assertEquals(List.of(1, 2, 3), read);
  }

  @Test
  void aStatementWithNamedParametersIsGivenBackUnderTheSqlItWasPreparedFrom() {
    // Jdbi prepares "SELECT ? + 1" but gives the statement back with the SQL as written.
    List<Integer> read = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      int value = i;
      read.add(database.readHandle(handle -> handle.createQuery("SELECT :value + 1").bind("value", value)
          .mapTo(Integer.class).one()));
    }
    assertEquals(List.of(1, 2, 3), read);
  }

  @Test
  void aReadOfRowsOnAHandlesConnectionTakesTheSameCachedStatementAndGivesItBack() {
    PreparedStatement cached = statementOf(SQL);
    List<String> read = database.readHandle(handle -> {
      List<String> pairs = new ArrayList<>();
      database.eachRow(handle, SQL, List.of(2L), row -> {
        assertSame(cached, row.getStatement(), "the statement Jdbi's handles use");
        int value = row.getInt(1);
        // the same SQL while its result is open: a statement of its own
        List<Integer> inner = new ArrayList<>();
        database.eachRow(handle, SQL, List.of((long) value), nested -> {
          assertNotSame(cached, nested.getStatement());
          return nested.getInt(1);
        }, inner::add);
        return value + ":" + inner;
      }, pairs::add);
      return pairs;
    });
    assertEquals(List.of("2:[2, 3]", "3:[3]"), read);
    assertSame(cached, statementOf(SQL), "given back, for the next");
    long before = database.statementsRun();
    database.readHandle(handle -> {
      database.eachRow(handle, SQL, List.of(1L), row -> row.getInt(1), value -> { });
      return null;
    });
    assertEquals(before + 1, database.statementsRun(), "counted as a statement run");
  }

  /**
   * The driver finalises a statement whose first step fails with an error (here malformed JSON; a table another
   * process renamed does the same), without calling it closed: kept, every later use of the same SQL on that
   * connection failed with "statement is not executing".
   */
  @Test
  void aStatementAFailedReadLeftUnusableIsForgottenWhicheverWayItRan() {
    String json = "SELECT json(?)";
    PreparedStatement kept = statementOf(json);
    StoreException failure = assertThrows(StoreException.class, () -> database.readHandle(handle -> {
      database.eachRow(handle, json, List.of("not json"), row -> row.getString(1), value -> { });
      return null;
    }));
    assertTrue(failure.getMessage().startsWith("SQL failed"), failure.getMessage());
    PreparedStatement after = statementOf(json);
    assertNotSame(kept, after, "a new one");
    assertSame(after, statementOf(json), "kept in its place");

    assertThrows(StoreException.class, () -> database.readHandle(handle ->
        handle.createQuery(json).bind(0, "not json").mapTo(String.class).list()));
    assertSame(statementOf(json), statementOf(json), "on Jdbi's handle");

    assertThrows(StoreException.class, () -> database.read(connection -> database.withStatement(connection, json,
        statement -> {
          statement.setString(1, "not json");
          try (java.sql.ResultSet rows = statement.executeQuery()) {
            return rows.next();
          }
        })));
    assertEquals("[1]", database.read(connection -> database.withStatement(connection, json, statement -> {
      statement.setString(1, "[1]");
      try (java.sql.ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getString(1);
      }
    })), "the bundled store's own statements");
  }

  private PreparedStatement statementOf(String sql) {
    AtomicReference<PreparedStatement> used = new AtomicReference<>();
    database.readHandle(handle -> handle.createQuery(sql).bind(0, 1).addCustomizer(new StatementCustomizer() {
      @Override
      public void beforeExecution(PreparedStatement statement, StatementContext context) {
        used.set(statement);
      }
    }).mapTo(Integer.class).list());
    return used.get();
  }
}
