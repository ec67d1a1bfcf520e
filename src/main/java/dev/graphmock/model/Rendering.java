package dev.graphmock.model;

import java.util.Map;

/**
 * What an entity's properties are written as in a page, made once when the entity is written and kept by the store
 * beside its columns, for a layer that keeps it but may not know how JSON is written (the store): {@code json}
 * implements it, the composition root hands it over. A page then copies each entity's kept bytes instead of reading
 * every column through the driver and writing the values again (issue 31, step 7; the bundled table's
 * {@code json.RowRendering} does the same for its one type).
 */
public interface Rendering {
  /** The rendering of {@code values}, every property of an entity of {@code type}, as a read gives them back. */
  byte[] render(StructuredType type, Map<String, Object> values);

  /**
   * Whether {@code kept} is a rendering of an entity of {@code type} in the format {@link #render} makes now (an
   * older one, or one that does not hold each of the type's properties, is not used).
   */
  boolean isCurrent(StructuredType type, byte[] kept);

  /**
   * The key of the entity whose current rendering ({@link #isCurrent}) is {@code kept}, or null when it does not
   * keep it as plain text (the store then reads the key's column): a page need not fetch the key's column through
   * the driver for each row as well as the rendering.
   */
  String key(StructuredType type, byte[] kept);
}
