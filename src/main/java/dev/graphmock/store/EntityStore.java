package dev.graphmock.store;

import dev.graphmock.model.EntityDef;
import dev.graphmock.model.StoredRow;
import dev.graphmock.query.Expr;
import dev.graphmock.query.Query;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Create, read, update and delete of one entity type's rows, and collection reads from {@link Query} values,
 * always within one tenant, which every method takes: the same key may exist in two tenants, and no call reads
 * or writes across them. Values are model values keyed by property name ({@link dev.graphmock.model.PropertyKind} says which Java type
 * each has). Every write commits before it returns. SQL comes from {@link SqlRenderer} and runs through
 * {@link Database#withStatement}; every failure of the database is a {@link StoreException}.
 *
 * <p>Each row written keeps the rendering its caller makes of it (see {@link #EntityStore(Database, EntityDef,
 * Function)}), made from the values a read of the row will give, and a collection read hands it over with the row.
 */
public final class EntityStore {
  private static final int FETCH_SIZE = 500;
  /** A load of at least this many rows refreshes the planner's statistics where the store needs it. */
  private static final long BULK_LOAD_ROWS = 10_000;
  /** Rows per round trip in a load where the store batches them. */
  private static final int LOAD_BATCH = 500;
  private final Database database;
  private final EntityTable table;
  private final SqlRenderer sql;
  private final String insert;
  private final String selectById;
  private final String deleteById;
  private final Function<Map<String, Object>, byte[]> rendering;

  /** A store that keeps no rendering of its rows (a collection read then hands over none). */
  public EntityStore(Database database, EntityDef entity) {
    this(database, entity, null);
  }

  /**
   * @param rendering what a row is rendered to when it is written, kept with it as opaque bytes; given the values a
   *     read of the row will give (every property), and not asked where those are uncertain; null for none
   */
  public EntityStore(Database database, EntityDef entity, Function<Map<String, Object>, byte[]> rendering) {
    this.database = database;
    this.rendering = rendering;
    this.table = new EntityTable(entity);
    this.sql = new SqlRenderer(table, database.dialect());
    this.insert = sql.insert();
    this.selectById = sql.selectById();
    this.deleteById = sql.deleteById();
  }

  public EntityDef entity() {
    return table.entity();
  }

  /**
   * Inserts a row holding every property. Throws {@link DuplicateKeyException} when the key is taken. Returns the
   * rendering the row keeps, or null when it keeps none: the values a read will give, rendered, for an answer
   * that shows the new row.
   */
  public byte[] insert(String tenant, Map<String, Object> values) {
    List<Object> arguments = arguments(tenant, values);
    String key = (String) values.get(table.entity().keyName());
    try {
      database.inWriteTransaction(connection -> database.withStatement(connection, insert, statement -> {
        bind(statement, arguments);
        return statement.executeUpdate();
      }));
    } catch (StoreException e) {
      throw isDuplicateKey(e) ? new DuplicateKeyException(key) : e;
    }
    return (byte[]) arguments.get(arguments.size() - 1);
  }

  /**
   * Inserts many rows in one transaction: for loading fixtures and benchmark data, where one commit per row
   * would cost a write to the WAL each. All or nothing; a duplicate key rolls back the whole batch.
   */
  public void insertAll(String tenant, List<Map<String, Object>> rows) {
    try {
      database.inWriteTransaction(connection -> database.withStatement(connection, insert, statement -> {
        try {
          for (Map<String, Object> row : rows) {
            bind(statement, arguments(tenant, row));
            statement.addBatch();
          }
          return statement.executeBatch();
        } finally {
          statement.clearBatch();
        }
      }));
    } catch (StoreException e) {
      throw isDuplicateKey(e) ? new DuplicateKeyException("(one of the batch)") : e;
    }
  }

  /** Hands over entities one at a time for {@link #load}: null at the end, or an exception that stops the load. */
  public interface Source {
    Map<String, Object> next() throws Exception;
  }

  /**
   * Inserts every entity {@code source} hands over (each holding every property) in one transaction, all or
   * none: an exception from the source, or a key that is taken ({@link DuplicateKeyException}, unless
   * {@code replace}, which replaces that row), rolls back everything and is thrown here. Rows are written as they
   * come, never held. Returns how many were written.
   */
  public long load(String tenant, Source source, boolean replace) throws Exception {
    String sql = replace ? this.sql.upsert() : insert;
    long loaded = loadRows(tenant, source, sql, replace);
    String refresh = this.sql.afterBulkLoad();
    if (refresh != null && loaded >= BULK_LOAD_ROWS) {
      try {
        database.runAlone(refresh);
      } catch (StoreException e) {
        // The rows are committed; fresh statistics only make queries on them faster, and the database's own
        // background maintenance gathers them later. Failing a load that succeeded would be the worse answer.
      }
    }
    return loaded;
  }

  private long loadRows(String tenant, Source source, String sql, boolean replace) throws Exception {
    try {
      return database.inWriteTransaction(connection -> {
        String skippingTaken = this.sql.insertSkippingTaken();
        if (skippingTaken != null) {
          return loadInBatches(connection, tenant, source, replace ? sql : skippingTaken, !replace);
        }
        // Into an empty table, the secondary indexes are made once at the end, sorted, rather than kept up row by
        // row, and the kept counts counted once: several times faster for a large load, and the same transaction,
        // so all or none still holds.
        List<String> dropped = isEmpty() ? dropSecondaryIndexes(connection) : List.of();
        long written = database.withStatement(connection, sql, statement -> {
          long rows = 0;
          for (Map<String, Object> row = next(source); row != null; row = next(source)) {
            bind(statement, arguments(tenant, row));
            try {
              statement.executeUpdate();
            } catch (SQLException e) {
              if (isDuplicateKey(e)) {
                throw new DuplicateKeyException((String) row.get(table.entity().keyName()));
              }
              throw e;
            }
            rows++;
          }
          return rows;
        });
        for (String create : dropped) {
          database.withStatement(connection, create, statement -> statement.executeUpdate());
        }
        if (!dropped.isEmpty()) {
          for (String recount : this.sql.counts().recount()) {
            database.withStatement(connection, recount, statement -> statement.executeUpdate());
          }
        }
        return written;
      });
    } catch (SourceFailure e) {
      throw (Exception) e.getCause();
    }
  }

  /**
   * A load sent {@value #LOAD_BATCH} rows at a time, for a store across the network. With {@code refuseTaken}, the
   * statement skips a taken key and its update count of 0 names the row, which is refused with its position.
   */
  private long loadInBatches(Connection connection, String tenant, Source source, String sql,
                             boolean refuseTaken) {
    return database.withStatement(connection, sql, statement -> {
      long rows = 0;
      List<String> keys = new java.util.ArrayList<>(LOAD_BATCH);
      for (Map<String, Object> row = next(source); row != null; row = next(source)) {
        bind(statement, arguments(tenant, row));
        statement.addBatch();
        keys.add((String) row.get(table.entity().keyName()));
        rows++;
        if (keys.size() == LOAD_BATCH) {
          sendBatch(statement, keys, rows - keys.size(), refuseTaken);
        }
      }
      sendBatch(statement, keys, rows - keys.size(), refuseTaken);
      return rows;
    });
  }

  private static void sendBatch(PreparedStatement statement, List<String> keys, long firstPosition,
                                boolean refuseTaken) throws SQLException {
    if (keys.isEmpty()) {
      return;
    }
    int[] counts = statement.executeBatch();
    for (int i = 0; i < counts.length && refuseTaken; i++) {
      if (counts[i] == 0) {
        throw new DuplicateKeyException(keys.get(i), firstPosition + i);
      }
    }
    keys.clear();
  }

  /**
   * Drops the table's secondary indexes and the kept counts' triggers, returning the statements that make them
   * again (none: the dialect keeps them).
   */
  private List<String> dropSecondaryIndexes(Connection connection) {
    List<String> drops = new java.util.ArrayList<>();
    List<String> creates = new java.util.ArrayList<>();
    if (sql.secondaryIndexes() == null) {
      return creates;
    }
    database.withStatement(connection, sql.secondaryIndexes(), statement -> {
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          drops.add(sql.drop(rows.getString(1), rows.getString(2)));
          creates.add(rows.getString(3));
        }
      }
      return null;
    });
    for (String drop : drops) {
      database.withStatement(connection, drop, statement -> statement.executeUpdate());
    }
    return creates;
  }

  private static Map<String, Object> next(Source source) {
    try {
      return source.next();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new SourceFailure(e);
    }
  }

  /** Carries a source's checked exception out through the transaction, which it rolls back. */
  private static final class SourceFailure extends RuntimeException {
    SourceFailure(Exception cause) {
      super(cause);
    }
  }

  public Optional<Map<String, Object>> find(String tenant, String key) {
    return database.read(connection -> find(connection, tenant, key));
  }

  /** The row with {@code key} as {@code connection} sees it, inside whatever transaction it has open. */
  private Optional<Map<String, Object>> find(Connection connection, String tenant, String key) {
    return database.withStatement(connection, selectById, statement -> {
      statement.setLong(1, ColumnCodec.tenant(tenant));
      statement.setString(2, key);
      try (ResultSet row = statement.executeQuery()) {
        return row.next() ? Optional.of(table.read(row, database.dialect())) : Optional.empty();
      }
    });
  }

  /** Sets the given properties of the row with {@code key}; false when there is no such row. */
  public boolean update(String tenant, String key, Map<String, Object> values) {
    if (values.isEmpty()) {
      return find(tenant, key).isPresent();
    }
    SqlRenderer.Statement update = sql.update(tenant, values, key);
    return database.inWriteTransaction(connection -> run(connection, update)) > 0;
  }

  /**
   * Sets the given properties of the row with {@code key} and returns the row as this update left it; empty when
   * there is no such row. The row is read in the update's own transaction: read in a transaction of its own, it
   * could show what another writer did in between (or be gone), not what this update stored. The update's row lock
   * (PostgreSQL) or the single writer (SQLite) keeps every other writer out until the commit.
   */
  public Optional<Map<String, Object>> updateAndGet(String tenant, String key, Map<String, Object> values) {
    if (values.isEmpty()) {
      return find(tenant, key);
    }
    SqlRenderer.Statement update = sql.update(tenant, values, key);
    return database.inWriteTransaction(connection -> run(connection, update) > 0
        ? find(connection, tenant, key) : Optional.empty());
  }

  /** Runs a statement that changes rows and returns how many it changed. */
  private int run(Connection connection, SqlRenderer.Statement change) {
    return database.withStatement(connection, change.text(), statement -> {
      bind(statement, change.parameters());
      return statement.executeUpdate();
    });
  }

  public boolean delete(String tenant, String key) {
    return database.inWriteTransaction(connection -> database.withStatement(connection, deleteById, statement -> {
      statement.setLong(1, ColumnCodec.tenant(tenant));
      statement.setString(2, key);
      return statement.executeUpdate();
    })) > 0;
  }

  /** Deletes every row of {@code tenant}, or of every tenant when it is null; the table and its indexes stay. */
  public int deleteAll(String tenant) {
    String deleteAll = sql.deleteAll(tenant != null);
    return database.inWriteTransaction(connection -> {
      for (String before : sql.counts().beforeDeleteAll()) {
        database.withStatement(connection, before, statement -> statement.executeUpdate());
      }
      int deleted = database.withStatement(connection, deleteAll, statement -> {
        if (tenant != null) {
          statement.setLong(1, ColumnCodec.tenant(tenant));
        }
        return statement.executeUpdate();
      });
      for (SqlRenderer.Statement after : sql.counts().afterDeleteAll(tenant)) {
        database.withStatement(connection, after.text(), statement -> {
          bind(statement, after.parameters());
          return statement.executeUpdate();
        });
      }
      return deleted;
    });
  }

  /**
   * Streams the rows {@code query} selects, in its order, to {@code sink} as they come off the cursor: rows are
   * never collected first. A row is valid only while {@code sink} has it; its values are read from the cursor
   * when first asked for, and its rendering is handed over when {@code withRendered}.
   */
  public void select(Query query, boolean withRendered, Consumer<StoredRow> sink) {
    SqlRenderer.Statement select = sql.select(query, withRendered);
    database.read(connection -> database.withStatement(connection, select.text(), statement -> {
      bind(statement, select.parameters());
      // Rows come from the server this many at a time where the driver would otherwise fetch them all first.
      statement.setFetchSize(FETCH_SIZE);
      try (ResultSet rows = statement.executeQuery()) {
        CursorRow row = new CursorRow(rows, withRendered);
        while (rows.next()) {
          row.advance();
          sink.accept(row);
        }
      }
      return null;
    }));
  }

  /** The row a cursor is on, read lazily: a page written from renderings never reads the 27 columns. */
  private final class CursorRow implements StoredRow {
    private final ResultSet rows;
    private final boolean withRendered;
    private byte[] rendered;
    private Map<String, Object> values;

    CursorRow(ResultSet rows, boolean withRendered) {
      this.rows = rows;
      this.withRendered = withRendered;
    }

    void advance() throws SQLException {
      values = null;
      rendered = withRendered ? rows.getBytes(1) : null;
    }

    @Override
    public Map<String, Object> values() {
      if (values == null) {
        try {
          values = table.read(rows, withRendered ? 2 : 1, database.dialect());
        } catch (SQLException e) {
          throw database.dialect().failure("reading a row failed", e);
        }
      }
      return values;
    }

    @Override
    public byte[] rendered() {
      return rendered;
    }
  }

  /** How many rows of {@code tenant} match {@code filter} (null for all of them). */
  public long count(String tenant, Expr filter) {
    SqlRenderer.Statement count = sql.count(tenant, filter);
    return database.read(connection -> database.withStatement(connection, count.text(), statement -> {
      bind(statement, count.parameters());
      try (ResultSet result = statement.executeQuery()) {
        result.next();
        return result.getLong(1);
      }
    }));
  }

  /** Whether the table holds no row of any tenant. */
  public boolean isEmpty() {
    return database.read(connection -> database.withStatement(connection, sql.anyRow(), statement -> {
      try (ResultSet row = statement.executeQuery()) {
        return !row.next();
      }
    }));
  }

  /** An insert's parameters: the tenant, the columns, the rendering (see {@link SqlRenderer#insert}). */
  private List<Object> arguments(String tenant, Map<String, Object> values) {
    List<Object> columns = table.insertArguments(values);
    List<Object> arguments = new java.util.ArrayList<>(columns.size() + 2);
    arguments.add(ColumnCodec.tenant(java.util.Objects.requireNonNull(tenant, "tenant")));
    arguments.addAll(columns);
    Map<String, Object> readBack = rendering == null ? null : table.decode(columns);
    arguments.add(readBack == null ? null : rendering.apply(readBack));
    return arguments;
  }

  private static void bind(PreparedStatement statement, List<Object> parameters) throws SQLException {
    for (int i = 0; i < parameters.size(); i++) {
      statement.setObject(i + 1, parameters.get(i));
    }
  }

  /** Whether {@code failure}, or any of its causes, is the store refusing a taken primary key. */
  private boolean isDuplicateKey(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql && database.dialect().isDuplicateKey(sql)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The key that signs {@code $skiptoken}s when several servers share the database (so a nextLink from one is
   * good on all), or empty when each server may make its own.
   */
  public java.util.Optional<byte[]> sharedSigningKey() {
    return database.sharedSigningKey();
  }
}
