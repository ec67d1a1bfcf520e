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
      connection.createStatement().execute("CREATE TABLE t (x)");
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
      connection.createStatement().execute("CREATE TABLE t (x)");
      IllegalStateException thrown = new IllegalStateException("refused");
      IllegalStateException caught = assertThrows(IllegalStateException.class, () -> Transaction.run(connection, c -> {
        insert(c, 1);
        throw thrown;
      }));
      assertSame(thrown, caught);
      assertEquals(0, caught.getSuppressed().length);
      assertEquals(0, rows(other));
      assertTrue(connection.getAutoCommit());
      // The connection is usable as before: the next transaction commits on its own.
      Transaction.run(connection, c -> {
        insert(c, 3);
        return null;
      });
      assertEquals(1, rows(other));
    }
  }

  @Test
  void aResultNotKeptIsRolledBack() throws Exception {
    try (Connection connection = open(); Connection other = open()) {
      connection.createStatement().execute("CREATE TABLE t (x)");
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
    connection.createStatement().execute("CREATE TABLE t (x)");
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
    assertTrue(caught.getSuppressed().length >= 1, "the rollback's failure is kept beside the work's");
    assertTrue(caught.getSuppressed()[0] instanceof SQLException);
    try (Connection other = open()) {
      assertEquals(0, rows(other));
    }
  }

  @Test
  void aCommitThatFailsIsReportedAndLeavesNothing() throws Exception {
    try (Connection connection = open(); Connection other = open()) {
      connection.createStatement().execute("CREATE TABLE t (x)");
      // A deferred foreign key is checked at the commit, which then fails.
      connection.createStatement().execute("PRAGMA foreign_keys = ON");
      connection.createStatement().execute("CREATE TABLE parent (id INTEGER PRIMARY KEY)");
      connection.createStatement().execute(
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
    }
  }
}
