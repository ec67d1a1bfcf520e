package dev.graphmock.query;

import dev.graphmock.model.PropertyDef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A total order over rows, for paging by seeking instead of OFFSET (page 5,000 costs what page 1 costs): the
 * requested keys, then the key property as a tie-break in the direction of the last requested key.
 * <pre>
 * $orderby=eventDateTime desc        -&gt; eventDateTime desc, id desc
 * $orderby=deviceId,osVersion desc   -&gt; deviceId asc, osVersion desc, id desc
 * (none)                             -&gt; id asc
 * </pre>
 * A position is the last row's values of those keys, as model values; the store renders "rows after it".
 */
public final class Keyset {
  private final List<OrderKey> keys;

  public Keyset(List<OrderKey> requested, PropertyDef key) {
    this(requested, new Expr.Property(key));
  }

  /** The order of {@code requested}, then {@code key} (the value that names a row: an entity's key property). */
  public Keyset(List<OrderKey> requested, Expr key) {
    List<OrderKey> all = new ArrayList<>();
    for (OrderKey order : requested) {
      all.add(order);
      if (order.value().equals(key)) {
        break;
      }
    }
    if (all.isEmpty() || !all.get(all.size() - 1).value().equals(key)) {
      boolean descending = !all.isEmpty() && all.get(all.size() - 1).descending();
      all.add(new OrderKey(key, descending));
    }
    this.keys = List.copyOf(all);
  }

  /** The order, total: it always ends with the key property. */
  public List<OrderKey> keys() {
    return keys;
  }

  /**
   * The values of {@code row} (model values by property name) that a later page seeks after, for the bundled
   * entity's keys ({@link Expr.Property}).
   */
  public List<Object> position(Map<String, Object> row) {
    List<Object> values = new ArrayList<>(keys.size());
    for (OrderKey order : keys) {
      values.add(row.get(order.property().name()));
    }
    return values;
  }
}
