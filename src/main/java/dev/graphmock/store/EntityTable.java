package dev.graphmock.store;

import dev.graphmock.model.EntityDef;
import dev.graphmock.model.EntityValues;
import dev.graphmock.model.PropertyDef;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shape of one entity type's table, derived once from its {@link EntityDef}: the table named after the type,
 * a column (or two, see {@link ColumnCodec}) per property in schema order, NOT NULL where the EDM says
 * Nullable="false". Rows are mapped by position, with the codecs resolved here rather than per row. The SQL over
 * this shape is {@link SqlRenderer}'s.
 */
final class EntityTable {
  private final EntityDef entity;
  private final String name;
  private final List<ColumnCodec> codecs = new ArrayList<>();
  private final Map<String, ColumnCodec> codecByProperty = new LinkedHashMap<>();
  private final List<PropertyDef> countedProperties;

  EntityTable(EntityDef entity) {
    this.entity = entity;
    this.name = simpleName(entity.qualifiedName());
    for (PropertyDef property : entity.properties()) {
      ColumnCodec codec = new ColumnCodec(property);
      codecs.add(codec);
      codecByProperty.put(property.name(), codec);
    }
    this.countedProperties = entity.properties().stream()
        .filter(property -> property.kind() == dev.graphmock.model.PropertyKind.ENUM && !property.nullable())
        .toList();
  }

  EntityDef entity() {
    return entity;
  }

  /** The table's name, unquoted. */
  String name() {
    return name;
  }

  /** Every property's codec, in column order. */
  List<ColumnCodec> codecs() {
    return codecs;
  }

  /**
   * The properties whose rows are counted per value where the store keeps counts: every enum property that cannot
   * be null. An enum has a handful of members, so most rows share a few values, and {@code $count} over one of them
   * would otherwise walk most of an index.
   */
  List<PropertyDef> countedProperties() {
    return countedProperties;
  }

  ColumnCodec codec(String property) {
    ColumnCodec codec = codecByProperty.get(property);
    if (codec == null) {
      throw new IllegalArgumentException(entity.qualifiedName() + " has no property " + property);
    }
    return codec;
  }

  /** Column values for an insert of {@code values}, which holds every property, in column order. */
  List<Object> insertArguments(Map<String, Object> values) {
    List<Object> arguments = new ArrayList<>();
    for (ColumnCodec codec : codecs) {
      arguments.addAll(java.util.Arrays.asList(codec.toColumns(values.get(codec.property().name()))));
    }
    return arguments;
  }

  /**
   * The values a read of a row holding {@code columns} ({@link #insertArguments}' list) would give, or null where
   * {@link ColumnCodec#decode} cannot be sure of one: what a row's rendering is made from when it is written.
   */
  EntityValues decode(List<Object> columns) {
    Object[] values = new Object[codecs.size()];
    int index = 0;
    for (int i = 0; i < values.length; i++) {
      ColumnCodec codec = codecs.get(i);
      int width = codec.columns().size();
      values[i] = codec.decode(columns.subList(index, index + width).toArray());
      if (values[i] == ColumnCodec.UNCERTAIN) {
        return null;
      }
      index += width;
    }
    return new EntityValues(entity, values);
  }

  /** Maps a row holding every column in column order to property values in schema order. */
  EntityValues read(ResultSet row, Dialect dialect) throws SQLException {
    return read(row, 1, dialect);
  }

  /** The same for a row whose first property column is at 1-based {@code first}. */
  EntityValues read(ResultSet row, int first, Dialect dialect) throws SQLException {
    Object[] values = new Object[codecs.size()];
    int index = first;
    for (int i = 0; i < values.length; i++) {
      ColumnCodec codec = codecs.get(i);
      values[i] = codec.read(row, index, dialect);
      index += codec.columns().size();
    }
    return new EntityValues(entity, values);
  }

  private static String simpleName(String qualifiedName) {
    return qualifiedName.substring(qualifiedName.lastIndexOf('.') + 1);
  }
}
