package dev.graphmock.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Supplier;

/**
 * Keeps opened SQLite connections for reuse: opening one costs a file open and the pragmas, closing it under WAL
 * may checkpoint. Connections are made on demand, so the number open follows the number of concurrent readers,
 * which the server's bounded thread pool caps.
 */
final class ConnectionPool implements AutoCloseable {
  private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
  private final List<Connection> all = new ArrayList<>();
  private final Supplier<Connection> opener;
  private volatile boolean closed;

  ConnectionPool(Supplier<Connection> opener) {
    this.opener = opener;
  }

  /** An idle connection, or a new one when none is idle. */
  Connection borrow() {
    Connection connection = idle.pollFirst();
    if (connection != null) {
      return connection;
    }
    connection = opener.get();
    synchronized (all) {
      if (closed) {
        close(connection);
        throw new StoreException("the database is closed");
      }
      all.add(connection);
    }
    return connection;
  }

  /** Takes back a connection {@link #borrow} lent, for the next borrower (or closes it once the pool is closed). */
  void giveBack(Connection connection) {
    if (closed) {
      close(connection);
    } else {
      idle.addFirst(connection);
    }
  }

  @Override
  public void close() {
    closed = true;
    synchronized (all) {
      all.forEach(ConnectionPool::close);
      all.clear();
    }
    idle.clear();
  }

  private static void close(Connection connection) {
    try {
      connection.close();
    } catch (SQLException e) {
      // Closing can only fail if the connection is already unusable; nothing is lost by ignoring it.
    }
  }
}
