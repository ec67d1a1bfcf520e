package dev.graphmock.model;

/**
 * A navigation property of an entity type: to one entity or a collection of them ({@code collection}), which it
 * contains ({@code contained}: they live under it, and go with it) or refers to in another set.
 */
public record Navigation(String name, StructuredType target, boolean collection, boolean contained,
                         boolean nullable) {
  @Override
  public String toString() {
    return "Navigation[" + name + " -> " + (collection ? "Collection(" + target.qualifiedName() + ")"
        : target.qualifiedName()) + (contained ? ", contained" : "") + "]";
  }
}
