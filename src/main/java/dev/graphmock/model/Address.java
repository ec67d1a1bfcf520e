package dev.graphmock.model;

import java.util.List;

/**
 * What a request path names, in the type graph's terms (issue 31, step 4): the {@link EntitySetPath} it reaches,
 * the keys of the entities that contain what it names (outermost first: {@code fleet/profiles('p1')/assignments}
 * is the place {@code fleet/profiles/assignments} under {@code [p1]}), the key of one entity of a collection (null
 * for the collection itself, or a single-valued place), a cast to a derived type (null for none), and what the path
 * names beyond the entity or collection ({@link Tail}: null for the entity or collection itself).
 */
public record Address(EntitySetPath place, List<String> parentKeys, String key, StructuredType cast, Tail tail) {
  public Address {
    parentKeys = List.copyOf(parentKeys);
  }

  /** Whether the path names one entity (a keyed member of a collection, or a single-valued place). */
  public boolean single() {
    return key != null || !place.isCollection();
  }

  /** What a path names beyond an entity or a collection. */
  public sealed interface Tail permits PropertyPath, Link, Count, Call {
  }

  /**
   * A property, or a member of a complex value at any depth ({@code placement/address/city}), each step cast where
   * the path casts it; {@code value} for its raw {@code $value}.
   */
  public record PropertyPath(List<Property> steps, boolean value) implements Tail {
    public PropertyPath {
      steps = List.copyOf(steps);
    }
  }

  /**
   * A navigation that does not contain its targets, and the place they live at ({@link EntitySetPath#target});
   * {@code key} names one member of a collection-valued one (else null); {@code ref} for its {@code $ref}.
   */
  public record Link(Navigation navigation, EntitySetPath target, String key, boolean ref) implements Tail {
  }

  /** {@code $count} of the collection. */
  public record Count() implements Tail {
  }

  /** A bound action or function of the entity, collection or single-valued place. */
  public record Call(Operation operation) implements Tail {
  }
}
