package dev.graphmock.store;

import dev.graphmock.model.EntityDef;
import dev.graphmock.model.PropertyDef;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The SQL for one entity type, derived once from its {@link EntityDef}: the table named after the type, a column
 * (or two, see {@link ColumnCodec}) per property, NOT NULL where the EDM says Nullable="false". Rows are mapped
 * by position, with the codecs resolved here rather than per row.
 */
final class EntityTable {
  private final EntityDef entity;
  private final String name;
  private final List<ColumnCodec> codecs = new ArrayList<>();
  private final Map<String, ColumnCodec> codecByProperty = new LinkedHashMap<>();
  private final String selectColumns;

  EntityTable(EntityDef entity) {
    this.entity = entity;
    this.name = quote(simpleName(entity.qualifiedName()));
    for (PropertyDef property : entity.properties()) {
      ColumnCodec codec = new ColumnCodec(property);
      codecs.add(codec);
      codecByProperty.put(property.name(), codec);
    }
    this.selectColumns = codecs.stream().flatMap(codec -> codec.columns().stream()).map(EntityTable::quote)
        .collect(Collectors.joining(", "));
  }

  EntityDef entity() {
    return entity;
  }

  String name() {
    return name;
  }

  ColumnCodec codec(String property) {
    ColumnCodec codec = codecByProperty.get(property);
    if (codec == null) {
      throw new IllegalArgumentException(entity.qualifiedName() + " has no property " + property);
    }
    return codec;
  }

  String keyColumn() {
    return quote(entity.keyName());
  }

  String createTable() {
    List<String> definitions = new ArrayList<>();
    for (ColumnCodec codec : codecs) {
      for (int i = 0; i < codec.columns().size(); i++) {
        String column = quote(codec.columns().get(i)) + " " + codec.sqlTypes().get(i);
        if (codec.property().name().equals(entity.keyName())) {
          column += " NOT NULL PRIMARY KEY";
        } else if (!codec.property().nullable()) {
          column += " NOT NULL";
        }
        definitions.add(column);
      }
    }
    return "CREATE TABLE " + name + " (" + String.join(", ", definitions) + ")";
  }

  /** An index on the properties' sorting columns, then the key, so that it also serves keyset paging. */
  String createIndex(List<String> properties) {
    List<String> columns = new ArrayList<>();
    for (String property : properties) {
      columns.add(quote(codec(property).columns().get(0)));
    }
    if (!properties.contains(entity.keyName())) {
      columns.add(keyColumn());
    }
    String indexName = quote("ix_" + name.replace("\"", "") + "_" + String.join("_", properties));
    return "CREATE INDEX IF NOT EXISTS " + indexName + " ON " + name + " (" + String.join(", ", columns) + ")";
  }

  String insert() {
    long columns = codecs.stream().mapToLong(codec -> codec.columns().size()).sum();
    String marks = String.join(", ", java.util.Collections.nCopies((int) columns, "?"));
    return "INSERT INTO " + name + " (" + selectColumns + ") VALUES (" + marks + ")";
  }

  /** Column values for an insert of {@code values}, which holds every property. */
  List<Object> insertArguments(Map<String, Object> values) {
    List<Object> arguments = new ArrayList<>();
    for (ColumnCodec codec : codecs) {
      arguments.addAll(java.util.Arrays.asList(codec.toColumns(values.get(codec.property().name()))));
    }
    return arguments;
  }

  /** {@code UPDATE ... SET} for the properties in {@code values}, keyed by the last argument. */
  String update(Map<String, Object> values, List<Object> arguments) {
    List<String> assignments = new ArrayList<>();
    for (Map.Entry<String, Object> value : values.entrySet()) {
      ColumnCodec codec = codec(value.getKey());
      Object[] columnValues = codec.toColumns(value.getValue());
      for (int i = 0; i < columnValues.length; i++) {
        assignments.add(quote(codec.columns().get(i)) + " = ?");
        arguments.add(columnValues[i]);
      }
    }
    return "UPDATE " + name + " SET " + String.join(", ", assignments) + " WHERE " + keyColumn() + " = ?";
  }

  String selectFrom() {
    return "SELECT " + selectColumns + " FROM " + name;
  }

  /** Maps a row of {@link #selectFrom()} to property values in schema order. */
  Map<String, Object> read(ResultSet row) throws SQLException {
    Map<String, Object> values = new LinkedHashMap<>(codecs.size() * 2);
    int index = 1;
    for (ColumnCodec codec : codecs) {
      values.put(codec.property().name(), codec.read(row, index));
      index += codec.columns().size();
    }
    return values;
  }

  static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  private static String simpleName(String qualifiedName) {
    return qualifiedName.substring(qualifiedName.lastIndexOf('.') + 1);
  }
}
