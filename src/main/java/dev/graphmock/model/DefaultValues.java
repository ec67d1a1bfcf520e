package dev.graphmock.model;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a property holds when a create leaves it out, as Graph fills in the CLR default: nothing where it may be
 * null, an empty collection for a collection, else the zero of its type (the empty string, false, 0, {@code 0001-01-01T00:00:00Z}, {@code PT0S}, the
 * all-zero GUID, an enum's lowest member), an empty collection, or a complex value of its own defaults (of the first
 * concrete type, when the declared one is abstract). Also what a singleton holds before anything was written to it.
 */
public final class DefaultValues {
  private DefaultValues() {
  }

  /** A collection is never null (its Nullable speaks of its items): it starts empty. */
  public static Object of(Property property) {
    return property.nullable() && !(property.type() instanceof ValueType.Collection) ? null : of(property.type());
  }

  public static Object of(ValueType type) {
    if (type instanceof ValueType.Collection) {
      return List.of();
    }
    if (type instanceof ValueType.Enumeration enumeration) {
      return enumeration.type().defaultMember();
    }
    if (type instanceof ValueType.Complex complex) {
      StructuredType concrete = concrete(complex.type());
      return new ComplexValue(concrete, of(concrete));
    }
    return switch (((ValueType.Primitive) type).kind()) {
      case STRING -> "";
      case BOOLEAN -> Boolean.FALSE;
      case BYTE, SBYTE, INT16, INT32 -> 0;
      case INT64 -> 0L;
      case SINGLE -> 0f;
      case DOUBLE -> 0d;
      case DECIMAL -> BigDecimal.ZERO;
      case GUID -> new UUID(0, 0);
      case BINARY -> new byte[0];
      case DATE -> LocalDate.of(1, 1, 1);
      case TIME_OF_DAY -> LocalTime.MIDNIGHT;
      case DATE_TIME_OFFSET -> DateTimeOffsetValue.MIN;
      case DURATION -> Duration.ZERO;
    };
  }

  /** Every property's default for an entity or complex value of {@code type}, in the order it declares them. */
  public static Map<String, Object> of(StructuredType type) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (Property property : type.properties()) {
      values.put(property.name(), of(property));
    }
    return values;
  }

  /**
   * {@code value} with every member its complex values leave out given its default, at any depth (in collections
   * too), as Graph's service holds a complex value it read: each property of its type present.
   */
  public static Object complete(ValueType type, Object value) {
    if (value == null) {
      return null;
    }
    if (type instanceof ValueType.Collection collection) {
      List<Object> items = new java.util.ArrayList<>();
      for (Object item : (List<?>) value) {
        items.add(complete(collection.element(), item));
      }
      return items;
    }
    if (!(value instanceof ComplexValue complex)) {
      return value;
    }
    Map<String, Object> values = new LinkedHashMap<>();
    for (Property property : complex.type().properties()) {
      values.put(property.name(), complex.values().containsKey(property.name())
          ? complete(property.type(), complex.values().get(property.name())) : of(property));
    }
    return new ComplexValue(complex.type(), values);
  }

  private static StructuredType concrete(StructuredType type) {
    if (!type.isAbstract()) {
      return type;
    }
    return type.family().stream().filter(member -> !member.isAbstract()).findFirst().orElseThrow(() ->
        new IllegalStateException(type.qualifiedName() + " is abstract and no type derives from it"));
  }
}
