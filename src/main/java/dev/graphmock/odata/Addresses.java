package dev.graphmock.odata;

import dev.graphmock.model.Address;
import dev.graphmock.model.EntitySetPath;
import dev.graphmock.model.Navigation;
import dev.graphmock.model.Operation;
import dev.graphmock.model.Property;
import dev.graphmock.model.StructuredType;
import dev.graphmock.model.TypeGraph;
import java.util.ArrayList;
import java.util.List;
import org.apache.olingo.commons.api.edm.EdmOperation;
import org.apache.olingo.commons.api.edm.EdmType;
import org.apache.olingo.server.api.uri.UriInfoResource;
import org.apache.olingo.server.api.uri.UriParameter;
import org.apache.olingo.server.api.uri.UriResource;
import org.apache.olingo.server.api.uri.UriResourceAction;
import org.apache.olingo.server.api.uri.UriResourceComplexProperty;
import org.apache.olingo.server.api.uri.UriResourceEntitySet;
import org.apache.olingo.server.api.uri.UriResourceFunction;
import org.apache.olingo.server.api.uri.UriResourceNavigation;
import org.apache.olingo.server.api.uri.UriResourceProperty;
import org.apache.olingo.server.api.uri.UriResourceSingleton;

/**
 * Reads the resource path Olingo parsed into an {@link Address} of the type graph, so that nothing past
 * {@code odata} sees Olingo's types (issue 31, step 4). Olingo has already refused what the schema does not declare;
 * what the engine does not serve (a path that goes on through a navigation to another set's entities, such as
 * {@code devices('d1')/profile/assignments}) is Graph's 400 naming the segment.
 */
final class Addresses {
  private final TypeGraph graph;

  Addresses(TypeGraph graph) {
    this.graph = graph;
  }

  Address of(UriInfoResource resource) throws ClientErrorException {
    List<UriResource> parts = resource.getUriResourceParts();
    EntitySetPath place = null;
    List<String> parentKeys = new ArrayList<>();
    String key = null;
    StructuredType cast = null;
    Address.Tail tail = null;
    List<Property> steps = new ArrayList<>();
    for (UriResource part : parts) {
      // Anything after a navigation to another set but $ref, after $count or after an operation is not served.
      boolean ref = part.getKind() == org.apache.olingo.server.api.uri.UriResourceKind.ref;
      if (tail instanceof Address.Link link && (link.ref() || !ref) || tail instanceof Address.Count
          || tail instanceof Address.Call) {
        throw notServed(part);
      }
      if (part instanceof UriResourceSingleton singleton) {
        place = place(singleton.getSingleton().getName());
        cast = cast(singleton.getEntityTypeFilter(), place);
      } else if (part instanceof UriResourceEntitySet set) {
        place = place(set.getEntitySet().getName());
        key = key(set.getKeyPredicates());
        cast = cast(set.getTypeFilterOnEntry() != null ? set.getTypeFilterOnEntry() : set.getTypeFilterOnCollection(),
            place);
      } else if (part instanceof UriResourceNavigation navigation && tail == null && steps.isEmpty()) {
        String name = navigation.getProperty().getName();
        EntitySetPath contained = place.contained().get(name);
        String navigationKey = key(navigation.getKeyPredicates());
        StructuredType filter = cast(navigation.getTypeFilterOnEntry() != null ? navigation.getTypeFilterOnEntry()
            : navigation.getTypeFilterOnCollection(), null);
        if (contained != null) {
          if (key != null) {
            parentKeys.add(key);
          }
          place = contained;
          key = navigationKey;
          cast = filter;
        } else {
          StructuredType owner = cast != null ? cast : place.type();
          Navigation declared = owner.navigation(name).orElseThrow(() -> notServed(part));
          EntitySetPath target = place.target(name).orElseThrow(() -> notServed(part));
          if (filter != null) {
            throw notServed(part);
          }
          tail = new Address.Link(declared, target, navigationKey, false);
        }
      } else if (part.getKind() == org.apache.olingo.server.api.uri.UriResourceKind.ref
          && tail instanceof Address.Link link) {
        tail = new Address.Link(link.navigation(), link.target(), link.key(), true);
      } else if (part instanceof UriResourceProperty property && tail == null) {
        StructuredType owner = steps.isEmpty() ? (cast != null ? cast : place.type())
            : complexOwner(steps.get(steps.size() - 1), part);
        String name = property.getProperty().getName();
        steps.add(owner.property(name).orElseThrow(() -> notServed(part)));
        if (part instanceof UriResourceComplexProperty complex && complex.getComplexTypeFilter() != null) {
          throw notServed(part);
        }
      } else if (part.getKind() == org.apache.olingo.server.api.uri.UriResourceKind.value && !steps.isEmpty()) {
        tail = new Address.PropertyPath(steps, true);
      } else if (part.getKind() == org.apache.olingo.server.api.uri.UriResourceKind.count && tail == null
          && steps.isEmpty()) {
        tail = new Address.Count();
      } else if ((part instanceof UriResourceAction || part instanceof UriResourceFunction) && tail == null
          && steps.isEmpty()) {
        tail = new Address.Call(operation(part, place, key, cast));
      } else {
        throw notServed(part);
      }
    }
    if (place == null) {
      throw ClientErrorException.badRequest("Resource not found for the segment '" + parts.get(0) + "'.");
    }
    if (!steps.isEmpty() && tail == null) {
      tail = new Address.PropertyPath(steps, false);
    }
    return new Address(place, parentKeys, key, cast, tail);
  }

  private EntitySetPath place(String name) {
    return graph.path(name).orElseThrow(() -> new IllegalStateException("the type graph has no place " + name));
  }

  /** The type a cast names, or null for none (or a cast to the place's own type, which changes nothing). */
  private StructuredType cast(EdmType type, EntitySetPath place) {
    if (type == null) {
      return null;
    }
    StructuredType named = graph.type(type.getFullQualifiedName().getFullQualifiedNameAsString()).orElseThrow();
    return place != null && named == place.type() ? null : named;
  }

  private StructuredType complexOwner(Property step, UriResource part) throws ClientErrorException {
    if (step.type() instanceof dev.graphmock.model.ValueType.Complex complex) {
      return complex.type();
    }
    throw notServed(part);
  }

  private Operation operation(UriResource part, EntitySetPath place, String key, StructuredType cast)
      throws ClientErrorException {
    EdmOperation edm = part instanceof UriResourceAction action ? action.getAction()
        : ((UriResourceFunction) part).getFunction();
    String name = edm.getName();
    StructuredType bound = cast != null ? cast : place.type();
    boolean collection = place.isCollection() && key == null;
    List<Operation> candidates = graph.operations(name, bound, collection);
    if (candidates.isEmpty()) {
      throw notServed(part);
    }
    return candidates.get(0);
  }

  /** A key predicate's value: a string literal unquoted, any other literal as written. */
  private static String key(List<UriParameter> predicates) {
    if (predicates == null || predicates.isEmpty()) {
      return null;
    }
    String text = predicates.get(0).getText();
    if (text != null && text.length() >= 2 && text.startsWith("'") && text.endsWith("'")) {
      return text.substring(1, text.length() - 1).replace("''", "'");
    }
    return text;
  }

  private static ClientErrorException notServed(UriResource part) {
    return ClientErrorException.badRequest("Resource not found for the segment '" + part.getSegmentValue() + "'.");
  }
}
