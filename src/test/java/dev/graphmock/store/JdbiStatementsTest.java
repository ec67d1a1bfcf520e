package dev.graphmock.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

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
