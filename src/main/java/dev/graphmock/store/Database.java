package dev.graphmock.store;

import dev.graphmock.model.EntityDef;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * One open database, checked against the schema before anything is written to it: a SQLite file or memory
 * ({@link SqliteDatabase}), or a PostgreSQL database that many graphmock instances may share
 * ({@link PostgresDatabase}). {@link EntityStore} runs its SQL through the package-private calls here and never
 * learns which one it has; the differences in SQL are the {@link #dialect}'s.
 */
public abstract class Database implements AutoCloseable {
  /** The {@code --db} value for a database held in memory. */
  public static final String IN_MEMORY = ":memory:";
  /** The table that names the schema a database was made for. */
  static final String META_TABLE = "graphmock";

  /** The open transaction of a unit of work on this thread, which every write and read inside it joins. */
  private final ThreadLocal<Connection> unitOfWork = new ThreadLocal<>();

  Database() {
  }

  /** The connection of this thread's unit of work, whose transaction store calls join; null outside one. */
  final Connection joinedUnitOfWork() {
    return unitOfWork.get();
  }

  /**
   * {@link #inUnitOfWork}'s transaction on {@code connection}, which each store gets in its own way (the SQLite
   * writer under its lock, a pooled PostgreSQL connection): begun, joined by this thread's store calls, committed
   * only if {@code keep} accepts the result, else rolled back. One at a time on a thread: a second inside the first
   * (which no request can ask for: a batch inside a batch is refused) is refused rather than committed apart.
   */
  final <T> T runUnitOfWork(Connection connection, java.util.function.Supplier<T> work,
                            java.util.function.Predicate<T> keep) throws SQLException {
    if (unitOfWork.get() != null) {
      throw new IllegalStateException("a unit of work is already open on this thread");
    }
    return Transaction.run(connection, joined -> {
      unitOfWork.set(joined);
      try {
        return work.get();
      } finally {
        unitOfWork.remove();
      }
    }, keep);
  }

  /**
   * Loads ahead of {@link #open} what a JVM's first open of a SQLite database spends most of its time on: SQLite's
   * native library. For a caller with other work to do meanwhile, on another thread; it opens nothing, and whatever
   * fails here is left for {@code open} to report.
   */
  public static void prepare(DatabaseLocation location) {
    try {
      if (!(location instanceof DatabaseLocation.Postgres)) {
        SqliteLibraryCache.install();
        org.sqlite.SQLiteJDBCLoader.initialize();
      }
    } catch (Exception | LinkageError e) {
      // open meets the same failure and reports it
    }
  }

  /**
   * Opens the database {@code location} names, creating what is missing. A database made for another schema, or
   * not by graphmock, is refused ({@link DatabaseOpenException}) before anything in it changes.
   */
  public static Database open(DatabaseLocation location, String schemaName, EntityDef entity,
                              List<List<String>> indexes) {
    if (location instanceof DatabaseLocation.Postgres postgres) {
      return PostgresDatabase.openPostgres(postgres, schemaName, entity, indexes);
    }
    return SqliteDatabase.openSqlite(location, schemaName, entity, indexes);
  }

  /** Opens a SQLite file, or memory for {@value #IN_MEMORY}. */
  public static Database open(Path file, String schemaName, EntityDef entity, List<List<String>> indexes) {
    return open(DatabaseLocation.sqlite(file), schemaName, entity, indexes);
  }

  /** The database file, or null when the database is in memory or on a server. */
  public abstract Path file();

  /** Where this database is, as {@code --db} named it; its text carries no password. */
  public abstract DatabaseLocation location();

  /**
   * The key that signs {@code $skiptoken}s when several instances share this database, so that a nextLink from
   * one is honoured by all; empty when each server may make its own (a SQLite file has one server at a time).
   */
  public abstract Optional<byte[]> sharedSigningKey();

  /**
   * Runs {@code work} as one transaction: every store call it makes on this thread joins it, and it commits only
   * if {@code keep} accepts the result (an OData change set: all or nothing), else rolls back.
   */
  public abstract <T> T inUnitOfWork(java.util.function.Supplier<T> work, java.util.function.Predicate<T> keep);

  @Override
  public abstract void close();

  abstract Dialect dialect();

  /** Runs {@code work} in a write transaction and returns once it has committed. */
  abstract <R> R inWriteTransaction(Transaction.Work<R> work);

  /** Runs {@code work} on a connection for reading; reads do not wait for writers. */
  abstract <R> R read(Transaction.Work<R> work);

  /**
   * The one way the store runs SQL: {@code work} gets a prepared statement for {@code sql} on {@code connection}
   * (the one the {@link #read} or {@link #inWriteTransaction} call passed), which it may bind and run but must not
   * keep or close. A failure comes back as a {@link StoreException} naming the SQL.
   */
  abstract <R> R withStatement(Connection connection, String sql, StatementWork<R> work);

  /** Runs {@code sql} on its own, outside any transaction (maintenance such as VACUUM, which refuses one). */
  abstract void runAlone(String sql);

  /** Work with one prepared statement. */
  interface StatementWork<R> {
    R run(java.sql.PreparedStatement statement) throws SQLException;
  }
}
