package dev.graphmock.store;

import dev.graphmock.model.EntitySetPath;
import dev.graphmock.model.Navigation;
import dev.graphmock.model.Property;
import dev.graphmock.model.Rendering;
import dev.graphmock.model.StructuredType;
import dev.graphmock.model.TypeGraph;
import dev.graphmock.model.ValueJson;
import dev.graphmock.query.Expr;
import dev.graphmock.query.OrderKey;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.Update;

/**
 * The entities of every type family a schema serves, one table a family ({@link FamilyLayout}), on Jdbi handles
 * over the {@link Database}'s own connections (the store written on Jdbi, as the design names), so that its writes
 * join SQLite's group commit and a batch's unit of work like every other write. An entity is found by its tenant,
 * its place (an {@link dev.graphmock.model.EntitySetPath}'s name, kept as its number), the keys of the entities that contain it
 * ({@link ParentKeys}) and its own key; deleting it deletes every entity it contains, at any depth, in the same
 * transaction.
 */
public final class FamilyStore {
  /**
   * An entity as kept: its concrete type, its key, the values of the properties its type declares, and where each
   * of its single-valued links points (by navigation name: the target's keys as {@link ParentKeys} writes them,
   * outermost first; a link that points nowhere is absent).
   */
  public record Kept(StructuredType type, String key, Map<String, Object> values, Map<String, String> links,
                     byte[] rendered) {
    /** An entity with its values. */
    public Kept(StructuredType type, String key, Map<String, Object> values, Map<String, String> links) {
      this(type, key, values, links, null);
    }
  }

  /**
   * One page of a place's entities, in the query's order; how many match in all (-1 when not counted); and each
   * entity's position in that order (the values of its order keys, as the store compares them), which a skip
   * token keeps to start the next page after it.
   */
  public record Page(List<Kept> entities, long count, List<List<Object>> positions) {
  }

  private final Database database;
  private final Rendering rendering;
  private final Dialect dialect;
  private final TypeGraph graph;
  private final Map<StructuredType, Table> tables = new LinkedHashMap<>();
  /** How many rows an {@link #each} asks PostgreSQL for at a time. */
  private static final int EXPORT_FETCH_SIZE = 500;
  /** The counts each family's table keeps, by its root type (none where the dialect keeps none). */
  private final Map<StructuredType, FamilyCounts> counts = new java.util.HashMap<>();
  /** Each place's declared type by the place's name: looked up on every call. */
  private final Map<String, StructuredType> placeTypes = new java.util.HashMap<>();
  /** Each place's number, which its rows keep ({@link #placeNumbers}), by the place's name. */
  private final Map<String, Long> placeNumbers;

  /** The families of {@code graph} in {@code database}, keeping no renderings. */
  public FamilyStore(Database database, TypeGraph graph, ValueJson json) {
    this(database, graph, json, null);
  }

  /**
   * The families of {@code graph} in {@code database}, whose reads, writes and units of work it joins, keeping
   * with each entity written its {@code rendering} (null: none), which a read {@link #page(String, String, List,
   * dev.graphmock.query.Query, boolean, boolean) asking for it} hands over instead of the entity's values.
   */
  public FamilyStore(Database database, TypeGraph graph, ValueJson json, Rendering rendering) {
    this.rendering = rendering;
    this.database = database;
    this.dialect = database.dialect();
    this.graph = graph;
    // what the database was made for: the v1.0 store serves fewer places of the same tables
    TypeGraph madeFor = database.madeFor().orElse(graph);
    for (FamilyLayout layout : layouts(graph)) {
      tables.put(layout.root(), new Table(layout, json, dialect, placed(madeFor,
          madeFor.type(layout.root().qualifiedName()).orElse(layout.root()))));
      counts.put(layout.root(), new FamilyCounts(layout, dialect));
    }
    for (EntitySetPath path : graph.paths()) {
      placeTypes.putIfAbsent(path.name(), path.type());
    }
    this.placeNumbers = placeNumbers(madeFor);
    for (String place : placeTypes.keySet()) {
      if (!placeNumbers.containsKey(place)) {
        throw new IllegalArgumentException("the database was not made for a schema with the place " + place);
      }
    }
  }

  /**
   * The number each place of {@code graph} has in the families' tables ({@value FamilyLayout#PLACE}): its position
   * among the schema's places, from 1. The schema's fingerprint holds the places in order, so a database is only
   * ever opened with the numbers it was made with. A small number rather than the place's name keeps each index
   * entry of a family held at several places 30 bytes and more smaller ({@code deviceManagement/autopilotEvents}
   * in each of a dozen b-trees made the events' database 40 % larger than the earlier table of one collection).
   */
  static Map<String, Long> placeNumbers(TypeGraph graph) {
    Map<String, Long> numbers = new LinkedHashMap<>();
    for (EntitySetPath path : graph.paths()) {
      numbers.putIfAbsent(path.name(), (long) numbers.size() + 1);
    }
    return java.util.Collections.unmodifiableMap(numbers);
  }

  /**
   * Whether the rows of the family {@code root} heads may be at more than one place, or under parents: else each
   * index leads with the tenant alone, as the earlier table of one collection's did, and a page's statement asks
   * nothing of the place and parents (which every row has the same). Two more columns in each of a dozen indexes
   * are compared on the way down each b-tree: in a replay of inserts into a table of 200,000 events, SQLite's time
   * for one (without the counts' trigger) went from about 31 to 27 us without them, as the earlier table's.
   */
  static boolean placed(TypeGraph graph, StructuredType root) {
    List<EntitySetPath> places = graph.paths().stream().filter(path -> path.type().isA(root)).toList();
    return places.size() != 1 || places.get(0).keysAbove() > 0;
  }

  /** The number {@code place}'s rows keep. */
  private long number(String place) {
    Long number = placeNumbers.get(place);
    if (number == null) {
      throw new IllegalArgumentException("no place named " + place);
    }
    return number;
  }

  private static List<FamilyLayout> layouts(TypeGraph graph) {
    List<FamilyLayout> layouts = new ArrayList<>();
    for (StructuredType root : FamilyLayout.roots(graph)) {
      layouts.add(FamilyLayout.of(root, (type, navigation) -> graph.paths().stream()
          .filter(path -> type.isA(path.type())).anyMatch(path -> path.target(navigation.name()).isPresent())));
    }
    return layouts;
  }

  /**
   * What a database records of the schema it was made for, when the engine serves all of it: the places and each
   * family's table as SQLite would make it. A schema whose tables would differ is refused by a database made for
   * this one, before anything in it changes.
   */
  static String fingerprint(TypeGraph graph) {
    StringBuilder text = new StringBuilder("families");
    for (dev.graphmock.model.EntitySetPath path : graph.paths()) {
      text.append('|').append(path.name()).append(':').append(path.type().qualifiedName());
    }
    for (FamilyLayout layout : layouts(graph)) {
      // without the rendering's column, which a database made before it gets when it opens
      text.append('|').append(new Table(layout, null, null, placed(graph, layout.root()))
          .createSql(SqliteDialect.INSTANCE, false));
    }
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(text.toString()
          .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(digest, 0, 8);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /**
   * The families' tables of {@code graph}: each one's name, and the statements that make it and its indexes unless
   * they exist. {@code indexes} names, by entity type, the primitive and enum properties each index holds after
   * the tenant (and the place and parents, where they vary: {@link #placed}) and before the key: what a filter or an
   * order on them at one place seeks by.
   */
  static Map<String, List<Ddl>> tables(TypeGraph graph, Dialect dialect, Map<String, List<List<String>>> indexes) {
    Map<String, List<Ddl>> tables = new LinkedHashMap<>();
    for (FamilyLayout layout : layouts(graph)) {
      List<Ddl> statements = new ArrayList<>();
      boolean placed = placed(graph, layout.root());
      Table table = new Table(layout, null, null, placed);
      statements.add(new Ddl(null, table.createSql(dialect, true)));
      // A table made before renderings were kept gets their column; its rows are written from their columns.
      statements.add(new Ddl(null, "ALTER TABLE " + q(layout.table()) + " ADD COLUMN " + q(FamilyLayout.RENDERING)
          + " " + dialect.blobType(), layout.table(), FamilyLayout.RENDERING));
      // An update of a property that leaves the rendering as it was (by a writer that does not know it: an older
      // graphmock on the same database) forgets it, so that no read writes the old values.
      statements.add(new Ddl(null, dialect.forgetOnUpdate(q(layout.table()), q(FamilyLayout.RENDERING),
          layout.table() + " rendering", table.propertyColumns())));
      for (String sql : new FamilyCounts(layout, dialect).create()) {
        statements.add(new Ddl(null, sql));
      }
      for (Declared index : declared(graph, layout, indexes)) {
        statements.add(createIndex(layout, placed, index.type(), index.properties(), dialect));
      }
      tables.put(layout.table(), statements);
    }
    return tables;
  }

  /** The type of {@code own}'s place in {@code graph}, which must be its entity's type. */
  static StructuredType ownType(TypeGraph graph, OwnTable own) {
    StructuredType type = graph.path(own.place()).filter(dev.graphmock.model.EntitySetPath::isCollection)
        .map(dev.graphmock.model.EntitySetPath::type).orElseThrow(() -> new IllegalArgumentException(
            "the schema has no collection " + own.place() + " to move the table of " + own.entity().qualifiedName()
                + " into"));
    if (!type.qualifiedName().equals(own.entity().qualifiedName())) {
      throw new IllegalArgumentException(own.place() + " holds " + type.qualifiedName() + ", not "
          + own.entity().qualifiedName());
    }
    return type;
  }

  /**
   * The statement that copies the rows of {@code own}, kept in {@code oldTable} (whose columns are {@code
   * oldColumns}), into its family's table: each at its place with no parents, as the place's type, its tenant, each
   * property's columns into the family's columns of that property (the earlier release wrote its columns as the
   * engine does, named after the property), and its rendering in the engine's format (the same form); a column the
   * old table lacks is left NULL.
   */
  static String copyOwnTable(TypeGraph graph, Dialect dialect, OwnTable own, String oldTable,
                             java.util.Set<String> oldColumns) {
    StructuredType type = ownType(graph, own);
    FamilyLayout layout = layouts(graph).stream().filter(candidate -> type.isA(candidate.root())).findFirst()
        .orElseThrow();
    List<String> into = new ArrayList<>(List.of(q(FamilyLayout.TENANT), q(FamilyLayout.PLACE),
        q(FamilyLayout.PARENT_KEY), q(FamilyLayout.TYPE)));
    long place = placeNumbers(graph).get(graph.path(own.place()).orElseThrow().name());
    List<String> from = new ArrayList<>(List.of(q(SqlRenderer.TENANT), String.valueOf(place), "''",
        SqlRenderer.literal(type.qualifiedName())));
    Table table = new Table(layout, null, null, true);
    for (int c = 0; c < layout.columns().size(); c++) {
      FamilyLayout.Column column = layout.columns().get(c);
      for (String name : table.codecs.get(c).columns()) {
        // The earlier table named a property's columns after the property; the family's table may not (a property
        // named as one of its own columns, "place" or "tenant", has its type's name before its own).
        String earlier = column.holds() == FamilyLayout.Holds.LINK ? null
            : column.member() + name.substring(column.name().length());
        if (earlier != null && oldColumns.contains(earlier)) {
          into.add(q(name));
          from.add(q(earlier));
        }
      }
    }
    // The old renderings keep the values in the old description's order (its key first), the engine's in the
    // type's (its base type's properties first): the same bytes only where the two orders agree. Else the rows are
    // written from their columns until they change.
    boolean sameOrder = own.entity().properties().stream().map(dev.graphmock.model.PropertyDef::name).toList()
        .equals(type.properties().stream().map(Property::name).toList());
    if (oldColumns.contains(SqlRenderer.RENDERED) && sameOrder) {
      into.add(q(FamilyLayout.RENDERING));
      from.add(dialect.withFirstByte(q(SqlRenderer.RENDERED), own.keptFormat(), own.engineFormat()));
    }
    return "INSERT INTO " + q(layout.table()) + " (" + String.join(", ", into) + ") SELECT "
        + String.join(", ", from) + " FROM " + q(oldTable);
  }

  /**
   * A statement that makes a family's table ({@code index} null) or one of its indexes (named {@code index},
   * unquoted), unless it exists.
   */
  record Ddl(String index, String sql, String table, String column) {
    Ddl(String index, String sql) {
      this(index, sql, null, null);
    }
  }

  private static Ddl createIndex(FamilyLayout layout, boolean placed, StructuredType type, List<String> properties,
                                 Dialect dialect) {
    List<String> columns = new ArrayList<>(placed ? List.of(q(FamilyLayout.TENANT), q(FamilyLayout.PLACE),
        q(FamilyLayout.PARENT_KEY)) : List.of(q(FamilyLayout.TENANT)));
    for (FamilyLayout.Column column : indexed(layout, type, properties)) {
      // As the engine's pages order by it (NULL first), so that PostgreSQL can read the index in that order.
      columns.add(dialect.orderTerm(q(column.name()), false, true).replaceFirst(" ASC$", ""));
    }
    columns.add(q(layout.root().keyName()));
    String name = indexName(layout, type, properties, dialect);
    return new Ddl(name, "CREATE INDEX IF NOT EXISTS " + q(name) + " ON " + q(layout.table()) + " ("
        + String.join(", ", columns) + ")");
  }

  /** An index {@code indexes} declares on a type of the family: the type and the properties it holds. */
  private record Declared(StructuredType type, List<String> properties) {
  }

  /** The indexes {@code indexes} (by entity type) declares on the types of {@code layout}'s family. */
  private static List<Declared> declared(TypeGraph graph, FamilyLayout layout,
                                         Map<String, List<List<String>>> indexes) {
    List<Declared> declared = new ArrayList<>();
    indexes.forEach((typeName, ofType) -> graph.type(typeName).filter(type -> type.isA(layout.root()))
        .ifPresent(type -> ofType.forEach(properties -> declared.add(new Declared(type, properties)))));
    return declared;
  }

  private static List<FamilyLayout.Column> indexed(FamilyLayout layout, StructuredType type, List<String> properties) {
    List<FamilyLayout.Column> columns = new ArrayList<>();
    for (String property : properties) {
      columns.add(layout.column(type, property).orElseThrow(() -> new IllegalArgumentException(
          type.qualifiedName() + " has no property " + property)));
    }
    return columns;
  }

  private static String indexName(FamilyLayout layout, StructuredType type, List<String> properties,
                                  Dialect dialect) {
    List<String> names = indexed(layout, type, properties).stream().map(FamilyLayout.Column::name).toList();
    return dialect.indexName("ix_" + layout.table() + "_" + String.join("_", names));
  }

  /**
   * SQLite's planner statistics ({@code sqlite_stat1}) for each family's table, its key and the indexes {@code
   * indexes} declares (as {@link #tables} names them), by table, then by index ("" for the table's own row): written
   * rather than measured, as for the bundled table ({@link PlannerStatistics}), describing a table of {@value
   * PlannerStatistics#ROWS} rows in one tenant, at one place, under one parent.
   */
  static Map<String, Map<String, String>> plannerStatistics(TypeGraph graph, Dialect dialect,
                                                            Map<String, List<List<String>>> indexes) {
    Map<String, Map<String, String>> tables = new LinkedHashMap<>();
    for (FamilyLayout layout : layouts(graph)) {
      // As if every row were at one place under one parent: a guess of fewer rows per parent (a contained place's)
      // made every index that leads with a property look alike, and the planner walked the order's index instead
      // of seeking the filter's where the family is also held at the top.
      long rows = PlannerStatistics.ROWS;
      Map<String, String> statistics = new LinkedHashMap<>();
      statistics.put("", String.valueOf(rows));
      boolean placed = placed(graph, layout.root());
      statistics.put("sqlite_autoindex_" + layout.table() + "_1", PlannerStatistics.stat(
          placed ? List.of(rows, rows, rows, rows, 1L) : List.of(rows, rows, 1L)));
      for (Declared index : declared(graph, layout, indexes)) {
        // the table's rows, then one tenant's, then (where they vary) one place's and one parent's
        List<Long> stat = new ArrayList<>(placed ? List.of(rows, rows, rows, rows) : List.of(rows, rows));
        long perValue = rows;
        for (FamilyLayout.Column column : indexed(layout, index.type(), index.properties())) {
          perValue = Math.min(perValue, PlannerStatistics.rowsPerValue(column.valueType()));
          stat.add(perValue);
        }
        stat.add(1L);
        statistics.put(indexName(layout, index.type(), index.properties(), dialect), PlannerStatistics.stat(stat));
      }
      tables.put(layout.table(), statistics);
    }
    return tables;
  }

  /** The rows of a load from which {@link #loaded} refreshes the planner's statistics. */
  static final long BULK_LOAD_ROWS = 10_000;

  /**
   * Told after a load of {@code rows} entities into {@code places} committed (an import or a generate): from
   * {@value #BULK_LOAD_ROWS} on, what the dialect runs after a large load ({@code VACUUM (ANALYZE)} on PostgreSQL:
   * without it the planner walked the wrong index for a page of one, 1.4 s after a million rows, until autovacuum
   * came round) runs on the tables of those places' families, and no other. A failure is ignored: the rows are
   * committed, and the database's own maintenance gathers the statistics later; failing a load that succeeded would
   * be the worse answer.
   */
  public void loaded(long rows, java.util.Collection<String> places) {
    if (rows < BULK_LOAD_ROWS) {
      return;
    }
    java.util.Set<Table> loaded = new java.util.LinkedHashSet<>();
    // as the caller spelled them (a document's keys), each in any letter case
    places.forEach(place -> graph.path(place).ifPresent(path -> loaded.add(table(path.type()))));
    for (Table table : loaded) {
      String refresh = dialect.afterBulkLoad(q(table.layout.table()));
      if (refresh != null) {
        try {
          database.runAlone(refresh);
        } catch (StoreException e) {
          // as said above
        }
      }
    }
  }

  /** Makes each family's table, unless it exists (the database makes them when it opens: this is for tests). */
  public void createTables() {
    database.writeHandle(handle -> {
      for (Table table : tables.values()) {
        handle.execute(table.createSql(dialect, true));
        counts.get(table.layout.root()).create().forEach(handle::execute);
      }
      return null;
    });
  }

  /** Keeps a new entity of {@code type} at {@code place} under {@code parentKey}; a taken key is refused. */
  public void insert(String tenant, String place, String parentKey, StructuredType type, Map<String, Object> values) {
    insert(tenant, place, parentKey, type, values, Map.of());
  }

  /**
   * Keeps a new entity with its single-valued links pointing at the entities {@code links} names (by navigation,
   * each target's keys as {@link #keys(List)} writes them), all in one transaction: a target that is not there is a
   * {@link MissingTargetException}, and nothing is kept. Returns the entity as kept, with its rendering when one
   * was kept.
   */
  public Kept insert(String tenant, String place, String parentKey, StructuredType type, Map<String, Object> values,
                     Map<String, String> links) {
    return insert(tenant, place, parentKey, type, values, links, false);
  }

  /**
   * {@link #insert(String, String, String, StructuredType, Map, Map)}, or with {@code replace} an entity whose key
   * is taken is replaced: its type, every value and every link become the given ones (a link not given points
   * nowhere), and the entities it contains stay.
   */
  public Kept insert(String tenant, String place, String parentKey, StructuredType type, Map<String, Object> values,
                     Map<String, String> links, boolean replace) {
    Table table = table(type);
    String key = (String) values.get(type.keyName());
    boolean single = !graph.path(place).orElseThrow(() -> new IllegalArgumentException("no place named " + place))
        .isCollection();
    if (!single && parentKey.isEmpty() && links.isEmpty()) {
      // A create in a collection no entity contains: one statement, run without a Jdbi handle, as the store's
      // reads by key are.
      checkParent(null, tenant, place, parentKey);
      List<Object> arguments = table.arguments(tenant, number(place), parentKey, type, values, dialect, rendering);
      String sql = replace ? table.replacingSql : table.insertingSql;
      if (database.inWriteTransaction(connection -> database.update(connection, sql, arguments)) == 0) {
        throw new DuplicateKeyException(key);
      }
      return kept(type, key, values, links, arguments);
    }
    return database.writeHandle(handle -> {
      if (single || !parentKey.isEmpty()) {
        claimWrite(handle);
      }
      checkParent(handle, tenant, place, parentKey);
      if (single) {
        // A single-valued place holds one entity under each parent, whatever its key.
        Query taken = handle.createQuery("SELECT " + table.keySql() + " FROM " + q(table.layout.table()) + " WHERE "
            + q(FamilyLayout.TENANT) + " = ? AND " + q(FamilyLayout.PLACE) + " = ? AND "
            + q(FamilyLayout.PARENT_KEY) + " = ?");
        bind(taken, List.of(ColumnCodec.tenant(tenant), number(place), parentKey));
        Optional<String> existing = taken.mapTo(String.class).findFirst();
        if (existing.isPresent() && !(replace && existing.get().equals(key))) {
          throw new DuplicateKeyException(existing.get());
        }
      }
      // (a look for a taken key before it would be a statement more for every create)
      Update insert = handle.createUpdate(replace ? table.replacingSql : table.insertingSql);
      List<Object> arguments = table.arguments(tenant, number(place), parentKey, type, values, dialect, rendering);
      bind(insert, arguments);
      if (insert.execute() == 0) {
        throw new DuplicateKeyException(key);
      }
      linkIn(handle, table, type, tenant, place, parentKey, key, links);
      return kept(type, key, values, links, arguments);
    });
  }

  /**
   * The entity an insert wrote with {@code arguments}: its values and links, and the rendering it was kept with
   * (their last; null when none), which a caller may write as a read of it would.
   */
  private static Kept kept(StructuredType type, String key, Map<String, Object> values, Map<String, String> links,
                           List<Object> arguments) {
    return new Kept(type, key, values, links, (byte[]) arguments.get(arguments.size() - 1));
  }

  public Optional<Kept> get(String tenant, String place, String parentKey, String key) {
    return get(tenant, place, parentKey, key, false);
  }

  /**
   * {@link #get(String, String, String, String)}; with {@code rendered}, an entity whose rendering is current is
   * handed over with it and its key instead of its values, as {@link #page(String, String, List,
   * dev.graphmock.query.Query, boolean, boolean) a page} hands it over.
   */
  public Optional<Kept> get(String tenant, String place, String parentKey, String key, boolean rendered) {
    Table table = table(placeType(place));
    Rendering handOver = rendered ? rendering : null;
    return database.read(connection -> find(connection, table, tenant, place, parentKey, key, "", handOver));
  }

  /**
   * Whether no collection holds an entity, in any tenant (a start with {@code --seed-data} loads only then): a
   * singleton's entity, made with its defaults by the first read of it, is not data of the user's.
   */
  public boolean isEmpty() {
    List<Long> collections = graph.paths().stream().filter(EntitySetPath::isCollection)
        .map(path -> number(path.name())).toList();
    if (collections.isEmpty()) {
      return true;
    }
    String places = " WHERE " + q(FamilyLayout.PLACE) + " IN (" + String.join(", ", collections.stream()
        .map(String::valueOf).toList()) + ")";
    return database.readHandle(handle -> tables.values().stream().noneMatch(table -> handle.createQuery(
        "SELECT 1 FROM " + q(table.layout.table()) + places + " LIMIT 1").mapTo(Integer.class).findFirst()
        .isPresent()));
  }

  /** The entities at {@code place} under {@code parentKey}, by key. */
  public List<Kept> list(String tenant, String place, String parentKey) {
    Table table = table(placeType(place));
    return database.readHandle(handle -> {
      Query query = handle.createQuery(table.selectSql() + " WHERE " + q(FamilyLayout.TENANT) + " = ? AND "
          + q(FamilyLayout.PLACE) + " = ? AND " + q(FamilyLayout.PARENT_KEY) + " = ? ORDER BY " + table.keySql());
      bind(query, List.of(ColumnCodec.tenant(tenant), number(place), parentKey));
      return query.map((row, context) -> table.read(row, graph)).list();
    });
  }

  /**
   * Deletes the entity and everything it contains: in every family's table, the rows at a place below this one
   * whose parent keys start with this entity's. Returns whether the entity was there.
   */
  public boolean delete(String tenant, String place, String parentKey, String key) {
    Table table = table(placeType(place));
    String below = ParentKeys.child(parentKey, key);
    return database.writeHandle(handle -> {
      Update own = handle.createUpdate("DELETE FROM " + q(table.layout.table()) + " WHERE " + q(FamilyLayout.TENANT)
          + " = ? AND " + q(FamilyLayout.PLACE) + " = ? AND " + q(FamilyLayout.PARENT_KEY) + " = ? AND "
          + table.keySql() + " = ?");
      bind(own, List.of(ColumnCodec.tenant(tenant), number(place), parentKey, key));
      if (own.execute() == 0) {
        return false;
      }
      for (Table each : tables.values()) {
        // the places below this one that this family's table holds
        List<Object> arguments = new ArrayList<>(List.of(ColumnCodec.tenant(tenant)));
        // (numbered for the database: a place this store does not serve, such as a beta-only one under v1.0,
        // is below it as well)
        placeNumbers.forEach((inner, number) -> {
          if (inner.startsWith(place + "/") && graph.path(inner).map(EntitySetPath::type)
              .map(type -> type.isA(each.layout.root())).orElse(true)) {
            arguments.add(number);
          }
        });
        if (arguments.size() == 1) {
          continue;
        }
        // "Starts with x/" as a range of text, x/ <= value < x0 ('0' follows '/'): both stores compare text by its
        // bytes here, where substr() counted characters and Java's length() UTF-16 units, which differ beyond the
        // Basic Multilingual Plane (a key with an emoji left its grandchildren behind).
        Update contained = handle.createUpdate("DELETE FROM " + q(each.layout.table()) + " WHERE "
            + q(FamilyLayout.TENANT) + " = ? AND " + q(FamilyLayout.PLACE) + " IN (" + String.join(", ",
            java.util.Collections.nCopies(arguments.size() - 1, "?")) + ") AND (" + q(FamilyLayout.PARENT_KEY)
            + " = ? OR (" + q(FamilyLayout.PARENT_KEY) + " >= ? AND " + q(FamilyLayout.PARENT_KEY) + " < ?))");
        arguments.addAll(List.of(below, below + "/", below + "0"));
        bind(contained, arguments);
        contained.execute();
      }
      unlink(handle, tenant, place, below);
      return true;
    });
  }

  /**
   * The entities at {@code place} under {@code parentKey} whose keys follow {@code after} (null: from the first),
   * at most {@code limit} of them, in key order (byte order of the key on both stores); and how many the place holds
   * in all. Only entities of {@code types} (qualified names) when it is not null: a cast to a derived type.
   */
  public Page page(String tenant, String place, String parentKey, List<String> types, String after, int limit) {
    dev.graphmock.query.Query query = new dev.graphmock.query.Query(tenant, null,
        List.of(new OrderKey(keyOf(placeType(place)), false)),
        after == null ? null : List.of(after), limit, 0);
    return page(place, parentKey, types, query, true);
  }

  /**
   * The value that names an entity of {@code type} at its place, as a query orders by it: its key property. A total
   * order ends with it ({@link dev.graphmock.query.Keyset}).
   */
  public static Expr.Member keyOf(StructuredType type) {
    return new Expr.Member(type, false, type.keyName(), List.of(), type.property(type.keyName()).orElseThrow().type());
  }

  /**
   * Whether {@code value} is {@link #keyOf type's key}: asked part by part, as a member's own equality compares
   * its value types (an enum's members) and was 3 % of a page.
   */
  private static boolean isKey(Expr value, StructuredType type) {
    return value instanceof Expr.Member member && member.type() == type && !member.cast() && member.path().isEmpty() && member.casts().isEmpty()
        && member.property().equals(type.keyName());
  }

  /**
   * The entities at {@code place} under {@code parentKey} that {@code query} selects (its filter, rendered by
   * {@link FamilyConditions}), in its order, which must be total (end with {@link #keyOf the key}), after its
   * position (keyset paging: a page costs the same wherever it starts, and a row added or removed before it moves
   * nothing), skipping its offset, at most its limit; only entities of {@code types} (qualified names) when it is not
   * null (a cast to a derived type). With {@link Page#positions each entity's position} in that order, and how many
   * match in all when {@code counted} (-1 otherwise): two statements of one read (in one snapshot only inside a unit
   * of work), and a third when a rendered page is read again whole.
   */
  public Page page(String place, String parentKey, List<String> types, dev.graphmock.query.Query query,
                   boolean counted) {
    return page(place, parentKey, types, query, counted, false);
  }

  /**
   * {@link #page(String, String, List, dev.graphmock.query.Query, boolean)}; with {@code rendered}, each entity
   * whose rendering is current is handed over with it ({@link Kept#rendered}) and its key instead of its values,
   * for a caller that writes it as it was rendered. Such a page reads the renderings alone; if one of its rows has
   * none that is current (made by an earlier release, or changed by a writer that does not know them), the page is
   * read again whole, every entity with its values, in one statement (a row read apart would be of another
   * snapshot, and could have changed or gone since).
   */
  public Page page(String place, String parentKey, List<String> types, dev.graphmock.query.Query query,
                   boolean counted, boolean rendered) {
    Rendering handOver = rendered ? rendering : null;
    PageStatement statement = pageStatement(place, parentKey, types, query);
    Table table = statement.table();
    List<Object> arguments = statement.arguments();
    return database.read(connection -> {
      List<Kept> entities = new ArrayList<>();
      List<List<Object>> positions = new ArrayList<>();
      if (query.limit() > 0 && !readPage(connection, handOver, statement, entities, positions)) {
        entities.clear();
        positions.clear();
        readPage(connection, null, statement, entities, positions);
      }
      if (!counted) {
        return new Page(entities, -1, positions);
      }
      long[] count = {0};
      // From the kept counts where they hold the filter (a type cast counts the rows instead).
      Optional<FamilyCounts.Counted> kept = types == null ? counts.get(table.layout.root()).count(query.filter())
          : Optional.empty();
      if (kept.isPresent()) {
        List<Object> keptArguments = new ArrayList<>(List.of(ColumnCodec.tenant(query.tenant()), number(place),
            parentKey));
        keptArguments.addAll(kept.get().parameters());
        database.eachRow(connection, kept.get().sql(), keptArguments, row -> row.getLong(1), all -> count[0] = all);
      } else {
        database.eachRow(connection, "SELECT count(*) FROM " + q(table.layout.table()) + statement.where(), arguments,
            row -> row.getLong(1), all -> count[0] = all);
      }
      return new Page(entities, count[0], positions);
    });
  }

  /**
   * How {@link #page} reads: the family's table, its conditions ({@code where}, with {@code arguments}: what the
   * count reads too), and the rest of the page's statement after its columns ({@code rest}: the order operands,
   * table, conditions, keyset, order and limit, with {@code pageArguments}), whose order operands' nullability
   * {@code nullable} gives.
   */
  record PageStatement(Table table, String where, List<Object> arguments, String rest, List<Object> pageArguments,
                       List<Boolean> nullable) {
    /** The whole statement that reads the page's rows with their values. */
    String sql() {
      return table.columnsSql() + rest;
    }
  }

  PageStatement pageStatement(String place, String parentKey, List<String> types, dev.graphmock.query.Query query) {
    Table table = table(placeType(place));
    StringBuilder where = new StringBuilder(" WHERE " + q(FamilyLayout.TENANT) + " = ?");
    List<Object> arguments = new ArrayList<>(List.of(ColumnCodec.tenant(query.tenant())));
    if (table.placed) {
      where.append(" AND ").append(q(FamilyLayout.PLACE)).append(" = ? AND ").append(q(FamilyLayout.PARENT_KEY))
          .append(" = ?");
      arguments.addAll(List.of(number(place), parentKey));
    }
    if (types != null) {
      where.append(" AND ").append(q(FamilyLayout.TYPE)).append(" IN (")
          .append(String.join(", ", java.util.Collections.nCopies(types.size(), "?"))).append(')');
      arguments.addAll(types);
    }
    FamilyConditions conditions = new FamilyConditions(dialect, table.layout);
    if (query.filter() != null) {
      where.append(" AND ").append(conditions.condition(query.filter()));
      arguments.addAll(conditions.parameters);
      conditions.parameters.clear();
    }
    List<String> operands = new ArrayList<>();
    List<Boolean> descending = new ArrayList<>();
    List<Boolean> nullable = new ArrayList<>();
    List<String> order = new ArrayList<>();
    for (OrderKey key : query.order()) {
      String operand = conditions.operand(key.value());
      boolean mayBeNull = !isKey(key.value(), placeType(place));
      operands.add(operand);
      descending.add(key.descending());
      nullable.add(mayBeNull);
      order.add(dialect.orderTerm(operand, key.descending(), mayBeNull));
    }
    String after = query.after() == null ? ""
        : " AND " + conditions.after(operands, descending, nullable, query.after());
    List<Object> pageArguments = new ArrayList<>(arguments);
    pageArguments.addAll(conditions.parameters);
    pageArguments.add(query.limit());
    pageArguments.add(query.offset());
    String rest = ", " + String.join(", ", operands) + " FROM " + q(table.layout.table()) + where
        + after + " ORDER BY " + String.join(", ", order) + " LIMIT ? OFFSET ?";
    return new PageStatement(table, where.toString(), arguments, rest, pageArguments, nullable);
  }

  /**
   * Reads the rows of a page's {@code statement} into {@code entities} and their {@code positions}; with {@code
   * handOver}, the renderings alone. Returns false when a row's rendering was not current (the page is then to be
   * read again whole).
   */
  private boolean readPage(java.sql.Connection connection, Rendering handOver, PageStatement statement,
                           List<Kept> entities, List<List<Object>> positions) {
    Table table = statement.table();
    List<Boolean> nullable = statement.nullable();
    int firstOperand = (handOver == null ? table.columnCount() : table.renderedColumnCount()) + 1;
    boolean[] current = {true};
    database.eachRow(connection, (handOver == null ? table.columnsSql() : table.renderedColumnsSql())
        + statement.rest(), statement.pageArguments(), row -> {
          Kept entity = handOver == null ? table.read(row, graph) : table.readRendered(row, graph, handOver);
          current[0] &= handOver == null || entity.rendered() != null;
          List<Object> position = new ArrayList<>(nullable.size());
          for (int i = 0; i < nullable.size(); i++) {
            // the key (the one order key that cannot be null), read already, as its own column gives it (text)
            position.add(nullable.get(i) ? positionValue(row.getObject(firstOperand + i)) : entity.key());
          }
          positions.add(position);
          return entity;
        }, entities::add);
    return current[0];
  }

  /**
   * An order value as a skip token keeps it and a later statement binds it: whole numbers as longs, decimals (a
   * PostgreSQL NUMERIC) as doubles.
   */
  private static Object positionValue(Object value) {
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof java.math.BigDecimal decimal) {
      return decimal.doubleValue();
    }
    return value;
  }

  /**
   * Changes the properties of the entity {@code changesFor} returns values for, given the entity's concrete type
   * (so that a derived type's own properties are read as its own, and the type is never changed): read, changed and
   * written in one transaction, only the changed properties' columns written. Returns the entity as changed, or
   * empty (and nothing asked of {@code changesFor}) when there is none. What {@code changesFor} throws rolls the
   * transaction back and reaches the caller as it was thrown.
   */
  public <X extends Exception> Optional<Kept> update(String tenant, String place, String parentKey, String key,
                                              ChangesFor<X> changesFor) throws X {
    Table table = table(placeType(place));
    return database.writeHandle(handle -> {
      claimWrite(handle);
      // Locked: a concurrent update of the entity waits, and then reads what this one wrote, so that the rendering
      // each makes of the whole entity holds the other's change too.
      Optional<Kept> found = find(handle.getConnection(), table, tenant, place, parentKey, key,
          dialect.lockForUpdate(), null);
      if (found.isEmpty()) {
        return Optional.<Kept>empty();
      }
      Kept kept = found.get();
      Changes asked = changesFor.changes(kept.type());
      Map<String, Object> changes = asked.values();
      Map<String, Object> values = new LinkedHashMap<>(kept.values());
      for (Map.Entry<String, Object> change : changes.entrySet()) {
        if (!values.containsKey(change.getKey())) {
          throw new IllegalArgumentException(kept.type().qualifiedName() + " has no property " + change.getKey());
        }
        if (change.getKey().equals(kept.type().keyName()) && !key.equals(change.getValue())) {
          throw new IllegalArgumentException("an entity's key cannot change");
        }
        values.put(change.getKey(), change.getValue());
      }
      if (!changes.isEmpty()) {
        List<Object> arguments = new ArrayList<>();
        String set = table.assignments(kept.type(), changes, arguments, dialect);
        // made again from the whole entity as it now reads
        set += ", " + q(FamilyLayout.RENDERING) + " = ?";
        arguments.add(rendering == null ? null : table.render(rendering, kept.type(),
            table.readBack(kept.type(), values, dialect)));
        Update update = handle.createUpdate("UPDATE " + q(table.layout.table()) + " SET " + set + table.whereOne());
        arguments.addAll(List.of(ColumnCodec.tenant(tenant), number(place), parentKey, key));
        bind(update, arguments);
        update.execute();
      }
      linkIn(handle, table, kept.type(), tenant, place, parentKey, key, asked.links());
      Map<String, String> links = new LinkedHashMap<>(kept.links());
      asked.links().forEach((navigation, target) -> {
        if (target == null) {
          links.remove(navigation);
        } else {
          links.put(navigation, target);
        }
      });
      return Optional.of(new Kept(kept.type(), key, values, links));
    });
  }

  /** What a change reads for an entity of a concrete type; may refuse it. */
  @FunctionalInterface
  public interface ChangesFor<X extends Exception> {
    Changes changes(StructuredType concreteType) throws X;
  }

  /** The new values of properties, and where links now point (null: nowhere), by name. */
  public record Changes(Map<String, Object> values, Map<String, String> links) {
    public static Changes of(Map<String, Object> values) {
      return new Changes(values, Map.of());
    }
  }

  /**
   * Points the entity's single-valued link {@code navigation} at the entity {@code targetKeys} names (its parent
   * keys and key, as {@link ParentKeys#child} writes them) where the place's navigation finds its targets, or at
   * nothing ({@code targetKeys} null). Returns false when there is no such entity to link from; a target that is not
   * there is a {@link MissingTargetException}, and nothing changes.
   */
  public boolean link(String tenant, String place, String parentKey, String key, String navigation, String targetKeys) {
    Table table = table(placeType(place));
    return database.writeHandle(handle -> {
      claimWrite(handle);
      Optional<Kept> found = find(handle.getConnection(), table, tenant, place, parentKey, key, "", null);
      if (found.isEmpty()) {
        return false;
      }
      Map<String, String> link = new LinkedHashMap<>();
      link.put(navigation, targetKeys);
      linkIn(handle, table, found.get().type(), tenant, place, parentKey, key, link);
      return true;
    });
  }

  /**
   * The entity that contains what is kept at {@code place} under {@code parentKey} must be there, in the same
   * transaction as the insert: nothing is ever kept under an entity a concurrent delete has taken (that entity's own
   * parents are there, or it could not be). A {@link MissingTargetException} names it otherwise.
   */
  private void checkParent(Handle handle, String tenant, String place, String parentKey) {
    EntitySetPath path = graph.path(place).orElseThrow(() -> new IllegalArgumentException("no place named " + place));
    EntitySetPath parent = path.parent().orElse(null);
    while (parent != null && !parent.isCollection()) {
      parent = parent.parent().orElse(null);
    }
    // One key for each entity of a collection the place is kept under (an import names them; a request's path
    // always has them all).
    int depth = path.keysAbove();
    List<String> keys = parentKey.isEmpty() ? List.of() : keys(parentKey);
    if (keys.size() != depth) {
      throw new IllegalArgumentException(place + " is kept under " + depth + " entities, not under " + keys.size());
    }
    if (parent == null) {
      return;
    }
    if (!holds(handle, table(parent.type()), tenant, parent.name(), parentKey(keys.subList(0, keys.size() - 1)),
        keys.get(keys.size() - 1))) {
      throw new MissingTargetException(parent.name(), parentKey);
    }
  }

  /** Makes the transaction on {@code handle} a writing one before it reads ({@link Dialect#claimWrite}). */
  private void claimWrite(Handle handle) {
    String claim = dialect.claimWrite();
    if (claim != null) {
      handle.execute(claim);
    }
  }

  /** Points the entity's links where {@code links} says, on {@code handle}, each target checked first. */
  private void linkIn(Handle handle, Table table, StructuredType type, String tenant, String place, String parentKey,
                      String key, Map<String, String> links) {
    if (links.isEmpty()) {
      return;
    }
    EntitySetPath path = graph.path(place).orElseThrow(() -> new IllegalArgumentException("no place named " + place));
    for (Map.Entry<String, String> link : links.entrySet()) {
      String navigation = link.getKey();
      String targetKeys = link.getValue();
      EntitySetPath targetPlace = path.target(navigation).orElseThrow(() -> new IllegalArgumentException(
          place + "'s " + navigation + " points nowhere"));
      FamilyLayout.Column column = table.layout.column(type, navigation)
          .filter(held -> held.holds() == FamilyLayout.Holds.LINK)
          .orElseThrow(() -> new IllegalArgumentException(type.qualifiedName() + " has no link " + navigation));
      if (targetKeys != null) {
        List<String> keys = keys(targetKeys);
        String targetParent = parentKey(keys.subList(0, keys.size() - 1));
        if (!holds(handle, table(targetPlace.type()), tenant, targetPlace.name(), targetParent,
            keys.get(keys.size() - 1))) {
          throw new MissingTargetException(targetPlace.name(), targetKeys);
        }
      }
      Update update = handle.createUpdate("UPDATE " + q(table.layout.table()) + " SET " + q(column.name())
          + " = ?" + table.whereOne());
      bind(update, java.util.Arrays.asList(targetKeys, ColumnCodec.tenant(tenant), number(place), parentKey, key));
      update.execute();
    }
  }

  /** The keys, outermost first, that {@link #parentKey} or a link joined into one text. */
  public static List<String> keys(String joined) {
    List<String> keys = new ArrayList<>();
    for (String encoded : joined.split("/", -1)) {
      keys.add(ParentKeys.decode(encoded));
    }
    return keys;
  }

  /**
   * The one entity of a single-valued place (a singleton, or a contained single-valued navigation such as
   * {@code deviceManagement/windowsAutopilotSettings}) under {@code parentKey}: made from {@code defaults} the first
   * time it is asked for, as Graph's exist from the start with their type's defaults.
   */
  public Kept single(String tenant, String place, String parentKey, java.util.function.Supplier<Map<String, Object>>
      defaults) {
    StructuredType type = placeType(place);
    Table table = table(type);
    String where = " WHERE " + q(FamilyLayout.TENANT) + " = ? AND " + q(FamilyLayout.PLACE) + " = ? AND "
        + q(FamilyLayout.PARENT_KEY) + " = ?";
    List<Object> arguments = List.of(ColumnCodec.tenant(tenant), number(place), parentKey);
    Optional<Kept> kept = database.readHandle(handle -> {
      Query query = handle.createQuery(table.selectSql() + where + " LIMIT 1");
      bind(query, arguments);
      return query.map((row, context) -> table.read(row, graph)).findOne();
    });
    if (kept.isPresent()) {
      return kept.get();
    }
    try {
      return made(table, type, tenant, place, parentKey, where, arguments, defaults);
    } catch (DuplicateKeyException madeMeanwhile) {
      // Another server on the same PostgreSQL database made it at the same moment, with the same key.
      return database.readHandle(handle -> {
        Query query = handle.createQuery(table.selectSql() + where + " LIMIT 1");
        bind(query, arguments);
        return query.map((row, context) -> table.read(row, graph)).one();
      });
    }
  }

  /** The single-valued place's entity, made from {@code defaults} unless it is there (looked for again first). */
  private Kept made(Table table, StructuredType type, String tenant, String place, String parentKey, String where,
                    List<Object> arguments, java.util.function.Supplier<Map<String, Object>> defaults) {
    return database.writeHandle(handle -> {
      claimWrite(handle);
      Query again = handle.createQuery(table.selectSql() + where + " LIMIT 1");
      bind(again, arguments);
      Optional<Kept> made = again.map((row, context) -> table.read(row, graph)).findOne();
      if (made.isPresent()) {
        return made.get();
      }
      Map<String, Object> values = defaults.get();
      Update insert = handle.createUpdate(table.insertSql(dialect));
      bind(insert, table.arguments(tenant, number(place), parentKey, type, values, dialect, rendering));
      try {
        insert.execute();
      } catch (org.jdbi.v3.core.statement.UnableToExecuteStatementException taken) {
        if (taken.getCause() instanceof java.sql.SQLException cause && dialect.isDuplicateKey(cause)) {
          throw new DuplicateKeyException((String) values.get(type.keyName()));
        }
        throw taken;
      }
      return new Kept(type, (String) values.get(type.keyName()), values, Map.of());
    });
  }

  /** How many keys one statement of {@link #under} or {@link #named} looks for: a page of 999 takes one. */
  static final int KEYS_PER_STATEMENT = 1000;

  /**
   * The entities at {@code place} under each of {@code parentKeys} that {@code filter} selects (null: all), in
   * {@code order} (total: it ends with {@link #keyOf the key}), after skipping {@code skip} and at most {@code top}
   * (null: all) of each parent's, with how many match under each parent when {@code counted} (-1 otherwise): what
   * {@code $expand} of a contained collection, with its nested options, reads for a whole page, one statement per
   * {@value #KEYS_PER_STATEMENT} parents (a window per parent when it skips, tops or counts), never one per row. A
   * parent with none has an empty page.
   */
  public Map<String, Page> under(String tenant, String place, java.util.Collection<String> parentKeys, Expr filter,
                                 List<OrderKey> order, long skip, Integer top, boolean counted) {
    StructuredType type = placeType(place);
    Table table = table(type);
    Map<String, List<Kept>> found = new LinkedHashMap<>();
    Map<String, Long> counts = new java.util.HashMap<>();
    parentKeys.forEach(parentKey -> found.put(parentKey, new ArrayList<>()));
    List<String> all = List.copyOf(found.keySet());
    boolean windowed = skip > 0 || top != null || counted;
    String parent = q(FamilyLayout.PARENT_KEY);
    for (int from = 0; from < all.size(); from += KEYS_PER_STATEMENT) {
      List<String> chunk = all.subList(from, Math.min(all.size(), from + KEYS_PER_STATEMENT));
      FamilyConditions conditions = new FamilyConditions(dialect, table.layout);
      String where = " FROM " + q(table.layout.table()) + " WHERE " + q(FamilyLayout.TENANT) + " = ? AND "
          + q(FamilyLayout.PLACE) + " = ? AND " + parent + " IN (" + String.join(", ",
          java.util.Collections.nCopies(chunk.size(), "?")) + ")"
          + (filter == null ? "" : " AND " + conditions.condition(filter));
      List<String> terms = new ArrayList<>();
      for (OrderKey key : order) {
        terms.add(dialect.orderTerm(conditions.operand(key.value()), key.descending(),
            !isKey(key.value(), type)));
      }
      List<Object> arguments = new ArrayList<>(List.of(ColumnCodec.tenant(tenant), number(place)));
      arguments.addAll(chunk);
      arguments.addAll(conditions.parameters);
      String sql;
      if (!windowed) {
        sql = table.columnsSql() + ", " + parent + where + " ORDER BY " + parent + ", " + String.join(", ", terms);
      } else {
        String row = q("@row");
        // The count of each parent's matches only when asked: counting them all costs a pass over each window.
        String count = counted ? "COUNT(*) OVER (PARTITION BY " + parent + ")" : "0";
        sql = "SELECT * FROM (" + table.columnsSql() + ", " + parent + ", ROW_NUMBER() OVER (PARTITION BY " + parent
            + " ORDER BY " + String.join(", ", terms) + ") AS " + row + ", " + count + " AS " + q("@count") + where
            + ") AS ranked WHERE (" + row + " > ?" + (top == null ? "" : " AND " + row + " <= ?") + ")"
            // Each parent's first row carries its count even when it is skipped (then it is not kept below).
            + (counted ? " OR " + row + " = 1" : "") + " ORDER BY " + parent + ", " + row;
        arguments.add(skip);
        if (top != null) {
          arguments.add(skip + top);
        }
      }
      String statement = sql;
      database.readHandle(handle -> {
        Query query = handle.createQuery(statement);
        bind(query, arguments);
        int parentColumn = table.columnCount() + 1;
        query.map((row, context) -> {
          String parentKey = row.getString(parentColumn);
          if (windowed) {
            counts.put(parentKey, row.getLong(parentColumn + 2));
          }
          long number = windowed ? row.getLong(parentColumn + 1) : 1;
          if (!windowed || number > skip && (top == null || number <= skip + top)) {
            found.get(parentKey).add(table.read(row, graph));
          }
          return null;
        }).list();
        return null;
      });
    }
    Map<String, Page> pages = new LinkedHashMap<>();
    found.forEach((parentKey, entities) -> pages.put(parentKey, new Page(entities,
        counted ? counts.getOrDefault(parentKey, 0L) : -1, List.of())));
    return pages;
  }

  /**
   * The entities at {@code place} that {@code keys} name (each its parent keys and key, joined as
   * {@link #parentKey} joins them), by those keys; one that is not there is absent. What {@code $expand} of a link
   * reads for a whole page, one statement per {@value #KEYS_PER_STATEMENT} keys.
   */
  public Map<String, Kept> named(String tenant, String place, java.util.Collection<String> keys) {
    Table table = table(placeType(place));
    Map<String, Kept> found = new LinkedHashMap<>();
    List<String> all = List.copyOf(new java.util.LinkedHashSet<>(keys));
    for (int from = 0; from < all.size(); from += KEYS_PER_STATEMENT) {
      List<String> chunk = all.subList(from, Math.min(all.size(), from + KEYS_PER_STATEMENT));
      List<Object> arguments = new ArrayList<>(List.of(ColumnCodec.tenant(tenant), number(place)));
      for (String joined : chunk) {
        List<String> parts = keys(joined);
        if (table.placed) {
          arguments.add(parentKey(parts.subList(0, parts.size() - 1)));
        }
        // (where no row has parents, a key with some names nothing: none is asked for)
        arguments.add(table.placed || parts.size() == 1 ? parts.get(parts.size() - 1) : null);
      }
      // By the primary key: with the parents where they vary, else by the key alone.
      String named = table.placed ? "(" + q(FamilyLayout.PARENT_KEY) + ", " + table.keySql() + ") IN ("
          + String.join(", ", java.util.Collections.nCopies(chunk.size(), "(?, ?)")) + ")"
          : table.keySql() + " IN (" + String.join(", ", java.util.Collections.nCopies(chunk.size(), "?")) + ")";
      database.readHandle(handle -> {
        Query query = handle.createQuery(table.columnsSql() + ", " + q(FamilyLayout.PARENT_KEY) + " FROM "
            + q(table.layout.table()) + " WHERE " + q(FamilyLayout.TENANT) + " = ? AND " + q(FamilyLayout.PLACE)
            + " = ? AND " + named);
        bind(query, arguments);
        int parentColumn = table.columnCount() + 1;
        query.map((row, context) -> {
          Kept kept = table.read(row, graph);
          found.put(ParentKeys.child(row.getString(parentColumn), kept.key()), kept);
          return null;
        }).list();
        return null;
      });
    }
    return found;
  }

  /** What receives the entities of an {@link #each}: each one's parents' keys ("" for none), and the entity. */
  @FunctionalInterface
  public interface Each {
    void accept(String parentKey, Kept entity) throws java.io.IOException;
  }

  /**
   * Hands every entity of {@code tenant} at {@code place} to {@code each}, in the order of their parent keys and
   * then their own, as they come off the cursor (never all in memory): what an export writes. What {@code each}
   * throws ends the read and reaches the caller.
   */
  public void each(String tenant, String place, Each each) throws java.io.IOException {
    Table table = table(placeType(place));
    String sql = table.columnsSql() + ", " + q(FamilyLayout.PARENT_KEY) + " FROM " + q(table.layout.table())
        + " WHERE " + q(FamilyLayout.TENANT) + " = ? AND " + q(FamilyLayout.PLACE) + " = ? ORDER BY "
        + (table.placed ? q(FamilyLayout.PARENT_KEY) + ", " : "") + table.keySql();
    int parentColumn = table.columnCount() + 1;
    try {
      database.read(connection -> database.withStatement(connection, sql, statement -> {
        statement.setLong(1, ColumnCodec.tenant(tenant));
        statement.setLong(2, number(place));
        // Rows come from the server this many at a time where the driver would otherwise fetch them all first.
        statement.setFetchSize(EXPORT_FETCH_SIZE);
        try (java.sql.ResultSet rows = statement.executeQuery()) {
          while (rows.next()) {
            try {
              each.accept(rows.getString(parentColumn), table.read(rows, graph));
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          }
        }
        return null;
      }));
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /**
   * Runs {@code work} in one transaction that every call of this store on this thread joins: committed when it
   * returns, rolled back when it throws (what it throws reaches the caller as it was).
   */
  public <T> T inOneTransaction(java.util.function.Supplier<T> work) {
    return database.inUnitOfWork(work, result -> true);
  }

  /**
   * Runs {@code load} (a load of entities at {@code place}: an import or a generate) in one transaction; where the
   * dialect says so (SQLite) and the place's family's table holds no row yet, its declared indexes are made once at
   * the end, sorted, rather than kept up row by row, as the earlier table's loads were (a generate of 200,000
   * events took twice as long without it). All or none holds: the indexes go and come back in the same transaction.
   */
  public long bulkLoad(String place, java.util.function.LongSupplier load) {
    Table table = table(placeType(place));
    return inOneTransaction(() -> {
      List<String> remake = database.writeHandle(handle -> dropIndexesOfEmpty(handle, table));
      long loaded = load.getAsLong();
      if (!remake.isEmpty()) {
        database.writeHandle(handle -> {
          remake.forEach(handle::execute);
          return null;
        });
      }
      return loaded;
    });
  }

  /** Drops the declared indexes of {@code table} if it holds no row; returns the statements that make them again. */
  private List<String> dropIndexesOfEmpty(Handle handle, Table table) {
    String indexes = dialect.secondaryIndexes(table.layout.table());
    if (indexes == null || handle.createQuery("SELECT 1 FROM " + q(table.layout.table()) + " LIMIT 1")
        .mapTo(Integer.class).findFirst().isPresent()) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    List<String> creates = new ArrayList<>();
    handle.createQuery(indexes).map((row, context) -> {
      // ours (tables() names them), not the counts' triggers nor an index of the user's own
      if (row.getString(1).equals("index") && row.getString(2).startsWith("ix_" + table.layout.table() + "_")) {
        names.add(row.getString(2));
        creates.add(row.getString(3));
      }
      return null;
    }).list();
    names.forEach(name -> handle.execute("DROP INDEX " + q(name)));
    return creates;
  }

  /** Deletes every entity of {@code tenant}, or of every tenant when it is null. */
  public void deleteAll(String tenant) {
    database.writeHandle(handle -> {
      for (Table table : tables.values()) {
        FamilyCounts kept = counts.get(table.layout.root());
        kept.beforeDeleteAll().forEach(handle::execute);
        Update delete = handle.createUpdate("DELETE FROM " + q(table.layout.table())
            + (tenant == null ? "" : " WHERE " + q(FamilyLayout.TENANT) + " = ?"));
        if (tenant != null) {
          delete.bind(0, ColumnCodec.tenant(tenant));
        }
        delete.execute();
        List<String> after = kept.afterDeleteAll(tenant != null);
        for (int i = 0; i < after.size(); i++) {
          Update update = handle.createUpdate(after.get(i));
          if (i == 0 && tenant != null) {
            update.bind(0, ColumnCodec.tenant(tenant));
          }
          update.execute();
        }
      }
      return null;
    });
  }

  /** The schema whose families this store keeps. */
  public TypeGraph graph() {
    return graph;
  }

  /** The key that signs skip tokens when several instances share the database; empty when each may make its own. */
  public Optional<byte[]> sharedSigningKey() {
    return database.sharedSigningKey();
  }

  /** The parent keys of an entity contained under the entities of {@code keys} (outermost first), as kept. */
  public static String parentKey(List<String> keys) {
    String parentKey = "";
    for (String key : keys) {
      parentKey = ParentKeys.child(parentKey, key);
    }
    return parentKey;
  }

  /** Whether the entity is there, keeping a concurrent transaction from deleting it until this one ends. */
  private boolean holds(Handle handle, Table table, String tenant, String place, String parentKey, String key) {
    return isThere(handle, table, tenant, place, parentKey, key, dialect.lockForKeyShare());
  }

  /** Whether the entity is there, its row locked as {@code lock} says (SQL after the WHERE clause, or nothing). */
  private boolean isThere(Handle handle, Table table, String tenant, String place, String parentKey, String key,
                          String lock) {
    Query query = handle.createQuery("SELECT 1 FROM " + q(table.layout.table()) + table.whereOne() + lock);
    bind(query, List.of(ColumnCodec.tenant(tenant), number(place), parentKey, key));
    return query.mapTo(Integer.class).findFirst().isPresent();
  }

  /**
   * Points nowhere every link that pointed at the deleted entity ({@code keys}, at {@code place}) or at anything it
   * contained: a link never outlives its target, and a new entity with the same key is not linked by chance.
   */
  private void unlink(Handle handle, String tenant, String place, String keys) {
    for (Table table : tables.values()) {
      for (FamilyLayout.Column column : table.layout.columns()) {
        if (column.holds() != FamilyLayout.Holds.LINK) {
          continue;
        }
        List<Long> sources = new ArrayList<>();
        for (EntitySetPath source : graph.paths()) {
          boolean ofFamily = source.type().isA(table.layout.root()) || table.layout.root().isA(source.type());
          Optional<EntitySetPath> target = ofFamily ? source.target(column.member()) : Optional.empty();
          if (target.isPresent() && (target.get().name().equals(place)
              || target.get().name().startsWith(place + "/"))) {
            sources.add(number(source.name()));
          }
        }
        if (sources.isEmpty()) {
          continue;
        }
        Update update = handle.createUpdate("UPDATE " + q(table.layout.table()) + " SET " + q(column.name())
            + " = NULL WHERE " + q(FamilyLayout.TENANT) + " = ? AND " + q(FamilyLayout.PLACE) + " IN ("
            + String.join(", ", java.util.Collections.nCopies(sources.size(), "?")) + ") AND (" + q(column.name())
            + " = ? OR (" + q(column.name()) + " >= ? AND " + q(column.name()) + " < ?))");
        List<Object> arguments = new ArrayList<>(List.of(ColumnCodec.tenant(tenant)));
        arguments.addAll(sources);
        arguments.addAll(List.of(keys, keys + "/", keys + "0"));
        bind(update, arguments);
        update.execute();
      }
    }
  }

  /**
   * The entity at {@code place} under {@code parentKey} with {@code key}, on {@code connection} (a read's, or a
   * handle's inside a write), its row locked as {@code lock} says, with its rendering instead of its values where
   * {@code handOver} (not null) says it is current.
   */
  private Optional<Kept> find(java.sql.Connection connection, Table table, String tenant, String place,
                              String parentKey, String key, String lock, Rendering handOver) {
    List<Kept> found = new ArrayList<>(1);
    if (handOver == null) {
      database.eachRow(connection, table.selectSql() + table.whereOne() + lock,
          List.of(ColumnCodec.tenant(tenant), number(place), parentKey, key), row -> table.read(row, graph),
          found::add);
    } else {
      database.eachRow(connection, table.renderedSelectSql() + table.whereOne() + lock,
          List.of(ColumnCodec.tenant(tenant), number(place), parentKey, key), row -> table.readRendered(row, graph,
              handOver), found::add);
      if (!found.isEmpty() && found.get(0).rendered() == null) {
        // its rendering is not current: read whole (the entity as it is now, or gone since)
        return find(connection, table, tenant, place, parentKey, key, lock, null);
      }
    }
    return found.stream().findFirst();
  }

  private StructuredType placeType(String place) {
    StructuredType type = placeTypes.get(place);
    if (type == null) {
      throw new IllegalArgumentException("no place named " + place);
    }
    return type;
  }

  private Table table(StructuredType type) {
    for (Map.Entry<StructuredType, Table> entry : tables.entrySet()) {
      if (type.isA(entry.getKey())) {
        return entry.getValue();
      }
    }
    throw new IllegalArgumentException(type.qualifiedName() + " is kept in no family's table");
  }

  /** Binds {@code arguments} to the statement's parameters in order, as JDBC values of their own types. */
  private static void bind(SqlStatement<?> statement, List<Object> arguments) {
    for (int i = 0; i < arguments.size(); i++) {
      statement.bind(i, new StatementParameter(arguments.get(i)));
    }
  }

  private static String q(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  /** One family's table: its layout, each value column's codec and where its columns are in a row. */
  private static final class Table {
    private final FamilyLayout layout;
    /** {@link #placed(TypeGraph, StructuredType)}: whether a page asks for the place and parents. */
    private final boolean placed;
    /**
     * The one type a row of this family can be, when it has one concrete type (most): a read need not ask the row
     * (a column read through the driver per row of a page).
     */
    private final StructuredType onlyType;
    private final List<ValueColumns> codecs = new ArrayList<>();
    // By identity: a column's record hash walks its value type (an enum's members), which on a page of 100 rows
    // was a quarter of the read's time.
    private final Map<FamilyLayout.Column, ValueColumns> codecOf = new java.util.IdentityHashMap<>();
    private final Map<FamilyLayout.Column, Integer> firstIndex = new java.util.IdentityHashMap<>();
    /** How a row of each type of the family is read, made on the first row of that type. */
    private final Map<StructuredType, List<Slot>> slots = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<String> columnNames = new ArrayList<>();
    private final List<Boolean> jsonColumns = new ArrayList<>();
    /** SQL every read by key and every page write the same, made once (racing threads make equal strings). */
    private volatile String selectSql;
    private volatile String renderedSelectSql;
    private volatile String columnsSql;
    private volatile String renderedColumnsSql;
    /** The family's link columns, in the layout's order. */
    private final List<FamilyLayout.Column> linkColumns = new ArrayList<>();
    /** How {@link #readRendered} reads each type's links, made on the first row of that type. */
    private final Map<StructuredType, List<Slot>> renderedSlots = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile String whereOne;
    /**
     * The insert of a new row (a taken key inserts nothing rather than failing: a failed INSERT ends PostgreSQL's
     * whole transaction, which a change set's other requests share) and the insert that replaces one, made once.
     */
    private final String insertingSql;
    private final String replacingSql;

    /** {@code dialect} null: a table whose statements are only made, not run (no inserts). */
    Table(FamilyLayout layout, ValueJson json, Dialect dialect, boolean placed) {
      this.layout = layout;
      this.placed = placed;
      List<StructuredType> concrete = layout.root().family().stream().filter(type -> !type.isAbstract()).toList();
      this.onlyType = concrete.size() == 1 ? concrete.get(0) : null;
      int index = 2; // after odata_type
      for (FamilyLayout.Column column : layout.columns()) {
        ValueColumns codec = column.holds() == FamilyLayout.Holds.LINK
            ? new ValueColumns(column.name(), new dev.graphmock.model.ValueType.Primitive(
                dev.graphmock.model.EdmPrimitive.STRING), json)
            : new ValueColumns(column.name(), column.valueType(), json);
        codecs.add(codec);
        if (column.holds() == FamilyLayout.Holds.LINK) {
          linkColumns.add(column);
        }
        codecOf.put(column, codec);
        firstIndex.put(column, index);
        index += codec.columns().size();
        columnNames.addAll(codec.columns());
        for (String ignored : codec.columns()) {
          jsonColumns.add(column.holds() == FamilyLayout.Holds.JSON);
        }
      }
      this.insertingSql = dialect == null ? null : insertSql(dialect) + " ON CONFLICT DO NOTHING";
      this.replacingSql = dialect == null ? null : insertSql(dialect) + replaceSql();
    }

    /** The columns of the family's properties (not its links), quoted. */
    List<String> propertyColumns() {
      List<String> columns = new ArrayList<>();
      for (int c = 0; c < layout.columns().size(); c++) {
        if (layout.columns().get(c).holds() != FamilyLayout.Holds.LINK) {
          codecs.get(c).columns().forEach(name -> columns.add(q(name)));
        }
      }
      return columns;
    }

    String keySql() {
      return q(layout.root().keyName());
    }

    /** The WHERE clause naming one row by tenant, place, parent keys and key, in that order. */
    String whereOne() {
      String made = whereOne;
      if (made == null) {
        made = " WHERE " + q(FamilyLayout.TENANT) + " = ? AND " + q(FamilyLayout.PLACE) + " = ? AND "
            + q(FamilyLayout.PARENT_KEY) + " = ? AND " + keySql() + " = ?";
        whereOne = made;
      }
      return made;
    }

    /** {@code "a" = ?, "b" = ?} for the columns of {@code changes}' properties of {@code type}; adds their values. */
    String assignments(StructuredType type, Map<String, Object> changes, List<Object> arguments, Dialect dialect) {
      StringBuilder set = new StringBuilder();
      for (Map.Entry<String, Object> change : changes.entrySet()) {
        FamilyLayout.Column column = layout.column(type, change.getKey()).orElseThrow();
        ValueColumns codec = codecOf.get(column);
        Object[] values = codec.toColumns(change.getValue(), dialect);
        for (int i = 0; i < values.length; i++) {
          set.append(set.length() == 0 ? "" : ", ").append(q(codec.columns().get(i))).append(" = ")
              .append(column.holds() == FamilyLayout.Holds.JSON ? dialect.jsonParameter() : "?");
          arguments.add(values[i]);
        }
      }
      return set.toString();
    }

    String createSql(Dialect dialect, boolean withRendering) {
      StringBuilder sql = new StringBuilder("CREATE TABLE IF NOT EXISTS " + q(layout.table()) + " ("
          + q(FamilyLayout.TENANT) + " " + dialect.integerType() + " NOT NULL, " + q(FamilyLayout.PLACE) + " "
          + dialect.integerType() + " NOT NULL, " + q(FamilyLayout.PARENT_KEY) + " " + dialect.textType()
          + " NOT NULL, " + q(FamilyLayout.TYPE) + " " + dialect.textType() + " NOT NULL");
      for (int c = 0; c < layout.columns().size(); c++) {
        FamilyLayout.Column column = layout.columns().get(c);
        ValueColumns codec = codecs.get(c);
        List<String> types = codec.sqlTypes(dialect);
        for (int i = 0; i < types.size(); i++) {
          sql.append(", ").append(q(codec.columns().get(i))).append(' ').append(types.get(i));
          if (i == 0 && column.required()) {
            sql.append(" NOT NULL");
          }
        }
      }
      if (withRendering) {
        sql.append(", ").append(q(FamilyLayout.RENDERING)).append(' ').append(dialect.blobType());
      }
      return sql.append(", PRIMARY KEY (").append(uniqueColumns()).append("))").toString();
    }

    /**
     * What names a row: the tenant, the place and parents where they vary ({@link #placed}), and the key; the
     * table's primary key, which a page in key order reads.
     */
    String uniqueColumns() {
      return q(FamilyLayout.TENANT) + (placed ? ", " + q(FamilyLayout.PLACE) + ", " + q(FamilyLayout.PARENT_KEY) : "")
          + ", " + keySql();
    }

    String insertSql(Dialect dialect) {
      StringBuilder sql = new StringBuilder("INSERT INTO " + q(layout.table()) + " (" + q(FamilyLayout.TENANT) + ", "
          + q(FamilyLayout.PLACE) + ", " + q(FamilyLayout.PARENT_KEY) + ", " + q(FamilyLayout.TYPE));
      for (String name : columnNames) {
        sql.append(", ").append(q(name));
      }
      sql.append(", ").append(q(FamilyLayout.RENDERING)).append(") VALUES (?, ?, ?, ?");
      for (boolean json : jsonColumns) {
        sql.append(", ").append(json ? dialect.jsonParameter() : "?");
      }
      return sql.append(", ?)").toString();
    }

    /** What follows {@link #insertSql} so that a row whose key is taken is overwritten: every column but the key's. */
    String replaceSql() {
      StringBuilder sql = new StringBuilder(" ON CONFLICT (" + uniqueColumns() + ") DO UPDATE SET "
          + q(FamilyLayout.TYPE) + " = excluded." + q(FamilyLayout.TYPE));
      for (String name : columnNames) {
        sql.append(", ").append(q(name)).append(" = excluded.").append(q(name));
      }
      return sql.append(", ").append(q(FamilyLayout.RENDERING)).append(" = excluded.").append(q(FamilyLayout.RENDERING))
          .toString();
    }

    String selectSql() {
      String made = selectSql;
      if (made == null) {
        made = columnsSql() + " FROM " + q(layout.table());
        selectSql = made;
      }
      return made;
    }

    /** {@link #renderedColumnsSql} and {@code FROM}. */
    String renderedSelectSql() {
      String made = renderedSelectSql;
      if (made == null) {
        made = renderedColumnsSql() + " FROM " + q(layout.table());
        renderedSelectSql = made;
      }
      return made;
    }

    /** How many columns {@link #columnsSql} names. */
    int columnCount() {
      return 1 + columnNames.size();
    }

    /** {@code SELECT} and the columns a {@link #read} reads, in its order, without {@code FROM}. */
    String columnsSql() {
      String made = columnsSql;
      if (made == null) {
        StringBuilder sql = new StringBuilder("SELECT " + q(FamilyLayout.TYPE));
        for (String name : columnNames) {
          sql.append(", ").append(q(name));
        }
        made = sql.toString();
        columnsSql = made;
      }
      return made;
    }

    /**
     * {@code SELECT} and the columns a {@link #readRendered} reads, in its order, without {@code FROM}: the type,
     * the key, the links and the rendering. SQLite's step makes a value of every column a statement names, read or
     * not: for a page of 100 events, naming their 30 columns as well cost the store a third more.
     */
    String renderedColumnsSql() {
      String made = renderedColumnsSql;
      if (made == null) {
        StringBuilder sql = new StringBuilder("SELECT " + q(FamilyLayout.TYPE) + ", " + keySql());
        for (FamilyLayout.Column link : linkColumns) {
          sql.append(", ").append(q(link.name()));
        }
        made = sql.append(", ").append(q(FamilyLayout.RENDERING)).toString();
        renderedColumnsSql = made;
      }
      return made;
    }

    /** How many columns {@link #renderedColumnsSql} names. */
    int renderedColumnCount() {
      return 3 + linkColumns.size();
    }

    /**
     * An insert's parameters: the tenant, place, parents and type, each column's value, and the entity's rendering
     * by {@code rendering} (null for none) of its values as a read will give them back.
     */
    List<Object> arguments(String tenant, long place, String parentKey, StructuredType type,
                           Map<String, Object> values, Dialect dialect, Rendering rendering) {
      List<Object> arguments = new ArrayList<>(List.of(ColumnCodec.tenant(tenant), place, parentKey,
          type.qualifiedName()));
      Map<String, Object> readBack = new java.util.HashMap<>();
      for (int c = 0; c < layout.columns().size(); c++) {
        FamilyLayout.Column column = layout.columns().get(c);
        boolean own = column.holds() != FamilyLayout.Holds.LINK
            && layout.column(type, column.member()).filter(mine -> mine == column).isPresent();
        Object value = own ? values.get(column.member()) : null;
        Object[] columns = codecs.get(c).toColumns(value, dialect);
        arguments.addAll(java.util.Arrays.asList(columns));
        if (own && rendering != null) {
          readBack.put(column.member(), codecs.get(c).decode(columns));
        }
      }
      arguments.add(rendering == null ? null : render(rendering, type, readBack));
      return arguments;
    }

    /**
     * The rendering of {@code readBack}, or none when a string in it is not kept as it is (the drivers write an
     * unpaired surrogate as {@code ?}, and SQLite's text ends at U+0000): a read then writes the entity from its
     * columns, as they hold it, and a {@code $filter} on the value matches what answers show.
     */
    byte[] render(Rendering rendering, StructuredType type, Map<String, Object> readBack) {
      return readBack.values().stream().allMatch(Table::keptExactly) ? rendering.render(type, readBack) : null;
    }

    /** Whether every string in {@code value}, at any depth of complex values and collections, is kept as it is. */
    private static boolean keptExactly(Object value) {
      if (value instanceof String text) {
        return ColumnCodec.exactText(text);
      }
      if (value instanceof dev.graphmock.model.ComplexValue complex) {
        return complex.values().values().stream().allMatch(Table::keptExactly);
      }
      if (value instanceof java.util.Collection<?> items) {
        return items.stream().allMatch(Table::keptExactly);
      }
      return true;
    }

    /** {@code values} (every property of an entity of {@code type}) as a read of their columns gives them back. */
    Map<String, Object> readBack(StructuredType type, Map<String, Object> values, Dialect dialect) {
      Map<String, Object> readBack = new java.util.HashMap<>();
      for (Property property : type.properties()) {
        ValueColumns codec = codecOf.get(layout.column(type, property.name()).orElseThrow());
        readBack.put(property.name(), codec.decode(codec.toColumns(values.get(property.name()), dialect)));
      }
      return readBack;
    }

    /** The entity a row of {@link #columnsSql} holds, with its values. */
    Kept read(ResultSet row, TypeGraph graph) throws SQLException {
      StructuredType type = type(row, graph);
      Map<String, Object> values = new LinkedHashMap<>();
      Map<String, String> links = Map.of();
      String key = null;
      for (Slot slot : slots.computeIfAbsent(type, this::slots)) {
        if (slot.link()) {
          links = withLink(links, slot, row);
        } else {
          Object value = slot.codec().read(row, slot.index());
          if (slot.member().equals(type.keyName())) {
            key = (String) value;
          }
          values.put(slot.member(), value);
        }
      }
      return new Kept(type, key, values, links);
    }

    /**
     * The entity a row of {@link #renderedColumnsSql} holds: with its rendering and its key alone of its values
     * (a page writes it as it was rendered) where {@code rendering} says the row's is current; else with neither,
     * which the caller must not hand over: it reads the row whole instead.
     */
    Kept readRendered(ResultSet row, TypeGraph graph, Rendering rendering) throws SQLException {
      StructuredType type = type(row, graph);
      Map<String, String> links = Map.of();
      for (Slot slot : renderedSlots.computeIfAbsent(type, this::renderedSlots)) {
        links = withLink(links, slot, row);
      }
      byte[] rendered = row.getBytes(renderedColumnCount());
      if (rendered != null && !rendering.isCurrent(type, rendered)) {
        rendered = null;
      }
      String key = rendered == null ? null : rendering.key(type, rendered);
      if (key == null) {
        key = row.getString(2);
      }
      return new Kept(type, key, java.util.Collections.singletonMap(type.keyName(), key), links, rendered);
    }

    private StructuredType type(ResultSet row, TypeGraph graph) throws SQLException {
      return onlyType != null ? onlyType : graph.type(row.getString(1)).orElseThrow(() ->
          new IllegalStateException("a row of " + layout.table() + " names a type the schema does not declare"));
    }

    /** {@code links} and the link {@code slot} reads from {@code row}, when it points somewhere. */
    private static Map<String, String> withLink(Map<String, String> links, Slot slot, ResultSet row)
        throws SQLException {
      String target = row.getString(slot.index());
      if (target == null) {
        return links;
      }
      Map<String, String> more = links.isEmpty() ? new LinkedHashMap<>() : links;
      more.put(slot.member(), target);
      return more;
    }

    /** The columns an entity of {@code type} is read from: its properties in schema order, then its links. */
    private List<Slot> slots(StructuredType type) {
      List<Slot> made = new ArrayList<>();
      for (Property property : type.properties()) {
        FamilyLayout.Column column = layout.column(type, property.name()).orElseThrow();
        made.add(new Slot(property.name(), false, codecOf.get(column), firstIndex.get(column)));
      }
      for (Navigation navigation : type.navigations()) {
        layout.column(type, navigation.name()).filter(link -> link.holds() == FamilyLayout.Holds.LINK)
            .ifPresent(column -> made.add(new Slot(navigation.name(), true, null, firstIndex.get(column))));
      }
      return List.copyOf(made);
    }

    /** Where {@link #readRendered} finds the links of an entity of {@code type}: after the type and the key. */
    private List<Slot> renderedSlots(StructuredType type) {
      List<Slot> made = new ArrayList<>();
      for (Navigation navigation : type.navigations()) {
        layout.column(type, navigation.name()).filter(link -> link.holds() == FamilyLayout.Holds.LINK)
            .ifPresent(column -> made.add(new Slot(navigation.name(), true, null, 3 + linkColumns.indexOf(column))));
      }
      return List.copyOf(made);
    }
  }

  /** Where a read finds one property (or link) of an entity: the codec and the first column's 1-based index. */
  private record Slot(String member, boolean link, ValueColumns codec, int index) {
  }
}
