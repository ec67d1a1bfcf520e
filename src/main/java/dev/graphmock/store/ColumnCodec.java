package dev.graphmock.store;

import dev.graphmock.model.DateTimeOffsetValue;
import dev.graphmock.model.Durations;
import dev.graphmock.model.EnumDef;
import dev.graphmock.model.PropertyDef;
import dev.graphmock.model.PropertyKind;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * How one property's value becomes column values and back: the one place model values and columns meet.
 * Most kinds take one column; a DateTimeOffset takes two: its instant as 100 ns ticks since the Unix epoch (so SQL
 * compares and sorts by instant whatever the offsets) and the text the client sent (so the echo keeps offset and
 * digits). The first column of every property compares and sorts like the property: DateTimeOffsets and
 * durations as ticks, enums as their members' values, booleans as 0/1; query parameters are converted to it by
 * {@link #toColumn(PropertyKind, EnumDef, Object)}.
 */
final class ColumnCodec {
  /** What {@link #decode} answers for a value the database might not give back as it was given. */
  static final Object UNCERTAIN = new Object();

  private final PropertyDef property;
  private final List<String> columns;

  ColumnCodec(PropertyDef property) {
    this.property = property;
    String name = property.name();
    this.columns = switch (property.kind()) {
      case DATE_TIME_OFFSET -> List.of(name, name + ".text");
      default -> List.of(name);
    };
  }

  PropertyDef property() {
    return property;
  }

  List<String> columns() {
    return columns;
  }

  /** Each column's type in {@code dialect}, in column order. */
  List<String> sqlTypes(Dialect dialect) {
    return switch (property.kind()) {
      case STRING -> List.of(dialect.textType());
      case DOUBLE -> List.of(dialect.realType());
      case DATE_TIME_OFFSET -> List.of(dialect.integerType(), dialect.textType());
      default -> List.of(dialect.integerType());
    };
  }

  /**
   * The tenant column's value for a tenant: 63 bits of the SHA-256 of its name. A number, not the name, because
   * the tenant leads the key and every index, and a 36-character GUID in each index entry doubled the size of the
   * indexes and the time of a count over them; the same number on every instance, with no table to consult.
   * Two names share a number with a chance of one in 2^63.
   */
  static long tenant(String name) {
    int slot = name.hashCode() & (KNOWN_TENANTS.length - 1);
    KnownTenant known = KNOWN_TENANTS[slot];
    if (known != null && known.name().equals(name)) {
      return known.number();
    }
    byte[] hash = SHA_256.get().digest(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    long number = java.nio.ByteBuffer.wrap(hash).getLong() & Long.MAX_VALUE;
    KNOWN_TENANTS[slot] = new KnownTenant(name, number);
    return number;
  }

  /**
   * The last tenants hashed, by their name's hash: a request's statements ask for their tenant's number several
   * times. Bounded whatever names clients send; a slot another name takes is hashed again. Threads may race to fill
   * a slot: each writes an immutable record whole, so a reader sees one or the other.
   */
  private static final KnownTenant[] KNOWN_TENANTS = new KnownTenant[64];

  private record KnownTenant(String name, long number) {
  }

  /** A digest per thread: looking one up costs more than hashing a tenant's name, and this runs per request. */
  private static final ThreadLocal<java.security.MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
    try {
      return java.security.MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  });

  /** The column values for {@code value}, one per column, in column order. */
  Object[] toColumns(Object value) {
    if (value == null) {
      return new Object[columns.size()];
    }
    Object first = toColumn(property.kind(), property.enumType(), value);
    return property.kind() == PropertyKind.DATE_TIME_OFFSET
        ? new Object[] {first, ((DateTimeOffsetValue) value).text()} : new Object[] {first};
  }

  /**
   * The value in a property's first column for a model value of {@code kind}: what a query parameter compared
   * with that column, or a keyset position in it, must be.
   *
   * @param enumType the enum type, for ENUM; null otherwise
   */
  static Object toColumn(PropertyKind kind, EnumDef enumType, Object value) {
    if (value == null) {
      return null;
    }
    return switch (kind) {
      case STRING, INT32, INT64, DOUBLE -> value;
      case BOOLEAN -> ((Boolean) value) ? 1 : 0;
      case ENUM -> enumType.valueOf((String) value).orElseThrow(() -> new IllegalArgumentException(
          "'" + value + "' is not a member of " + enumType.qualifiedName()));
      case DURATION -> Durations.toTicks((Duration) value);
      case DATE_TIME_OFFSET -> ((DateTimeOffsetValue) value).utcTicks();
    };
  }

  /**
   * Reads the value whose first column is at 1-based {@code index}, its text through {@code dialect}. A column of
   * a property that cannot be null is not asked whether it was: that is one driver call fewer per column.
   */
  Object read(ResultSet row, int index, Dialect dialect) throws SQLException {
    return switch (property.kind()) {
      case STRING -> dialect.text(row, index);
      case BOOLEAN -> nullable(row, row.getInt(index) != 0);
      case INT32 -> nullable(row, row.getInt(index));
      case INT64 -> nullable(row, row.getLong(index));
      case DOUBLE -> nullable(row, row.getDouble(index));
      case ENUM -> {
        long member = row.getLong(index);
        yield wasNull(row) ? null : property.enumType().nameOf(member);
      }
      case DURATION -> {
        long ticks = row.getLong(index);
        yield wasNull(row) ? null : Durations.ofTicks(ticks);
      }
      case DATE_TIME_OFFSET -> {
        // The text column alone: it holds the value, and is null exactly when the ticks are (a driver call fewer).
        String text = dialect.text(row, index + 1);
        yield text == null ? null : DateTimeOffsetValue.ofStored(text);
      }
    };
  }

  /**
   * The value {@link #read} would give for a row holding {@code columns} (as {@link #toColumns} made them), without
   * a round trip through the database; {@link #UNCERTAIN} where the database may give back something else: a
   * string that is not well-formed UTF-16 or holds U+0000 (drivers replace or refuse such characters), a Double
   * that is not finite or is negative zero (SQLite keeps a whole REAL as an integer, and its sign with it).
   */
  Object decode(Object[] columns) {
    Object first = columns[0];
    if (first == null) {
      return null;
    }
    return switch (property.kind()) {
      case STRING -> exactText((String) first) ? first : UNCERTAIN;
      case BOOLEAN -> ((Number) first).intValue() != 0;
      case INT32 -> ((Number) first).intValue();
      case INT64 -> ((Number) first).longValue();
      case DOUBLE -> {
        double value = ((Number) first).doubleValue();
        yield Double.isFinite(value) && Double.doubleToRawLongBits(value) != Long.MIN_VALUE ? value : UNCERTAIN;
      }
      case ENUM -> property.enumType().nameOf(((Number) first).longValue());
      case DURATION -> Durations.ofTicks(((Number) first).longValue());
      case DATE_TIME_OFFSET -> exactText((String) columns[1]) ? DateTimeOffsetValue.ofStored((String) columns[1])
          : UNCERTAIN;
    };
  }

  /** Whether the databases keep {@code text} as it is: no U+0000, no unpaired surrogate. */
  static boolean exactText(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 0) {
        return false;
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  private boolean wasNull(ResultSet row) throws SQLException {
    return property.nullable() && row.wasNull();
  }

  private Object nullable(ResultSet row, Object value) throws SQLException {
    return wasNull(row) ? null : value;
  }
}
