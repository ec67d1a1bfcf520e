package dev.graphmock.store;

import dev.graphmock.model.EdmPrimitive;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Where the SQL of the two stores differs, and only that: {@link SqlRenderer} asks its dialect for these pieces
 * and renders everything else the same way for both. Each answer keeps one behaviour on both stores: strings compare
 * and sort by their UTF-8 bytes, NULL sorts first ascending and last descending (SQLite's order, which the keyset
 * predicate follows), {@code tolower}/{@code toupper} fold every letter.
 */
interface Dialect {
  /** The column type of strings; their comparisons are by code point (byte order of UTF-8) on both stores. */
  String textType();

  /** The column type of doubles. */
  String realType();

  /** The column type of 64-bit whole numbers (tenants, Int64, enum members, ticks, booleans as 0/1). */
  String integerType();

  /** The column type of bytes (a row's kept rendering). */
  String blobType();

  /**
   * An expression giving the bytes of {@code column} (quoted) with their first byte {@code to} where it is {@code
   * from}, else NULL: a kept rendering of one format moved into another whose form differs only in that byte.
   */
  String withFirstByte(String column, int from, int to);

  /** The column type of a complex or collection value, kept as the JSON {@code json.ValueWriter} writes. */
  String jsonType();

  /** A parameter that binds JSON text into a {@link #jsonType} column. */
  String jsonParameter();

  /**
   * The primitive (or enum member, as a {@code STRING}) at {@code path} inside the JSON value {@code json} (a
   * rendered operand), as SQL that compares as the store's column of that kind would: text by UTF-8 bytes, whole
   * and decimal numbers as numbers, booleans as 1 and 0; NULL where the path leads to null or nowhere. The path's
   * names come from the schema ({@link JsonPaths#check}), never from a request.
   */
  String jsonValue(String json, List<String> path, EdmPrimitive kind);

  /**
   * A FROM item over the elements of the JSON array at {@code path} in {@code json}, as {@code alias}, for a lambda
   * operator ({@code any}, {@code all}); none where the path leads to null or to anything but an array. What an
   * element holds is
   * {@link #elementValue}.
   */
  String jsonElements(String json, List<String> path, String alias);

  /**
   * The instant the DateTimeOffset text {@code text} (a rendered operand: a JSON value's, or a parameter) names, as a
   * number of seconds that compares as the instants do whatever their offsets: for values inside JSON, which keeps
   * them as text.
   */
  String instant(String text);

  /** The value at {@code path} in the element {@code alias} of {@link #jsonElements}, as {@link #jsonValue}. */
  String elementValue(String alias, List<String> path, EdmPrimitive kind);

  /**
   * The statement that makes, unless it exists, the trigger {@code trigger} (unquoted) on {@code table} that sets
   * {@code column} (both quoted) to NULL in every updated row whose update left it as it was: an update by any
   * writer that does not know the column (an older graphmock on the same database) must not leave a rendering of
   * the old values.
   */
  String forgetOnUpdate(String table, String column, String trigger);

  /**
   * {@link #forgetOnUpdate(String, String, String)} for updates of the columns {@code of} (quoted) only: a change
   * of a column the rendering does not hold (a link) leaves it.
   */
  String forgetOnUpdate(String table, String column, String trigger, List<String> of);

  /**
   * A statement that writes nothing but makes the transaction it starts a writing one, waiting for the write lock
   * as a write does; or null where a transaction that reads first waits for it anyway at its first write. A write
   * that reads before it writes runs it first.
   */
  String claimWrite();

  /** {@code text} contains {@code search} (two rendered operands), case-sensitively. */
  String contains(String text, String search);

  /** {@code left} differs from {@code right}, where either may be NULL (true when exactly one is). */
  String isDistinct(String left, String right);

  /** {@code left} equals {@code right}, where NULL equals NULL. */
  String isNotDistinct(String left, String right);

  /** {@code operand}, Unicode-folded to lower ({@code upper} false) or upper case, still comparing by bytes. */
  String fold(String operand, boolean upper);

  /**
   * What a SELECT that checks a row is there ends with, so that no concurrent transaction can delete the row until
   * the checking one ends (a parent, before something is kept under it; a link's target).
   */
  String lockForKeyShare();

  /**
   * What a SELECT of a row its transaction will then update ends with, so that a concurrent update of the same row
   * waits for this one to end and reads what it wrote (PostgreSQL; SQLite has one writer at a time).
   */
  String lockForUpdate();

  /** An ORDER BY term, or an index column, in SQLite's NULL order: NULL first ascending, last descending. */
  String orderTerm(String column, boolean descending, boolean nullable);

  /** An index's name, within the store's limit on names. */
  String indexName(String name);

  /**
   * The insert that skips a row whose key is taken instead of failing (its update count is then 0), for loads sent
   * in batches; null when loads go a row at a time.
   */
  String insertSkippingTaken(String insert, String keyColumns);

  /**
   * The table's secondary indexes and triggers as {@code type, name, sql} rows (type {@code index} or
   * {@code trigger}), or null when a bulk load should keep them.
   */
  String secondaryIndexes(String table);

  /**
   * Whether the store keeps each tenant's row count, and its count per value of each counted property, in a table
   * of its own, updated by triggers in the writing transaction (see {@link KeptCountsSql}).
   */
  boolean keepsCounts();

  /**
   * A statement that brings the planner's statistics up to date after a large load, run outside any transaction;
   * null when the store needs none.
   */
  String afterBulkLoad(String table);

  /**
   * The text in column {@code index} of the current row, or null. Its own method because the drivers differ in
   * what is cheap: SQLite's hands text out through a direct buffer made per value (a JNI object construction, most
   * of a 999-event page's column reads), its bytes as a plain array.
   */
  default String text(ResultSet row, int index) throws SQLException {
    return row.getString(index);
  }

  /** Whether {@code failure} is the store refusing a key that is taken. */
  boolean isDuplicateKey(SQLException failure);

  /**
   * A failure of the store as the exception callers see: {@link StoreFullException} when it is out of space,
   * {@link StoreUnavailableException} when it cannot be reached, {@link UnstorableValueException} for a value it
   * cannot hold, else a plain {@link StoreException}.
   */
  StoreException failure(String message, Throwable cause);
}
