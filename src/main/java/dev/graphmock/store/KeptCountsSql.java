package dev.graphmock.store;

import dev.graphmock.model.PropertyDef;
import dev.graphmock.query.Expr;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The SQL of the counts a store keeps where its dialect says so (SQLite), part of {@link SqlRenderer}'s: a table
 * beside the entity's holds each tenant's row count (property {@code ''}) and its count per value of each
 * {@linkplain EntityTable#countedProperties counted property}, kept by triggers in the writing transaction, so that
 * {@code $count} over {@code enrollmentState eq 'enrolled'} reads one row instead of counting hundreds of thousands:
 * <pre>
 * $filter=enrollmentState eq 'enrolled'&amp;$count=true
 *   -&gt; SELECT coalesce(sum("rows"), 0) FROM "deviceManagementAutopilotEvent.counts"
 *      WHERE "@tenant" = ? AND "property" = ? AND "value" IN (?)   [tenant, enrollmentState, 1]
 * </pre>
 * A delete of every row of a tenant runs without the delete trigger ({@link #beforeDeleteAll}), a load into an empty
 * table without any (see {@link EntityStore#load}); both count afresh after. Where the dialect keeps no counts,
 * every method here renders nothing and {@link #count} answers null: the count is counted.
 */
final class KeptCountsSql {
  private final EntityTable table;
  private final Dialect dialect;
  private final String name;
  private final String tenant = SqlRenderer.quote(SqlRenderer.TENANT);
  private final String counts;

  KeptCountsSql(EntityTable table, Dialect dialect) {
    this.table = table;
    this.dialect = dialect;
    this.name = SqlRenderer.quote(table.name());
    this.counts = SqlRenderer.quote(tableName());
  }

  /** The kept counts' table, unquoted. */
  String tableName() {
    return table.name() + ".counts";
  }

  /**
   * The kept counts' table and the triggers that keep it, each made only if missing; none where the dialect keeps
   * no counts. A row's insert adds one to its tenant's count and to its value's of each counted property, a delete
   * takes one away, an update moves one from the old value to the new.
   */
  List<String> create() {
    if (!dialect.keepsCounts()) {
      return List.of();
    }
    List<String> statements = new ArrayList<>();
    statements.add("CREATE TABLE IF NOT EXISTS " + counts + " (" + tenant + " " + dialect.integerType()
        + " NOT NULL, \"property\" " + dialect.textType() + " NOT NULL, \"value\" " + dialect.integerType()
        + " NOT NULL, \"rows\" " + dialect.integerType() + " NOT NULL, PRIMARY KEY (" + tenant
        + ", \"property\", \"value\")) WITHOUT ROWID");
    // An insert adds its counts in one statement: a trigger's statements each cost a step of their own.
    List<String> inserted = new ArrayList<>();
    List<String> onUpdate = new ArrayList<>();
    inserted.add("(NEW." + tenant + ", '', 0, 1)");
    for (PropertyDef property : table.countedProperties()) {
      String name = SqlRenderer.literal(property.name());
      String column = column(property);
      inserted.add("(NEW." + tenant + ", " + name + ", NEW." + column + ", 1)");
      String changed = "OLD." + column + " IS NOT NEW." + column;
      onUpdate.add(takeOne("OLD." + tenant, name, "OLD." + column, changed));
      onUpdate.add(addOne("NEW." + tenant, name, "NEW." + column, changed));
    }
    statements.add(trigger("insert", "AFTER INSERT", List.of("INSERT INTO " + counts + " VALUES "
        + String.join(", ", inserted) + " ON CONFLICT DO UPDATE SET \"rows\" = \"rows\" + 1")));
    statements.add(deleteTrigger());
    if (!table.countedProperties().isEmpty()) {
      statements.add(trigger("update", "AFTER UPDATE OF " + table.countedProperties().stream().map(this::column)
          .collect(Collectors.joining(", ")), onUpdate));
    }
    return statements;
  }

  private String deleteTrigger() {
    List<String> onDelete = new ArrayList<>();
    onDelete.add(takeOne("OLD." + tenant, "''", "0", null));
    for (PropertyDef property : table.countedProperties()) {
      onDelete.add(takeOne("OLD." + tenant, SqlRenderer.literal(property.name()), "OLD." + column(property), null));
    }
    return trigger("delete", "AFTER DELETE", onDelete);
  }

  /**
   * What a delete of every row of a tenant (or of all) runs before it where counts are kept: the delete trigger
   * goes, so that the rows go without a count update each (a reset of a million events: 104 s with it, 0.5 s
   * without, BENCHMARKS.md).
   */
  List<String> beforeDeleteAll() {
    return dialect.keepsCounts() ? List.of("DROP TRIGGER IF EXISTS " + SqlRenderer.quote(tableName() + " delete"))
        : List.of();
  }

  /** What such a delete runs after it: the tenant's counts (or all) go at once, and the delete trigger returns. */
  List<SqlRenderer.Statement> afterDeleteAll(String tenantId) {
    if (!dialect.keepsCounts()) {
      return List.of();
    }
    return List.of(tenantId == null ? new SqlRenderer.Statement("DELETE FROM " + counts, List.of())
            : new SqlRenderer.Statement("DELETE FROM " + counts + " WHERE " + tenant + " = ?",
                List.of(ColumnCodec.tenant(tenantId))),
        new SqlRenderer.Statement(deleteTrigger(), List.of()));
  }

  /** Counts every row afresh into the kept counts: for a table that had none, and after a load that dropped them. */
  List<String> recount() {
    if (!dialect.keepsCounts()) {
      return List.of();
    }
    List<String> statements = new ArrayList<>();
    statements.add("DELETE FROM " + counts);
    statements.add("INSERT INTO " + counts + " SELECT " + tenant + ", '', 0, count(*) FROM " + name + " GROUP BY "
        + tenant);
    for (PropertyDef property : table.countedProperties()) {
      statements.add("INSERT INTO " + counts + " SELECT " + tenant + ", " + SqlRenderer.literal(property.name()) + ", "
          + column(property) + ", count(*) FROM " + name + " GROUP BY " + tenant + ", " + column(property));
    }
    return statements;
  }

  /** The names of the triggers that keep the counts, unquoted. */
  List<String> triggers() {
    return table.countedProperties().isEmpty() ? List.of(tableName() + " insert", tableName() + " delete")
        : List.of(tableName() + " insert", tableName() + " delete", tableName() + " update");
  }

  private String trigger(String event, String when, List<String> body) {
    return "CREATE TRIGGER IF NOT EXISTS " + SqlRenderer.quote(tableName() + " " + event) + " " + when + " ON " + name
        + " BEGIN " + String.join("; ", body) + "; END";
  }

  /** Adds one to a count, when {@code condition} (null: always) holds. */
  private String addOne(String tenantValue, String property, String value, String condition) {
    return "INSERT INTO " + counts + " SELECT " + tenantValue + ", " + property + ", " + value + ", 1"
        + (condition == null ? "" : " WHERE " + condition) + " ON CONFLICT DO UPDATE SET \"rows\" = \"rows\" + 1";
  }

  private String takeOne(String tenantValue, String property, String value, String condition) {
    return "UPDATE " + counts + " SET \"rows\" = \"rows\" - 1 WHERE " + tenant + " = " + tenantValue
        + " AND \"property\" = " + property + " AND \"value\" = " + value
        + (condition == null ? "" : " AND " + condition);
  }

  private String column(PropertyDef property) {
    return SqlRenderer.column(table, property);
  }

  /**
   * The count of {@code filter} from the kept counts, or null when they do not hold it: they hold every row (no
   * filter) and a counted property equal to any of some non-null values, written as {@code eq}, as {@code in}
   * (which the parser hands over as {@code eq}s joined by {@code or}) or as such {@code or}s.
   */
  SqlRenderer.Statement count(String tenantId, Expr filter) {
    if (!dialect.keepsCounts()) {
      return null;
    }
    String property = "";
    List<Object> columnValues = new ArrayList<>(List.of(0L));
    if (filter != null) {
      List<Expr> literals = new ArrayList<>();
      PropertyDef counted = equalities(filter, null, literals);
      if (counted == null || !table.countedProperties().contains(counted)) {
        return null;
      }
      property = counted.name();
      columnValues.clear();
      for (Expr value : literals) {
        Expr.Literal literal = (Expr.Literal) value;
        columnValues.add(ColumnCodec.toColumn(literal.kind(), literal.enumType(), literal.value()));
      }
    }
    List<Object> parameters = new ArrayList<>(List.of(ColumnCodec.tenant(tenantId), property));
    parameters.addAll(columnValues);
    return new SqlRenderer.Statement("SELECT coalesce(sum(\"rows\"), 0) FROM " + counts + " WHERE " + tenant
        + " = ? AND \"property\" = ? AND \"value\" IN (" + String.join(", ", java.util.Collections.nCopies(
        columnValues.size(), "?")) + ")", parameters);
  }

  /**
   * The property {@code expr} compares with non-null literals by {@code eq}, {@code in} or {@code or}s of those,
   * adding the literals to {@code values}; null when it is anything else or names two properties.
   */
  private static PropertyDef equalities(Expr expr, PropertyDef property, List<Expr> values) {
    if (expr instanceof Expr.Logical logical && logical.connective() == Expr.Connective.OR) {
      PropertyDef left = equalities(logical.left(), property, values);
      return left == null ? null : equalities(logical.right(), left, values);
    }
    Expr operand = null;
    List<Expr> literals = List.of();
    if (expr instanceof Expr.Compare compare && compare.operator() == Expr.Comparison.EQ) {
      boolean propertyLeft = compare.left() instanceof Expr.Property;
      operand = propertyLeft ? compare.left() : compare.right();
      literals = List.of(propertyLeft ? compare.right() : compare.left());
    } else if (expr instanceof Expr.In in) {
      operand = in.left();
      literals = in.values();
    }
    if (!(operand instanceof Expr.Property named) || property != null && !named.property().equals(property)
        || !literals.stream().allMatch(value -> value instanceof Expr.Literal literal && literal.value() != null)) {
      return null;
    }
    values.addAll(literals);
    return named.property();
  }
}
