package dev.graphmock.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Supplier;
import org.jdbi.v3.core.ConnectionFactory;

/**
 * Keeps opened SQLite connections for reuse: opening one costs a file open and the pragmas, closing it under WAL
 * may checkpoint. Connections are made on demand, so the number open follows the number of concurrent readers,
 * which the server's bounded thread pool caps.
 */
final class ConnectionPool implements ConnectionFactory, AutoCloseable {
  private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
  private final List<Connection> all = new ArrayList<>();
  private final Supplier<Connection> opener;
  private volatile boolean closed;

  ConnectionPool(Supplier<Connection> opener) {
    this.opener = opener;
  }

  @Override
  public Connection openConnection() {
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

  @Override
  public void closeConnection(Connection connection) {
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
