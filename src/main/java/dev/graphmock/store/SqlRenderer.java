package dev.graphmock.store;

import dev.graphmock.model.PropertyDef;
import dev.graphmock.model.PropertyKind;
import dev.graphmock.query.Expr;
import dev.graphmock.query.OrderKey;
import dev.graphmock.query.Query;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every SQL statement the store runs, rendered from the table's shape and from query values: the one place that
 * knows SQL, asking its {@link Dialect} for what SQLite and PostgreSQL write differently. Every value from a request is a {@code ?} parameter, converted by
 * {@link ColumnCodec}; names come from the schema, quoted. Every row belongs to a tenant, whose column
 * ({@link #TENANT}, a name no EDM property can have) leads the key and every index, and every statement on rows
 * names it first.
 * <pre>
 * $filter=deviceId eq 'd1' and (targetedAppCount ge 5 or startswith(tolower(osVersion),'10'))
 *   -&gt; (("deviceId" = ?) AND (("targetedAppCount" &gt;= ?) OR (substr(lower("osVersion"), 1, length(?)) = ?)))
 *      [d1, 5, 10, 10]
 * $orderby=eventDateTime desc, after (t, 'e7')
 *   -&gt; WHERE ("eventDateTime", "id") &lt; (?, ?) ORDER BY "eventDateTime" DESC, "id" DESC   [ticks of t, e7]
 * </pre>
 * The WHERE clause is rendered by {@link Conditions} (OData's null rules, functions and the keyset predicate), for
 * this table as for the families' ({@link FamilyConditions}).
 *
 * <p>Where the dialect keeps counts, {@code $count} over all rows or one enum value is read from them instead
 * ({@link KeptCountsSql}).
 */
final class SqlRenderer {
  /** A statement's text and its positional parameters, in order. */
  record Statement(String text, List<Object> parameters) {
    Statement {
      parameters = Collections.unmodifiableList(new ArrayList<>(parameters));
    }
  }

  /** The tenant's column: '@' cannot start an EDM identifier, so no property can share the name. */
  static final String TENANT = "@tenant";

  /**
   * The column of a row's kept rendering (opaque bytes the caller made from the row's values when it wrote them, or
   * NULL): written by every insert, set to NULL by every update that does not write it (a trigger), and read first
   * by a collection read that asks for it.
   */
  static final String RENDERED = "@rendered";

  private final EntityTable table;
  private final Dialect dialect;
  private final String name;
  private final String columns;
  private final String key;
  private final String tenant = quote(TENANT);
  private final String rendered = quote(RENDERED);
  private final KeptCountsSql counts;

  SqlRenderer(EntityTable table, Dialect dialect) {
    this.table = table;
    this.dialect = dialect;
    this.name = quote(table.name());
    this.columns = table.codecs().stream().flatMap(codec -> codec.columns().stream()).map(SqlRenderer::quote)
        .collect(Collectors.joining(", "));
    this.key = column(table.entity().property(table.entity().keyName()).orElseThrow());
    this.counts = new KeptCountsSql(table, dialect);
  }

  /** The SQL of the counts kept beside the table, where the dialect keeps them. */
  KeptCountsSql counts() {
    return counts;
  }

  String createTable() {
    return createTable(name);
  }

  /** The table under another name: a migration makes the new table beside the old one. */
  String createTable(String tableName) {
    List<String> definitions = new ArrayList<>();
    definitions.add(tenant + " " + dialect.integerType() + " NOT NULL");
    for (ColumnCodec codec : table.codecs()) {
      for (int i = 0; i < codec.columns().size(); i++) {
        String column = quote(codec.columns().get(i)) + " " + codec.sqlTypes(dialect).get(i);
        if (codec.property().name().equals(table.entity().keyName()) || !codec.property().nullable()) {
          column += " NOT NULL";
        }
        definitions.add(column);
      }
    }
    definitions.add(rendered + " " + dialect.blobType());
    definitions.add("PRIMARY KEY (" + tenant + ", " + key + ")");
    return "CREATE TABLE " + tableName + " (" + String.join(", ", definitions) + ")";
  }

  /** Adds the rendering's column to a table made before renderings were kept; its rows have none. */
  String addRenderedColumn() {
    return "ALTER TABLE " + name + " ADD COLUMN " + rendered + " " + dialect.blobType();
  }

  /** Whether a table made by {@code createSql} has the rendering's column. */
  static boolean hasRendered(String createSql) {
    return createSql.contains(quote(RENDERED));
  }

  /** The trigger that forgets a row's rendering when an update leaves it (see {@link #RENDERED}), made if missing. */
  String forgetRenderedOnUpdate() {
    return dialect.forgetOnUpdate(name, rendered, table.name() + " rendered");
  }

  /** Whether a table made by {@code createSql} has the tenant column (one made before tenants has not). */
  static boolean hasTenants(String createSql) {
    return createSql.contains(quote(TENANT));
  }

  /**
   * Moves a table made before tenants into the current layout, every row to {@code defaultTenant}: the statements
   * to run in order, in one transaction (the indexes are made afterwards, as for a new table).
   */
  List<String> migrateToTenants(String defaultTenant) {
    String old = quote(table.name() + " before tenants");
    return List.of("ALTER TABLE " + name + " RENAME TO " + old, createTable(),
        "INSERT INTO " + name + " (" + tenant + ", " + columns + ") SELECT " + ColumnCodec.tenant(defaultTenant)
            + ", " + columns + " FROM " + old,
        "DROP TABLE " + old);
  }

  /** An index on the properties' sorting columns, then the key, so that it also serves keyset paging. */
  String createIndex(List<String> properties) {
    List<String> indexed = new ArrayList<>();
    indexed.add(tenant);
    for (String property : properties) {
      indexed.add(dialect.orderTerm(quote(table.codec(property).columns().get(0)), false,
          table.codec(property).property().nullable()).replaceFirst(" ASC$", ""));
    }
    if (!properties.contains(table.entity().keyName())) {
      indexed.add(key);
    }
    return "CREATE INDEX IF NOT EXISTS " + quote(indexName(properties)) + " ON " + name + " ("
        + String.join(", ", indexed) + ")";
  }

  /**
   * The name of the index on {@code properties}, unquoted; every one starts with the name of the index on none,
   * which marks the indexes as declared ones.
   */
  String indexName(List<String> properties) {
    return dialect.indexName("ix_" + table.name() + "_tenant_" + String.join("_", properties));
  }

  /**
   * The planner statistics ({@link PlannerStatistics}) for the table, its key and the declared indexes, keyed by
   * index name, "" for the table's own row.
   */
  Map<String, String> plannerStatistics(List<List<String>> indexes) {
    long rows = PlannerStatistics.ROWS;
    Map<String, String> statistics = new java.util.LinkedHashMap<>();
    statistics.put("", String.valueOf(rows));
    statistics.put("sqlite_autoindex_" + table.name() + "_1", rows + " " + rows + " 1");
    for (List<String> index : indexes) {
      StringBuilder stat = new StringBuilder(rows + " " + rows);
      long perValue = rows;
      for (String property : index) {
        perValue = Math.min(perValue, rowsPerValue(table.codec(property).property()));
        stat.append(' ').append(perValue);
      }
      if (!index.contains(table.entity().keyName())) {
        stat.append(" 1");
      }
      statistics.put(indexName(index), stat.toString());
    }
    return statistics;
  }

  private long rowsPerValue(PropertyDef property) {
    if (property.name().equals(table.entity().keyName())) {
      return 1;
    }
    return switch (property.kind()) {
      case ENUM -> Math.max(1, PlannerStatistics.ROWS / Math.max(1, property.enumType().members().size()));
      case BOOLEAN -> PlannerStatistics.ROWS / 2;
      case DATE_TIME_OFFSET -> 2;
      default -> PlannerStatistics.FEW;
    };
  }

  /** The entity's table, unquoted. */
  String tableName() {
    return table.name();
  }

  /** Insert of every column, the tenant first, then in {@link EntityTable#insertArguments} order. */
  /** Insert of a row: its tenant, every property's columns in column order, then its rendering. */
  String insert() {
    int count = 2 + table.codecs().stream().mapToInt(codec -> codec.columns().size()).sum();
    return "INSERT INTO " + name + " (" + tenant + ", " + columns + ", " + rendered + ") VALUES ("
        + String.join(", ", Collections.nCopies(count, "?")) + ")";
  }

  /**
   * Insert of every column that replaces the row with the same key, if there is one: an update of that row (both
   * stores write it alike), so the kept counts' update trigger moves its counts; SQLite's INSERT OR REPLACE would
   * delete it without firing the delete trigger.
   */
  String upsert() {
    List<String> others = new ArrayList<>();
    for (ColumnCodec codec : table.codecs()) {
      if (!codec.property().name().equals(table.entity().keyName())) {
        codec.columns().forEach(column -> others.add(quote(column) + " = excluded." + quote(column)));
      }
    }
    others.add(rendered + " = excluded." + rendered);
    return insert() + " ON CONFLICT (" + tenant + ", " + key + ") DO UPDATE SET " + String.join(", ", others);
  }

  /**
   * The table's own indexes (not the key's) and triggers, as {@code type, name, sql} rows: what a bulk load into an
   * empty table drops and makes again; null when the dialect keeps them.
   */
  String secondaryIndexes() {
    return dialect.secondaryIndexes(table.name());
  }

  /** The insert of a batched load, which skips a taken key (update count 0); null where loads are not batched. */
  String insertSkippingTaken() {
    return dialect.insertSkippingTaken(insert(), tenant + ", " + key);
  }

  /** What refreshes the planner's statistics after a large load, or null. */
  String afterBulkLoad() {
    return dialect.afterBulkLoad(name);
  }

  /** Drops an index or trigger ({@code type}) by name. */
  String drop(String type, String index) {
    return "DROP " + (type.equals("trigger") ? "TRIGGER " : "INDEX ") + quote(index);
  }

  /** A row of any tenant, if there is one. */
  String anyRow() {
    return "SELECT 1 FROM " + name + " LIMIT 1";
  }

  /** One row, by tenant and key. */
  String selectById() {
    return "SELECT " + columns + " FROM " + name + " WHERE " + tenant + " = ? AND " + key + " = ?";
  }

  /** Every row of one tenant, or of every tenant when {@code oneTenant} is false (then without parameters). */
  String deleteAll(boolean oneTenant) {
    return "DELETE FROM " + name + (oneTenant ? " WHERE " + tenant + " = ?" : "");
  }

  /** One row, by tenant and key. */
  String deleteById() {
    return "DELETE FROM " + name + " WHERE " + tenant + " = ? AND " + key + " = ?";
  }

  /** Sets the properties in {@code values} of the row with key {@code id} of {@code tenantId}. */
  Statement update(String tenantId, Map<String, Object> values, String id) {
    List<String> assignments = new ArrayList<>();
    List<Object> parameters = new ArrayList<>();
    for (Map.Entry<String, Object> value : values.entrySet()) {
      ColumnCodec codec = table.codec(value.getKey());
      Object[] columnValues = codec.toColumns(value.getValue());
      for (int i = 0; i < columnValues.length; i++) {
        assignments.add(quote(codec.columns().get(i)) + " = ?");
        parameters.add(columnValues[i]);
      }
    }
    parameters.add(ColumnCodec.tenant(tenantId));
    parameters.add(id);
    return new Statement("UPDATE " + name + " SET " + String.join(", ", assignments) + " WHERE " + tenant
        + " = ? AND " + key + " = ?", parameters);
  }

  /**
   * The rows of a collection read: every property's columns (after the rendering's, {@code withRendered}), in the
   * query's order, one page.
   */
  Statement select(Query query, boolean withRendered) {
    Where where = new Where();
    where.parameters.add(ColumnCodec.tenant(query.tenant()));
    String condition = tenant + " = ? AND " + where.condition(query.filter());
    if (query.after() != null) {
      condition = "(" + condition + ") AND (" + where.after(query.order(), query.after()) + ")";
    }
    List<String> order = new ArrayList<>();
    for (OrderKey key : query.order()) {
      order.add(dialect.orderTerm(column(key.property()), key.descending(), key.property().nullable()));
    }
    where.parameters.add(query.limit());
    where.parameters.add(query.offset());
    return new Statement("SELECT " + (withRendered ? rendered + ", " : "") + columns + " FROM " + name + " WHERE "
        + condition + " ORDER BY "
        + String.join(", ", order) + " LIMIT ? OFFSET ?", where.parameters);
  }

  /**
   * How many rows of {@code tenantId} match {@code filter} (null for all): read from the kept counts where the
   * filter is one counted property equal to (or in) non-null values, else counted.
   */
  Statement count(String tenantId, Expr filter) {
    Where where = new Where();
    where.parameters.add(ColumnCodec.tenant(tenantId));
    Statement kept = counts.count(tenantId, filter);
    if (kept != null) {
      return kept;
    }
    return new Statement("SELECT count(*) FROM " + name + " WHERE " + tenant + " = ? AND " + where.condition(filter),
        where.parameters);
  }

  /** {@code text} as an SQL string literal. */
  static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  private String column(PropertyDef property) {
    return column(table, property);
  }

  /** The quoted column a property of {@code table} compares and sorts by: its first. */
  static String column(EntityTable table, PropertyDef property) {
    return quote(table.codec(property.name()).columns().get(0));
  }

  static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  /** One WHERE clause over the entity's table: a property is its first column, a literal converted by its kind. */
  private final class Where extends Conditions {
    Where() {
      super(SqlRenderer.this.dialect);
    }

    @Override
    String operand(Expr expr) {
      return expr instanceof Expr.Property property ? column(property.property()) : null;
    }

    @Override
    String literal(Expr.Literal literal, Expr against) {
      parameters.add(ColumnCodec.toColumn(literal.kind(), literal.enumType(), literal.value()));
      return "?";
    }

    @Override
    boolean isBooleanOperand(Expr expr) {
      return expr instanceof Expr.Property property && property.property().kind() == PropertyKind.BOOLEAN;
    }

    /** Rows strictly after the row at {@code position} (model values) in the total {@code order}. */
    String after(List<OrderKey> order, List<Object> position) {
      List<String> keyColumns = new ArrayList<>(order.size());
      List<Boolean> descending = new ArrayList<>(order.size());
      List<Boolean> nullable = new ArrayList<>(order.size());
      List<Object> values = new ArrayList<>(position.size());
      for (int i = 0; i < order.size(); i++) {
        PropertyDef property = order.get(i).property();
        keyColumns.add(column(property));
        descending.add(order.get(i).descending());
        nullable.add(property.nullable());
        values.add(ColumnCodec.toColumn(property.kind(), property.enumType(), position.get(i)));
      }
      return after(keyColumns, descending, nullable, values);
    }
  }
}
