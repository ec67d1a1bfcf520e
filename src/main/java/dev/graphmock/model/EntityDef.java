package dev.graphmock.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An entity type as a flat list of structural properties (inherited ones first), with its single key property.
 * Everything derived from the schema (table layout, validation, defaults, JSON) walks this list.
 */
public final class EntityDef {
  private final String qualifiedName;
  private final String keyName;
  private final List<PropertyDef> properties;
  /** Each property's position in {@link #properties}, by name: the one index both lookups by name use. */
  private final Map<String, Integer> positions = new HashMap<>();

  public EntityDef(String qualifiedName, String keyName, List<PropertyDef> properties) {
    this.qualifiedName = qualifiedName;
    this.keyName = keyName;
    this.properties = List.copyOf(properties);
    for (int i = 0; i < this.properties.size(); i++) {
      positions.put(this.properties.get(i).name(), i);
    }
    PropertyDef key = property(keyName).orElse(null);
    if (key == null || key.kind() != PropertyKind.STRING || key.nullable()) {
      throw new IllegalArgumentException(qualifiedName + ": the key must be a non-nullable Edm.String property");
    }
  }

  public String qualifiedName() {
    return qualifiedName;
  }

  public String keyName() {
    return keyName;
  }

  /** All structural properties, the key included, in schema order. */
  public List<PropertyDef> properties() {
    return properties;
  }

  public Optional<PropertyDef> property(String name) {
    Integer position = positions.get(name);
    return position == null ? Optional.empty() : Optional.of(properties.get(position));
  }

  /** The property's position in {@link #properties()}, or -1 when there is no such property. */
  public int position(String name) {
    Integer position = positions.get(name);
    return position == null ? -1 : position;
  }

  /**
   * A short hash of everything that decides how rows are stored: names, kinds, nullability and enum members.
   * A database records it so that it is never opened with a schema it was not made for.
   */
  public String fingerprint() {
    StringBuilder text = new StringBuilder(qualifiedName).append('|').append(keyName);
    for (PropertyDef property : properties) {
      text.append('|').append(property.name()).append(':').append(property.kind()).append(':')
          .append(property.nullable());
      if (property.enumType() != null) {
        text.append(':').append(property.enumType().qualifiedName()).append(property.enumType().members());
      }
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
