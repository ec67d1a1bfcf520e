package dev.graphmock.query;

import dev.graphmock.model.PropertyDef;
import dev.graphmock.store.Columns;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A total order over rows (the requested keys, then the key property as a tie-break in the direction of the last
 * requested key) and the "rows after this one" predicate that pages by seeking instead of OFFSET, so that page
 * 5,000 costs what page 1 costs.
 * <pre>
 * $orderby=eventDateTime desc   -&gt; ORDER BY "eventDateTime" DESC, "id" DESC
 *   after (t, 'e7')             -&gt; ("eventDateTime", "id") &lt; (?, ?)          [t, e7]
 * $orderby=deviceId,osVersion desc (nullable) -&gt; an OR of prefix-equal, then-strictly-after terms
 * </pre>
 * SQLite sorts NULL first ascending and last descending; the predicate follows that.
 */
public final class Keyset {
  private final List<OrderKey> keys;

  public Keyset(List<OrderKey> requested, PropertyDef key) {
    List<OrderKey> all = new ArrayList<>();
    for (OrderKey order : requested) {
      if (!order.property().name().equals(key.name())) {
        all.add(order);
      } else {
        all.add(order);
        break;
      }
    }
    if (all.isEmpty() || !all.get(all.size() - 1).property().name().equals(key.name())) {
      boolean descending = !all.isEmpty() && all.get(all.size() - 1).descending();
      all.add(new OrderKey(key, descending));
    }
    this.keys = List.copyOf(all);
  }

  public List<OrderKey> keys() {
    return keys;
  }

  public String orderBy() {
    List<String> terms = new ArrayList<>();
    for (OrderKey order : keys) {
      terms.add(Columns.of(order.property()) + (order.descending() ? " DESC" : " ASC"));
    }
    return String.join(", ", terms);
  }

  /** The column values of {@code row} (model values by property name) that a later {@link #after} needs. */
  public List<Object> position(Map<String, Object> row) {
    List<Object> values = new ArrayList<>();
    for (OrderKey order : keys) {
      values.add(Columns.value(order.property().kind(), enumNumber(order.property(), row.get(order.property().name()))));
    }
    return values;
  }

  /** Rows strictly after the row at {@code position} in this order. */
  public Sql after(List<Object> position) {
    if (position.size() != keys.size()) {
      throw new IllegalArgumentException("a position needs " + keys.size() + " values");
    }
    if (sameDirectionWithoutNulls(position)) {
      List<String> columns = new ArrayList<>();
      for (OrderKey order : keys) {
        columns.add(Columns.of(order.property()));
      }
      String marks = String.join(", ", java.util.Collections.nCopies(keys.size(), "?"));
      String operator = keys.get(0).descending() ? " < " : " > ";
      return new Sql("(" + String.join(", ", columns) + ")" + operator + "(" + marks + ")", position);
    }
    List<String> alternatives = new ArrayList<>();
    List<Object> parameters = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      List<String> terms = new ArrayList<>();
      List<Object> termParameters = new ArrayList<>();
      for (int j = 0; j < i; j++) {
        terms.add(Columns.of(keys.get(j).property()) + " IS ?");
        termParameters.add(position.get(j));
      }
      String strict = strictlyAfter(keys.get(i), position.get(i), termParameters);
      if (strict == null) {
        continue;
      }
      terms.add(strict);
      alternatives.add("(" + String.join(" AND ", terms) + ")");
      parameters.addAll(termParameters);
    }
    return alternatives.isEmpty() ? new Sql("0", List.of()) : new Sql("(" + String.join(" OR ", alternatives) + ")",
        parameters);
  }

  private boolean sameDirectionWithoutNulls(List<Object> position) {
    for (int i = 0; i < keys.size(); i++) {
      if (keys.get(i).descending() != keys.get(0).descending() || keys.get(i).property().nullable()
          || position.get(i) == null) {
        return false;
      }
    }
    return true;
  }

  /** The condition "column comes strictly after value"; null when nothing can. */
  private static String strictlyAfter(OrderKey order, Object value, List<Object> parameters) {
    String column = Columns.of(order.property());
    if (value == null) {
      return order.descending() ? null : column + " IS NOT NULL";
    }
    parameters.add(value);
    if (order.descending()) {
      return order.property().nullable() ? "(" + column + " < ? OR " + column + " IS NULL)" : column + " < ?";
    }
    return column + " > ?";
  }

  private static Object enumNumber(PropertyDef property, Object value) {
    if (value != null && property.enumType() != null) {
      return property.enumType().valueOf((String) value).orElseThrow();
    }
    return value;
  }
}
