package dev.graphmock.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.graphmock.model.DateTimeOffsetValue;
import dev.graphmock.model.Durations;
import dev.graphmock.model.EntityDef;
import dev.graphmock.model.EntityValues;
import dev.graphmock.model.PropertyDef;
import dev.graphmock.model.StoredRow;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Writes entities as Graph does with {@code odata.metadata=minimal}: {@code @odata.context} at the top,
 * {@code @odata.type} on each entity (Graph always sends it), then every property in schema order.
 * DateTimeOffsets are written as the client sent them, durations in canonical ISO 8601 form, enums by member name.
 *
 * <p>Other {@link MetadataLevel}s: {@code none} leaves out {@code @odata.context} and {@code @odata.type};
 * {@code full} adds {@code @odata.id} and {@code @odata.editLink} to each entity and {@code name@odata.type} to
 * each value whose type JSON cannot show, as ODL does (every type but String, Boolean, Int32 and a finite Double).
 */
public final class EntityJsonWriter {
  /** Leaves the stream it writes to open: an export's stream is the caller's to close. */
  static final JsonFactory JSON = JsonFactory.builder()
      .disable(com.fasterxml.jackson.core.StreamWriteFeature.AUTO_CLOSE_TARGET).build();

  private static final SerializedString ODATA_TYPE = new SerializedString("@odata.type");

  private final EntityDef entity;
  private final RowRendering rendering;
  private final SerializedString odataType;
  /** How a row written from its rendering opens, at minimal metadata: {@code {"@odata.type":"#…",}. */
  private final byte[] minimalOpening;
  /** Each property's name, encoded and escaped once, in schema order: a page of 999 events writes 26,000 names. */
  private final SerializedString[] names;

  public EntityJsonWriter(EntityDef entity) {
    this.entity = entity;
    this.odataType = new SerializedString("#" + entity.qualifiedName());
    this.names = entity.properties().stream().map(property -> new SerializedString(property.name()))
        .toArray(SerializedString[]::new);
    this.rendering = new RowRendering(entity);
    this.minimalOpening = opening(json -> {
      json.writeFieldName(ODATA_TYPE);
      json.writeString(odataType);
    });
  }

  /**
   * How an object written from a rendering opens: {@code fields} written by Jackson as the values path writes them,
   * then the comma before the first name ({@code {} alone where {@code fields} writes nothing).
   */
  private static byte[] opening(JsonWork fields) {
    byte[] object = write(json -> {
      json.writeStartObject();
      fields.write(json);
      json.writeEndObject();
    });
    if (object.length == 2) {
      return new byte[] {'{'};
    }
    object[object.length - 1] = ',';
    return object;
  }

  /**
   * Whether a page at {@code frame}'s level with {@code select} writes rows from their kept rendering
   * ({@link RowRendering}), so that the store need only hand it over: every property, without full metadata's
   * per-value annotations.
   */
  public static boolean usesRendering(Frame frame, Set<String> select) {
    return select == null && frame.level() != MetadataLevel.FULL;
  }

  /**
   * Where a response stands: its control information level, its context URL, and the URL an entity's id
   * is appended to ({@code …/deviceManagement/autopilotEvents}, or the singleton's own URL).
   */
  public record Frame(MetadataLevel level, String contextUrl, String entitySetUrl) {
    String idOf(String key) {
      return entitySetUrl + "(" + keyLiteral(key) + ")";
    }
  }

  /** @param select the properties to write ({@code id} always is), or null for all */
  public byte[] entity(Frame frame, Map<String, Object> values, Set<String> select) {
    return write(json -> {
      json.writeStartObject();
      context(json, frame);
      properties(json, frame, values, select);
      json.writeEndObject();
    });
  }

  public byte[] entity(Frame frame, Map<String, Object> values) {
    return entity(frame, values, null);
  }

  /**
   * The entity from its kept rendering where its level writes every property without annotations and the
   * rendering is of this format; else from {@code values}, which hold the same values.
   */
  public byte[] entityFromRendering(Frame frame, byte[] rendered, Map<String, Object> values) {
    if (rendered != null && usesRendering(frame, null)) {
      SerializableString object = rendering.object(opening(json -> {
        context(json, frame);
        if (frame.level() != MetadataLevel.NONE) {
          json.writeFieldName(ODATA_TYPE);
          json.writeString(odataType);
        }
      }), rendered);
      if (object != null) {
        return object.asUnquotedUTF8();
      }
    }
    return entity(frame, values, null);
  }

  /**
   * A collection page. {@code rows} is called with a sink; each row it passes is written as it arrives, not
   * collected first, from its kept rendering where {@link #usesRendering} and the row has one, else from its
   * values. {@code nextLink} is asked for after the rows, so that it can depend on them.
   *
   * @param count {@code @odata.count}, or null to leave it out
   */
  public byte[] collection(Frame frame, Long count, Consumer<Consumer<StoredRow>> rows,
                           Supplier<String> nextLink, Set<String> select) {
    // In blocks, copied once at the end: a growing array would copy a 1.2 MB page of 999 events ten times.
    ByteArrayBuilder out = new ByteArrayBuilder();
    try {
      collection(out, frame, count, rows, nextLink, select);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return out.toByteArray();
  }

  /** The same page written to {@code out} as the rows arrive, for bodies too large to hold, such as an export. */
  public void collection(java.io.OutputStream out, Frame frame, Long count,
                         Consumer<Consumer<StoredRow>> rows, Supplier<String> nextLink,
                         Set<String> select) throws IOException {
    boolean rendered = usesRendering(frame, select);
    byte[] opening = frame.level() == MetadataLevel.NONE ? opening(json -> { }) : minimalOpening;
    write(out, json -> {
      json.writeStartObject();
      context(json, frame);
      if (count != null) {
        json.writeNumberField("@odata.count", count);
      }
      json.writeArrayFieldStart("value");
      rows.accept(row -> {
        try {
          SerializableString object = rendered ? rendering.object(opening, row.rendered()) : null;
          if (object != null) {
            json.writeRawValue(object);
            return;
          }
          json.writeStartObject();
          properties(json, frame, row.values(), select);
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
  public byte[] property(Frame frame, PropertyDef property, Object value) {
    return write(json -> {
      json.writeStartObject();
      context(json, frame);
      typeOf(json, frame, "value", property, value);
      json.writeFieldName("value");
      value(json, property, value);
      json.writeEndObject();
    });
  }

  /** A non-null value as the text {@code $value} answers with: the same text as in JSON, unquoted. */
  public static String text(PropertyDef property, Object value) {
    return switch (property.kind()) {
      case DURATION -> Durations.format((Duration) value);
      default -> value.toString();
    };
  }

  /** An entity of a type with no stored properties but its key, such as the deviceManagement singleton. */
  public static byte[] singleton(Frame frame, String typeName, String id) {
    return write(json -> {
      json.writeStartObject();
      context(json, frame);
      if (frame.level() != MetadataLevel.NONE) {
        json.writeStringField("@odata.type", "#" + typeName);
      }
      if (frame.level() == MetadataLevel.FULL) {
        json.writeStringField("@odata.id", frame.entitySetUrl());
        json.writeStringField("@odata.editLink", frame.entitySetUrl());
      }
      json.writeStringField("id", id);
      json.writeEndObject();
    });
  }

  /** The key as a percent-encoded OData string literal, for URLs the service writes (ids, Location, nextLink). */
  public static String keyLiteral(String key) {
    return "'" + java.net.URLEncoder.encode(key.replace("'", "''"), java.nio.charset.StandardCharsets.UTF_8)
        .replace("+", "%20").replace("%27", "'") + "'";
  }

  private static void context(JsonGenerator json, Frame frame) throws IOException {
    if (frame.level() != MetadataLevel.NONE) {
      json.writeStringField("@odata.context", frame.contextUrl());
    }
  }

  private void properties(JsonGenerator json, Frame frame, Map<String, Object> values, Set<String> select)
      throws IOException {
    if (frame.level() != MetadataLevel.NONE) {
      json.writeFieldName(ODATA_TYPE);
      json.writeString(odataType);
    }
    if (frame.level() == MetadataLevel.FULL) {
      String id = frame.idOf((String) values.get(entity.keyName()));
      json.writeStringField("@odata.id", id);
      json.writeStringField("@odata.editLink", id);
    }
    List<PropertyDef> properties = entity.properties();
    // Values read from the store come by position, in this type's schema order: no lookup by name per value.
    EntityValues row = values instanceof EntityValues stored && stored.entity() == entity ? stored : null;
    for (int i = 0; i < properties.size(); i++) {
      PropertyDef property = properties.get(i);
      if (select != null && !select.contains(property.name()) && !property.name().equals(entity.keyName())) {
        continue;
      }
      Object value = row != null ? row.at(i) : values.get(property.name());
      typeOf(json, frame, property.name(), property, value);
      json.writeFieldName(names[i]);
      value(json, property, value);
    }
  }

  /** {@code name@odata.type} in full metadata, for a value whose type its JSON form does not show. */
  private static void typeOf(JsonGenerator json, Frame frame, String name, PropertyDef property, Object value)
      throws IOException {
    if (frame.level() != MetadataLevel.FULL || value == null) {
      return;
    }
    String type = switch (property.kind()) {
      case STRING, BOOLEAN, INT32 -> null;
      case DOUBLE -> Double.isFinite((Double) value) ? null : "#Double";
      case INT64 -> "#Int64";
      case DATE_TIME_OFFSET -> "#DateTimeOffset";
      case DURATION -> "#Duration";
      case ENUM -> "#" + property.enumType().qualifiedName();
    };
    if (type != null) {
      json.writeStringField(name + "@odata.type", type);
    }
  }

  /** One value's JSON; {@link RowRendering} keeps exactly this. */
  static void value(JsonGenerator json, PropertyDef property, Object value) throws IOException {
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
    try {
      write(out, work);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return out.toByteArray();
  }

  private static void write(java.io.OutputStream out, JsonWork work) throws IOException {
    try (JsonGenerator json = JSON.createGenerator(out)) {
      work.write(json);
    } catch (UncheckedIOException e) {
      // A row written from inside the store's cursor callback could only wrap the failure; unwrap it.
      throw e.getCause();
    }
  }
}
