package dev.graphmock.odata;

import dev.graphmock.json.EntityJsonWriter;
import dev.graphmock.json.MetadataLevel;
import dev.graphmock.model.EntityDef;
import dev.graphmock.model.PropertyDef;
import dev.graphmock.query.Expr;
import dev.graphmock.query.Keyset;
import dev.graphmock.query.OrderKey;
import dev.graphmock.query.Query;
import dev.graphmock.query.SkipTokens;
import dev.graphmock.store.EntityStore;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.olingo.server.api.ODataApplicationException;
import org.apache.olingo.server.api.uri.UriInfo;
import org.apache.olingo.server.api.uri.queryoption.OrderByItem;
import org.apache.olingo.server.api.uri.queryoption.SelectItem;

/**
 * Evaluates the query options of a collection read in SQL and pages the result as Graph does: {@code $top} (or
 * {@code Prefer: odata.maxpagesize}, or the default) sets the page size, capped at the maximum; while more rows
 * match, the page ends with an absolute {@code @odata.nextLink} carrying the other options and a signed
 * {@code $skiptoken} that seeks past the last row sent. {@code $skip} applies to the first page only.
 */
final class CollectionReader {
  private final EntityDef entity;
  private final PropertyDef key;
  private final EntityStore store;
  private final EntityJsonWriter writer;
  private final FilterTranslator translator;
  private final SkipTokens skipTokens;
  private final PageSizes pageSizes;

  CollectionReader(EntityDef entity, EntityStore store, EntityJsonWriter writer, PageSizes pageSizes) {
    this.entity = entity;
    this.key = entity.property(entity.keyName()).orElseThrow();
    this.store = store;
    // Shared by every server on the database when it is shared, so a nextLink from one is good on all.
    this.skipTokens = store.sharedSigningKey().map(SkipTokens::new).orElseGet(SkipTokens::new);
    this.writer = writer;
    this.translator = new FilterTranslator(entity);
    this.pageSizes = pageSizes;
  }

  /** The result of a collection read: the body, and the page size preference applied, if any. */
  record Page(byte[] body, Integer appliedMaxPageSize) {
  }

  /**
   * @param collectionUrl the collection's absolute URL, the base of the next link
   * @param query the query options of the request, parsed once
   */
  Page read(String tenant, UriInfo uriInfo, RequestQuery query, Integer preferredPageSize, String collectionUrl, String contextUrl,
            MetadataLevel level) throws ODataApplicationException {
    Expr filter = filter(uriInfo);
    Keyset keyset = new Keyset(orders(uriInfo), key);
    Set<String> select = select(uriInfo);
    Integer top = uriInfo.getTopOption() == null ? null : uriInfo.getTopOption().getValue();
    int pageSize = pageSizes.pageSize(top, preferredPageSize);
    boolean appliedPreference = preferredPageSize != null && (top == null || preferredPageSize < top);
    // A token is bound to its tenant too: a nextLink from one tenant is refused in another.
    String fingerprint = tenant + "\n" + query.fingerprint();

    long offset = uriInfo.getSkipOption() == null ? 0 : uriInfo.getSkipOption().getValue();
    List<Object> after = null;
    if (uriInfo.getSkipTokenOption() != null) {
      after = skipTokens.decode(uriInfo.getSkipTokenOption().getValue(), fingerprint)
          .filter(position -> position.size() == keyset.keys().size())
          .orElseThrow(() -> ClientErrorException.badRequest("The $skiptoken is not valid for this query: use the"
              + " @odata.nextLink of the previous page as it is."));
      offset = 0;
    }
    Long count = uriInfo.getCountOption() != null && uriInfo.getCountOption().getValue()
        ? store.count(tenant, filter) : null;

    List<Map<String, Object>> last = new ArrayList<>(1);
    int[] seen = {0};
    Query rows = new Query(tenant, filter, keyset.keys(), after, pageSize + 1, offset);
    EntityJsonWriter.Frame frame = new EntityJsonWriter.Frame(level, contextUrl + selectList(select), collectionUrl);
    byte[] body = writer.collection(frame, count,
        sink -> store.select(rows, EntityJsonWriter.usesRendering(frame, select), row -> {
          if (++seen[0] <= pageSize) {
            sink.accept(row);
            if (seen[0] == pageSize) {
              // The next page starts after this row: its values are read (a row written from its rendering has
              // not read them), while the cursor is still on it.
              last.add(row.values());
            }
          }
        }),
        () -> pageSize > 0 && seen[0] > pageSize && !last.isEmpty()
            ? query.nextLink(collectionUrl, skipTokens.encode(keyset.position(last.get(0)), fingerprint))
            : null,
        select);
    return new Page(body, appliedPreference ? pageSize : null);
  }

  long count(String tenant, UriInfo uriInfo) throws ODataApplicationException {
    return store.count(tenant, filter(uriInfo));
  }

  /** {@code $select} as a set of property names, or null for all properties. */
  Set<String> select(UriInfo uriInfo) throws ODataApplicationException {
    if (uriInfo.getSelectOption() == null) {
      return null;
    }
    Set<String> names = new LinkedHashSet<>();
    for (SelectItem item : uriInfo.getSelectOption().getSelectItems()) {
      if (item.isStar()) {
        return null;
      }
      if (item.getResourcePath() == null || item.getResourcePath().getUriResourceParts().size() != 1) {
        throw ClientErrorException.badRequest("$select supports property names only.");
      }
      names.add(item.getResourcePath().getUriResourceParts().get(0).getSegmentValue());
    }
    return names;
  }

  /** The context URL suffix for {@code $select}: {@code (deviceId,eventDateTime)}. */
  static String selectList(Set<String> select) {
    return select == null ? "" : "(" + String.join(",", select) + ")";
  }

  /** The filter, or null for none; refused unless it is a condition. */
  private Expr filter(UriInfo uriInfo) throws ODataApplicationException {
    if (uriInfo.getFilterOption() == null) {
      return null;
    }
    Expr expression = translator.translate(uriInfo.getFilterOption().getExpression());
    if (!Expr.isCondition(expression)) {
      throw ClientErrorException.badRequest("$filter must be a condition, such as deviceId eq 'x'.");
    }
    return expression;
  }

  private List<OrderKey> orders(UriInfo uriInfo) throws ODataApplicationException {
    List<OrderKey> orders = new ArrayList<>();
    if (uriInfo.getOrderByOption() != null) {
      String text = uriInfo.getOrderByOption().getText();
      for (OrderByItem item : uriInfo.getOrderByOption().getOrders()) {
        orders.add(new OrderKey(translator.property(item.getExpression(), "$orderby", text), item.isDescending()));
      }
    }
    return orders;
  }

  /** The page size rules; see {@link #pageSize}. */
  record PageSizes(int defaultSize, int maximum) {
    /** {@code $top} and the preference, the smaller if both are given, else the default; never over the maximum. */
    int pageSize(Integer top, Integer preferred) {
      int size = defaultSize;
      if (top != null && preferred != null) {
        size = Math.min(top, preferred);
      } else if (top != null) {
        size = top;
      } else if (preferred != null) {
        size = preferred;
      }
      return Math.min(size, maximum);
    }
  }
}
