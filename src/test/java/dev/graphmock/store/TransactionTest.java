package dev.graphmock.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's transactions on a real SQLite file, as a second connection sees them: what a work that returns wrote
 * is committed, what one that throws or that its caller does not keep is not, and either way the connection is left
 * in auto-commit, as a pooled connection must go back.
 */
class TransactionTest {
  @TempDir
  Path folder;

  private Connection open() throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("t.db"));
  }

  private static void insert(Connection connection, int value) {
    try (Statement statement = connection.createStatement()) {
      statement.executeUpdate("INSERT INTO t VALUES (" + value + ")");
    } catch (SQLException e) {
      throw new StoreException("insert failed", e);
    }
  }

  private static void execute(Connection connection, String... statements) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  /** The connection is usable as before: the next transaction commits on its own, leaving {@code total} rows. */
  private void assertTheNextTransactionCommits(Connection connection, Connection other, long total) throws Exception {
    Transaction.run(connection, c -> {
      insert(c, 0);
      return null;
    });
    assertEquals(total, rows(other));
  }

  private long rows(Connection other) throws SQLException {
    try (Statement statement = other.createStatement();
         var result = statement.executeQuery("SELECT count(*) FROM t")) {
      result.next();
      return result.getLong(1);
    }
  }

  @Test
  void aWorkThatReturnsIsCommittedAndItsResultReturned() throws Exception {
    try (Connection connection = open(); Connection other = open()) {
      execute(connection, "CREATE TABLE t (x)");
      String result = Transaction.run(connection, c -> {
        insert(c, 1);
        insert(c, 2);
        return "done";
      });
      assertEquals("done", result);
      assertEquals(2, rows(other));
      assertTrue(connection.getAutoCommit());
    }
  }

  @Test
  void aWorkThatThrowsIsRolledBackWhole() throws Exception {
    try (Connection connection = open(); Connection other = open()) {
      execute(connection, "CREATE TABLE t (x)");
      IllegalStateException thrown = new IllegalStateException("refused");
      IllegalStateException caught = assertThrows(IllegalStateException.class, () -> Transaction.run(connection, c -> {
        insert(c, 1);
        throw thrown;
      }));
      assertSame(thrown, caught);
      assertEquals(0, caught.getSuppressed().length);
      assertEquals(0, rows(other));
      assertTrue(connection.getAutoCommit());
      assertTheNextTransactionCommits(connection, other, 1);
    }
  }

  @Test
  void aResultNotKeptIsRolledBack() throws Exception {
    try (Connection connection = open(); Connection other = open()) {
      execute(connection, "CREATE TABLE t (x)");
      Integer result = Transaction.run(connection, c -> {
        insert(c, 1);
        return 412;
      }, status -> status < 400);
      assertEquals(412, result);
      assertEquals(0, rows(other));
      assertTrue(connection.getAutoCommit());
      Transaction.run(connection, c -> {
        insert(c, 2);
        return 200;
      }, status -> status < 400);
      assertEquals(1, rows(other));
    }
  }

  @Test
  void aFailedRollbackIsAddedToTheWorksFailureNotPutInItsPlace() throws Exception {
    Connection connection = open();
    execute(connection, "CREATE TABLE t (x)");
    IllegalStateException thrown = new IllegalStateException("the work failed");
    IllegalStateException caught = assertThrows(IllegalStateException.class, () -> Transaction.run(connection, c -> {
      insert(c, 1);
      try {
        c.close();
      } catch (SQLException e) {
        throw new AssertionError(e);
      }
      throw thrown;
    }));
    assertSame(thrown, caught);
    // the rollback's failure and the restore's, both on the closed connection
    assertEquals(2, caught.getSuppressed().length);
    assertTrue(caught.getSuppressed()[0] instanceof SQLException);
    assertTrue(caught.getSuppressed()[1] instanceof SQLException);
  }

  @Test
  void aCommitThatFailsIsReportedAndLeavesNothing() throws Exception {
    try (Connection connection = open(); Connection other = open()) {
      // A deferred foreign key is checked at the commit, which then fails.
      execute(connection, "CREATE TABLE t (x)", "PRAGMA foreign_keys = ON",
          "CREATE TABLE parent (id INTEGER PRIMARY KEY)",
          "CREATE TABLE child (p INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)");
      SQLException failure = assertThrows(SQLException.class, () -> Transaction.run(connection, c -> {
        insert(c, 1);
        try (Statement statement = c.createStatement()) {
          statement.executeUpdate("INSERT INTO child VALUES (42)");
        } catch (SQLException e) {
          throw new AssertionError(e);
        }
        return null;
      }));
      assertTrue(failure.getMessage().contains("FOREIGN KEY"), failure.getMessage());
      assertEquals(0, rows(other));
      assertTrue(connection.getAutoCommit());
      // No transaction was left open (auto-commit alone cannot tell).
      assertTheNextTransactionCommits(connection, other, 1);
    }
  }

  @Test
  void anErrorIsRolledBackToo() throws Exception {
    try (Connection connection = open(); Connection other = open()) {
      execute(connection, "CREATE TABLE t (x)");
      StackOverflowError thrown = new StackOverflowError("deep");
      StackOverflowError caught = assertThrows(StackOverflowError.class, () -> Transaction.run(connection, c -> {
        insert(c, 1);
        throw thrown;
      }));
      assertSame(thrown, caught);
      assertEquals(0, rows(other));
      assertTrue(connection.getAutoCommit());
    }
  }

  /** A transaction inside another would commit the outer one's writes with its own: refused, and the outer goes on. */
  @Test
  void aTransactionInsideAnotherIsRefused() throws Exception {
    try (Connection connection = open(); Connection other = open()) {
      execute(connection, "CREATE TABLE t (x)");
      IllegalStateException refused = assertThrows(IllegalStateException.class, () -> Transaction.run(connection, c -> {
        insert(c, 1);
        try {
          return Transaction.run(c, inner -> {
            insert(inner, 2);
            return null;
          });
        } catch (SQLException e) {
          throw new AssertionError(e);
        }
      }));
      assertEquals("a transaction is already open on this connection", refused.getMessage());
      assertEquals(0, rows(other), "neither the outer write nor the inner one is committed");
      assertTrue(connection.getAutoCommit());
    }
  }

  /**
   * A BEGIN that fails (here: a transaction the driver does not know of, begun behind its back) leaves the
   * connection in auto-commit, so that the next caller is not told it is inside a transaction that never began.
   */
  @Test
  void aBeginThatFailsLeavesAutoCommitOn() throws Exception {
    try (Connection connection = open(); Connection other = open()) {
      execute(connection, "CREATE TABLE t (x)", "BEGIN");
      assertThrows(SQLException.class, () -> Transaction.run(connection, c -> null));
      assertTrue(connection.getAutoCommit());
      assertTheNextTransactionCommits(connection, other, 1);
    }
  }

  /** A unit of work inside another on one thread is refused, and the outer one's writes are not committed apart. */
  @Test
  void aUnitOfWorkInsideAnotherIsRefused() {
    try (Database database = Database.open(folder.resolve("u.db"), "test", GroupCommitTest.ENTITY, List.of())) {
      EntityStore store = new EntityStore(database, GroupCommitTest.ENTITY);
      IllegalStateException refused = assertThrows(IllegalStateException.class, () -> database.inUnitOfWork(() -> {
        store.insert("t", GroupCommitTest.row("outer", 1));
        return database.inUnitOfWork(() -> store.insert("t", GroupCommitTest.row("inner", 2)), done -> true);
      }, done -> true));
      assertEquals("a unit of work is already open on this thread", refused.getMessage());
      assertTrue(store.find("t", "outer").isEmpty());
      assertTrue(store.find("t", "inner").isEmpty());
      // the thread is free for the next one
      database.inUnitOfWork(() -> store.insert("t", GroupCommitTest.row("later", 3)), done -> true);
      assertTrue(store.find("t", "later").isPresent());
    }
  }
}
