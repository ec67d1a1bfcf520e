package dev.graphmock.store;

import dev.graphmock.model.DateTimeOffsetValue;
import dev.graphmock.model.Durations;
import dev.graphmock.model.EdmPrimitive;
import dev.graphmock.model.EnumDef;
import dev.graphmock.model.ValueJson;
import dev.graphmock.model.ValueType;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;

/**
 * How a value of any type the type graph declares becomes column values and back, for the tables of
 * {@link FamilyLayout} (issue 31; {@link ColumnCodec} still serves today's one table). The first column of each
 * value compares and sorts as the value does, so that queries and keyset paging work on it alone:
 *
 * <table>
 * <caption>Columns</caption>
 * <tr><td>String, Guid (lower case), Date ({@code yyyy-mm-dd})</td><td>text</td></tr>
 * <tr><td>Boolean (1, 0), Byte to Int64, Duration and TimeOfDay (100 ns ticks), an enum member (its value; a flags
 *     enum's members OR-ed)</td><td>integer</td></tr>
 * <tr><td>Single, Double</td><td>real; NaN only on PostgreSQL (SQLite turns a NaN into NULL, so it is refused
 *     there as a value the store cannot hold)</td></tr>
 * <tr><td>Decimal</td><td>real to compare and sort, then the exact text</td></tr>
 * <tr><td>DateTimeOffset</td><td>its instant in ticks, then the text as sent (as today)</td></tr>
 * <tr><td>Binary</td><td>bytes</td></tr>
 * <tr><td>a complex value or a collection</td><td>JSON ({@link ValueJson}), queried with JSON paths</td></tr>
 * </table>
 */
final class ValueColumns {
  private final String name;
  private final ValueType type;
  private final ValueJson json;
  private final List<String> columns;

  ValueColumns(String name, ValueType type, ValueJson json) {
    this.name = name;
    this.type = type;
    this.json = json;
    this.columns = type instanceof ValueType.Primitive primitive && twoColumns(primitive.kind())
        ? List.of(name, name + ".text") : List.of(name);
  }

  private static boolean twoColumns(EdmPrimitive kind) {
    return kind == EdmPrimitive.DATE_TIME_OFFSET || kind == EdmPrimitive.DECIMAL;
  }

  List<String> columns() {
    return columns;
  }

  /** Each column's type in {@code dialect}, in column order. */
  List<String> sqlTypes(Dialect dialect) {
    if (type instanceof ValueType.Enumeration) {
      return List.of(dialect.integerType());
    }
    if (!(type instanceof ValueType.Primitive primitive)) {
      return List.of(dialect.jsonType());
    }
    return switch (primitive.kind()) {
      case STRING, GUID, DATE -> List.of(dialect.textType());
      case SINGLE, DOUBLE -> List.of(dialect.realType());
      case DECIMAL -> List.of(dialect.realType(), dialect.textType());
      case DATE_TIME_OFFSET -> List.of(dialect.integerType(), dialect.textType());
      case BINARY -> List.of(dialect.blobType());
      default -> List.of(dialect.integerType());
    };
  }

  /** The column values for {@code value}, one per column, in column order. */
  Object[] toColumns(Object value, Dialect dialect) {
    if (value == null) {
      return new Object[columns.size()];
    }
    if (type instanceof ValueType.Enumeration enumeration) {
      return new Object[] {memberValue(enumeration.type(), (String) value)};
    }
    if (!(type instanceof ValueType.Primitive primitive)) {
      return new Object[] {json.write(type, value)};
    }
    return switch (primitive.kind()) {
      case STRING, INT64 -> new Object[] {value};
      case GUID, DATE -> new Object[] {value.toString()};
      case BOOLEAN -> new Object[] {((Boolean) value) ? 1 : 0};
      case BYTE, SBYTE, INT16, INT32 -> new Object[] {((Integer) value).longValue()};
      case SINGLE, DOUBLE -> {
        double number = ((Number) value).doubleValue();
        if (Double.isNaN(number) && dialect instanceof SqliteDialect) {
          throw new UnstorableValueException("NaN in " + name, "The value of '" + name + "' is NaN, which the"
              + " SQLite store cannot hold (PostgreSQL can).", null);
        }
        yield new Object[] {number};
      }
      case DECIMAL -> new Object[] {((BigDecimal) value).doubleValue(), ((BigDecimal) value).toString()};
      case TIME_OF_DAY -> new Object[] {((LocalTime) value).toNanoOfDay() / 100};
      case DURATION -> new Object[] {Durations.toTicks((Duration) value)};
      case DATE_TIME_OFFSET -> new Object[] {((DateTimeOffsetValue) value).utcTicks(),
          ((DateTimeOffsetValue) value).text()};
      case BINARY -> new Object[] {value};
    };
  }

  /** Reads the value whose first column is at 1-based {@code index}. */
  Object read(ResultSet row, int index) throws SQLException {
    if (type instanceof ValueType.Enumeration enumeration) {
      long member = row.getLong(index);
      return row.wasNull() ? null : memberNames(enumeration.type(), member);
    }
    if (!(type instanceof ValueType.Primitive primitive)) {
      String text = row.getString(index);
      return text == null ? null : json.read(type, text);
    }
    return switch (primitive.kind()) {
      case STRING -> row.getString(index);
      case GUID -> mapped(row.getString(index), UUID::fromString);
      case DATE -> mapped(row.getString(index), LocalDate::parse);
      case BOOLEAN -> mapped(whole(row, index), value -> value != 0);
      case BYTE, SBYTE, INT16, INT32 -> mapped(whole(row, index), Long::intValue);
      case INT64 -> whole(row, index);
      case SINGLE -> mapped(real(row, index), Double::floatValue);
      case DOUBLE -> real(row, index);
      case DECIMAL -> mapped(row.getString(index + 1), BigDecimal::new);
      case TIME_OF_DAY -> mapped(whole(row, index), ticks -> LocalTime.ofNanoOfDay(ticks * 100));
      case DURATION -> mapped(whole(row, index), Durations::ofTicks);
      case DATE_TIME_OFFSET -> mapped(row.getString(index + 1), DateTimeOffsetValue::ofStored);
      case BINARY -> row.getBytes(index);
    };
  }

  /**
   * The value a {@link #read} of the columns {@link #toColumns} made of a value would give: what a rendering made
   * when the value is written must be made from, so that it says what a read of the row says.
   */
  Object decode(Object[] columns) {
    Object first = columns[0];
    if (type instanceof ValueType.Enumeration enumeration) {
      return first == null ? null : memberNames(enumeration.type(), (Long) first);
    }
    if (!(type instanceof ValueType.Primitive primitive)) {
      return first == null ? null : json.read(type, (String) first);
    }
    return switch (primitive.kind()) {
      case STRING, INT64 -> first;
      case GUID -> mapped((String) first, UUID::fromString);
      case DATE -> mapped((String) first, LocalDate::parse);
      case BOOLEAN -> mapped((Integer) first, value -> value != 0);
      case BYTE, SBYTE, INT16, INT32 -> mapped((Long) first, Long::intValue);
      case SINGLE -> mapped((Double) first, Double::floatValue);
      case DOUBLE -> first;
      case DECIMAL -> mapped((String) columns[1], BigDecimal::new);
      case TIME_OF_DAY -> mapped((Long) first, ticks -> LocalTime.ofNanoOfDay(ticks * 100));
      case DURATION -> mapped((Long) first, Durations::ofTicks);
      case DATE_TIME_OFFSET -> mapped((String) columns[1], DateTimeOffsetValue::ofStored);
      case BINARY -> first;
    };
  }

  private static Long whole(ResultSet row, int index) throws SQLException {
    long value = row.getLong(index);
    return row.wasNull() ? null : value;
  }

  private static Double real(ResultSet row, int index) throws SQLException {
    double value = row.getDouble(index);
    return row.wasNull() ? null : value;
  }

  private static <T, R> R mapped(T value, java.util.function.Function<T, R> map) {
    return value == null ? null : map.apply(value);
  }

  /** A member's value; for a flags enum, the members named (comma-separated) OR-ed together. */
  static long memberValue(EnumDef type, String names) {
    return type.combined(names);
  }

  /** The names of a member's value, as {@link EnumDef#names} writes them. */
  static String memberNames(EnumDef type, long value) {
    return type.names(value);
  }
}
