package dev.graphmock.json;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.graphmock.model.ComplexValue;
import dev.graphmock.model.EdmPrimitive;
import dev.graphmock.model.PrimitiveValues;
import dev.graphmock.model.ValueType;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Writes any value the type graph declares as Graph's JSON writes it (ODL): the primitives JSON has no literal for
 * as strings ({@link PrimitiveValues#format}), NaN and infinities of Single and Double as {@code "NaN"},
 * {@code "INF"}, {@code "-INF"}, enum members by name, and a complex value as an object that starts with its
 * {@code @odata.type} when its type is not the one declared (always, under full metadata), then its properties in
 * the order its type declares them. The inverse of {@link ValueReader}.
 */
public final class ValueWriter {
  private ValueWriter() {
  }

  /** Writes {@code value} (null, or as {@link ValueReader} reads values of {@code type}). */
  public static void write(JsonGenerator json, ValueType type, Object value, boolean fullMetadata)
      throws IOException {
    if (value == null) {
      json.writeNull();
    } else if (type instanceof ValueType.Primitive primitive) {
      primitive(json, primitive.kind(), value);
    } else if (type instanceof ValueType.Enumeration) {
      json.writeString((String) value);
    } else if (type instanceof ValueType.Complex complex) {
      ComplexValue object = (ComplexValue) value;
      json.writeStartObject();
      if (fullMetadata || object.type() != complex.type()) {
        json.writeStringField("@odata.type", "#" + object.type().qualifiedName());
      }
      for (Map.Entry<String, Object> property : object.values().entrySet()) {
        ValueType propertyType = object.type().property(property.getKey()).orElseThrow().type();
        String annotation = fullMetadata ? annotation(propertyType, property.getValue()) : null;
        if (annotation != null) {
          json.writeStringField(property.getKey() + "@odata.type", annotation);
        }
        json.writeFieldName(property.getKey());
        write(json, propertyType, property.getValue(), fullMetadata);
      }
      json.writeEndObject();
    } else {
      ValueType element = ((ValueType.Collection) type).element();
      json.writeStartArray();
      for (Object item : (List<?>) value) {
        write(json, element, item, fullMetadata);
      }
      json.writeEndArray();
    }
  }

  /**
   * The {@code @odata.type} that full metadata writes beside a property holding {@code value}, as ODL writes it, or
   * null where JSON already says the type (String, Boolean, Int32, a finite Double), for null, and for a complex value
   * (whose object names its own type).
   */
  public static String annotation(ValueType type, Object value) {
    if (value == null) {
      return null;
    }
    if (type instanceof ValueType.Collection collection) {
      ValueType element = collection.element();
      return "#Collection(" + (element instanceof ValueType.Primitive primitive ? primitive.kind().qualifiedName()
          .substring("Edm.".length()) : element.qualifiedName()) + ")";
    }
    if (type instanceof ValueType.Enumeration enumeration) {
      return "#" + enumeration.type().qualifiedName();
    }
    if (!(type instanceof ValueType.Primitive primitive)) {
      return null;
    }
    return switch (primitive.kind()) {
      case STRING, BOOLEAN, INT32 -> null;
      case DOUBLE -> Double.isFinite(((Number) value).doubleValue()) ? null : "#Double";
      default -> "#" + primitive.kind().qualifiedName().substring("Edm.".length());
    };
  }

  private static void primitive(JsonGenerator json, EdmPrimitive kind, Object value) throws IOException {
    if (PrimitiveValues.isText(kind)) {
      json.writeString(PrimitiveValues.format(kind, value));
      return;
    }
    switch (kind) {
      case BOOLEAN -> json.writeBoolean((Boolean) value);
      case BYTE, SBYTE, INT16, INT32 -> json.writeNumber((Integer) value);
      case INT64 -> json.writeNumber((Long) value);
      case DECIMAL -> json.writeNumber((BigDecimal) value);
      case SINGLE, DOUBLE -> {
        double number = ((Number) value).doubleValue();
        if (Double.isNaN(number)) {
          json.writeString("NaN");
        } else if (Double.isInfinite(number)) {
          json.writeString(number > 0 ? "INF" : "-INF");
        } else if (kind == EdmPrimitive.SINGLE) {
          json.writeNumber((Float) value);
        } else {
          json.writeNumber(number);
        }
      }
      default -> throw new IllegalStateException(kind + " is written as text");
    }
  }
}
