package dev.graphmock.store;

import dev.graphmock.model.EdmPrimitive;
import java.sql.SQLException;
import java.util.List;

/**
 * PostgreSQL's SQL, made to behave as SQLite does here. Text columns are {@code COLLATE "C"}: byte order, the same
 * as SQLite's BINARY, whatever the database's locale. NULL is placed explicitly ({@code NULLS FIRST} ascending,
 * {@code NULLS LAST} descending) on nullable columns, in ORDER BY and in indexes alike, so that an index serves the
 * order. {@code lower}/{@code upper} run under a Unicode collation ({@code foldCollation}: ICU's root locale where
 * the server has ICU), because under "C" they fold ASCII only; their result is compared under "C" again.
 */
final class PostgresDialect implements Dialect {
  /** PostgreSQL's limit on a name, in bytes; longer ones are cut, which could make two indexes one. */
  private static final int MAX_NAME_BYTES = 63;
  private final String foldCollation;

  /** @param foldCollation the collation, quoted, under which case is folded */
  PostgresDialect(String foldCollation) {
    this.foldCollation = foldCollation;
  }

  @Override
  public String textType() {
    return "TEXT COLLATE \"C\"";
  }

  @Override
  public String realType() {
    return "DOUBLE PRECISION";
  }

  @Override
  public String integerType() {
    return "BIGINT";
  }

  @Override
  public String blobType() {
    return "BYTEA";
  }

  @Override
  public String withFirstByte(String column, int from, int to) {
    return String.format("CASE WHEN substring(%s from 1 for 1) = '\\x%02x'::bytea THEN overlay(%s placing"
        + " '\\x%02x'::bytea from 1 for 1) END", column, from, column, to);
  }

  @Override
  public String jsonType() {
    return "JSONB";
  }

  @Override
  public String jsonParameter() {
    return "CAST(? AS JSONB)";
  }

  /** {@code #>>} gives the value at the path as text, cast to what the kind's column holds. */
  @Override
  public String jsonValue(String json, List<String> path, EdmPrimitive kind) {
    String text = "(" + json + " #>> '" + JsonPaths.braced(path) + "')";
    return switch (kind) {
      case BOOLEAN -> "(CASE " + text + " WHEN 'true' THEN 1 WHEN 'false' THEN 0 END)";
      case BYTE, SBYTE, INT16, INT32, INT64 -> "(" + text + "::BIGINT)";
      // A decimal compares and sorts as a double, as SQLite's REAL does (a keyset position is read back so).
      case SINGLE, DOUBLE, DECIMAL -> "(" + text + "::DOUBLE PRECISION)";
      default -> "(" + text + " COLLATE \"C\")";
    };
  }

  /** {@code jsonb_array_elements} of anything but an array is an error: of null, none. */
  @Override
  public String jsonElements(String json, List<String> path, String alias) {
    String at = "(" + json + " #> '" + JsonPaths.braced(path) + "')";
    return "jsonb_array_elements(CASE jsonb_typeof(" + at + ") WHEN 'array' THEN " + at + " END) AS " + alias
        + "(value)";
  }

  /**
   * Rounded to the millisecond, as SQLite's {@code unixepoch(…, 'subsec')} reads a fraction, so that both stores
   * answer alike.
   */
  @Override
  public String instant(String text) {
    return "round(EXTRACT(EPOCH FROM CAST(" + text + " AS TIMESTAMPTZ))::NUMERIC, 3)";
  }

  @Override
  public String elementValue(String alias, List<String> path, EdmPrimitive kind) {
    return jsonValue(alias + ".value", path, kind);
  }

  /** None: PostgreSQL locks rows, not the database, and a row's lock is waited for. */
  @Override
  public String claimWrite() {
    return null;
  }

  @Override
  public String forgetOnUpdate(String table, String column, String trigger) {
    return forgetOnUpdate(table, column, trigger, List.of());
  }

  @Override
  public String forgetOnUpdate(String table, String column, String trigger, List<String> of) {
    // Before the update, on the new row; made once, by the first instance of this version (under the setup lock).
    String name = SqlRenderer.quote(trigger);
    return "DO $made$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = " + SqlRenderer.literal(trigger)
        + " AND tgrelid = " + SqlRenderer.literal(table) + "::regclass) THEN"
        + " CREATE OR REPLACE FUNCTION " + name + "() RETURNS trigger LANGUAGE plpgsql AS $body$ BEGIN NEW." + column
        + " := NULL; RETURN NEW; END $body$;"
        + " CREATE TRIGGER " + name + " BEFORE UPDATE" + (of.isEmpty() ? "" : " OF " + String.join(", ", of))
        + " ON " + table + " FOR EACH ROW WHEN (OLD." + column
        + " IS NOT NULL AND NEW." + column + " IS NOT DISTINCT FROM OLD." + column + ") EXECUTE FUNCTION " + name
        + "(); END IF; END $made$";
  }

  @Override
  public String contains(String text, String search) {
    return "(strpos(" + text + ", " + search + ") > 0)";
  }

  @Override
  public String isDistinct(String left, String right) {
    return "(" + left + " IS DISTINCT FROM " + right + ")";
  }

  @Override
  public String isNotDistinct(String left, String right) {
    return left + " IS NOT DISTINCT FROM " + right;
  }

  @Override
  public String fold(String operand, boolean upper) {
    return "(" + (upper ? "upper(" : "lower(") + operand + " COLLATE " + foldCollation + ") COLLATE \"C\")";
  }

  @Override
  public String lockForKeyShare() {
    return " FOR KEY SHARE";
  }

  @Override
  public String lockForUpdate() {
    return " FOR NO KEY UPDATE";
  }

  @Override
  public String orderTerm(String column, boolean descending, boolean nullable) {
    String term = column + (descending ? " DESC" : " ASC");
    return nullable ? term + (descending ? " NULLS LAST" : " NULLS FIRST") : term;
  }

  @Override
  public String indexName(String name) {
    if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= MAX_NAME_BYTES) {
      return name;
    }
    String hash = Integer.toHexString(name.hashCode() & 0x7fffffff);
    return name.substring(0, MAX_NAME_BYTES - 1 - 8) + "_" + "0".repeat(8 - hash.length()) + hash;
  }

  /**
   * Rows go in batches (one round trip for many), and a taken key must not abort the transaction mid-batch, so it
   * is skipped and found by its update count of 0, which says exactly which row it was.
   */
  @Override
  public String insertSkippingTaken(String insert, String keyColumns) {
    return insert + " ON CONFLICT (" + keyColumns + ") DO NOTHING";
  }

  @Override
  public String secondaryIndexes(String table) {
    // A bulk load keeps them: dropping an index locks the table against every other instance until the load ends.
    return null;
  }

  /**
   * Not kept: PostgreSQL runs writers side by side, and every create would update the same count rows, so each
   * would wait for the one before it to commit; counts are counted.
   */
  @Override
  public boolean keepsCounts() {
    return false;
  }

  /**
   * Statistics, or the planner walks the wrong index for an hour after a million-row import (1.4 s for a page of one
   * measured, until autovacuum got to it), and the visibility map, without which a count reads every row from the
   * heap instead of the index alone.
   */
  @Override
  public String afterBulkLoad(String table) {
    return "VACUUM (ANALYZE) " + table;
  }

  @Override
  public boolean isDuplicateKey(SQLException failure) {
    for (SQLException next = failure; next != null; next = next.getNextException()) {
      if ("23505".equals(next.getSQLState())) {
        return true;
      }
      if (next == next.getNextException()) {
        break;
      }
    }
    return false;
  }

  @Override
  public StoreException failure(String message, Throwable cause) {
    for (Throwable c = cause; c != null; c = c.getCause()) {
      if (c instanceof SQLException sql) {
        String state = sql.getSQLState();
        if ("22021".equals(state) || "22P05".equals(state)) {
          // 22P05: the same character inside a jsonb value (a complex value or a collection).
          return new UnstorableValueException(message + ": a string holds U+0000", "A string holds the character"
              + " U+0000 (NUL), which this graphmock's store (PostgreSQL) cannot keep; nothing was saved.", cause);
        }
        if ("54000".equals(state)) {
          return new UnstorableValueException(message + ": a value is too long to index", "A string is too long for"
              + " this graphmock's store (PostgreSQL) to index: a key, and a property that is filtered and sorted on,"
              + " takes at most about 2,700 bytes; nothing was saved.", cause);
        }
        if ("53100".equals(state)) {
          return new StoreFullException(message + ": PostgreSQL is out of disk space", cause);
        }
        if (isUnavailable(sql)) {
          return new StoreUnavailableException(message + ": PostgreSQL cannot be reached", cause);
        }
      }
    }
    return new StoreException(message, cause);
  }

  /**
   * Connection failures (class 08), the server shutting down or starting up (57P01–57P03), and a pool that could not
   * get a connection in time (which reports no state, or 08001, and is a {@link java.sql.SQLTransientConnectionException}).
   */
  private static boolean isUnavailable(SQLException sql) {
    String state = sql.getSQLState();
    return sql instanceof java.sql.SQLTransientConnectionException || sql instanceof java.sql.SQLNonTransientConnectionException
        || state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
        || state.equals("57P03"));
  }
}
