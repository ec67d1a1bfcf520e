package dev.graphmock.store;

import dev.graphmock.model.EntitySetPath;
import dev.graphmock.model.Navigation;
import dev.graphmock.model.Property;
import dev.graphmock.model.StructuredType;
import dev.graphmock.model.TypeGraph;
import dev.graphmock.model.ValueType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * Where the entities of one type family (the type a set declares, and every type derived from it) are kept: one
 * table, so that a set whose type is abstract is read with one query whatever its members' types are (issue 31,
 * "Storage"; DESIGN-NEXT's first question). Derived from the type graph alone, the same on SQLite and PostgreSQL.
 *
 * <ul>
 * <li>Every row says where it lives: the number of the {@link EntitySetPath} that holds it ({@value #PLACE}, {@link
 *     FamilyStore#placeNumbers}: one family may be held at several places, such as a container's set and a
 *     contained navigation), the keys of the
 *     entities that contain it, outermost first ({@value #PARENT_KEY}, empty at the container: the same assignment
 *     id under two profiles is two entities), and its concrete type ({@value #TYPE}).</li>
 * <li>A primitive or enum property has a column of its own, named as the property; a complex or collection value
 *     one JSON column (SQLite's JSON functions, PostgreSQL's jsonb), holding what {@code json.ValueWriter} writes.</li>
 * <li>A property that only derived types declare has a column all rows have (null in the others'), so a column of
 *     a derived type is never NOT NULL in SQL: the reader enforces the EDM's Nullable="false" for the types that
 *     declare it. Two derived types that declare the same name with the same value type share the column; with
 *     different value types the later one's column is named {@code type_property}.</li>
 * <li>A single-valued navigation that does not contain its target, and points somewhere, keeps the target's key in
 *     a column named after it with {@value #LINK_SUFFIX} (set with {@code @odata.bind} or {@code $ref}).
 *     Collection-valued ones live in link tables of their own, not here.</li>
 * </ul>
 */
final class FamilyLayout {
  static final String TENANT = "tenant";
  static final String PLACE = "place";
  static final String PARENT_KEY = "parent_key";
  static final String TYPE = "odata_type";
  static final String LINK_SUFFIX = "@id";
  /**
   * The column of each row's rendering ({@link dev.graphmock.model.Rendering}), last: opaque bytes, or null for a
   * row written by a store that kept none (a name no property can have).
   */
  static final String RENDERING = "@rendering";

  /** What a column holds. */
  enum Holds { PRIMITIVE, ENUM, JSON, LINK }

  /**
   * A column of the family's table: its name, what it holds, the property (or navigation) it holds and the type
   * that declares it; {@code required} when every row of the family must have a value (a property of the root
   * that the EDM says is not nullable).
   */
  record Column(String name, Holds holds, ValueType valueType, String member, StructuredType declaredBy,
                boolean required) {
  }

  private final StructuredType root;
  private final String table;
  private final List<Column> columns;
  private final Map<StructuredType, Map<String, Column>> byType;

  private FamilyLayout(StructuredType root, String table, List<Column> columns,
                       Map<StructuredType, Map<String, Column>> byType) {
    this.root = root;
    this.table = table;
    this.columns = columns;
    this.byType = byType;
  }

  /**
   * The roots of the families {@code graph} serves: each type a place declares ({@link EntitySetPath#type}) that
   * derives from no other such type. Graph derives every entity type from {@code microsoft.graph.entity}, so the
   * family is not the type's whole ancestry but what one set may hold: the set's type and the types derived from
   * it.
   */
  static List<StructuredType> roots(TypeGraph graph) {
    List<StructuredType> declared = new ArrayList<>();
    for (EntitySetPath path : graph.paths()) {
      if (!declared.contains(path.type())) {
        declared.add(path.type());
      }
    }
    List<StructuredType> roots = new ArrayList<>();
    for (StructuredType type : declared) {
      boolean below = false;
      for (StructuredType other : declared) {
        below |= other != type && type.isA(other);
      }
      if (!below) {
        roots.add(type);
      }
    }
    return roots;
  }

  /**
   * The layout of the family {@code root} heads (its properties and those of its bases first, then each derived
   * type's own); {@code pointsSomewhere} says whether a navigation of a type of the family points anywhere (one that
   * does not is not served, and has no column).
   */
  static FamilyLayout of(StructuredType root, BiPredicate<StructuredType, Navigation> pointsSomewhere) {
    if (!root.isEntity()) {
      throw new IllegalArgumentException(root.qualifiedName() + " is not an entity type");
    }
    List<Column> columns = new ArrayList<>();
    Map<String, Column> byName = new LinkedHashMap<>();
    for (String fixed : List.of(TENANT, PLACE, PARENT_KEY, TYPE)) {
      // A property named as one of these gets its type's name before its own, as a clash between types does.
      byName.put(fixed, new Column(fixed, null, null, null, null, true));
    }
    Map<StructuredType, Map<String, Column>> byType = new LinkedHashMap<>();
    for (StructuredType type : root.family()) {
      Map<String, Column> own = new LinkedHashMap<>(type == root ? Map.of() : byType.get(type.base().orElseThrow()));
      for (Property property : type == root ? type.properties() : type.declaredProperties()) {
        Holds holds = holds(property.type());
        Column column = place(byName, columns, property.name(), holds, property.type(), property.name(), type,
            type == root && !property.nullable() && holds != Holds.JSON);
        own.put(property.name(), column);
      }
      for (Navigation navigation : type == root ? type.navigations() : declaredNavigations(type)) {
        if (!navigation.contained() && !navigation.collection() && pointsSomewhere.test(type, navigation)) {
          Column column = place(byName, columns, navigation.name() + LINK_SUFFIX, Holds.LINK, null,
              navigation.name(), type, false);
          own.put(navigation.name(), column);
        }
      }
      byType.put(type, Collections.unmodifiableMap(own));
    }
    return new FamilyLayout(root, root.name(), List.copyOf(columns), Collections.unmodifiableMap(byType));
  }

  /** The navigations {@code type} declares itself (not its base's). */
  private static List<Navigation> declaredNavigations(StructuredType type) {
    List<Navigation> all = new ArrayList<>(type.navigations());
    type.base().ifPresent(base -> all.subList(0, base.navigations().size()).clear());
    return all;
  }

  private static Column place(Map<String, Column> byName, List<Column> columns, String name, Holds holds,
                              ValueType valueType, String member, StructuredType declaredBy, boolean required) {
    Column taken = byName.get(name.toLowerCase(Locale.ROOT));
    if (taken != null && taken.holds() == holds && Objects.equals(taken.valueType(), valueType)) {
      return taken;
    }
    String columnName = taken == null ? name : declaredBy.name() + "_" + name;
    Column column = new Column(columnName, holds, valueType, member, declaredBy, required);
    // SQL names are compared without regard to case in both databases' unquoted forms: keep them apart that way.
    byName.putIfAbsent(columnName.toLowerCase(Locale.ROOT), column);
    columns.add(column);
    return column;
  }

  private static Holds holds(ValueType type) {
    if (type instanceof ValueType.Primitive) {
      return Holds.PRIMITIVE;
    }
    if (type instanceof ValueType.Enumeration) {
      return Holds.ENUM;
    }
    return Holds.JSON;
  }

  StructuredType root() {
    return root;
  }

  /** The table's name, unquoted: the root type's name, as today's table of a type without derived ones. */
  String table() {
    return table;
  }

  /** The columns of properties and links, in the order the family's types declare them, the root's first. */
  List<Column> columns() {
    return columns;
  }

  /** The column holding {@code member} (a property or a navigation's link) of entities of {@code type}. */
  Optional<Column> column(StructuredType type, String member) {
    Map<String, Column> own = byType.get(type);
    if (own == null) {
      throw new IllegalArgumentException(type.qualifiedName() + " is not of the family of " + root.qualifiedName());
    }
    return Optional.ofNullable(own.get(member));
  }
}
