package dev.graphmock.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A place the schema serves entities at, reached from the entity container: a singleton or entity set of the
 * container, or a navigation that contains its targets, at any depth, a key after each collection on the way
 * ({@code deviceManagement/windowsAutopilotDeploymentProfiles/{id}/assignments/{id}}). Named by its segments without
 * the keys ({@code deviceManagement/windowsAutopilotDeploymentProfiles/assignments}): one name for every parent's
 * collection. Knows the paths its type's contained navigations lead to, and where each navigation that does not
 * contain its targets finds them ({@link #target}).
 */
public final class EntitySetPath {
  /** What a path segment holds: one entity or a collection of them, at the container or contained in a parent. */
  public enum Kind {
    SINGLETON(false), ENTITY_SET(true), CONTAINED_COLLECTION(true), CONTAINED_SINGLE(false);

    private final boolean collection;

    Kind(boolean collection) {
      this.collection = collection;
    }
  }

  private final String name;
  private final Kind kind;
  private final StructuredType type;
  private final EntitySetPath parent;
  private final Map<String, EntitySetPath> contained = new LinkedHashMap<>();
  private final Map<String, EntitySetPath> targets = new LinkedHashMap<>();

  EntitySetPath(String name, Kind kind, StructuredType type, EntitySetPath parent) {
    this.name = name;
    this.kind = kind;
    this.type = type;
    this.parent = parent;
  }

  /** The segments from the container, without keys: {@code deviceManagement/autopilotEvents}. */
  public String name() {
    return name;
  }

  /** The last segment: the container's singleton or set, or the navigation that leads here. */
  public String segment() {
    return name.substring(name.lastIndexOf('/') + 1);
  }

  public Kind kind() {
    return kind;
  }

  /** Whether the path holds a collection (addressed with a key to reach one entity) rather than one entity. */
  public boolean isCollection() {
    return kind.collection;
  }

  /** The declared type of what it holds; entities of types derived from it may be there too. */
  public StructuredType type() {
    return type;
  }

  /** The path whose entities contain this one's, if it is contained. */
  public Optional<EntitySetPath> parent() {
    return Optional.ofNullable(parent);
  }

  /**
   * How many keys name the entities its entities are kept under: one for each collection above it (a single-valued
   * place above it adds none). Zero for a place no entity of a collection contains.
   */
  public int keysAbove() {
    int keys = 0;
    for (EntitySetPath above = parent; above != null; above = above.parent) {
      keys += above.isCollection() ? 1 : 0;
    }
    return keys;
  }

  /** The contained paths below it, by the navigation that leads there. */
  public Map<String, EntitySetPath> contained() {
    return Collections.unmodifiableMap(contained);
  }

  /**
   * Where the entities a navigation that does not contain its targets refers to live, by navigation name: the
   * container's {@code NavigationPropertyBinding} where one names this path, else the one contained collection or
   * entity set of the navigation's type. A navigation with nowhere to point is not here.
   */
  public Optional<EntitySetPath> target(String navigation) {
    return Optional.ofNullable(targets.get(navigation));
  }

  public Map<String, EntitySetPath> targets() {
    return Collections.unmodifiableMap(targets);
  }

  void contain(String navigation, EntitySetPath path) {
    contained.put(navigation, path);
  }

  void target(String navigation, EntitySetPath path) {
    targets.put(navigation, path);
  }

  @Override
  public String toString() {
    return name + " (" + kind.name().toLowerCase(java.util.Locale.ROOT) + " of " + type.qualifiedName() + ")";
  }
}
