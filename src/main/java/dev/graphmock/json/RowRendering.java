package dev.graphmock.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import dev.graphmock.model.EntityDef;
import dev.graphmock.model.EntityValues;
import dev.graphmock.model.PropertyDef;
import java.util.List;
import java.util.Map;

/**
 * An entity's property values as the JSON a page writes them, made once when the entity is written and kept by the
 * store beside its columns: a page of 999 events then reads one value a row and copies it, instead of reading 27
 * columns through the driver, decoding their text and encoding it again (BENCHMARKS.md, "Performance round 2,
 * seventh steps"). The store holds it as opaque bytes.
 *
 * <p>The bytes are {@link KeptValues}' form of {@link #FORMAT}: each value exactly as {@link EntityJsonWriter} writes
 * it ({@code null}, {@code "text"}, {@code 12}, {@code true}, {@code "PT1H"}, {@code "NaN"}), without its name. A
 * rendering of another format, or one that does not parse, is not used: the row is written from its
 * columns instead, so that a change to how values are written only needs a new format number.
 */
public final class RowRendering {
  /** The format of the bytes; a rendering whose first byte differs is ignored. */
  public static final byte FORMAT = 1;

  private static final byte[] CLOSING = {'}'};

  private final EntityDef entity;
  /** Each property's {@code "name":}, as UTF-8, in schema order. */
  private final byte[][] names;

  public RowRendering(EntityDef entity) {
    this.entity = entity;
    this.names = KeptValues.names(entity.properties().stream().map(PropertyDef::name).toList());
  }

  /** The rendering of {@code values}, which holds every property (as read back from the store). */
  public byte[] render(Map<String, Object> values) {
    List<PropertyDef> properties = entity.properties();
    EntityValues row = values instanceof EntityValues stored && stored.entity() == entity ? stored : null;
    // The writer's own factory, so that a value is escaped here as it is there.
    return KeptValues.keep(FORMAT, EntityJsonWriter.JSON, properties.size(), (json, i) -> EntityJsonWriter.value(json,
        properties.get(i), row != null ? row.at(i) : values.get(properties.get(i).name())));
  }

  /**
   * The JSON object of a row from its rendering, {@code opening} first ({@code {} or {@code {"@odata.type":…,}),
   * for {@link JsonGenerator#writeRawValue(SerializableString)}; null when the rendering is of another format or
   * does not parse, and the row must be written from its values.
   */
  SerializableString object(byte[] opening, byte[] rendered) {
    int members = KeptValues.membersLength(FORMAT, rendered, names);
    return members < 0 ? null : KeptValues.members(opening, rendered, names, members, CLOSING);
  }
}
