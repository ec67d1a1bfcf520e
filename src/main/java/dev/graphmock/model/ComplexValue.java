package dev.graphmock.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A value of a complex type: its type (the one a property declares, or one derived from it, as the value's
 * {@code @odata.type} named it) and the values of the properties it was given, in the order the type declares
 * them; a property that was not given is absent, one given as {@code null} is present with null. Values are as
 * {@link PrimitiveValues} lists them, enum members as their names, nested complex values as this, collections as
 * lists.
 */
public record ComplexValue(StructuredType type, Map<String, Object> values) {
  public ComplexValue {
    Objects.requireNonNull(type, "type");
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }
}
