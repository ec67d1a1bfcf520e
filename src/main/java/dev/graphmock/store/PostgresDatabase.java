package dev.graphmock.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.graphmock.model.EntityDef;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * A PostgreSQL database that any number of graphmock instances share: every write is its own transaction on a
 * pooled connection (PostgreSQL runs writers side by side, so there is no group commit here), committed before it
 * returns with PostgreSQL's default synchronous commit; duplicate keys race to 23505, which is a 409 wherever it
 * happens. The pool (HikariCP) checks a connection before lending it and drops those a lost server broke, so service
 * resumes by itself when the server is back; meanwhile calls fail with {@link StoreUnavailableException} after at
 * most {@value #BORROW_TIMEOUT_MILLIS} ms.
 *
 * <p>The first instance makes the table, its indexes and the {@value Database#META_TABLE} rows (schema, fingerprint
 * and the key that signs {@code $skiptoken}s, so that a nextLink from one instance is good on every other); the
 * others check them. Instances that start together take turns through an advisory lock.
 */
final class PostgresDatabase extends Database {
  /** How long a call waits for a connection before the store counts as unreachable. */
  static final long BORROW_TIMEOUT_MILLIS = 2_000;
  private static final int POOL_SIZE = 16;
  /** Any fixed number: the advisory lock instances take while they make or check the tables. */
  private static final long SETUP_LOCK = 0x67726170686d6fL;

  private final DatabaseLocation.Postgres location;
  private final HikariDataSource pool;
  private final PostgresDialect dialect;
  private final byte[] signingKey;

  private PostgresDatabase(DatabaseLocation.Postgres location, HikariDataSource pool, PostgresDialect dialect,
                           byte[] signingKey) {
    this.location = location;
    this.pool = pool;
    this.dialect = dialect;
    this.signingKey = signingKey;
  }

  static PostgresDatabase openPostgres(DatabaseLocation.Postgres location, String schemaName, EntityDef entity,
                               List<List<String>> indexes, String fingerprint,
                               java.util.Map<String, List<FamilyStore.Ddl>> families, Move move) {
    PostgresDialect dialect;
    byte[] key;
    // One plain connection first: a server that cannot be reached, or refuses the login, is one line at start-up
    // rather than a pool retrying in the background.
    try (Connection connection = DriverManager.getConnection(location.jdbcUrl(), properties(location))) {
      dialect = new PostgresDialect(foldCollation(connection));
      key = initialise(connection, location, schemaName, entity, indexes, fingerprint, families, dialect, move);
    } catch (SQLException e) {
      throw new DatabaseOpenException(describe(location, e), e);
    }
    HikariConfig config = new HikariConfig();
    config.setPoolName("graphmock-postgresql");
    config.setJdbcUrl(location.jdbcUrl());
    config.setDataSourceProperties(properties(location));
    config.setMaximumPoolSize(POOL_SIZE);
    config.setMinimumIdle(2);
    config.setConnectionTimeout(BORROW_TIMEOUT_MILLIS);
    config.setValidationTimeout(1_000);
    // Checked above; the pool starts without waiting for its first connection.
    config.setInitializationFailTimeout(-1);
    return new PostgresDatabase(location, new HikariDataSource(config), dialect, key);
  }

  private static Properties properties(DatabaseLocation.Postgres location) {
    Properties properties = new Properties();
    if (location.user() != null) {
      properties.setProperty("user", location.user());
    }
    if (location.password() != null) {
      properties.setProperty("password", location.password());
    }
    properties.setProperty("ApplicationName", "graphmock");
    properties.setProperty("connectTimeout", "5");
    // A server that vanishes without closing its sockets (a lost network) fails a call instead of hanging it.
    properties.setProperty("socketTimeout", "60");
    properties.setProperty("tcpKeepAlive", "true");
    // No reWriteBatchedInserts: a batched load needs each row's own update count to name a taken key.
    return properties;
  }

  /** ICU's root collation folds every letter; without ICU the database's own locale is the best there is. */
  private static String foldCollation(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
         ResultSet row = statement.executeQuery("SELECT 1 FROM pg_collation WHERE collname = 'und-x-icu'")) {
      return row.next() ? "\"und-x-icu\"" : "\"default\"";
    }
  }

  /** Makes or checks the tables in one transaction under the setup lock; returns the skip-token signing key. */
  /** @param entity an earlier release's one collection (its tests), or null for the engine's places */
  private static byte[] initialise(Connection connection, DatabaseLocation.Postgres location, String schemaName,
                                   EntityDef entity, List<List<String>> indexes, String fingerprint,
                                   java.util.Map<String, List<FamilyStore.Ddl>> families, PostgresDialect dialect,
                                   Move move)
      throws SQLException {
    SqlRenderer sql = entity == null ? null : new SqlRenderer(new EntityTable(entity), dialect);
    String table = entity == null ? null
        : entity.qualifiedName().substring(entity.qualifiedName().lastIndexOf('.') + 1);
    connection.setAutoCommit(false);
    try (Statement statement = connection.createStatement()) {
      statement.execute("SELECT pg_advisory_xact_lock(" + SETUP_LOCK + ")");
      statement.execute("CREATE TABLE IF NOT EXISTS " + META_TABLE + " (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
      java.util.Map<String, String> meta = readMeta(connection);
      if (meta.get("fingerprint") == null) {
        if (table != null && tableExists(connection, table)) {
          throw new DatabaseOpenException("database " + location + " has a table " + table
              + " that graphmock did not make; choose another --db");
        }
        for (String family : families.keySet()) {
          // Made with IF NOT EXISTS: a table of that name that graphmock did not make would be taken, and emptied.
          if (tableExists(connection, family)) {
            throw new DatabaseOpenException("database " + location + " has a table " + family
                + " that graphmock did not make; choose another --db");
          }
        }
        if (sql != null) {
          statement.execute(sql.createTable());
        }
        insertMeta(connection, "schema", schemaName);
        insertMeta(connection, "fingerprint", fingerprint);
        if (entity != null) {
          insertMeta(connection, "entityType", entity.qualifiedName());
        }
      } else if (!fingerprint.equals(meta.get("fingerprint"))
          && !(move != null && move.fingerprint().equals(meta.get("fingerprint")))) {
        throw new DatabaseOpenException("database " + location + " was made for schema '" + meta.get("schema")
            + "' (fingerprint " + meta.get("fingerprint") + "), but this server runs schema '" + schemaName
            + "' (fingerprint " + fingerprint + "); start with the schema it was made for, or choose"
            + " another --db");
      }
      if (meta.get("signingKey") == null) {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        insertMeta(connection, "signingKey", HexFormat.of().formatHex(key));
      }
      if (sql == null) {
        boolean moving = move != null && move.fingerprint().equals(meta.get("fingerprint"));
        if (moving) {
          // The family's table may have the old table's name: the old one gives way, and goes once its rows are
          // copied.
          statement.execute("ALTER TABLE " + SqlRenderer.quote(move.table()) + " RENAME TO "
              + SqlRenderer.quote(move.movedTable()));
        }
        // CREATE INDEX waits for a lock on the table even when the index is there, and holds it to the commit: a
        // server starting beside one that writes would stall its writes. Only a missing one is made.
        makeFamilies(families, statement,
            create -> (create.index() == null || !indexExists(connection, create.index()))
                && (create.column() == null || !columnExists(connection, create.table(), create.column())),
            () -> {
              if (moving) {
                move(connection, statement, move, fingerprint);
              }
            });
        byte[] key = HexFormat.of().parseHex(readMeta(connection).get("signingKey"));
        connection.commit();
        return key;
      }
      if (!columnExists(connection, table, SqlRenderer.RENDERED)) {
        // Made before renderings were kept: its rows have none, and are written from their columns until rewritten.
        statement.execute(sql.addRenderedColumn());
      }
      statement.execute(sql.forgetRenderedOnUpdate());
      for (List<String> index : indexes) {
        statement.execute(sql.createIndex(index));
      }
      byte[] key = HexFormat.of().parseHex(readMeta(connection).get("signingKey"));
      connection.commit();
      return key;
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    }
  }

  /** Copies the rows of {@code move}'s renamed table into the family's table, then drops it and what served it. */
  private static void move(Connection connection, Statement statement, Move move, String fingerprint)
      throws SQLException {
    java.util.Set<String> columns = new java.util.HashSet<>();
    try (PreparedStatement query = connection.prepareStatement("SELECT column_name FROM information_schema.columns"
        + " WHERE table_schema = current_schema() AND table_name = ?")) {
      query.setString(1, move.movedTable());
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          columns.add(rows.getString(1));
        }
      }
    }
    statement.execute(move.copy().apply(move.movedTable(), columns));
    statement.execute("DROP TABLE " + SqlRenderer.quote(move.movedTable()));
    // the function behind the old table's trigger, which went with it
    statement.execute("DROP FUNCTION IF EXISTS " + SqlRenderer.quote(move.table() + " rendered") + "()");
    try (PreparedStatement update = connection.prepareStatement("UPDATE " + META_TABLE
        + " SET value = ? WHERE key = 'fingerprint'")) {
      update.setString(1, fingerprint);
      update.executeUpdate();
    }
    statement.execute("DELETE FROM " + META_TABLE + " WHERE key = 'entityType'");
  }

  private static boolean columnExists(Connection connection, String table, String column) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM information_schema.columns"
        + " WHERE table_schema = current_schema() AND table_name = ? AND column_name = ?")) {
      statement.setString(1, table);
      statement.setString(2, column);
      try (ResultSet row = statement.executeQuery()) {
        return row.next();
      }
    }
  }

  private static boolean indexExists(Connection connection, String index) throws SQLException {
    try (var query = connection.prepareStatement(
        "SELECT to_regclass(quote_ident(current_schema()) || '.' || ?) IS NOT NULL")) {
      query.setString(1, SqlRenderer.quote(index));
      try (var rows = query.executeQuery()) {
        return rows.next() && rows.getBoolean(1);
      }
    }
  }

  private static boolean tableExists(Connection connection, String table) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(
        "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?")) {
      statement.setString(1, table);
      try (ResultSet row = statement.executeQuery()) {
        return row.next();
      }
    }
  }

  private static java.util.Map<String, String> readMeta(Connection connection) throws SQLException {
    java.util.Map<String, String> meta = new java.util.HashMap<>();
    try (Statement statement = connection.createStatement();
         ResultSet rows = statement.executeQuery("SELECT key, value FROM " + META_TABLE)) {
      while (rows.next()) {
        meta.put(rows.getString(1), rows.getString(2));
      }
    }
    return meta;
  }

  private static void insertMeta(Connection connection, String key, String value) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement("INSERT INTO " + META_TABLE
        + " (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING")) {
      statement.setString(1, key);
      statement.setString(2, value);
      statement.executeUpdate();
    }
  }

  /** One line for the operator: where, and what PostgreSQL said (never the password, which it does not repeat). */
  private static String describe(DatabaseLocation.Postgres location, SQLException e) {
    String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().split("\n")[0];
    if (e.getSQLState() != null && e.getSQLState().startsWith("08")) {
      return "cannot connect to PostgreSQL at " + location + ": " + reason;
    }
    return "cannot use PostgreSQL database " + location + ": " + reason;
  }

  @Override
  public Path file() {
    return null;
  }

  @Override
  public DatabaseLocation location() {
    return location;
  }

  @Override
  public Optional<byte[]> sharedSigningKey() {
    return Optional.of(signingKey.clone());
  }

  @Override
  Dialect dialect() {
    return dialect;
  }

  @Override
  <R> R inWriteTransaction(Transaction.Work<R> work) {
    return inTransaction(work, "a write transaction failed");
  }

  /** In a transaction, so that the driver fetches a large result a part at a time (a cursor) instead of whole. */
  @Override
  <R> R read(Transaction.Work<R> work) {
    return inTransaction(work, "a read failed");
  }

  /** {@code work} in this thread's unit of work if one is open, else in a transaction of its own. */
  private <R> R inTransaction(Transaction.Work<R> work, String failure) {
    Connection joined = joinedUnitOfWork();
    if (joined != null) {
      return work.run(joined);
    }
    try (Connection connection = pool.getConnection()) {
      return Transaction.run(connection, work);
    } catch (SQLException e) {
      throw dialect.failure(failure, e);
    }
  }

  /**
   * Prepared on each call: the driver keeps the server-side statement per connection itself (its prepared-statement
   * cache), and the pool lends a different wrapper of a connection each time.
   */
  @Override
  <R> R withStatement(Connection connection, String sql, StatementWork<R> work) {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      return work.run(statement);
    } catch (SQLException e) {
      throw dialect.failure("SQL failed: " + sql, e);
    }
  }

  @Override
  void runAlone(String sql) {
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
      connection.setAutoCommit(true);
      statement.execute(sql);
    } catch (SQLException e) {
      throw dialect.failure("SQL failed: " + sql, e);
    }
  }

  @Override
  public <T> T inUnitOfWork(java.util.function.Supplier<T> work, java.util.function.Predicate<T> keep) {
    try (Connection connection = pool.getConnection()) {
      return runUnitOfWork(connection, work, keep);
    } catch (SQLException e) {
      throw dialect.failure("a change set failed", e);
    }
  }

  @Override
  public void close() {
    pool.close();
  }
}
