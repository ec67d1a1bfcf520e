package dev.graphmock.store;

import dev.graphmock.model.DateTimeOffsetValue;
import dev.graphmock.model.Durations;
import dev.graphmock.model.PropertyDef;
import dev.graphmock.model.PropertyKind;
import java.time.Duration;

/**
 * The column convention queries rely on: a property's first (or only) column is named after the property and
 * holds a value that compares and sorts like the property (DateTimeOffsets as UTC ticks, durations as ticks,
 * enums as member values, booleans as 0/1).
 */
public final class Columns {
  private Columns() {
  }

  /** The quoted name of the column that compares and sorts like {@code property}. */
  public static String of(PropertyDef property) {
    return EntityTable.quote(property.name());
  }

  /** The value stored in that column for a model value of {@code kind} (enums: pass the member's number). */
  public static Object value(PropertyKind kind, Object value) {
    if (value == null) {
      return null;
    }
    return switch (kind) {
      case DATE_TIME_OFFSET -> ((DateTimeOffsetValue) value).utcTicks();
      case DURATION -> Durations.toTicks((Duration) value);
      case BOOLEAN -> ((Boolean) value) ? 1 : 0;
      default -> value;
    };
  }
}
