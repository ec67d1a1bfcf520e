package dev.graphmock.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Predicate;

/**
 * The store's transactions on a JDBC connection: begun by turning auto-commit off, committed if the work returns
 * (and its result is to be kept), rolled back if it throws, and auto-commit turned back on either way, so that a
 * pooled connection goes back as it came. A failed rollback is added to what the work threw, never put in its
 * place.
 *
 * <p>This is all the store needed of Jdbi, which it used before: its statements were always plain JDBC, and a
 * {@code Jdbi} made the whole of its mapper, argument and collector configuration when created (about 300 ms of
 * CPU in a cold JVM, a tenth of a {@code java -jar} start).
 */
final class Transaction {
  private Transaction() {
  }

  /** Work on the connection of a read or a write; its SQL goes through {@link Database#withStatement}. */
  @FunctionalInterface
  interface Work<R> {
    R run(Connection connection);
  }

  /** Runs {@code work} in a transaction of its own on {@code connection} and commits it. */
  static <R> R run(Connection connection, Work<R> work) throws SQLException {
    return run(connection, work, result -> true);
  }

  /** Runs {@code work} in a transaction, committed if {@code keep} accepts its result, else rolled back. */
  static <R> R run(Connection connection, Work<R> work, Predicate<? super R> keep) throws SQLException {
    connection.setAutoCommit(false);
    R result;
    try {
      result = work.run(connection);
      if (keep.test(result)) {
        connection.commit();
      } else {
        connection.rollback();
      }
    } catch (Throwable failure) {
      try {
        connection.rollback();
      } catch (SQLException | RuntimeException lost) {
        // The connection is gone, and its transaction with it: nothing was committed.
        failure.addSuppressed(lost);
      }
      restoreAutoCommit(connection, failure);
      throw failure;
    }
    connection.setAutoCommit(true);
    return result;
  }

  private static void restoreAutoCommit(Connection connection, Throwable failure) {
    try {
      connection.setAutoCommit(true);
    } catch (SQLException | RuntimeException lost) {
      failure.addSuppressed(lost);
    }
  }
}
