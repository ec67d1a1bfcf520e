package dev.graphmock.query;

import dev.graphmock.model.PropertyDef;

/** One {@code $orderby} item: a property and its direction. */
public record OrderKey(PropertyDef property, boolean descending) {
}
