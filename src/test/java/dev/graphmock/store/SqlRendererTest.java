package dev.graphmock.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graphmock.model.DateTimeOffsetValue;
import dev.graphmock.model.Durations;
import dev.graphmock.model.EntityDef;
import dev.graphmock.model.EnumDef;
import dev.graphmock.model.PropertyDef;
import dev.graphmock.model.PropertyKind;
import dev.graphmock.query.Expr;
import dev.graphmock.query.Keyset;
import dev.graphmock.query.OrderKey;
import dev.graphmock.query.Query;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Query values in, SQL text and parameters out: the table a newcomer reads before changing the renderer. */
class SqlRendererTest {
  static final EnumDef STATE = new EnumDef("t.state", linked("unknown", 0L, "enrolled", 1L, "failed", 3L));
  static final PropertyDef ID = new PropertyDef("id", PropertyKind.STRING, false, null);
  static final PropertyDef DEVICE = new PropertyDef("deviceId", PropertyKind.STRING, true, null);
  static final PropertyDef COUNT = new PropertyDef("appCount", PropertyKind.INT32, false, null);
  static final PropertyDef AT = new PropertyDef("eventDateTime", PropertyKind.DATE_TIME_OFFSET, false, null);
  static final PropertyDef TOOK = new PropertyDef("took", PropertyKind.DURATION, false, null);
  static final PropertyDef STATE_PROPERTY = new PropertyDef("state", PropertyKind.ENUM, false, STATE);
  static final PropertyDef FLAG = new PropertyDef("flag", PropertyKind.BOOLEAN, false, null);
  static final EntityDef ENTITY = new EntityDef("t.thing", "id",
      List.of(ID, DEVICE, COUNT, AT, TOOK, STATE_PROPERTY, FLAG));
  static final SqlRenderer SQL = new SqlRenderer(new EntityTable(ENTITY), SqliteDialect.INSTANCE);
  static final DateTimeOffsetValue NOON = DateTimeOffsetValue.parse("2024-01-01T12:00:00+01:00");
  /** Tenant t1's column value: a number, not the name (see ColumnCodec.tenant). */
  static final long T1 = ColumnCodec.tenant("t1");

  private static Map<String, Long> linked(Object... pairs) {
    Map<String, Long> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put((String) pairs[i], (Long) pairs[i + 1]);
    }
    return map;
  }

  private static Expr property(PropertyDef property) {
    return new Expr.Property(property);
  }

  private static Expr literal(Object value, PropertyKind kind) {
    return new Expr.Literal(value, kind);
  }

  private static Expr compare(Expr.Comparison operator, Expr left, Expr right) {
    return new Expr.Compare(operator, left, right);
  }

  static Stream<Arguments> filters() {
    Expr device = compare(Expr.Comparison.EQ, property(DEVICE), literal("d1", PropertyKind.STRING));
    return Stream.of(
        Arguments.of("no filter", null, "TRUE", List.of()),
        Arguments.of("deviceId eq 'd1'", device, "(\"deviceId\" = ?)", List.of("d1")),
        Arguments.of("deviceId ne 'x' (true for null)",
            compare(Expr.Comparison.NE, property(DEVICE), literal("x", PropertyKind.STRING)),
            "(\"deviceId\" IS NOT ?)", List.of("x")),
        Arguments.of("deviceId eq null", compare(Expr.Comparison.EQ, property(DEVICE), Expr.Literal.NULL),
            "(\"deviceId\" IS NULL)", List.of()),
        Arguments.of("null ne deviceId", compare(Expr.Comparison.NE, Expr.Literal.NULL, property(DEVICE)),
            "(\"deviceId\" IS NOT NULL)", List.of()),
        Arguments.of("appCount gt null (ordered with null: false)",
            compare(Expr.Comparison.GT, property(COUNT), Expr.Literal.NULL), "FALSE", List.of()),
        Arguments.of("appCount ge 5", compare(Expr.Comparison.GE, property(COUNT), literal(5L, PropertyKind.INT64)),
            "(\"appCount\" >= ?)", List.of(5L)),
        Arguments.of("state eq 'failed': the member's value",
            compare(Expr.Comparison.EQ, property(STATE_PROPERTY), new Expr.Literal("failed", PropertyKind.ENUM, STATE)),
            "(\"state\" = ?)", List.of(3L)),
        Arguments.of("eventDateTime lt noon+01:00: UTC ticks",
            compare(Expr.Comparison.LT, property(AT), literal(NOON, PropertyKind.DATE_TIME_OFFSET)),
            "(\"eventDateTime\" < ?)", List.of(NOON.utcTicks())),
        Arguments.of("took le duration'PT1M': ticks",
            compare(Expr.Comparison.LE, property(TOOK), literal(Durations.parse("PT1M"), PropertyKind.DURATION)),
            "(\"took\" <= ?)", List.of(600_000_000L)),
        Arguments.of("flag (a boolean property alone)", property(FLAG), "(\"flag\" = 1)", List.of()),
        Arguments.of("flag eq true", compare(Expr.Comparison.EQ, property(FLAG), literal(true, PropertyKind.BOOLEAN)),
            "(\"flag\" = ?)", List.of(1)),
        Arguments.of("deviceId in ('a','b')", new Expr.In(property(DEVICE),
                List.of(literal("a", PropertyKind.STRING), literal("b", PropertyKind.STRING))),
            "(\"deviceId\" IN (?, ?))", List.of("a", "b")),
        Arguments.of("startswith(tolower(deviceId),'ab')", new Expr.Call(Expr.Function.STARTSWITH,
                List.of(new Expr.Call(Expr.Function.TOLOWER, List.of(property(DEVICE))), literal("ab", PropertyKind.STRING))),
            "(substr(lower(\"deviceId\"), 1, length(?)) = ?)", List.of("ab", "ab")),
        Arguments.of("contains(deviceId,'x')", new Expr.Call(Expr.Function.CONTAINS,
                List.of(property(DEVICE), literal("x", PropertyKind.STRING))),
            "(instr(\"deviceId\", ?) > 0)", List.of("x")),
        Arguments.of("endswith(deviceId,'z')", new Expr.Call(Expr.Function.ENDSWITH,
                List.of(property(DEVICE), literal("z", PropertyKind.STRING))),
            "(length(\"deviceId\") >= length(?) AND substr(\"deviceId\", length(\"deviceId\") - length(?) + 1) = ?)",
            List.of("z", "z", "z")),
        Arguments.of("length(deviceId) eq 3", compare(Expr.Comparison.EQ,
                new Expr.Call(Expr.Function.LENGTH, List.of(property(DEVICE))), literal(3L, PropertyKind.INT64)),
            "(length(\"deviceId\") = ?)", List.of(3L)),
        Arguments.of("not (deviceId eq 'd1' or appCount ge 5) and flag",
            new Expr.Logical(Expr.Connective.AND, new Expr.Not(new Expr.Logical(Expr.Connective.OR, device,
                compare(Expr.Comparison.GE, property(COUNT), literal(5L, PropertyKind.INT64)))), property(FLAG)),
            "((NOT ((\"deviceId\" = ?) OR (\"appCount\" >= ?))) AND (\"flag\" = 1))", List.of("d1", 5L)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("filters")
  void rendersFiltersWithEveryValueAParameter(String odata, Expr filter, String where, List<Object> parameters) {
    SqlRenderer.Statement page = SQL.select(new Query("t1", filter, new Keyset(List.of(), ID).keys(), null, 10, 0), false);
    assertEquals("SELECT \"id\", \"deviceId\", \"appCount\", \"eventDateTime\", \"eventDateTime.text\", \"took\","
        + " \"state\", \"flag\" FROM \"thing\" WHERE \"@tenant\" = ? AND " + where
        + " ORDER BY \"id\" ASC LIMIT ? OFFSET ?", page.text());
    List<Object> all = new java.util.ArrayList<>(List.of(T1));
    all.addAll(parameters);
    all.addAll(List.of(10, 0L));
    assertEquals(all, page.parameters(), "the tenant first, always");
  }

  static Stream<Arguments> counts() {
    Expr enrolled = new Expr.Literal("enrolled", PropertyKind.ENUM, STATE);
    String kept = "SELECT coalesce(sum(\"rows\"), 0) FROM \"thing.counts\" WHERE \"@tenant\" = ? AND \"property\" = ?"
        + " AND \"value\" IN ";
    return Stream.of(
        Arguments.of("every event", null, kept + "(?)", List.of(T1, "", 0L)),
        Arguments.of("state eq 'enrolled'", compare(Expr.Comparison.EQ, property(STATE_PROPERTY), enrolled),
            kept + "(?)", List.of(T1, "state", 1L)),
        Arguments.of("'enrolled' eq state", compare(Expr.Comparison.EQ, enrolled, property(STATE_PROPERTY)),
            kept + "(?)", List.of(T1, "state", 1L)),
        Arguments.of("state in ('enrolled', 'failed')", new Expr.In(property(STATE_PROPERTY),
            List.of(enrolled, new Expr.Literal("failed", PropertyKind.ENUM, STATE))), kept + "(?, ?)", List.of(T1, "state", 1L, 3L)),
        Arguments.of("state eq 'enrolled' or 'failed' eq state (how the parser hands over in)",
            new Expr.Logical(Expr.Connective.OR, compare(Expr.Comparison.EQ, property(STATE_PROPERTY), enrolled),
                compare(Expr.Comparison.EQ, new Expr.Literal("failed", PropertyKind.ENUM, STATE), property(STATE_PROPERTY))),
            kept + "(?, ?)", List.of(T1, "state", 1L, 3L)),
        Arguments.of("state eq 'enrolled' or deviceId eq 'd1' (counted)",
            new Expr.Logical(Expr.Connective.OR, compare(Expr.Comparison.EQ, property(STATE_PROPERTY), enrolled),
                compare(Expr.Comparison.EQ, property(DEVICE), literal("d1", PropertyKind.STRING))),
            "SELECT count(*) FROM \"thing\" WHERE \"@tenant\" = ? AND ((\"state\" = ?) OR (\"deviceId\" = ?))",
            List.of(T1, 1L, "d1")),
        Arguments.of("state in ('enrolled', null) (counted)", new Expr.In(property(STATE_PROPERTY),
                List.of(enrolled, Expr.Literal.NULL)),
            "SELECT count(*) FROM \"thing\" WHERE \"@tenant\" = ? AND (\"state\" IN (?, ?))",
            Arrays.asList(T1, 1L, null)),
        Arguments.of("state ne 'enrolled' (counted)", compare(Expr.Comparison.NE, property(STATE_PROPERTY), enrolled),
            "SELECT count(*) FROM \"thing\" WHERE \"@tenant\" = ? AND (\"state\" IS NOT ?)", List.of(T1, 1L)),
        Arguments.of("state eq null (counted)", compare(Expr.Comparison.EQ, property(STATE_PROPERTY), Expr.Literal.NULL),
            "SELECT count(*) FROM \"thing\" WHERE \"@tenant\" = ? AND (\"state\" IS NULL)", List.of(T1)),
        Arguments.of("state eq 'enrolled' and flag (counted)", new Expr.Logical(Expr.Connective.AND,
                compare(Expr.Comparison.EQ, property(STATE_PROPERTY), enrolled), property(FLAG)),
            "SELECT count(*) FROM \"thing\" WHERE \"@tenant\" = ? AND ((\"state\" = ?) AND (\"flag\" = 1))",
            List.of(T1, 1L)),
        Arguments.of("deviceId eq 'd1' (not an enum: counted)", compare(Expr.Comparison.EQ, property(DEVICE),
                literal("d1", PropertyKind.STRING)),
            "SELECT count(*) FROM \"thing\" WHERE \"@tenant\" = ? AND (\"deviceId\" = ?)", List.of(T1, "d1")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("counts")
  void countsOverAnEnumOrEverythingAreReadFromTheKeptCounts(String odata, Expr filter, String sql,
                                                           List<Object> parameters) {
    SqlRenderer.Statement count = SQL.count("t1", filter);
    assertEquals(sql, count.text());
    assertEquals(parameters, count.parameters());
  }

  @Test
  void theKeptCountsAreKeptByTriggers() {
    assertEquals(List.of(
        "CREATE TABLE IF NOT EXISTS \"thing.counts\" (\"@tenant\" INTEGER NOT NULL, \"property\" TEXT NOT NULL,"
            + " \"value\" INTEGER NOT NULL, \"rows\" INTEGER NOT NULL, PRIMARY KEY (\"@tenant\", \"property\","
            + " \"value\")) WITHOUT ROWID",
        "CREATE TRIGGER IF NOT EXISTS \"thing.counts insert\" AFTER INSERT ON \"thing\" BEGIN INSERT INTO"
            + " \"thing.counts\" VALUES (NEW.\"@tenant\", '', 0, 1), (NEW.\"@tenant\", 'state', NEW.\"state\", 1)"
            + " ON CONFLICT DO UPDATE SET \"rows\" = \"rows\" + 1; END",
        "CREATE TRIGGER IF NOT EXISTS \"thing.counts delete\" AFTER DELETE ON \"thing\" BEGIN UPDATE"
            + " \"thing.counts\" SET \"rows\" = \"rows\" - 1 WHERE \"@tenant\" = OLD.\"@tenant\" AND \"property\" = ''"
            + " AND \"value\" = 0; UPDATE \"thing.counts\" SET \"rows\" = \"rows\" - 1 WHERE \"@tenant\" ="
            + " OLD.\"@tenant\" AND \"property\" = 'state' AND \"value\" = OLD.\"state\"; END",
        "CREATE TRIGGER IF NOT EXISTS \"thing.counts update\" AFTER UPDATE OF \"state\" ON \"thing\" BEGIN UPDATE"
            + " \"thing.counts\" SET \"rows\" = \"rows\" - 1 WHERE \"@tenant\" = OLD.\"@tenant\" AND \"property\" ="
            + " 'state' AND \"value\" = OLD.\"state\" AND OLD.\"state\" IS NOT NEW.\"state\"; INSERT INTO"
            + " \"thing.counts\" SELECT NEW.\"@tenant\", 'state', NEW.\"state\", 1 WHERE OLD.\"state\" IS NOT"
            + " NEW.\"state\" ON CONFLICT DO UPDATE SET \"rows\" = \"rows\" + 1; END"), SQL.counts().create());
    assertEquals(List.of(), POSTGRES.counts().create(), "PostgreSQL keeps none");
    assertEquals("SELECT count(*) FROM \"thing\" WHERE \"@tenant\" = ? AND TRUE", POSTGRES.count("t1", null).text());
  }

  static Stream<Arguments> pages() {
    List<OrderKey> newestFirst = new Keyset(List.of(new OrderKey(AT, true)), ID).keys();
    List<OrderKey> byDevice = new Keyset(List.of(new OrderKey(DEVICE, false)), ID).keys();
    List<OrderKey> mixed = new Keyset(List.of(new OrderKey(COUNT, false), new OrderKey(AT, true)), ID).keys();
    return Stream.of(
        Arguments.of("first page, no order: the key", new Query("t1", null, new Keyset(List.of(), ID).keys(), null, 26, 5),
            "WHERE \"@tenant\" = ? AND TRUE ORDER BY \"id\" ASC LIMIT ? OFFSET ?", Arrays.asList(T1, 26, 5L)),
        Arguments.of("after (noon, e7), newest first: one row comparison",
            new Query("t1", null, newestFirst, List.of(NOON, "e7"), 26, 0),
            "WHERE (\"@tenant\" = ? AND TRUE) AND ((\"eventDateTime\", \"id\") < (?, ?)) ORDER BY \"eventDateTime\" DESC,"
                + " \"id\" DESC LIMIT ? OFFSET ?", Arrays.asList(T1, NOON.utcTicks(), "e7", 26, 0L)),
        Arguments.of("after ('d', e1) on a nullable key: prefix-equal terms",
            new Query("t1", null, byDevice, List.of("d", "e1"), 10, 0),
            "WHERE (\"@tenant\" = ? AND TRUE) AND (((\"deviceId\" > ?) OR (\"deviceId\" IS ? AND \"id\" > ?))) ORDER BY"
                + " \"deviceId\" ASC, \"id\" ASC LIMIT ? OFFSET ?", Arrays.asList(T1, "d", "d", "e1", 10, 0L)),
        Arguments.of("after (null, e1) ascending: nulls come first, so every non-null is after",
            new Query("t1", null, byDevice, Arrays.asList(null, "e1"), 10, 0),
            "WHERE (\"@tenant\" = ? AND TRUE) AND (((\"deviceId\" IS NOT NULL) OR (\"deviceId\" IS ? AND \"id\" > ?)))"
                + " ORDER BY \"deviceId\" ASC, \"id\" ASC LIMIT ? OFFSET ?", Arrays.asList(T1, null, "e1", 10, 0L)),
        Arguments.of("after (3, noon, e2) in mixed directions, with a filter",
            new Query("t1", compare(Expr.Comparison.EQ, property(FLAG), literal(true, PropertyKind.BOOLEAN)), mixed,
                List.of(3, NOON, "e2"), 5, 0),
            "WHERE (\"@tenant\" = ? AND (\"flag\" = ?)) AND (((\"appCount\" > ?) OR (\"appCount\" IS ? AND \"eventDateTime\" < ?) OR"
                + " (\"appCount\" IS ? AND \"eventDateTime\" IS ? AND \"id\" < ?))) ORDER BY \"appCount\" ASC,"
                + " \"eventDateTime\" DESC, \"id\" DESC LIMIT ? OFFSET ?",
            Arrays.asList(T1, 1, 3, 3, NOON.utcTicks(), 3, NOON.utcTicks(), "e2", 5, 0L)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pages")
  void rendersPagesThatSeekAfterThePosition(String what, Query query, String tail, List<Object> parameters) {
    SqlRenderer.Statement select = SQL.select(query, false);
    assertEquals("SELECT \"id\", \"deviceId\", \"appCount\", \"eventDateTime\", \"eventDateTime.text\", \"took\","
        + " \"state\", \"flag\" FROM \"thing\" " + tail, select.text());
    assertEquals(parameters, select.parameters());
  }

  static final SqlRenderer POSTGRES = new SqlRenderer(new EntityTable(ENTITY), new PostgresDialect("\"und-x-icu\""));

  @Test
  void postgresqlGetsSqliteBehaviourWrittenOut() {
    assertEquals("CREATE TABLE \"thing\" (\"@tenant\" BIGINT NOT NULL, \"id\" TEXT COLLATE \"C\" NOT NULL, \"deviceId\""
        + " TEXT COLLATE \"C\", \"appCount\" BIGINT NOT NULL, \"eventDateTime\" BIGINT NOT NULL, \"eventDateTime.text\""
        + " TEXT COLLATE \"C\" NOT NULL, \"took\" BIGINT NOT NULL, \"state\" BIGINT NOT NULL, \"flag\" BIGINT NOT NULL,"
        + " \"@rendered\" BYTEA, PRIMARY KEY (\"@tenant\", \"id\"))", POSTGRES.createTable(), "strings compare by bytes, as in SQLite");
    // A nullable column sorts NULL first in the index too, so the index serves SQLite's order.
    assertEquals("CREATE INDEX IF NOT EXISTS \"ix_thing_tenant_deviceId_eventDateTime\" ON \"thing\" (\"@tenant\","
        + " \"deviceId\" ASC NULLS FIRST, \"eventDateTime\", \"id\")",
        POSTGRES.createIndex(List.of("deviceId", "eventDateTime")));
    List<OrderKey> byDeviceDescending = new Keyset(List.of(new OrderKey(DEVICE, true)), ID).keys();
    SqlRenderer.Statement page = POSTGRES.select(new Query("t1", compare(Expr.Comparison.NE,
        new Expr.Call(Expr.Function.TOLOWER, List.of(property(DEVICE))), literal("x", PropertyKind.STRING)),
        byDeviceDescending, Arrays.asList("d", "e1"), 10, 0), false);
    assertEquals("SELECT \"id\", \"deviceId\", \"appCount\", \"eventDateTime\", \"eventDateTime.text\", \"took\","
        + " \"state\", \"flag\" FROM \"thing\" WHERE (\"@tenant\" = ? AND ((lower(\"deviceId\" COLLATE \"und-x-icu\")"
        + " COLLATE \"C\") IS DISTINCT FROM ?)) AND ((((\"deviceId\" < ? OR \"deviceId\" IS NULL)) OR (\"deviceId\""
        + " IS NOT DISTINCT FROM ? AND \"id\" < ?))) ORDER BY \"deviceId\" DESC NULLS LAST, \"id\" DESC LIMIT ?"
        + " OFFSET ?", page.text());
    assertEquals("SELECT count(*) FROM \"thing\" WHERE \"@tenant\" = ? AND (strpos(\"deviceId\", ?) > 0)",
        POSTGRES.count("t1", new Expr.Call(Expr.Function.CONTAINS, List.of(property(DEVICE),
            literal("x", PropertyKind.STRING)))).text());
    assertTrue(POSTGRES.upsert().endsWith(" ON CONFLICT (\"@tenant\", \"id\") DO UPDATE SET \"deviceId\" ="
        + " excluded.\"deviceId\", \"appCount\" = excluded.\"appCount\", \"eventDateTime\" = excluded.\"eventDateTime\","
        + " \"eventDateTime.text\" = excluded.\"eventDateTime.text\", \"took\" = excluded.\"took\", \"state\" ="
        + " excluded.\"state\", \"flag\" = excluded.\"flag\", \"@rendered\" = excluded.\"@rendered\""), POSTGRES.upsert());
  }

  @Test
  void postgresqlIndexNamesStayWithinItsLimitAndApart() {
    PostgresDialect dialect = new PostgresDialect("\"default\"");
    String a = dialect.indexName("ix_deviceManagementAutopilotEvent_tenant_enrollmentState_eventDateTime");
    String b = dialect.indexName("ix_deviceManagementAutopilotEvent_tenant_enrollmentState_deviceId");
    assertTrue(a.length() <= 63 && b.length() <= 63, a + " / " + b);
    org.junit.jupiter.api.Assertions.assertNotEquals(a, b);
    assertEquals("ix_short", dialect.indexName("ix_short"));
  }

  @Test
  void aTenantIsTheSameNumberEverywhereAndDifferentTenantsAreNot() {
    assertEquals(ColumnCodec.tenant("t1"), T1);
    org.junit.jupiter.api.Assertions.assertNotEquals(ColumnCodec.tenant("t2"), T1);
    org.junit.jupiter.api.Assertions.assertTrue(T1 >= 0);
  }

  @Test
  void rendersTheTableAndItsIndexesFromTheEntity() {
    assertEquals("CREATE TABLE \"thing\" (\"@tenant\" INTEGER NOT NULL, \"id\" TEXT NOT NULL, \"deviceId\" TEXT,"
        + " \"appCount\" INTEGER NOT NULL, \"eventDateTime\" INTEGER NOT NULL, \"eventDateTime.text\" TEXT NOT NULL,"
        + " \"took\" INTEGER NOT NULL, \"state\" INTEGER NOT NULL, \"flag\" INTEGER NOT NULL, \"@rendered\" BLOB,"
        + " PRIMARY KEY (\"@tenant\", \"id\"))", SQL.createTable());
    assertEquals("INSERT INTO \"thing\" (\"@tenant\", \"id\", \"deviceId\", \"appCount\", \"eventDateTime\","
        + " \"eventDateTime.text\", \"took\", \"state\", \"flag\", \"@rendered\") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        SQL.insert(), "the rendering last, after the columns");
    assertEquals("SELECT \"@rendered\", \"id\", \"deviceId\", \"appCount\", \"eventDateTime\", \"eventDateTime.text\","
        + " \"took\", \"state\", \"flag\" FROM \"thing\" WHERE \"@tenant\" = ? AND TRUE ORDER BY \"id\" ASC LIMIT ? OFFSET ?",
        SQL.select(new Query("t1", null, new Keyset(List.of(), ID).keys(), null, 10, 0), true).text(),
        "the rendering first, where asked for");
    assertEquals("CREATE INDEX IF NOT EXISTS \"ix_thing_tenant_deviceId_eventDateTime\" ON \"thing\" (\"@tenant\","
        + " \"deviceId\", \"eventDateTime\", \"id\")", SQL.createIndex(List.of("deviceId", "eventDateTime")));
    SqlRenderer.Statement update = SQL.update("t1", linked2("eventDateTime", NOON, "state", "enrolled"), "e1");
    assertEquals("UPDATE \"thing\" SET \"eventDateTime\" = ?, \"eventDateTime.text\" = ?, \"state\" = ? WHERE"
        + " \"@tenant\" = ? AND \"id\" = ?", update.text());
    assertEquals(List.of(NOON.utcTicks(), NOON.text(), 1L, T1, "e1"), update.parameters());
  }

  private static Map<String, Object> linked2(String k1, Object v1, String k2, Object v2) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put(k1, v1);
    map.put(k2, v2);
    return map;
  }
}
