package dev.graphmock.query;

import java.util.List;

/**
 * One read of a collection as a value, for the store to render and run: whose rows ({@code tenant}: every query
 * names one, so none can read across tenants), which ({@code filter}), in which total order, starting after which
 * position (keyset paging; null for the first page), how many, after skipping how many.
 *
 * @param tenant the tenant whose events these are
 * @param filter the condition, or null for every row
 * @param order a total order (see {@link Keyset#keys()})
 * @param after the position of the last row already sent, as model values in {@code order}'s order; or null
 */
public record Query(String tenant, Expr filter, List<OrderKey> order, List<Object> after, int limit, long offset) {
  public Query {
    java.util.Objects.requireNonNull(tenant, "tenant");
    order = List.copyOf(order);
    after = after == null ? null : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(after));
    if (after != null && after.size() != order.size()) {
      throw new IllegalArgumentException("a position needs " + order.size() + " values, not " + after.size());
    }
  }
}
