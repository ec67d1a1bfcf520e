package dev.graphmock.store;

import dev.graphmock.model.EntityDef;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.ConnectionFactory;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * One open database, checked against the schema before anything is written to it: a SQLite file or memory
 * ({@link SqliteDatabase}), or a PostgreSQL database that many graphmock instances may share
 * ({@link PostgresDatabase}). {@link EntityStore} runs its SQL through the package-private calls here, and
 * {@link FamilyStore} on Jdbi handles over the same connections and transactions; neither learns which database it
 * has: the differences in SQL are the {@link #dialect}'s.
 */
public abstract class Database implements AutoCloseable {
  /** The {@code --db} value for a database held in memory. */
  public static final String IN_MEMORY = ":memory:";
  /** The table that names the schema a database was made for. */
  static final String META_TABLE = "graphmock";

  /** The open transaction of a unit of work on this thread, which every write and read inside it joins. */
  private final ThreadLocal<Connection> unitOfWork = new ThreadLocal<>();
  /** The connection a {@link #readHandle} or {@link #writeHandle} on this thread lends its Jdbi handle. */
  private final ThreadLocal<Connection> lent = new ThreadLocal<>();
  /** Made on first use: a Jdbi's first {@code create} costs a cold JVM about a third of a second (issue 31). */
  private volatile Jdbi jdbi;
  private final java.util.concurrent.atomic.AtomicLong statements = new java.util.concurrent.atomic.AtomicLong();
  /**
   * The schema the families' tables were made for (set as it opens), by which every store over them numbers the
   * places and lays out their indexes: the {@code v1.0} one serves fewer places of the same tables.
   */
  private dev.graphmock.model.TypeGraph madeFor;

  /**
   * How many SQL statements Jdbi handles, {@link #eachRow} and {@link #update} have run on this database so far:
   * how a test or a benchmark sees that a page with an expansion costs a bounded number of them, whatever its size.
   */
  public long statementsRun() {
    return statements.get();
  }

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
   * Runs {@code work} on a Jdbi handle over a connection for reading ({@link #read}: inside this thread's unit of
   * work, its transaction). SQL failures reach the caller as the store's ({@link Dialect#failure}).
   */
  final <R> R readHandle(HandleCallback<R, RuntimeException> work) {
    return read(connection -> onHandle(connection, work));
  }

  /**
   * Runs {@code work} on a Jdbi handle in a write transaction ({@link #inWriteTransaction}: SQLite's group commit,
   * or this thread's unit of work), committed once it returns and rolled back if it throws; what it throws reaches
   * the caller as it was thrown. The handle must not begin or end transactions of its own.
   */
  @SuppressWarnings("unchecked")
  final <R, X extends Exception> R writeHandle(HandleCallback<R, X> work) throws X {
    try {
      return inWriteTransaction(connection -> {
        try {
          return onHandle(connection, work);
        } catch (RuntimeException | Error unchecked) {
          throw unchecked;
        } catch (Exception checked) {
          throw new Carried(checked);
        }
      });
    } catch (Carried carried) {
      throw (X) carried.getCause();
    }
  }

  /** A checked exception of a write's work, carried through the transaction that rolls back for it. */
  private static final class Carried extends RuntimeException {
    Carried(Exception cause) {
      super(null, cause, false, false);
    }
  }

  private <R, X extends Exception> R onHandle(Connection connection, HandleCallback<R, X> work) throws X {
    Connection outer = lent.get();
    lent.set(connection);
    try (Handle handle = jdbi().open()) {
      return work.withHandle(handle);
    } catch (JdbiException failure) {
      Throwable cause = failure.getCause();
      while (cause != null && !(cause instanceof SQLException)) {
        cause = cause.getCause();
      }
      if (cause == null) {
        throw new StoreException("the store failed: " + failure.getMessage(), failure);
      }
      throw dialect().failure("SQL failed", cause);
    } finally {
      if (outer == null) {
        lent.remove();
      } else {
        lent.set(outer);
      }
    }
  }

  /**
   * The one Jdbi of this database. Its handles run on the connection the store lent for the call at hand, and
   * leave it open: the store's pools, SQLite's one writer and its group commit, and units of work own connections
   * and transactions, as before.
   */
  private Jdbi jdbi() {
    Jdbi made = jdbi;
    if (made == null) {
      synchronized (lent) {
        made = jdbi;
        if (made == null) {
          made = Jdbi.create(new ConnectionFactory() {
            @Override
            public Connection openConnection() {
              Connection connection = lent.get();
              if (connection == null) {
                throw new IllegalStateException("a Jdbi handle outside a read or write of the store");
              }
              return connection;
            }

            @Override
            public void closeConnection(Connection connection) {
              // lent, not owned
            }
          });
          // Counted as each is prepared, once per statement run (a SqlLogger, which times every statement, cost
          // 4 µs of a read by id).
          org.jdbi.v3.core.statement.StatementBuilder builder = statementBuilder();
          org.jdbi.v3.core.statement.StatementBuilder counted =
              new org.jdbi.v3.core.statement.DefaultStatementBuilder() {
                @Override
                public java.sql.PreparedStatement create(Connection on, String sql,
                                                         org.jdbi.v3.core.statement.StatementContext context)
                    throws SQLException {
                  java.sql.PreparedStatement prepared = builder.create(on, sql, context);
                  statements.incrementAndGet();
                  return prepared;
                }

                @Override
                public void close(Connection on, String sql, java.sql.Statement statement) throws SQLException {
                  builder.close(on, sql, statement);
                }
              };
          made.setStatementBuilderFactory(connection -> counted);
          made.registerArgument(StatementParameter.FACTORY);
          // Every statement is given back (to the cache that lent it) when its handle closes at the latest, even one
          // whose result a failure left open.
          made.getConfig(org.jdbi.v3.core.statement.SqlStatements.class).setAttachAllStatementsForCleanup(true);
          jdbi = made;
        }
      }
    }
    return made;
  }

  /**
   * Loads ahead of {@link #open} what a JVM's first open of a SQLite database spends most of its time on: SQLite's
   * native library. For a caller with other work to do meanwhile, on another thread; it opens nothing, and whatever
   * fails here is left for {@code open} to report. With {@code handles} (for a schema the engine serves, whose
   * store runs on Jdbi) Jdbi too: a statement on a handle over a throwaway SQLite database in memory loads and
   * initialises what a cold JVM's first handle otherwise spends a few hundred milliseconds of the first request on
   * (issue 31, point 8); the database's own Jdbi is then made in a few.
   */
  public static void prepare(DatabaseLocation location, boolean handles) {
    if (location instanceof DatabaseLocation.Postgres && !handles) {
      return;
    }
    try {
      SqliteLibraryCache.install();
      org.sqlite.SQLiteJDBCLoader.initialize();
      if (handles) {
        try (Connection memory = new org.sqlite.SQLiteConfig().createConnection("jdbc:sqlite::memory:")) {
          Jdbi.create(memory).withHandle(handle -> handle.createQuery("SELECT ?").bind(0, 1).mapTo(Integer.class)
              .one());
        }
      }
    } catch (Exception | LinkageError e) {
      // open (or the first request) meets the same failure and reports it
    }
  }

  /**
   * Opens the database {@code location} names, creating what is missing. A database made for another schema, or
   * not by graphmock, is refused ({@link DatabaseOpenException}) before anything in it changes.
   */
  public static Database open(DatabaseLocation location, String schemaName, EntityDef entity,
                              List<List<String>> indexes) {
    return open(location, schemaName, entity, indexes, entity.fingerprint());
  }

  /**
   * Opens the database for a schema whose places are all the engine's ({@link FamilyStore}, which makes their
   * tables): checked against the layout of {@code graph}'s families.
   */
  public static Database open(DatabaseLocation location, String schemaName, dev.graphmock.model.TypeGraph graph) {
    return open(location, schemaName, graph, java.util.Map.of());
  }

  /**
   * {@link #open(DatabaseLocation, String, dev.graphmock.model.TypeGraph)}, keeping {@code indexes} (by entity type,
   * each a list of property names) on the families' tables; an index the settings no longer name is left as it is.
   */
  public static Database open(DatabaseLocation location, String schemaName, dev.graphmock.model.TypeGraph graph,
                              java.util.Map<String, List<List<String>>> indexes) {
    return open(location, schemaName, graph, indexes, null);
  }

  /**
   * {@link #open(DatabaseLocation, String, dev.graphmock.model.TypeGraph, java.util.Map)}; a database an earlier
   * release made for {@code own} (its one collection, in a table of its own) is moved into the families' tables
   * first, in the transaction (and, on PostgreSQL, under the lock) that opens it: its rows and their renderings
   * copied, its table and what served it (indexes, kept counts, planner statistics) dropped, and the database then
   * named for the engine's layout. Null: no such move.
   */
  public static Database open(DatabaseLocation location, String schemaName, dev.graphmock.model.TypeGraph graph,
                              java.util.Map<String, List<List<String>>> indexes, OwnTable own) {
    return open(location, schemaName, null, List.of(), FamilyStore.fingerprint(graph), graph, indexes, own);
  }

  private static Database open(DatabaseLocation location, String schemaName, EntityDef entity,
                               List<List<String>> indexes, String fingerprint) {
    return open(location, schemaName, entity, indexes, fingerprint, null, java.util.Map.of(), null);
  }

  /** One step of making a database's families, which may fail as SQL does. */
  interface SqlStep {
    void run() throws SQLException;
  }

  /** Whether a family's statement is still to be run (its table, column or index is missing). */
  interface Missing {
    boolean test(FamilyStore.Ddl statement) throws SQLException;
  }

  /**
   * Runs the families' statements that are {@code missing}, tables first, then {@code between} (a move's copy),
   * then indexes: a moved table's rows are copied before the indexes are built over them, and an index of the old
   * table (dropped with it) does not stand in for one of the same name.
   */
  static void makeFamilies(java.util.Map<String, List<FamilyStore.Ddl>> families, java.sql.Statement statement,
                           Missing missing, SqlStep between) throws SQLException {
    for (boolean ofIndexes : new boolean[] {false, true}) {
      for (List<FamilyStore.Ddl> family : families.values()) {
        for (FamilyStore.Ddl create : family) {
          if ((create.index() != null) == ofIndexes && missing.test(create)) {
            statement.execute(create.sql());
          }
        }
      }
      if (!ofIndexes) {
        between.run();
      }
    }
  }

  /**
   * How an earlier release's table of {@code own} moves into the families' tables: {@code copy} gives the statement
   * that copies its rows from the table it was renamed to, given that table's columns.
   */
  record Move(OwnTable own, java.util.function.BiFunction<String, java.util.Set<String>, String> copy) {
    /** The fingerprint the earlier release gave the database. */
    String fingerprint() {
      return own.entity().fingerprint();
    }

    /** The earlier release's table. */
    String table() {
      return new EntityTable(own.entity()).name();
    }

    /**
     * The name that table has while its rows are copied (the family's table may take its name): short, as
     * PostgreSQL cuts names at 63 bytes.
     */
    String movedTable() {
      return "graphmock moving";
    }
  }

  /**
   * @param graph the schema whose families' tables are made, with the rest, in the transaction (and, on
   *     PostgreSQL, under the lock) that makes or checks the database; null for none
   */
  private static Database open(DatabaseLocation location, String schemaName, EntityDef entity,
                               List<List<String>> indexes, String fingerprint, dev.graphmock.model.TypeGraph graph,
                               java.util.Map<String, List<List<String>>> typeIndexes, OwnTable own) {
    Database database;
    if (location instanceof DatabaseLocation.Postgres postgres) {
      Dialect dialect = new PostgresDialect("\"C\"");
      database = PostgresDatabase.openPostgres(postgres, schemaName, entity, indexes, fingerprint,
          graph == null ? java.util.Map.of() : FamilyStore.tables(graph, dialect, typeIndexes),
          move(own, graph, dialect));
    } else {
      database = SqliteDatabase.openSqlite(location, schemaName, entity, indexes, fingerprint,
          graph == null ? java.util.Map.of() : FamilyStore.tables(graph, SqliteDialect.INSTANCE, typeIndexes),
          graph == null ? java.util.Map.of()
              : FamilyStore.plannerStatistics(graph, SqliteDialect.INSTANCE, typeIndexes),
          move(own, graph, SqliteDialect.INSTANCE));
    }
    database.madeFor = graph;
    return database;
  }

  /** The schema whose families' tables this database was opened with; empty when opened for none. */
  java.util.Optional<dev.graphmock.model.TypeGraph> madeFor() {
    return java.util.Optional.ofNullable(madeFor);
  }

  private static Move move(OwnTable own, dev.graphmock.model.TypeGraph graph, Dialect dialect) {
    if (own == null) {
      return null;
    }
    FamilyStore.ownType(graph, own); // a move that cannot be is said before the database is touched
    return new Move(own, (table, columns) -> FamilyStore.copyOwnTable(graph, dialect, own, table, columns));
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

  /** One row's value, read from where a result set stands. */
  interface RowReader<T> {
    T read(java.sql.ResultSet row) throws SQLException;
  }

  /**
   * Each row {@code sql} selects with {@code arguments} bound in order, read by {@code reader}, on {@code handle}'s
   * connection and transaction: for the engine's reads by key and pages, the request path's hottest statements,
   * where Jdbi's own statement (its template, argument and clean-up machinery) was half of a read by id's time in
   * the store (issue 31, step 7c; BENCHMARKS.md). Prepared as Jdbi's statements are ({@link #lend}), counted in
   * {@link #statementsRun}, its failures the store's as a handle's are.
   */
  final <T> void eachRow(Handle handle, String sql, List<Object> arguments, RowReader<T> reader,
                         java.util.function.Consumer<T> into) {
    eachRow(handle.getConnection(), sql, arguments, reader, into);
  }

  /**
   * {@link #eachRow(Handle, String, List, RowReader, java.util.function.Consumer)} on a connection {@link #read}
   * lent, for a read that runs no other statement (a Jdbi handle's own opening and closing were a sixth of a read
   * by id's time in the store).
   */
  final <T> void eachRow(Connection connection, String sql, List<Object> arguments, RowReader<T> reader,
                         java.util.function.Consumer<T> into) {
    run(connection, sql, arguments, statement -> {
      try (java.sql.ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          into.accept(reader.read(rows));
        }
      }
      return null;
    });
  }

  /**
   * Runs the write {@code sql} with {@code arguments} bound in order on a connection {@link #inWriteTransaction}
   * lent, as {@link #eachRow(Connection, String, List, RowReader, java.util.function.Consumer)} runs a read: for the
   * engine's create, where a Jdbi handle and statement (made, bound and closed per create) were CPU the bundled
   * table's create did not spend. Returns how many rows it changed.
   */
  final int update(Connection connection, String sql, List<Object> arguments) {
    return run(connection, sql, arguments, java.sql.PreparedStatement::executeUpdate);
  }

  /** Runs {@code sql}, its {@code arguments} bound, as {@code work} does, on a statement {@link #lend} lends. */
  private <R> R run(Connection connection, String sql, List<Object> arguments, StatementWork<R> work) {
    try {
      java.sql.PreparedStatement statement = lend(connection, sql);
      Throwable failed = null;
      try {
        statements.incrementAndGet();
        for (int i = 0; i < arguments.size(); i++) {
          new StatementParameter(arguments.get(i)).apply(i + 1, statement, null);
        }
        return work.run(statement);
      } catch (SQLException | RuntimeException | Error e) {
        failed = e;
        throw e;
      } finally {
        try {
          giveBack(connection, statement);
        } catch (SQLException e) {
          // the statement's own failure (or its reader's) is the one to report
          if (failed == null) {
            throw e;
          }
          failed.addSuppressed(e);
        }
      }
    } catch (SQLException e) {
      throw dialect().failure("SQL failed", e);
    }
  }

  /** A statement for {@code sql} on {@code connection}, to be given back ({@link #giveBack}) after use. */
  java.sql.PreparedStatement lend(Connection connection, String sql) throws SQLException {
    return connection.prepareStatement(sql);
  }

  /** Gives back what {@link #lend} lent. */
  void giveBack(Connection connection, java.sql.Statement statement) throws SQLException {
    statement.close();
  }

  /** How Jdbi's handles prepare statements on this database: by default each anew, closed after use. */
  org.jdbi.v3.core.statement.StatementBuilder statementBuilder() {
    return new org.jdbi.v3.core.statement.DefaultStatementBuilder();
  }

  /** Runs {@code sql} on its own, outside any transaction (maintenance such as VACUUM, which refuses one). */
  abstract void runAlone(String sql);

  /** Work with one prepared statement. */
  interface StatementWork<R> {
    R run(java.sql.PreparedStatement statement) throws SQLException;
  }
}
