package dev.graphmock.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Predicate;

/**
 * The store's transactions on a JDBC connection: begun by turning auto-commit off, committed if the work returns
 * (and its result is to be kept), rolled back if it throws or fails to commit, and auto-commit turned back on
 * either way, so that a pooled connection (or SQLite's one writer) is left ready for the next caller. A failed
 * rollback or restore is added to what the work threw, never put in its place. One transaction at a time: a
 * transaction begun inside another would commit the outer one's work with its own, so it is refused.
 *
 * <p>The store keeps its own transactions on Jdbi too: SQLite's one writer commits many callers' writes together
 * ({@link GroupCommit}) and a batch's change set spans many store calls, which Jdbi's per-handle transactions cannot
 * express. Jdbi's handles run inside these ({@link Database#writeHandle}); they begin and end none of their own.
 */
final class Transaction {
  private Transaction() {
  }

  /** Work on the connection of a read or a write; its SQL goes through {@link Database#withStatement}. */
  @FunctionalInterface
  interface Work<R> {
    R run(Connection connection);
  }

  /** Runs {@code work} in a transaction on {@code connection} and commits it. */
  static <R> R run(Connection connection, Work<R> work) throws SQLException {
    return run(connection, work, result -> true);
  }

  /** Runs {@code work} in a transaction, committed if {@code keep} accepts its result, else rolled back. */
  static <R> R run(Connection connection, Work<R> work, Predicate<? super R> keep) throws SQLException {
    if (!connection.getAutoCommit()) {
      throw new IllegalStateException("a transaction is already open on this connection");
    }
    try {
      connection.setAutoCommit(false);
    } catch (SQLException | RuntimeException failure) {
      // SQLite's driver counts the transaction as begun before its BEGIN runs; if that failed, the connection must
      // not be left believing it is inside one.
      undo(connection, failure);
      throw failure;
    }
    R result;
    try {
      result = work.run(connection);
      if (keep.test(result)) {
        connection.commit();
      } else {
        connection.rollback();
      }
    } catch (Throwable failure) {
      undo(connection, failure);
      throw failure;
    }
    connection.setAutoCommit(true);
    return result;
  }

  /** Rolls back and turns auto-commit on again, keeping what fails beside {@code failure}. */
  private static void undo(Connection connection, Throwable failure) {
    try {
      connection.rollback();
    } catch (SQLException | RuntimeException lost) {
      // A connection that is gone took its transaction with it.
      failure.addSuppressed(lost);
    }
    try {
      connection.setAutoCommit(true);
    } catch (SQLException | RuntimeException lost) {
      failure.addSuppressed(lost);
    }
  }
}
