package dev.graphmock.odata;

import dev.graphmock.model.EntitySetPath;
import dev.graphmock.model.Navigation;
import dev.graphmock.model.StructuredType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
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
 */
record Shape(Set<String> select, List<Expansion> expansions) {
  static final Shape ALL = new Shape(null, List.of());

  /**
   * A navigation written in line: {@code place} is where its entities are (the contained place, or the set a link
   * points into), {@code contained} whether it contains them.
   */
  record Expansion(Navigation navigation, EntitySetPath place, boolean contained, Shape nested) {
  }

  /** The select list a context URL carries: {@code (id,displayName,assignments())}, or nothing for the whole entity. */
  String contextList() {
    if (select == null && expansions.isEmpty()) {
      return "";
    }
    List<String> items = new ArrayList<>(select == null ? List.of() : select);
    for (Expansion expansion : expansions) {
      String nested = expansion.nested().contextList();
      items.add(expansion.navigation().name() + (nested.isEmpty() ? "()" : nested));
    }
    return "(" + String.join(",", items) + ")";
  }

  /** The shape {@code $select} and {@code $expand} of {@code options} ask of entities of {@code type} at {@code place}. */
  static Shape of(UriInfoResource options, EntitySetPath place, StructuredType type) throws ClientErrorException {
    return of(options.getSelectOption(), options.getExpandOption(), place, type);
  }

  private static Shape of(SelectOption selectOption, ExpandOption expandOption, EntitySetPath place,
                          StructuredType type) throws ClientErrorException {
    Set<String> select = null;
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
          select.add(property.getProperty().getName());
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
            Expansion expansion = expansion(place, navigation, Shape.ALL);
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
        refuseNestedOptions(item, resource.getProperty().getName());
        Navigation navigation = type.navigation(resource.getProperty().getName()).orElseThrow(
            () -> notServed("$expand of '" + resource.getProperty().getName() + "'"));
        Expansion planned = expansion(place, navigation, Shape.ALL);
        if (planned == null) {
          throw notServed("$expand of the navigation '" + navigation.name() + "' of " + place.name());
        }
        if (expansions.stream().anyMatch(e -> e.navigation().equals(navigation))) {
          throw new ClientErrorException(400, "BadRequest", "The navigation property '" + navigation.name()
              + "' is expanded more than once.");
        }
        Shape nested = Shape.of(item.getSelectOption(), null, planned.place(), planned.place().type());
        expansions.add(new Expansion(navigation, planned.place(), planned.contained(), nested));
      }
    }
    return select == null && expansions.isEmpty() ? ALL : new Shape(select, List.copyOf(expansions));
  }

  /** How {@code navigation} of entities at {@code place} is expanded, or null when the engine cannot yet. */
  private static Expansion expansion(EntitySetPath place, Navigation navigation, Shape nested) {
    if (navigation.contained()) {
      EntitySetPath contained = place.contained().get(navigation.name());
      return contained == null ? null : new Expansion(navigation, contained, true, nested);
    }
    if (navigation.collection()) {
      return null;
    }
    return place.target(navigation.name()).map(target -> new Expansion(navigation, target, false, nested))
        .orElse(null);
  }

  private static void refuseNestedOptions(ExpandItem item, String navigation) throws ClientErrorException {
    NotServedYet.refuse("inside $expand of '" + navigation + "'", "$filter", item.getFilterOption(), "$orderby",
        item.getOrderByOption(), "$top", item.getTopOption(), "$skip", item.getSkipOption(), "$count",
        item.getCountOption(), "$search", item.getSearchOption(), "$expand", item.getExpandOption(), "$levels",
        item.getLevelsOption());
  }

  private static ClientErrorException notServed(String what) {
    return NotServedYet.of(what);
  }
}
