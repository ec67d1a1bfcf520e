package dev.graphmock.model;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * One stored entity's property values, read-only, by position in its type's schema order: what the store reads a
 * row into. A page of 999 events made a {@code LinkedHashMap} of 27 entries per row before (a fifth of the page's
 * allocation); this is one array, and the JSON writer takes the values by position. As a {@code Map} it answers
 * by property name, iterates in schema order and equals any map with the same entries.
 */
public final class EntityValues extends AbstractMap<String, Object> {
  private final EntityDef entity;
  private final Object[] values;

  /** @param values one per property of {@code entity}, in schema order; kept, not copied */
  public EntityValues(EntityDef entity, Object[] values) {
    if (values.length != entity.properties().size()) {
      throw new IllegalArgumentException(entity.qualifiedName() + " has " + entity.properties().size()
          + " properties, not " + values.length);
    }
    this.entity = entity;
    this.values = values;
  }

  /** The entity type whose schema order the positions follow. */
  public EntityDef entity() {
    return entity;
  }

  /** The value of the property at {@code position} in schema order. */
  public Object at(int position) {
    return values[position];
  }

  @Override
  public Object get(Object name) {
    int position = name instanceof String text ? entity.position(text) : -1;
    return position < 0 ? null : values[position];
  }

  @Override
  public boolean containsKey(Object name) {
    return name instanceof String text && entity.position(text) >= 0;
  }

  @Override
  public int size() {
    return values.length;
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Entry<String, Object>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < values.length;
          }

          @Override
          public Entry<String, Object> next() {
            if (next >= values.length) {
              throw new NoSuchElementException();
            }
            int position = next++;
            return new SimpleImmutableEntry<>(entity.properties().get(position).name(), values[position]);
          }
        };
      }

      @Override
      public int size() {
        return values.length;
      }
    };
  }
}
