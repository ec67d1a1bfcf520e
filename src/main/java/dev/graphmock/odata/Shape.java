package dev.graphmock.odata;

import dev.graphmock.model.EntitySetPath;
import dev.graphmock.model.Navigation;
import dev.graphmock.model.StructuredType;
import dev.graphmock.query.Expr;
import dev.graphmock.query.Keyset;
import dev.graphmock.query.OrderKey;
import dev.graphmock.store.FamilyStore;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import dev.graphmock.model.TypeGraph;
import org.apache.olingo.server.api.ODataApplicationException;
import org.apache.olingo.server.api.uri.UriInfoResource;
import org.apache.olingo.server.api.uri.UriResource;
import org.apache.olingo.server.api.uri.UriResourceNavigation;
import org.apache.olingo.server.api.uri.UriResourceProperty;
import org.apache.olingo.server.api.uri.queryoption.ExpandItem;
import org.apache.olingo.server.api.uri.queryoption.ExpandOption;
import org.apache.olingo.server.api.uri.queryoption.SelectOption;
import org.apache.olingo.server.api.uri.queryoption.SelectItem;

/**
 * What of an entity a response writes, from {@code $select} and {@code $expand} (issue 31, point 5): the properties
 * (null for all; the key is always written, as for today's collection), and each navigation expanded beside them,
 * with the shape of what it leads to ({@code $expand=deploymentProfile($select=id,displayName)}).
 *
 * @param select the names of the properties to write, or null for all of them
 * @param written the select list as the context URL writes it (a derived type's property with its cast), or null
 * @param casts the properties selected only with a cast, by name: written for entities of those types alone
 */
record Shape(Set<String> select, List<String> written, java.util.Map<String, List<StructuredType>> casts,
             List<Expansion> expansions) {

  /** Whether {@code property} of an entity of {@code type} is written. */
  boolean selects(StructuredType type, String property) {
    if (select == null || property.equals(type.keyName())) {
      return true;
    }
    List<StructuredType> only = casts.get(property);
    return select.contains(property) && (only == null || only.stream().anyMatch(type::isA));
  }
  static final Shape ALL = new Shape(null, null, java.util.Map.of(), List.of());

  /**
   * A navigation written in line: {@code place} is where its entities are (the contained place, or the set a link
   * points into), {@code contained} whether it contains them; for a contained collection, which of its entities
   * ({@code options}: the nested {@code $filter}, {@code $orderby}, {@code $skip}, {@code $top}, {@code $count}).
   */
  record Expansion(Navigation navigation, EntitySetPath place, boolean contained, Shape nested, Options options) {
  }

  /**
   * The options nested in the expansion of a contained collection: a filter (or null), an order (total: it ends
   * with the key), how many to skip and at most how many to write (null for all) of each entity's, and whether to
   * write how many match.
   */
  record Options(Expr filter, List<OrderKey> order, long skip, Integer top, boolean count) {
    static Options all(EntitySetPath place) {
      return new Options(null, new Keyset(List.of(), FamilyStore.keyOf(place.type())).keys(), 0, null, false);
    }
  }

  /** The select list a context URL carries: {@code (id,displayName,assignments())}, or nothing for the whole entity. */
  String contextList() {
    if (select == null && expansions.isEmpty()) {
      return "";
    }
    List<String> items = new ArrayList<>(written == null ? List.of() : written);
    for (Expansion expansion : expansions) {
      String nested = expansion.nested().contextList();
      items.add(expansion.navigation().name() + (nested.isEmpty() ? "()" : nested));
    }
    return "(" + String.join(",", items) + ")";
  }

  /**
   * The shape {@code $select} and {@code $expand} of {@code options} ask of entities of {@code type} at
   * {@code place}.
   */
  static Shape of(UriInfoResource options, EntitySetPath place, StructuredType type, TypeGraph graph)
      throws ODataApplicationException {
    return of(options.getSelectOption(), options.getExpandOption(), place, type, graph);
  }

  private static Shape of(SelectOption selectOption, ExpandOption expandOption, EntitySetPath place,
                          StructuredType type, TypeGraph graph) throws ODataApplicationException {
    Set<String> select = null;
    Set<String> written = new LinkedHashSet<>();
    Set<String> plain = new java.util.HashSet<>();
    java.util.Map<String, List<StructuredType>> casts = new java.util.HashMap<>();
    if (selectOption != null) {
      select = new LinkedHashSet<>();
      for (SelectItem item : selectOption.getSelectItems()) {
        if (item.isStar()) {
          select = null;
          break;
        }
        List<UriResource> parts = item.getResourcePath() == null ? List.of()
            : item.getResourcePath().getUriResourceParts();
        if (parts.size() == 1 && parts.get(0) instanceof UriResourceProperty property) {
          String name = property.getProperty().getName();
          select.add(name);
          if (item.getStartTypeFilter() == null) {
            written.add(name);
            plain.add(name);
            casts.remove(name);
          } else {
            // Only entities of the cast type have it selected; the context URL names it with its cast, as ODL does.
            String cast = item.getStartTypeFilter().getFullQualifiedName().getFullQualifiedNameAsString();
            written.add(cast + "/" + name);
            if (!plain.contains(name)) {
              graph.type(cast).ifPresent(castType -> casts.computeIfAbsent(name, any -> new ArrayList<>())
                  .add(castType));
            }
          }
        } else if (parts.size() != 1 || !(parts.get(0) instanceof UriResourceNavigation)) {
          throw notServed("this $select on " + place.name());
        }
      }
    }
    List<Expansion> expansions = new ArrayList<>();
    if (expandOption != null) {
      for (ExpandItem item : expandOption.getExpandItems()) {
        if (item.isStar()) {
          for (Navigation navigation : type.navigations()) {
            Expansion expansion = expansion(place, navigation);
            if (expansion != null && expansions.stream().noneMatch(e -> e.navigation().equals(navigation))) {
              expansions.add(expansion);
            }
          }
          continue;
        }
        List<UriResource> parts = item.getResourcePath() == null ? List.of()
            : item.getResourcePath().getUriResourceParts();
        if (item.isRef() || parts.size() != 1 || !(parts.get(0) instanceof UriResourceNavigation resource)) {
          throw notServed("this $expand on " + place.name());
        }
        Navigation navigation = type.navigation(resource.getProperty().getName()).orElseThrow(
            () -> notServed("$expand of '" + resource.getProperty().getName() + "'"));
        Expansion planned = expansion(place, navigation);
        if (planned == null) {
          throw notServed("$expand of the navigation '" + navigation.name() + "' of " + place.name());
        }
        if (expansions.stream().anyMatch(e -> e.navigation().equals(navigation))) {
          throw new ClientErrorException(400, "BadRequest", "The navigation property '" + navigation.name()
              + "' is expanded more than once.");
        }
        boolean collection = planned.contained() && planned.place().isCollection();
        refuseNestedOptions(item, navigation.name(), collection);
        Shape nested = Shape.of(item.getSelectOption(), item.getExpandOption(), planned.place(),
            planned.place().type(), graph);
        Options options = collection ? options(item, planned.place(), graph) : planned.options();
        expansions.add(new Expansion(navigation, planned.place(), planned.contained(), nested, options));
      }
    }
    return select == null && expansions.isEmpty() ? ALL
        : new Shape(select, select == null ? null : List.copyOf(written), select == null ? java.util.Map.of()
            : java.util.Map.copyOf(casts), List.copyOf(expansions));
  }

  /**
   * How {@code navigation} of entities at {@code place} is expanded (all of it), or null when the engine cannot
   * yet.
   */
  private static Expansion expansion(EntitySetPath place, Navigation navigation) {
    if (navigation.contained()) {
      EntitySetPath contained = place.contained().get(navigation.name());
      return contained == null ? null : new Expansion(navigation, contained, true, Shape.ALL, Options.all(contained));
    }
    if (navigation.collection()) {
      return null;
    }
    return place.target(navigation.name()).map(target -> new Expansion(navigation, target, false, Shape.ALL,
        Options.all(target))).orElse(null);
  }

  /** The options nested in the expansion of the contained collection at {@code place}, as a top-level read has them. */
  private static Options options(ExpandItem item, EntitySetPath place, TypeGraph graph)
      throws ODataApplicationException {
    PlaceExpressions expressions = new PlaceExpressions(graph, place.type());
    Expr filter = expressions.filter(item.getFilterOption());
    List<OrderKey> order = expressions.order(item.getOrderByOption(), place);
    long skip = item.getSkipOption() == null ? 0 : item.getSkipOption().getValue();
    Integer top = item.getTopOption() == null ? null : item.getTopOption().getValue();
    boolean count = item.getCountOption() != null && item.getCountOption().getValue();
    return new Options(filter, order, skip, top, count);
  }

  /**
   * What an expansion does not serve: {@code $search} and {@code $levels} anywhere, and the options that choose
   * among a collection's entities on a single-valued navigation.
   */
  private static void refuseNestedOptions(ExpandItem item, String navigation, boolean collection)
      throws ClientErrorException {
    NotServedYet.refuse("inside $expand of '" + navigation + "'", "$search", item.getSearchOption(), "$levels",
        item.getLevelsOption());
    if (!collection) {
      NotServedYet.refuse("inside $expand of the single-valued '" + navigation + "'", "$filter",
          item.getFilterOption(), "$orderby", item.getOrderByOption(), "$top", item.getTopOption(), "$skip",
          item.getSkipOption(), "$count", item.getCountOption());
    }
  }

  private static ClientErrorException notServed(String what) {
    return NotServedYet.of(what);
  }
}
