package dev.graphmock.odata;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.graphmock.model.DateTimeOffsetValue;
import dev.graphmock.model.Durations;
import dev.graphmock.model.EntityDef;
import dev.graphmock.model.PropertyDef;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Writes entities as Graph does with {@code odata.metadata=minimal}: {@code @odata.context} at the top,
 * {@code @odata.type} on each entity (Graph always sends it), then every property in schema order.
 * DateTimeOffsets are written as the client sent them, durations in canonical ISO 8601 form, enums by member name.
 */
final class EntityJsonWriter {
  private static final JsonFactory JSON = new JsonFactory();

  private final EntityDef entity;
  private final String odataType;

  EntityJsonWriter(EntityDef entity) {
    this.entity = entity;
    this.odataType = "#" + entity.qualifiedName();
  }

  /** @param select the properties to write ({@code id} always is), or null for all */
  byte[] entity(String contextUrl, Map<String, Object> values, Set<String> select) {
    return write(json -> {
      json.writeStartObject();
      json.writeStringField("@odata.context", contextUrl);
      properties(json, values, select);
      json.writeEndObject();
    });
  }

  byte[] entity(String contextUrl, Map<String, Object> values) {
    return entity(contextUrl, values, null);
  }

  /**
   * A collection page. {@code rows} is called with a sink; each map it passes is written as it arrives, not
   * collected first. {@code nextLink} is asked for after the rows, so that it can depend on them.
   *
   * @param count {@code @odata.count}, or null to leave it out
   */
  byte[] collection(String contextUrl, Long count, Consumer<Consumer<Map<String, Object>>> rows,
                    Supplier<String> nextLink, Set<String> select) {
    return write(json -> {
      json.writeStartObject();
      json.writeStringField("@odata.context", contextUrl);
      if (count != null) {
        json.writeNumberField("@odata.count", count);
      }
      json.writeArrayFieldStart("value");
      rows.accept(values -> {
        try {
          json.writeStartObject();
          properties(json, values, select);
          json.writeEndObject();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      json.writeEndArray();
      String next = nextLink.get();
      if (next != null) {
        json.writeStringField("@odata.nextLink", next);
      }
      json.writeEndObject();
    });
  }

  /** One property's value: {@code {"@odata.context":"…","value":…}}. */
  byte[] property(String contextUrl, PropertyDef property, Object value) {
    return write(json -> {
      json.writeStartObject();
      json.writeStringField("@odata.context", contextUrl);
      json.writeFieldName("value");
      value(json, property, value);
      json.writeEndObject();
    });
  }

  /** A non-null value as the text {@code $value} answers with: the same text as in JSON, unquoted. */
  static String text(PropertyDef property, Object value) {
    return switch (property.kind()) {
      case DURATION -> Durations.format((Duration) value);
      default -> value.toString();
    };
  }

  /** An entity of a type with no stored properties but its key, such as the deviceManagement singleton. */
  static byte[] singleton(String contextUrl, String typeName, String id) {
    return write(json -> {
      json.writeStartObject();
      json.writeStringField("@odata.context", contextUrl);
      json.writeStringField("@odata.type", "#" + typeName);
      json.writeStringField("id", id);
      json.writeEndObject();
    });
  }

  private void properties(JsonGenerator json, Map<String, Object> values, Set<String> select) throws IOException {
    json.writeStringField("@odata.type", odataType);
    for (PropertyDef property : entity.properties()) {
      if (select != null && !select.contains(property.name()) && !property.name().equals(entity.keyName())) {
        continue;
      }
      json.writeFieldName(property.name());
      value(json, property, values.get(property.name()));
    }
  }

  private static void value(JsonGenerator json, PropertyDef property, Object value) throws IOException {
    if (value == null) {
      json.writeNull();
      return;
    }
    switch (property.kind()) {
      case STRING, ENUM -> json.writeString((String) value);
      case BOOLEAN -> json.writeBoolean((Boolean) value);
      case INT32 -> json.writeNumber((Integer) value);
      case INT64 -> json.writeNumber((Long) value);
      case DOUBLE -> writeDouble(json, (Double) value);
      case DURATION -> json.writeString(Durations.format((Duration) value));
      case DATE_TIME_OFFSET -> json.writeString(((DateTimeOffsetValue) value).text());
    }
  }

  private static void writeDouble(JsonGenerator json, double value) throws IOException {
    // OData JSON writes the special values as strings (OData JSON Format 4.01, section 7.1).
    if (Double.isNaN(value)) {
      json.writeString("NaN");
    } else if (Double.isInfinite(value)) {
      json.writeString(value > 0 ? "INF" : "-INF");
    } else {
      json.writeNumber(value);
    }
  }

  private interface JsonWork {
    void write(JsonGenerator json) throws IOException;
  }

  private static byte[] write(JsonWork work) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      work.write(json);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return out.toByteArray();
  }
}
