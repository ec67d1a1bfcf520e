package dev.graphmock.store;

import dev.graphmock.model.EntityDef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteOpenMode;

/**
 * One SQLite file: checked against the schema before anything is written to it, then opened in WAL mode with
 * one writer connection (SQLite allows one writer at a time; writers queue on a fair lock instead of spinning on
 * SQLITE_BUSY, and those that queue together commit together) and pooled read-only connections, which WAL lets
 * run beside the writer. A thread of its own copies the WAL back into the file ({@link WalCheckpoints}), so that the
 * writer waits only for the end of each copy instead of making the whole of it.
 *
 * <p>{@code synchronous=NORMAL}: under WAL a commit is durable once the call returns as far as a crash of this
 * process goes (kill -9), which is what a test server needs; only a power loss may take the last commits.
 *
 * <p>{@value #IN_MEMORY} instead of a file keeps the database in this process's memory (SQLite's {@code memdb}
 * VFS, which every connection of the process that names it shares) for the process's life: nothing is written to
 * disk and a restart starts empty. memdb has no WAL, so there a commit waits for the reads in flight to finish
 * (the busy timeout) instead of running beside them; the semantics are the same.
 */
final class SqliteDatabase extends Database {

  private final Path file;
  private final DatabaseLock lock;
  private final Connection writerConnection;
  private final ConnectionPool readerPool;
  private final ReentrantLock writeLock = new ReentrantLock(true);
  private final GroupCommit groupCommit;
  /** Copies the WAL back into the file beside the writer; null in memory, where there is no WAL. */
  private final WalCheckpoints checkpoints;
  /** How many prepared statements each connection keeps; the least recently used beyond it are closed. */
  private static final int STATEMENTS_PER_CONNECTION = 64;
  /**
   * Prepared statements by connection, then by SQL, least recently used first. A connection serves one thread at
   * a time (the writer under its lock, a reader while borrowed from the pool), so the inner maps need no locking.
   */
  private final Map<Connection, Map<String, java.sql.PreparedStatement>> statements =
      new java.util.concurrent.ConcurrentHashMap<>();
  /**
   * The cached statements a Jdbi handle is using now, which no one else is lent until it gives them back, each
   * with the SQL it was cached under (Jdbi hands back the SQL as the caller wrote it, not as it prepared it).
   */
  private final Map<java.sql.PreparedStatement, String> lentToJdbi = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * @param file the database file, or null for one in memory
   * @param url the JDBC URL every connection opens
   * @param lock the lock on the file, or null for one in memory
   */
  private SqliteDatabase(Path file, String url, Connection writerConnection, DatabaseLock lock) {
    this.file = file;
    this.lock = lock;
    this.writerConnection = writerConnection;
    this.groupCommit = new GroupCommit(writerConnection, writeLock);
    Object name = file == null ? IN_MEMORY : file;
    this.readerPool = new ConnectionPool(() -> connect(url, name, true));
    this.checkpoints = file == null ? null
        : WalCheckpoints.start(() -> connect(url, file, false), writerConnection, writeLock);
  }

  /**
   * Opens {@code file}, creating it and its folder when missing. A file made for another schema, or that is not a
   * graphmock database, is refused before any byte of it changes.
   */
  static SqliteDatabase openSqlite(DatabaseLocation location, String schemaName, EntityDef entity,
                             List<List<String>> indexes, String fingerprint, Map<String, List<FamilyStore.Ddl>> families,
                             Map<String, Map<String, String>> statistics, Move move) {
    if (location instanceof DatabaseLocation.InMemory) {
      String url = "jdbc:sqlite:file:/graphmock-" + java.util.UUID.randomUUID() + "?vfs=memdb";
      Connection connection = connect(url, IN_MEMORY, false);
      try {
        initialise(connection, IN_MEMORY, schemaName, entity, indexes, fingerprint, families, statistics, null);
      } catch (RuntimeException e) {
        closeQuietly(connection);
        throw e;
      }
      return new SqliteDatabase(null, url, connection, null);
    }
    Path absolute = ((DatabaseLocation.SqliteFile) location).file().toAbsolutePath();
    createFolder(absolute.getParent());
    if (Files.exists(absolute)) {
      checkSchema(absolute, schemaName, fingerprint, move == null ? null : move.fingerprint());
    }
    DatabaseLock lock = DatabaseLock.acquire(absolute);
    Connection connection;
    String url = "jdbc:sqlite:" + absolute;
    try {
      connection = connect(url, absolute, false);
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
    try {
      initialise(connection, absolute, schemaName, entity, indexes, fingerprint, families, statistics, move);
    } catch (RuntimeException e) {
      closeQuietly(connection);
      lock.close();
      throw e;
    }
    return new SqliteDatabase(absolute, url, connection, lock);
  }

  @Override
  public Path file() {
    return file;
  }

  @Override
  public DatabaseLocation location() {
    return file == null ? new DatabaseLocation.InMemory() : new DatabaseLocation.SqliteFile(file);
  }

  @Override
  public Optional<byte[]> sharedSigningKey() {
    return Optional.empty();
  }

  @Override
  Dialect dialect() {
    return SqliteDialect.INSTANCE;
  }

  /**
   * Runs {@code work} in a write transaction and returns once it has committed (for {@link EntityStore}, which
   * runs its SQL through {@link #withStatement}; no connection leaves the package); writes that arrive together
   * share a transaction ({@link GroupCommit}), each isolated in a savepoint.
   */
  @Override
  <R> R inWriteTransaction(Transaction.Work<R> work) {
    Connection joined = joinedUnitOfWork();
    if (joined != null) {
      return work.run(joined);
    }
    return groupCommit.write(work);
  }

  /**
   * Statements are prepared once per connection and kept for the next caller: SQLite compiles a statement on every
   * prepare, which on the create and read-by-id paths cost as much as running it. A write's parameters are cleared
   * after it: the driver keeps what was bound until the next bind, and a kept statement would otherwise hold the
   * last row written (up to a 4 MiB event and its rendering, per statement) for as long as the server runs. A
   * read's are left (they are bounded by the URL's length, and clearing them cost a GET by id measurably).
   */
  @Override
  <R> R withStatement(Connection connection, String sql, StatementWork<R> work) {
    try {
      java.sql.PreparedStatement statement = prepared(connection, sql);
      try {
        return work.run(statement);
      } finally {
        if (connection == writerConnection) {
          // a kept write must not hold its last row (a read's parameters are bounded by the URL's length)
          clearQuietly(statement);
        }
      }
    } catch (SQLException e) {
      throw dialect().failure("SQL failed: " + sql, e);
    }
  }

  private java.sql.PreparedStatement prepared(Connection connection, String sql) throws SQLException {
    java.sql.PreparedStatement statement = cache(connection).get(sql);
    if (statement != null && !canRun(statement)) {
      cache(connection).remove(sql);
      if (!lentToJdbi.containsKey(statement)) {
        closeQuietly(statement);
      }
      statement = null;
    }
    if (statement == null) {
      statement = connection.prepareStatement(sql);
      cache(connection).put(sql, statement);
    }
    return statement;
  }

  private Map<String, java.sql.PreparedStatement> cache(Connection connection) {
    return statements.computeIfAbsent(connection,
        unused -> new java.util.LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, java.sql.PreparedStatement> eldest) {
            if (size() <= STATEMENTS_PER_CONNECTION) {
              return false;
            }
            if (!lentToJdbi.containsKey(eldest.getValue())) {
              // One a Jdbi handle is still using is closed when the handle gives it back.
              closeQuietly(eldest.getValue());
            }
            return true;
          }
        });
  }

  /**
   * Jdbi's prepared statements come from the same cache as {@link #withStatement}'s: on the engine's read by id,
   * compiling the statement was more than half of the time spent in SQL (issue 31, step 7). Jdbi gives each back
   * through {@link org.jdbi.v3.core.statement.StatementBuilder#close} once it has closed its result set; a
   * statement already lent (the same SQL twice at once on one connection) is prepared apart and closed after use.
   */
  @Override
  org.jdbi.v3.core.statement.StatementBuilder statementBuilder() {
    return cachedStatements;
  }

  private final org.jdbi.v3.core.statement.StatementBuilder cachedStatements =
      new org.jdbi.v3.core.statement.DefaultStatementBuilder() {
        @Override
        public java.sql.PreparedStatement create(Connection connection, String sql,
                                                 org.jdbi.v3.core.statement.StatementContext context)
            throws SQLException {
          if (context.isReturningGeneratedKeys() || context.isConcurrentUpdatable()) {
            // made for its caller's settings, which a kept statement would carry to the next
            return super.create(connection, sql, context);
          }
          return lend(connection, sql);
        }

        @Override
        public void close(Connection connection, String sql, Statement statement) throws SQLException {
          giveBack(connection, statement);
        }
      };

  @Override
  java.sql.PreparedStatement lend(Connection connection, String sql) throws SQLException {
    java.sql.PreparedStatement statement = prepared(connection, sql);
    if (lentToJdbi.putIfAbsent(statement, sql) == null) {
      return statement;
    }
    return connection.prepareStatement(sql);
  }

  @Override
  void giveBack(Connection connection, Statement statement) throws SQLException {
    String cachedAs = statement instanceof java.sql.PreparedStatement ? lentToJdbi.remove(statement) : null;
    if (cachedAs == null) {
      statement.close();
    } else if (cache(connection).get(cachedAs) != statement) {
      statement.close();
    } else if (connection == writerConnection) {
      // As withStatement: a kept write must not hold its last row.
      clearQuietly((java.sql.PreparedStatement) statement);
    }
  }

  @Override
  void runAlone(String sql) {
    writeLock.lock();
    try (Statement statement = writerConnection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw dialect().failure("SQL failed: " + sql, e);
    } finally {
      writeLock.unlock();
    }
  }

  /** Reads run on pooled read-only connections, beside the writer under WAL. */
  @Override
  <R> R read(Transaction.Work<R> work) {
    Connection joined = joinedUnitOfWork();
    if (joined != null) {
      return work.run(joined);
    }
    Connection reader = readerPool.borrow();
    try {
      return work.run(reader);
    } finally {
      readerPool.giveBack(reader);
    }
  }

  @Override
  public <T> T inUnitOfWork(java.util.function.Supplier<T> work, java.util.function.Predicate<T> keep) {
    writeLock.lock();
    try {
      return runUnitOfWork(writerConnection, work, keep);
    } catch (SQLException e) {
      throw dialect().failure("a change set failed", e);
    } finally {
      writeLock.unlock();
    }
  }

  /** Calls {@code listener} after each commit of the writer connection: SQLite's own commit hook. */
  void onCommit(Runnable listener) {
    try {
      writerConnection.unwrap(org.sqlite.SQLiteConnection.class).addCommitListener(new org.sqlite.SQLiteCommitListener() {
        @Override
        public void onCommit() {
          listener.run();
        }

        @Override
        public void onRollback() {
          // Only commits are counted.
        }
      });
    } catch (SQLException e) {
      throw new StoreException("the writer connection is not SQLite's", e);
    }
  }

  @Override
  public void close() {
    if (checkpoints != null) {
      checkpoints.close();
    }
    writeLock.lock();
    try {
      readerPool.close();
      closeQuietly(writerConnection);
      if (lock != null) {
        lock.close();
      }
    } finally {
      writeLock.unlock();
    }
  }

  /** Checks that the file is graphmock's, made for the schema of {@code expected} (or of {@code movable}: null, none). */
  private static void checkSchema(Path file, String schemaName, String expected, String movable) {
    if (!Files.isReadable(file)) {
      throw new DatabaseOpenException("cannot read database " + file);
    }
    Connection connection = connect("jdbc:sqlite:" + file, file, true);
    try (Statement statement = connection.createStatement()) {
      boolean hasMeta = false;
      boolean hasTables = false;
      try (ResultSet tables = statement.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
        while (tables.next()) {
          hasTables = true;
          hasMeta |= META_TABLE.equals(tables.getString(1));
        }
      }
      if (!hasTables) {
        return;
      }
      if (!hasMeta) {
        throw new DatabaseOpenException("database " + file + " was not made by graphmock; choose another --db");
      }
      Map<String, String> meta = readMeta(statement);
      String fingerprint = meta.get("fingerprint");
      if (!expected.equals(fingerprint) && !(movable != null && movable.equals(fingerprint))) {
        throw new DatabaseOpenException("database " + file + " was made for schema '" + meta.get("schema")
            + "' (fingerprint " + fingerprint + "), but this server runs schema '" + schemaName + "' (fingerprint "
            + expected + "); start with the schema it was made for, or choose another --db");
      }
    } catch (SQLException e) {
      throw new DatabaseOpenException(describe(file, e), e);
    } finally {
      closeQuietly(connection);
    }
  }

  /**
   * @param file the database's file, or {@link #IN_MEMORY}, for messages
   * @param entity an earlier release's one collection (what its tests make), or null for the engine's places
   *     (whose tables {@link FamilyStore} makes)
   * @param statistics the families' tables' planner statistics ({@link PlannerStatistics}), by table
   * @param move how a database an earlier release made for the schema's one collection moves into the families'
   *     tables, or null
   */
  private static void initialise(Connection connection, Object file, String schemaName, EntityDef entity,
                                 List<List<String>> indexes, String fingerprint, Map<String, List<FamilyStore.Ddl>> families,
                                 Map<String, Map<String, String>> statistics, Move move) {
    SqlRenderer sql = entity == null ? null : new SqlRenderer(new EntityTable(entity), SqliteDialect.INSTANCE);
    try (Statement statement = connection.createStatement()) {
      try (ResultSet result = statement.executeQuery("PRAGMA journal_mode = WAL")) {
        result.next();
      }
      statement.execute("PRAGMA synchronous = NORMAL");
      // The writer's statement journals in memory: a statement whose trigger writes another table journals every
      // page it changes, so that it can be undone alone, and on disk that doubled the cost of a create with the
      // kept counts (33 -> 70 us of SQLite per insert with eight indexes; 48 us in memory).
      statement.execute("PRAGMA temp_store = MEMORY");
      connection.setAutoCommit(false);
      // SQLite opens a file it may not write read-only without a word, and reports it only at the first write;
      // a write that is rolled back finds out now, before a client's create would.
      statement.execute("CREATE TABLE graphmock_write_probe (x)");
      connection.rollback();
      statement.execute("CREATE TABLE IF NOT EXISTS " + META_TABLE + " (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
      if (entity == null) {
        Map<String, String> meta = readMeta(statement);
        if (meta.isEmpty()) {
          statement.execute("INSERT INTO " + META_TABLE + " VALUES ('schema', '" + schemaName.replace("'", "''")
              + "'), ('fingerprint', '" + fingerprint + "')");
        }
        boolean moving = move != null && move.fingerprint().equals(meta.get("fingerprint"));
        if (moving) {
          SqlRenderer own = new SqlRenderer(new EntityTable(move.own().entity()), SqliteDialect.INSTANCE);
          if (!SqlRenderer.hasTenants(tableSql(statement, own.tableName()))) {
            for (String step : own.migrateToTenants(dev.graphmock.model.Tenants.DEFAULT)) {
              statement.execute(step);
            }
          }
          // The family's table may have the old table's name: the old one gives way (its indexes and triggers go
          // with it), and goes once its rows are copied.
          statement.execute("ALTER TABLE " + SqlRenderer.quote(move.table()) + " RENAME TO "
              + SqlRenderer.quote(move.movedTable()));
        }
        makeFamilies(families, statement,
            create -> create.column() == null || !hasColumn(connection, create.table(), create.column()),
            () -> {
              if (moving) {
                move(statement, move, fingerprint);
              }
            });
        for (Map.Entry<String, List<FamilyStore.Ddl>> family : families.entrySet()) {
          // ours are named ix_<table>_… (FamilyStore.tables)
          dropUndeclaredIndexes(statement, family.getKey(), "ix_" + family.getKey() + "_", family.getValue()
              .stream().map(FamilyStore.Ddl::index).filter(java.util.Objects::nonNull)
              .collect(java.util.stream.Collectors.toSet()));
        }
        PlannerStatistics.keep(statement, statistics);
        connection.commit();
        connection.setAutoCommit(true);
        return;
      }
      if (readMeta(statement).isEmpty()) {
        statement.execute(sql.createTable());
        statement.execute("INSERT INTO " + META_TABLE + " VALUES ('schema', '" + schemaName.replace("'", "''")
            + "'), ('fingerprint', '" + fingerprint + "'), ('entityType', '" + entity.qualifiedName() + "')");
      } else if (!SqlRenderer.hasTenants(tableSql(statement, sql.tableName()))) {
        // Made before tenants: moved in place, in this transaction, every event to the default tenant.
        for (String step : sql.migrateToTenants(dev.graphmock.model.Tenants.DEFAULT)) {
          statement.execute(step);
        }
      }
      if (!SqlRenderer.hasRendered(tableSql(statement, sql.tableName()))) {
        // Made before renderings were kept: its rows have none, and are written from their columns until rewritten.
        statement.execute(sql.addRenderedColumn());
      }
      statement.execute(sql.forgetRenderedOnUpdate());
      for (List<String> index : indexes) {
        statement.execute(sql.createIndex(index));
      }
      // ours are named as SqlRenderer.indexName names them
      dropUndeclaredIndexes(statement, sql.tableName(), sql.indexName(List.of()), indexes.stream()
          .map(sql::indexName).collect(java.util.stream.Collectors.toSet()));
      PlannerStatistics.keep(statement, Map.of(sql.tableName(), sql.plannerStatistics(indexes)));
      // A database made before counts were kept (or whose triggers were lost) has them counted once, here.
      boolean counted = exists(statement, sql.counts().tableName())
          && sql.counts().triggers().stream().allMatch(trigger -> exists(statement, trigger));
      for (String create : sql.counts().create()) {
        statement.execute(create);
      }
      if (!counted) {
        for (String recount : sql.counts().recount()) {
          statement.execute(recount);
        }
      }
      connection.commit();
      connection.setAutoCommit(true);
    } catch (SQLException e) {
      throw new DatabaseOpenException(describe(file, e), e);
    }
  }

  /**
   * Drops the indexes of {@code table} an earlier version declared and this one does not (every write pays for each
   * index): ours are the ones whose names start with {@code ours}; {@code declared} names those that stay.
   */
  private static void dropUndeclaredIndexes(Statement statement, String table, String ours,
                                            java.util.Set<String> declared) throws SQLException {
    List<String> undeclared = new java.util.ArrayList<>();
    try (ResultSet rows = statement.executeQuery(SqliteDialect.INSTANCE.secondaryIndexes(table))) {
      while (rows.next()) {
        String name = rows.getString("name");
        if (rows.getString("type").equals("index") && name.startsWith(ours) && !declared.contains(name)) {
          undeclared.add(name);
        }
      }
    }
    for (String index : undeclared) {
      statement.execute("DROP INDEX " + SqlRenderer.quote(index));
    }
  }

  /** Copies the rows of {@code move}'s renamed table into the family's table, then drops it and what served it. */
  private static void move(Statement statement, Move move, String fingerprint) throws SQLException {
    java.util.Set<String> columns = new java.util.HashSet<>();
    try (ResultSet rows = statement.executeQuery("SELECT name FROM pragma_table_info("
        + SqlRenderer.literal(move.movedTable()) + ")")) {
      while (rows.next()) {
        columns.add(rows.getString(1));
      }
    }
    statement.execute(move.copy().apply(move.movedTable(), columns));
    statement.execute("DROP TABLE " + SqlRenderer.quote(move.movedTable()));
    statement.execute("DROP TABLE IF EXISTS " + SqlRenderer.quote(move.table() + ".counts"));
    if (exists(statement, "sqlite_stat1")) {
      // the old table's indexes' statistics; the family's table has none of its own
      statement.execute("DELETE FROM sqlite_stat1 WHERE tbl IN (" + SqlRenderer.literal(move.table()) + ", "
          + SqlRenderer.literal(move.movedTable()) + ")");
    }
    statement.execute("UPDATE " + META_TABLE + " SET value = '" + fingerprint + "' WHERE key = 'fingerprint'");
    statement.execute("DELETE FROM " + META_TABLE + " WHERE key = 'entityType'");
  }

  /** Whether the database has a table, index or trigger named {@code name}. */
  static boolean exists(Statement statement, String name) {
    try (ResultSet rows = statement.executeQuery("SELECT 1 FROM sqlite_master WHERE name = '"
        + name.replace("'", "''") + "'")) {
      return rows.next();
    } catch (SQLException e) {
      throw new DatabaseOpenException("could not read the database's schema: " + e.getMessage(), e);
    }
  }

  /** The CREATE TABLE statement of a table, as SQLite keeps it, or "" when there is none. */
  private static String tableSql(Statement statement, String name) throws SQLException {
    try (ResultSet rows = statement.executeQuery("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = '"
        + name.replace("'", "''") + "'")) {
      return rows.next() ? rows.getString(1) : "";
    }
  }

  private static Map<String, String> readMeta(Statement statement) throws SQLException {
    Map<String, String> meta = new HashMap<>();
    try (ResultSet rows = statement.executeQuery("SELECT key, value FROM " + META_TABLE)) {
      while (rows.next()) {
        meta.put(rows.getString(1), rows.getString(2));
      }
    }
    return meta;
  }

  /** Each reader connection's page cache (the writer keeps SQLite's default, 2 MiB). */
  private static final int READER_CACHE_KIB = 256;

  /** @param name the database's file, or {@link #IN_MEMORY}, for messages */
  private static Connection connect(String url, Object name, boolean readOnly) {
    SqliteLibraryCache.install();
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(readOnly);
    // Readers and the writer both wait rather than fail while a checkpoint or another process holds a lock.
    config.setBusyTimeout(10_000);
    // Nothing here asks for generated keys; the driver would otherwise match every statement against a pattern
    // and, after each insert, prepare and run a SELECT last_insert_rowid() in the writer's turn (3 % of a create).
    config.setGetGeneratedKeys(false);
    // SQLite's serialized mode takes the connection's mutex in every call, two or more per column read (5.6 % of a
    // 999-event page's CPU). Here it guards nothing: a connection serves one thread at a time, the driver serializes
    // its calls besides (its native methods are synchronized; sqlite3_interrupt, the one that is not, is safe from
    // any thread), and nothing here uses an API that works on two connections at once (such as backup).
    config.setOpenMode(SQLiteOpenMode.NOMUTEX);
    if (readOnly) {
      // A reader's pages come from the OS's cache a pread away, and there is a reader per concurrent request:
      // with SQLite's default 2 MiB cache each, 16 clients reading at random kept 7-14 MB more resident.
      config.setCacheSize(-READER_CACHE_KIB);
    }
    try {
      Connection connection = config.createConnection(url);
      UnicodeCase.register(connection);
      return connection;
    } catch (SQLException e) {
      throw new DatabaseOpenException(describe(name, e), e);
    }
  }

  private static void createFolder(Path folder) {
    if (folder == null) {
      return;
    }
    try {
      Files.createDirectories(folder);
    } catch (java.nio.file.FileAlreadyExistsException e) {
      throw new DatabaseOpenException("cannot create folder " + folder + " for the database: "
          + e.getFile() + " exists and is not a folder", e);
    } catch (java.nio.file.AccessDeniedException e) {
      throw new DatabaseOpenException("cannot create folder " + folder + " for the database: permission denied", e);
    } catch (IOException e) {
      throw new DatabaseOpenException("cannot create folder " + folder + " for the database: " + e.getMessage(), e);
    }
  }

  private static String describe(Object file, SQLException e) {
    if (e.getErrorCode() == SQLiteErrorCode.SQLITE_NOTADB.code) {
      return "file " + file + " is not a SQLite database";
    }
    if (e.getErrorCode() == SQLiteErrorCode.SQLITE_CANTOPEN.code || e.getErrorCode() == SQLiteErrorCode.SQLITE_READONLY.code
        || e.getErrorCode() == SQLiteErrorCode.SQLITE_PERM.code) {
      return "cannot open database " + file + " for writing";
    }
    return "cannot use database " + file + ": " + e.getMessage();
  }

  /** Whether {@code table} has a column named {@code column}. */
  private static boolean hasColumn(Connection connection, String table, String column) throws SQLException {
    try (java.sql.PreparedStatement statement = connection.prepareStatement(
        "SELECT 1 FROM pragma_table_info(?) WHERE name = ?")) {
      statement.setString(1, table);
      statement.setString(2, column);
      try (ResultSet row = statement.executeQuery()) {
        return row.next();
      }
    }
  }

  private static void clearQuietly(java.sql.PreparedStatement statement) {
    try {
      statement.clearParameters();
    } catch (SQLException cannotRun) {
      // nothing is bound to a statement that can no longer run; the cache forgets it when next asked for it
    }
  }

  /**
   * Whether a kept statement can still run. The driver finalises a statement whose first step fails with an error
   * (malformed JSON, a table another process renamed), though it does not call it closed: kept, every later use of
   * the same SQL on that connection failed with "statement is not executing", whichever code had caught the
   * failure. Asking it how many parameters it has runs the driver's check without touching SQLite (6 ns).
   */
  private static boolean canRun(java.sql.PreparedStatement statement) {
    try {
      statement.getParameterMetaData().getParameterCount();
      return true;
    } catch (SQLException finalised) {
      return false;
    }
  }

  private static void closeQuietly(AutoCloseable connectionOrStatement) {
    try {
      connectionOrStatement.close();
    } catch (Exception ignored) {
      // Already unusable; nothing to save.
    }
  }
}
