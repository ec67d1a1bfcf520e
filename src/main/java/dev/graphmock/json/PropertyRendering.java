package dev.graphmock.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import dev.graphmock.model.Property;
import dev.graphmock.model.Rendering;
import dev.graphmock.model.StructuredType;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An entity's properties as the engine writes them in a page with minimal metadata and no {@code $select}: every
 * property of its type, in the type's order, each value as {@link ValueWriter} writes it without annotations, kept
 * in {@link KeptValues}' form of {@link #FORMAT} (without names). A page copies them, named, after the entity's
 * {@code @odata.type} ({@link #raw}). A change to how values are written needs a new format number: kept bytes of
 * another format (format 1 kept the names) are not used, and the entity is written from its columns.
 */
public final class PropertyRendering implements Rendering {
  /** The format of the bytes; a rendering whose first byte differs is not used. */
  public static final byte FORMAT = 2;
  /** Configured as the engine's writer's (default), so that a value is escaped here as it is there. */
  private static final JsonFactory JSON = new JsonFactory();
  private static final byte[] COMMA = {','};
  private static final byte[] NOTHING = {};

  /** Each type's {@code "name":} of its properties, in order; by identity, as a type's own equality is. */
  private final Map<StructuredType, Names> names = new ConcurrentHashMap<>();

  /** A type's names, the sum of their lengths, and where its key is among them (-1: it has none). */
  private record Names(byte[][] each, int length, int keyIndex) {
  }

  @Override
  public byte[] render(StructuredType type, Map<String, Object> values) {
    List<Property> properties = type.properties();
    return KeptValues.keep(FORMAT, JSON, properties.size(), (json, i) -> ValueWriter.write(json,
        properties.get(i).type(), values.get(properties.get(i).name()), false));
  }

  @Override
  public boolean isCurrent(StructuredType type, byte[] kept) {
    return KeptValues.membersLength(FORMAT, kept, names(type).each()) >= 0;
  }

  @Override
  public String key(StructuredType type, byte[] kept) {
    return KeptValues.plainText(kept, names(type).keyIndex());
  }

  /**
   * The properties of a rendering of an entity of {@code type} that {@link #isCurrent} accepted, as raw JSON for
   * {@link JsonGenerator#writeRaw(SerializableString)}: the members of an object whose generator has written a
   * member before them, so preceded by a comma.
   */
  public SerializableString raw(StructuredType type, byte[] kept) {
    Names named = names(type);
    if (kept.length <= named.each().length || kept[0] != FORMAT) {
      throw new IllegalArgumentException("not a current rendering of " + type.qualifiedName());
    }
    return KeptValues.checkedMembers(named.each().length == 0 ? NOTHING : COMMA, kept, named.each(),
        named.length(), NOTHING);
  }

  private Names names(StructuredType type) {
    return names.computeIfAbsent(type, made -> {
      List<String> properties = made.properties().stream().map(Property::name).toList();
      byte[][] each = KeptValues.names(properties);
      return new Names(each, java.util.Arrays.stream(each).mapToInt(name -> name.length).sum(),
          made.keyName() == null ? -1 : properties.indexOf(made.keyName()));
    });
  }
}
