package dev.graphmock.store;

import dev.graphmock.model.EdmPrimitive;
import dev.graphmock.model.ValueType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * SQLite's planner statistics ({@code sqlite_stat1}) as graphmock writes them for its tables: written rather than
 * measured. Without statistics SQLite prefers walking an index in the requested order to seeking the few rows a
 * filter names ({@code deviceId eq 'x'} ordered by {@code enrollmentStartDateTime}: 640 ms at a million events
 * instead of under 1), and measured ones go stale as a table grows from nothing. These describe a table of {@value
 * #ROWS} rows in which an enum value matches its share of the members, a boolean half, a date-time about two rows,
 * any other value about {@value #FEW}, and the key one: for any size and spread, they lead the planner to the index
 * whose leading columns the filter names, and to one that also gives the order when there is one. SQLite reads them
 * when a connection loads the schema. A table's statistics are keyed by index name, "" for the table's own row.
 */
final class PlannerStatistics {
  /** The table size the statistics describe. */
  static final long ROWS = 1_000_000;
  /** The rows a value matches when nothing better is known of it. */
  static final long FEW = 10;

  private PlannerStatistics() {
  }

  /** About how many rows one value of a column holding {@code type} matches. */
  static long rowsPerValue(ValueType type) {
    if (type instanceof ValueType.Enumeration enumeration) {
      return Math.max(1, ROWS / Math.max(1, enumeration.type().members().size()));
    }
    if (type instanceof ValueType.Primitive primitive && primitive.kind() == EdmPrimitive.BOOLEAN) {
      return ROWS / 2;
    }
    if (type instanceof ValueType.Primitive primitive && primitive.kind() == EdmPrimitive.DATE_TIME_OFFSET) {
      return 2;
    }
    return FEW;
  }

  /** One index's statistics: its rows, then the rows per distinct value of each leading run of its columns. */
  static String stat(List<Long> numbers) {
    return numbers.stream().map(String::valueOf).collect(Collectors.joining(" "));
  }

  /** {@code table}'s rows of {@code sqlite_stat1}, keyed as above; none when that table does not exist yet. */
  static Map<String, String> read(Statement statement, String table) throws SQLException {
    Map<String, String> statistics = new LinkedHashMap<>();
    if (!SqliteDatabase.exists(statement, "sqlite_stat1")) {
      return statistics;
    }
    try (ResultSet rows = statement.executeQuery("SELECT coalesce(idx, ''), stat FROM sqlite_stat1 WHERE tbl = "
        + SqlRenderer.literal(table))) {
      while (rows.next()) {
        statistics.put(rows.getString(1), rows.getString(2));
      }
    }
    return statistics;
  }

  /** The statements that replace {@code table}'s rows of {@code sqlite_stat1} (made if missing) by these. */
  static List<String> write(String table, Map<String, String> statistics) {
    List<String> statements = new ArrayList<>();
    statements.add("ANALYZE sqlite_schema");
    statements.add("DELETE FROM sqlite_stat1 WHERE tbl = " + SqlRenderer.literal(table));
    statistics.forEach((index, stat) -> statements.add("INSERT INTO sqlite_stat1 VALUES (" + SqlRenderer.literal(table)
        + ", " + (index.isEmpty() ? "NULL" : SqlRenderer.literal(index)) + ", " + SqlRenderer.literal(stat) + ")"));
    return statements;
  }

  /**
   * Writes each table's {@code statistics} where they differ from what the database holds, so that opening an
   * unchanged database writes nothing (a full disk still opens, and answers its writes with 507).
   */
  static void keep(Statement statement, Map<String, Map<String, String>> statistics) throws SQLException {
    for (Map.Entry<String, Map<String, String>> table : statistics.entrySet()) {
      if (!table.getValue().equals(read(statement, table.getKey()))) {
        for (String write : write(table.getKey(), table.getValue())) {
          statement.execute(write);
        }
      }
    }
  }
}
