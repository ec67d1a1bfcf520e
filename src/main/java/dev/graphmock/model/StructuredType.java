package dev.graphmock.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An entity or complex type of the schema: its name, whether it is abstract, the type it derives from and the types
 * that derive from it, and its properties and navigations, its base's first. An entity type has the key of the
 * root of its family. Types refer to each other in cycles (a device's profile, a profile's devices), so a type is
 * made first and defined once all are made ({@link TypeGraph.Builder}); after that it does not change.
 * An entity type's key is its family root's (Graph's {@code entity} declares {@code id} for every type).
 */
public final class StructuredType {
  /** Whether values of it are entities (with a key, stored in a set) or complex values (held by a property). */
  public enum Kind { ENTITY, COMPLEX }

  private final String qualifiedName;
  private final Kind kind;
  private final boolean isAbstract;
  private StructuredType base;
  private final List<StructuredType> derived = new ArrayList<>();
  private final Map<String, Property> properties = new LinkedHashMap<>();
  private final Map<String, Navigation> navigations = new LinkedHashMap<>();
  private String keyName;
  /** {@link #properties()}, once the graph is built ({@link #seal}); null before. */
  private volatile List<Property> sealedProperties;

  StructuredType(String qualifiedName, Kind kind, boolean isAbstract) {
    this.qualifiedName = qualifiedName;
    this.kind = kind;
    this.isAbstract = isAbstract;
  }

  public String qualifiedName() {
    return qualifiedName;
  }

  /** The name without its namespace. */
  public String name() {
    return qualifiedName.substring(qualifiedName.lastIndexOf('.') + 1);
  }

  public Kind kind() {
    return kind;
  }

  public boolean isEntity() {
    return kind == Kind.ENTITY;
  }

  public boolean isAbstract() {
    return isAbstract;
  }

  /** The type this one derives from, if any. */
  public Optional<StructuredType> base() {
    return Optional.ofNullable(base);
  }

  /** The root of the family: the type this one derives from, through every level, that derives from none. */
  public StructuredType root() {
    StructuredType root = this;
    while (root.base != null) {
      root = root.base;
    }
    return root;
  }

  /** The types that derive from this one directly. */
  public List<StructuredType> derivedTypes() {
    return Collections.unmodifiableList(derived);
  }

  /** This type and every type that derives from it, at any depth, this one first. */
  public List<StructuredType> family() {
    List<StructuredType> family = new ArrayList<>();
    family.add(this);
    for (int i = 0; i < family.size(); i++) {
      family.addAll(family.get(i).derived);
    }
    return family;
  }

  /** Whether this type is {@code other} or derives from it. */
  public boolean isA(StructuredType other) {
    for (StructuredType type = this; type != null; type = type.base) {
      if (type == other) {
        return true;
      }
    }
    return false;
  }

  /**
   * Every property, the base's before this type's own, in the order the schema declares them (unmodifiable once
   * the graph is built: then made once, as every entity written and read asks for it).
   */
  public List<Property> properties() {
    List<Property> sealed = sealedProperties;
    if (sealed != null) {
      return sealed;
    }
    List<Property> all = base == null ? new ArrayList<>() : new ArrayList<>(base.properties());
    all.addAll(properties.values());
    return all;
  }

  /** The properties this type declares itself. */
  public List<Property> declaredProperties() {
    return List.copyOf(properties.values());
  }

  /** The property of this name, declared here or by a base. */
  public Optional<Property> property(String name) {
    for (StructuredType type = this; type != null; type = type.base) {
      Property property = type.properties.get(name);
      if (property != null) {
        return Optional.of(property);
      }
    }
    return Optional.empty();
  }

  /** Every navigation, the base's before this type's own. */
  public List<Navigation> navigations() {
    List<Navigation> all = base == null ? new ArrayList<>() : new ArrayList<>(base.navigations());
    all.addAll(navigations.values());
    return all;
  }

  public Optional<Navigation> navigation(String name) {
    for (StructuredType type = this; type != null; type = type.base) {
      Navigation navigation = type.navigations.get(name);
      if (navigation != null) {
        return Optional.of(navigation);
      }
    }
    return Optional.empty();
  }

  /** The name of an entity's key property, as this type or the nearest it derives from declares it; else null. */
  public String keyName() {
    for (StructuredType type = this; type != null; type = type.base) {
      if (type.keyName != null) {
        return type.keyName;
      }
    }
    return null;
  }

  void derivesFrom(StructuredType parent) {
    base = parent;
    parent.derived.add(this);
  }

  void declare(Property property) {
    properties.put(property.name(), property);
  }

  void declare(Navigation navigation) {
    navigations.put(navigation.name(), navigation);
  }

  void key(String name) {
    keyName = name;
  }

  /** Called once the graph is built, after which the type does not change. */
  void seal() {
    sealedProperties = List.copyOf(properties());
  }

  @Override
  public String toString() {
    return (isAbstract ? "abstract " : "") + kind.name().toLowerCase(java.util.Locale.ROOT) + " " + qualifiedName;
  }
}
