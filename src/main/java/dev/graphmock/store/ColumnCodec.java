package dev.graphmock.store;

import dev.graphmock.model.DateTimeOffsetValue;
import dev.graphmock.model.Durations;
import dev.graphmock.model.PropertyDef;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * How one property's value becomes SQLite column values and back. Most kinds take one column; a DateTimeOffset
 * takes two: its instant as 100 ns ticks since the Unix epoch (so SQL compares and sorts by instant whatever the
 * offsets) and the text the client sent (so the echo keeps offset and digits).
 */
final class ColumnCodec {
  private final PropertyDef property;
  private final List<String> columns;
  private final List<String> sqlTypes;

  ColumnCodec(PropertyDef property) {
    this.property = property;
    String name = property.name();
    this.columns = switch (property.kind()) {
      case DATE_TIME_OFFSET -> List.of(name, name + ".text");
      default -> List.of(name);
    };
    this.sqlTypes = switch (property.kind()) {
      case STRING -> List.of("TEXT");
      case DOUBLE -> List.of("REAL");
      case DATE_TIME_OFFSET -> List.of("INTEGER", "TEXT");
      default -> List.of("INTEGER");
    };
  }

  PropertyDef property() {
    return property;
  }

  List<String> columns() {
    return columns;
  }

  List<String> sqlTypes() {
    return sqlTypes;
  }

  /** The column values for {@code value}, one per column, in column order. */
  Object[] toColumns(Object value) {
    if (value == null) {
      return new Object[columns.size()];
    }
    return switch (property.kind()) {
      case STRING, INT32, INT64, DOUBLE -> new Object[] {value};
      case BOOLEAN -> new Object[] {((Boolean) value) ? 1 : 0};
      case ENUM -> new Object[] {property.enumType().valueOf((String) value).orElseThrow()};
      case DURATION -> new Object[] {Durations.toTicks((Duration) value)};
      case DATE_TIME_OFFSET -> {
        DateTimeOffsetValue dateTime = (DateTimeOffsetValue) value;
        yield new Object[] {dateTime.utcTicks(), dateTime.text()};
      }
    };
  }

  /** The single value a query parameter compared with this property's first column must have. */
  Object toColumn(Object value) {
    return toColumns(value)[0];
  }

  /** Reads the value whose first column is at 1-based {@code index}. */
  Object read(ResultSet row, int index) throws SQLException {
    return switch (property.kind()) {
      case STRING -> row.getString(index);
      case BOOLEAN -> nullable(row, row.getInt(index) != 0);
      case INT32 -> nullable(row, row.getInt(index));
      case INT64 -> nullable(row, row.getLong(index));
      case DOUBLE -> nullable(row, row.getDouble(index));
      case ENUM -> {
        long member = row.getLong(index);
        yield row.wasNull() ? null : property.enumType().nameOf(member);
      }
      case DURATION -> {
        long ticks = row.getLong(index);
        yield row.wasNull() ? null : Durations.ofTicks(ticks);
      }
      case DATE_TIME_OFFSET -> {
        long ticks = row.getLong(index);
        yield row.wasNull() ? null : DateTimeOffsetValue.ofStored(ticks, row.getString(index + 1));
      }
    };
  }

  private static Object nullable(ResultSet row, Object value) throws SQLException {
    return row.wasNull() ? null : value;
  }
}
