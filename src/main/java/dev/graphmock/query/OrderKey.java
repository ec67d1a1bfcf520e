package dev.graphmock.query;

import dev.graphmock.model.PropertyDef;

/**
 * One {@code $orderby} item: what it orders by (an {@link Expr.Property} of the bundled entity, or an
 * {@link Expr.Member} of an entity the engine serves) and its direction.
 */
public record OrderKey(Expr value, boolean descending) {
  public OrderKey(PropertyDef property, boolean descending) {
    this(new Expr.Property(property), descending);
  }

  /** The bundled entity's property it orders by. */
  public PropertyDef property() {
    return ((Expr.Property) value).property();
  }
}
