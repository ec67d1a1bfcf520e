package dev.graphmock.store;

import dev.graphmock.model.EdmPrimitive;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * SQLite's SQL: TEXT compares by bytes (BINARY), NULL already sorts first ascending, and {@code lower}/{@code upper}
 * are {@link UnicodeCase}'s full folding, registered on every connection.
 */
final class SqliteDialect implements Dialect {
  static final SqliteDialect INSTANCE = new SqliteDialect();

  private SqliteDialect() {
  }

  /** The value's UTF-8 bytes as one array, decoded here: the driver's getString first wraps them in a direct buffer. */
  @Override
  public String text(ResultSet row, int index) throws SQLException {
    byte[] utf8 = row.getBytes(index);
    return utf8 == null ? null : new String(utf8, StandardCharsets.UTF_8);
  }

  @Override
  public String textType() {
    return "TEXT";
  }

  @Override
  public String realType() {
    return "REAL";
  }

  @Override
  public String integerType() {
    return "INTEGER";
  }

  @Override
  public String blobType() {
    return "BLOB";
  }

  @Override
  public String withFirstByte(String column, int from, int to) {
    // substr counts a blob's bytes; || makes text of its operands, which the cast gives back as the same bytes
    return String.format("CASE WHEN substr(%s, 1, 1) = x'%02x' THEN CAST(x'%02x' || substr(%s, 2) AS BLOB) END",
        column, from, to, column);
  }

  @Override
  public String jsonType() {
    return "TEXT";
  }

  @Override
  public String jsonParameter() {
    return "?";
  }

  /**
   * SQLite's {@code json_extract} hands out a JSON string as TEXT (BINARY collation: by bytes), numbers as numbers
   * and true and false as 1 and 0: what the columns hold already.
   */
  @Override
  public String jsonValue(String json, List<String> path, EdmPrimitive kind) {
    return "json_extract(" + json + ", '" + JsonPaths.dotted(path) + "')";
  }

  /** {@code json_each} of a scalar is one row, of the scalar: only an array has elements. */
  @Override
  public String jsonElements(String json, List<String> path, String alias) {
    String at = "'" + JsonPaths.dotted(path) + "'";
    return "json_each(CASE json_type(" + json + ", " + at + ") WHEN 'array' THEN " + json + " END, " + at + ") AS "
        + alias;
  }

  /** Seconds since 1970 to the millisecond (SQLite rounds a longer fraction to the nearest one). */
  @Override
  public String instant(String text) {
    return "unixepoch(" + text + ", 'subsec')";
  }

  /** An element of {@code json_each} is already an SQL value when it is a primitive, JSON text when an object. */
  @Override
  public String elementValue(String alias, List<String> path, EdmPrimitive kind) {
    return path.isEmpty() ? alias + ".value" : jsonValue(alias + ".value", path, kind);
  }

  /**
   * An update of no row of graphmock's own table: SQLite calls no busy handler when a transaction that has read
   * wants to write while another connection (a backup, sqlite3 at a prompt) holds the write lock; it fails at once.
   * A transaction that starts with a write waits for the lock as long as the busy timeout says.
   */
  @Override
  public String claimWrite() {
    return "UPDATE " + Database.META_TABLE + " SET value = value WHERE 0";
  }

  @Override
  public String forgetOnUpdate(String table, String column, String trigger) {
    return forgetOnUpdate(table, column, trigger, List.of());
  }

  @Override
  public String forgetOnUpdate(String table, String column, String trigger, List<String> of) {
    // After the update, a second one of the same row (triggers do not fire themselves: recursive triggers are off).
    return "CREATE TRIGGER IF NOT EXISTS " + SqlRenderer.quote(trigger) + " AFTER UPDATE"
        + (of.isEmpty() ? "" : " OF " + String.join(", ", of)) + " ON " + table + " WHEN OLD." + column
        + " IS NOT NULL AND NEW." + column + " IS OLD." + column + " BEGIN UPDATE " + table + " SET " + column
        + " = NULL WHERE rowid = NEW.rowid; END";
  }

  @Override
  public String contains(String text, String search) {
    // instr compares exactly (case-sensitively), as OData's contains does; LIKE would fold ASCII case.
    return "(instr(" + text + ", " + search + ") > 0)";
  }

  @Override
  public String isDistinct(String left, String right) {
    return "(" + left + " IS NOT " + right + ")";
  }

  @Override
  public String isNotDistinct(String left, String right) {
    return left + " IS " + right;
  }

  @Override
  public String fold(String operand, boolean upper) {
    return (upper ? "upper(" : "lower(") + operand + ")";
  }

  /** None: SQLite's one writer already keeps a checked row from being deleted before the check's commit. */
  @Override
  public String lockForUpdate() {
    return "";
  }

  @Override
  public String lockForKeyShare() {
    return "";
  }

  @Override
  public String orderTerm(String column, boolean descending, boolean nullable) {
    return column + (descending ? " DESC" : " ASC");
  }

  @Override
  public String indexName(String name) {
    // Unchanged, whatever its length: databases made earlier have their indexes under these names.
    return name;
  }

  /** None: in-process, a row at a time costs SQLite no round trip, and a taken key fails its own statement. */
  @Override
  public String insertSkippingTaken(String insert, String keyColumns) {
    return null;
  }

  @Override
  public String secondaryIndexes(String table) {
    return "SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND tbl_name = '"
        + table.replace("'", "''") + "' AND sql IS NOT NULL";
  }

  /**
   * Kept: SQLite has one writer at a time, so the count rows every write updates cost one more page per commit and
   * never make writers wait on each other, while {@code count(*)} over a common value walks most of an index.
   */
  @Override
  public boolean keepsCounts() {
    return true;
  }

  /**
   * None: a load into an empty table builds its indexes afresh at the end, and SQLite plans from the statistics
   * written at open ({@link PlannerStatistics}), which do not depend on what the table holds.
   */
  @Override
  public String afterBulkLoad(String table) {
    return null;
  }

  @Override
  public boolean isDuplicateKey(SQLException failure) {
    if (failure instanceof SQLiteException sqlite && sqlite.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY) {
      return true;
    }
    // A failed batch reports the constraint only in its message (java.sql.BatchUpdateException).
    return failure instanceof java.sql.BatchUpdateException && failure.getMessage() != null
        && failure.getMessage().contains(SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY.name());
  }

  @Override
  public StoreException failure(String message, Throwable cause) {
    for (Throwable c = cause; c != null; c = c.getCause()) {
      if (c instanceof SQLiteException sqlite && sqlite.getResultCode() == SQLiteErrorCode.SQLITE_FULL) {
        return new StoreFullException(message + ": the database or its disk is full", cause);
      }
      if (c instanceof SQLException sql && sql.getErrorCode() == SQLiteErrorCode.SQLITE_FULL.code) {
        return new StoreFullException(message + ": the database or its disk is full", cause);
      }
    }
    return new StoreException(message, cause);
  }
}
