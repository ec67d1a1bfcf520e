package dev.graphmock.odata;

import dev.graphmock.json.EntityJsonWriter;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.olingo.commons.api.edm.Edm;
import org.apache.olingo.commons.api.edm.EdmEntityContainer;
import org.apache.olingo.commons.api.edm.EdmEntitySet;
import org.apache.olingo.commons.api.edm.EdmNavigationProperty;
import org.apache.olingo.commons.api.edm.EdmSingleton;
import org.apache.olingo.commons.api.edm.EdmStructuredType;
import org.apache.olingo.commons.api.edm.constants.EdmTypeKind;

/**
 * Resolves a request path against the schema segment by segment, as Graph's OData stack does: names without
 * regard to case (ASP.NET Core OData's resolver is case-insensitive by default), written back as
 * {@code $metadata} names them, and a segment that names nothing is Graph's 400:
 * <pre>
 * /DeviceManagement/AutopilotEvents('e1')/DeviceID  -&gt; /deviceManagement/autopilotEvents('e1')/deviceId
 * /deviceManagement/autopilotEvents/E1/DeviceId/$Value -&gt; /deviceManagement/autopilotEvents('E1')/deviceId/$value
 *                                                    (keys, such as E1, untouched; after any collection at any depth)
 * /deviceManagement/noSuchThing                     -&gt; 400 "Resource not found for the segment 'noSuchThing'."
 * </pre>
 * It also knows which methods the resource a path names supports, for the {@code Allow} header of a 405.
 */
final class PathSegments {
  static final Set<String> READ_ONLY = Set.of("GET", "HEAD");
  private static final Set<String> COLLECTION = Set.of("GET", "HEAD", "POST");
  private static final Set<String> ENTITY = Set.of("GET", "HEAD", "PATCH", "PUT", "DELETE");
  private static final Set<String> BATCH = Set.of("POST");
  private static final Set<String> ACTION = Set.of("POST");
  private static final Set<String> REF_SINGLE = Set.of("GET", "HEAD", "PUT", "DELETE");
  private static final Set<String> REF_COLLECTION = Set.of("GET", "HEAD", "POST", "DELETE");

  private static final Set<String> SINGLE = Set.of("GET", "HEAD", "PATCH", "PUT");

  private final Edm edm;
  private final EdmEntityContainer container;
  private final Set<String> single;

  PathSegments(Edm edm) {
    this(edm, false);
  }

  /**
   * @param engine whether the engine serves the schema (issue 31): its singletons and single-valued contained
   *     navigations are read and changed (GET, PATCH, PUT), where the one collection's singleton is only read
   */
  PathSegments(Edm edm, boolean engine) {
    this.edm = edm;
    this.container = edm.getEntityContainer();
    this.single = engine ? SINGLE : READ_ONLY;
  }

  /**
   * A path written as {@code $metadata} names it, and the methods its resource supports.
   *
   * @param type the qualified name of the structured type the path ends at (an entity's, a collection's
   *     entities', a complex property's), or null where it ends at none (the service root, a primitive)
   */
  record Resolved(String path, Set<String> allowedMethods, String type) {
    Resolved(String path, Set<String> allowedMethods) {
      this(path, allowedMethods, null);
    }
  }

  /** Where a walk along the path stands: what the segments so far name. */
  private record Position(EdmStructuredType type, boolean collection, boolean keyed, boolean primitive,
                          boolean terminal, Set<String> allowed, boolean linked) {
    Position(EdmStructuredType type, boolean collection, boolean keyed, boolean primitive, boolean terminal,
             Set<String> allowed) {
      this(type, collection, keyed, primitive, terminal, allowed, false);
    }

    static Position single(EdmStructuredType type, Set<String> allowed) {
      return new Position(type, false, true, false, false, allowed);
    }

    /** The same place reached through a navigation that does not contain its targets, whose $ref may follow. */
    Position throughLink() {
      return new Position(type, collection, keyed, primitive, terminal, allowed, true);
    }
  }

  /** {@code rawPath} is percent-encoded and starts with {@code /} (or is empty); so is the result. */
  Resolved resolve(String rawPath) throws ClientErrorException {
    if (rawPath.isEmpty() || rawPath.equals("/")) {
      return new Resolved(rawPath, READ_ONLY);
    }
    String[] segments = rawPath.substring(1).split("/", -1);
    List<String> out = new ArrayList<>(segments.length);
    Position at = null;
    for (int i = 0; i < segments.length; i++) {
      String segment = segments[i];
      if (segment.isEmpty() && i == segments.length - 1) {
        // A trailing slash names what the path before it names.
        out.add(segment);
        continue;
      }
      int paren = segment.indexOf('(');
      String rawName = paren > 0 && segment.endsWith(")") ? segment.substring(0, paren) : segment;
      String rest = segment.substring(rawName.length());
      String name = decode(rawName);
      if (at != null && at.collection() && !at.keyed() && !rawName.startsWith("$") && rest.isEmpty()
          && qualifiedType(name) == null && operation(at, name) == null) {
        // Graph's key-as-segment form: a key, never resolved or changed, written as the key predicate Olingo 5.0.0
        // parses (it reads key-as-segment only on its unreleased master).
        out.set(out.size() - 1, out.get(out.size() - 1) + keyPredicate(segment));
        at = Position.single(at.type(), ENTITY);
        continue;
      }
      Step step = at == null ? root(name) : next(at, name);
      if (step == null) {
        throw ClientErrorException.badRequest("Resource not found for the segment '" + name + "'.");
      }
      at = rest.isEmpty() || !step.position().collection() ? step.position()
          : Position.single(step.position().type(), ENTITY);
      out.add(step.name() + rest);
    }
    return new Resolved("/" + String.join("/", out), at.allowed(), at.type() == null ? null
        : at.type().getFullQualifiedName().getFullQualifiedNameAsString());
  }

  private record Step(String name, Position position) {
  }

  private Step root(String name) {
    if (name.equalsIgnoreCase("$metadata")) {
      return new Step("$metadata", terminal(READ_ONLY));
    }
    if (name.equalsIgnoreCase("$batch")) {
      return new Step("$batch", terminal(BATCH));
    }
    if (container == null) {
      return null;
    }
    EdmSingleton singleton = pick(container.getSingletons(), EdmSingleton::getName, name);
    if (singleton != null) {
      return new Step(singleton.getName(), Position.single(singleton.getEntityType(), single));
    }
    EdmEntitySet set = pick(container.getEntitySets(), EdmEntitySet::getName, name);
    return set == null ? null
        : new Step(set.getName(), new Position(set.getEntityType(), true, false, false, false, COLLECTION));
  }

  private Step next(Position at, String name) {
    if (at.terminal()) {
      return null;
    }
    if (at.primitive()) {
      return name.equalsIgnoreCase("$value") ? new Step("$value", terminal(READ_ONLY)) : null;
    }
    if (name.equalsIgnoreCase("$ref") && at.linked()) {
      // A link's reference (OData's $ref), after a navigation that does not contain its targets.
      return new Step("$ref", terminal(at.collection() && !at.keyed() ? REF_COLLECTION : REF_SINGLE));
    }
    Step operation = operation(at, name);
    if (operation != null) {
      return operation;
    }
    if (at.collection() && !at.keyed()) {
      if (name.equalsIgnoreCase("$count")) {
        // Still of the collection's type: a $filter beside it applies to its entities.
        return new Step("$count", new Position(at.type(), false, true, false, true, READ_ONLY));
      }
      EdmStructuredType cast = qualifiedType(name);
      return cast == null ? null : new Step(qualifiedName(cast), new Position(cast, true, false, false, false,
          COLLECTION));
    }
    String property = pick(at.type().getPropertyNames(), String::toString, name);
    if (property != null) {
      var declared = at.type().getStructuralProperty(property);
      boolean complex = declared.getType().getKind() == EdmTypeKind.COMPLEX;
      // A single complex value's members are named after it (placement/address/city).
      return new Step(property, complex && !declared.isCollection()
          ? new Position((EdmStructuredType) declared.getType(), false, true, false, false, READ_ONLY)
          : new Position(at.type(), false, true, !complex, false, READ_ONLY));
    }
    String navigationName = pick(at.type().getNavigationPropertyNames(), String::toString, name);
    if (navigationName != null) {
      EdmNavigationProperty navigation = at.type().getNavigationProperty(navigationName);
      Position reached = navigation.isCollection()
          ? new Position(navigation.getType(), true, false, false, false, COLLECTION)
          : Position.single(navigation.getType(), navigation.containsTarget() ? single : READ_ONLY);
      return new Step(navigationName, navigation.containsTarget() ? reached : reached.throughLink());
    }
    EdmStructuredType cast = qualifiedType(name);
    return cast == null ? null : new Step(qualifiedName(cast), Position.single(cast, at.allowed()));
  }

  /**
   * The bound action or function {@code name} names on what the path has reached (an entity, or a collection of
   * them), qualified by namespace or alias or not at all (Graph's docs call them unqualified, {@code …/{id}/
   * assignUserToDevice}), in any case; written with its namespace, which Olingo needs. Null when none.
   */
  private Step operation(Position at, String name) {
    if (at.type() == null || at.primitive() || !(at.type() instanceof org.apache.olingo.commons.api.edm.EdmEntityType)) {
      return null;
    }
    boolean collection = at.collection() && !at.keyed();
    int dot = name.lastIndexOf('.');
    String qualifier = dot < 0 ? null : name.substring(0, dot);
    String simple = name.substring(dot + 1);
    for (var schema : edm.getSchemas()) {
      if (qualifier != null && !qualifier.equalsIgnoreCase(schema.getNamespace())
          && !qualifier.equalsIgnoreCase(schema.getAlias())) {
        continue;
      }
      List<org.apache.olingo.commons.api.edm.EdmOperation> operations = new ArrayList<>(schema.getActions());
      operations.addAll(schema.getFunctions());
      for (var operation : operations) {
        if (!operation.isBound() || !operation.getName().equalsIgnoreCase(simple)
            || operation.isBindingParameterTypeCollection() != collection) {
          continue;
        }
        EdmStructuredType bound = edm.getEntityType(operation.getBindingParameterTypeFqn());
        if (bound != null && at.type().compatibleTo(bound)) {
          boolean action = operation instanceof org.apache.olingo.commons.api.edm.EdmAction;
          return new Step(operation.getNamespace() + "." + operation.getName(),
              terminal(action ? ACTION : READ_ONLY));
        }
      }
    }
    return null;
  }

  private static Position terminal(Set<String> allowed) {
    return new Position(null, false, true, false, true, allowed);
  }

  /** The entity or complex type a qualified name (by namespace or alias, any case) names, or null. */
  EdmStructuredType qualifiedType(String name) {
    int dot = name.lastIndexOf('.');
    if (dot <= 0 || dot == name.length() - 1) {
      return null;
    }
    String qualifier = name.substring(0, dot);
    String simple = name.substring(dot + 1);
    for (var schema : edm.getSchemas()) {
      if (!qualifier.equalsIgnoreCase(schema.getNamespace()) && !qualifier.equalsIgnoreCase(schema.getAlias())) {
        continue;
      }
      EdmStructuredType type = pick(schema.getEntityTypes(), t -> t.getName(), simple);
      if (type == null) {
        type = pick(schema.getComplexTypes(), t -> t.getName(), simple);
      }
      if (type != null) {
        return type;
      }
    }
    return null;
  }

  /** The alias of the schema with {@code namespace}, or null. */
  String aliasOf(String namespace) {
    for (var schema : edm.getSchemas()) {
      if (schema.getNamespace().equals(namespace)) {
        return schema.getAlias();
      }
    }
    return null;
  }

  /** The type's name qualified by its namespace, whether the client wrote the namespace or the alias. */
  static String qualifiedName(EdmStructuredType type) {
    return type.getFullQualifiedName().getFullQualifiedNameAsString();
  }

  /** The item whose name equals {@code name} exactly, else the first that equals it ignoring case. */
  static <T> T pick(List<T> items, java.util.function.Function<T, String> names, String name) {
    T folded = null;
    for (T item : items) {
      String candidate = names.apply(item);
      if (candidate.equals(name)) {
        return item;
      }
      if (folded == null && candidate.equalsIgnoreCase(name)) {
        folded = item;
      }
    }
    return folded;
  }

  /**
   * {@code ('key')} for a key-as-segment, still percent-encoded; quotes doubled as in any OData string literal. A
   * segment that does not decode is passed on as it is, for Olingo to refuse.
   */
  private static String keyPredicate(String raw) {
    try {
      return "(" + EntityJsonWriter.keyLiteral(URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8))
          + ")";
    } catch (IllegalArgumentException malformed) {
      return "/" + raw;
    }
  }

  private static String decode(String raw) {
    try {
      return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      return raw;
    }
  }
}
