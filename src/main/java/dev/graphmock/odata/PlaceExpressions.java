package dev.graphmock.odata;

import dev.graphmock.model.EdmPrimitive;
import dev.graphmock.model.EnumDef;
import dev.graphmock.model.Property;
import dev.graphmock.model.StructuredType;
import dev.graphmock.model.TypeGraph;
import dev.graphmock.model.ValueType;
import dev.graphmock.query.Expr;
import dev.graphmock.query.Keyset;
import dev.graphmock.query.OrderKey;
import dev.graphmock.store.FamilyStore;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.olingo.commons.api.edm.EdmEnumType;
import org.apache.olingo.commons.api.edm.EdmPrimitiveTypeKind;
import org.apache.olingo.commons.api.edm.EdmType;
import org.apache.olingo.server.api.ODataApplicationException;
import org.apache.olingo.server.api.uri.UriResource;
import org.apache.olingo.server.api.uri.UriResourceComplexProperty;
import org.apache.olingo.server.api.uri.UriResourceLambdaAll;
import org.apache.olingo.server.api.uri.UriResourceLambdaAny;
import org.apache.olingo.server.api.uri.UriResourceLambdaVariable;
import org.apache.olingo.server.api.uri.UriResourceProperty;
import org.apache.olingo.server.api.uri.queryoption.FilterOption;
import org.apache.olingo.server.api.uri.queryoption.OrderByItem;
import org.apache.olingo.server.api.uri.queryoption.OrderByOption;
import org.apache.olingo.server.api.uri.queryoption.expression.Expression;
import org.apache.olingo.server.api.uri.queryoption.expression.Member;
import org.apache.olingo.server.api.uri.queryoption.expression.MethodKind;

/**
 * {@code $filter} and {@code $orderby} on one of the engine's places, whose entities are of {@code type} (the place's,
 * or a cast's) or of types derived from it, as values of the type graph: paths into complex values
 * ({@code placement/address/city}), casts of entities and of complex values, lambda operators on collections
 * ({@code tags/any(t: t eq 'lab')}, {@code all}, nested), {@code has} on flags enums and {@code isof}. What is not
 * served (navigation in a filter, {@code $count} of a collection, comparisons of durations, times and bytes inside a
 * complex value, where JSON keeps them as text) is a 400 naming it; the store renders the rest in SQL
 * ({@code store.FamilyConditions}).
 */
final class PlaceExpressions extends ExpressionTranslator {
  private final TypeGraph graph;
  private final StructuredType type;
  /** The element type of each lambda variable in scope. */
  private final Map<String, ValueType> variables = new HashMap<>();

  PlaceExpressions(TypeGraph graph, StructuredType type) {
    this.graph = graph;
    this.type = type;
  }

  /** The option being translated, which a refusal names (an instance translates one request's options). */
  private String translating = "$filter";

  /** A refusal of what the option being translated cannot hold. */
  private ClientErrorException refused(String what) {
    return ClientErrorException.badRequest(what + " is not supported in " + translating + ".");
  }

  /** The filter, or null for none; refused unless it is a condition. */
  Expr filter(FilterOption option) throws ODataApplicationException {
    if (option == null) {
      return null;
    }
    translating = "$filter";
    Expr expression = translate(option.getExpression());
    if (!Expr.isCondition(expression)) {
      throw ClientErrorException.badRequest("$filter must be a condition, such as id eq 'x'.");
    }
    return expression;
  }

  /**
   * The total order of a read of {@code place}: what {@code $orderby} asks for, then the key ({@link Keyset}), as
   * the store pages by it.
   */
  List<OrderKey> order(OrderByOption option, dev.graphmock.model.EntitySetPath place)
      throws ODataApplicationException {
    return new Keyset(orders(option), FamilyStore.keyOf(place.type())).keys();
  }

  /** The order {@code $orderby} asks for (empty for none): primitive and enum values of the entities. */
  private List<OrderKey> orders(OrderByOption option) throws ODataApplicationException {
    List<OrderKey> orders = new ArrayList<>();
    if (option == null) {
      return orders;
    }
    translating = "$orderby";
    for (OrderByItem item : option.getOrders()) {
      Expression expression = item.getExpression();
      if (!(expression instanceof Member)) {
        // Olingo keeps no text of an $orderby nested in $expand.
        throw ClientErrorException.badRequest("$orderby supports property names only, not expressions"
            + (option.getText() == null ? "." : ": '" + option.getText() + "'."));
      }
      Expr value = visitMember((Member) expression);
      ValueType valueType = Expr.valueType(value);
      boolean ordered = valueType instanceof ValueType.Enumeration && !enumInJson(value)
          || valueType instanceof ValueType.Primitive primitive && primitive.kind() != EdmPrimitive.BINARY;
      if (!(value instanceof Expr.Member) || !ordered) {
        // Olingo keeps no text of an $orderby nested in $expand: the refusal then says what it is.
        throw ClientErrorException.badRequest("$orderby supports properties of primitive and enum types only"
            + " (enums outside complex values), not " + (option.getText() == null ? "a " + (value == null
            ? "function or expression" : "value of type " + valueType.qualifiedName()) : "'" + option.getText() + "'")
            + ".");
      }
      orders.add(new OrderKey(value, item.isDescending()));
    }
    return orders;
  }

  @Override
  public Expr visitMember(Member member) throws ODataApplicationException {
    List<UriResource> parts = member.getResourcePath().getUriResourceParts();
    StructuredType of = type;
    boolean cast = false;
    if (member.getStartTypeFilter() != null) {
      of = structured(member.getStartTypeFilter());
      cast = true;
    }
    Expr value;
    String variable = null;
    String property = null;
    List<String> path = new ArrayList<>();
    List<Expr.ComplexCast> casts = new ArrayList<>();
    ValueType valueType = null;
    for (UriResource part : parts) {
      if (part instanceof UriResourceLambdaVariable lambdaVariable) {
        variable = lambdaVariable.getVariableName();
        valueType = variables.get(variable);
        if (valueType == null) {
          throw refused("The variable '" + variable + "'");
        }
      } else if (part instanceof UriResourceProperty resource) {
        String name = resource.getProperty().getName();
        StructuredType owner = valueType == null ? of : complexOf(valueType, name);
        Property declared = owner.property(name).orElseThrow(() -> ClientErrorException.badRequest(
            "The property '" + name + "' is not known."));
        valueType = declared.type();
        if (variable == null && property == null) {
          property = name;
        } else {
          path.add(name);
        }
        if (resource instanceof UriResourceComplexProperty complex && complex.getComplexTypeFilter() != null) {
          StructuredType castType = structured(complex.getComplexTypeFilter());
          if (!(valueType instanceof ValueType.Complex declaredType) || castType != declaredType.type()) {
            casts.add(new Expr.ComplexCast(path, castType.family().stream().map(StructuredType::qualifiedName)
                .toList()));
          }
          valueType = new ValueType.Complex(castType);
        }
      } else if (part instanceof UriResourceLambdaAny any) {
        return lambda(false, current(of, cast, variable, property, path, valueType, casts), any.getLambdaVariable(),
            any.getExpression());
      } else if (part instanceof UriResourceLambdaAll all) {
        return lambda(true, current(of, cast, variable, property, path, valueType, casts), all.getLambdaVariable(),
            all.getExpression());
      } else {
        // $it, $root, a navigation, $count: the whole path named, not the one segment
        throw refused("The path '" + parts.stream().map(UriResource::getSegmentValue)
            .collect(java.util.stream.Collectors.joining("/")) + "'");
      }
    }
    value = current(of, cast, variable, property, path, valueType, casts);
    if (value == null) {
      throw refused("The path '" + member.getResourcePath() + "'");
    }
    checkComparable(value);
    return value;
  }

  private static Expr current(StructuredType of, boolean cast, String variable, String property, List<String> path,
                              ValueType valueType, List<Expr.ComplexCast> casts) {
    if (variable != null) {
      return new Expr.Element(variable, path, valueType, casts);
    }
    return property == null ? null : new Expr.Member(of, cast, property, path, valueType, casts);
  }

  /** The complex type in which {@code name} is looked up, after a value of {@code valueType}. */
  private StructuredType complexOf(ValueType valueType, String name) throws ClientErrorException {
    ValueType element = valueType instanceof ValueType.Collection collection ? collection.element() : valueType;
    if (valueType instanceof ValueType.Collection || !(element instanceof ValueType.Complex complex)) {
      throw refused("The path through '" + name + "'");
    }
    return complex.type();
  }

  private Expr lambda(boolean all, Expr collection, String variable, Expression predicate)
      throws ODataApplicationException {
    if (!(Expr.valueType(collection) instanceof ValueType.Collection elements)) {
      throw ClientErrorException.badRequest("'" + (all ? "all" : "any") + "' applies to collections only.");
    }
    if (predicate == null) {
      // any() with nothing inside: whether the collection has an element.
      return new Expr.Lambda(false, collection, "$it",
          new Expr.Literal(true, dev.graphmock.model.PropertyKind.BOOLEAN));
    }
    ValueType previous = variables.put(variable, elements.element());
    try {
      Expr condition = translate(predicate);
      if (!Expr.isCondition(condition)) {
        throw ClientErrorException.badRequest("The predicate of '" + (all ? "all" : "any") + "' must be a"
            + " condition.");
      }
      return new Expr.Lambda(all, collection, variable, condition);
    } finally {
      if (previous == null) {
        variables.remove(variable);
      } else {
        variables.put(variable, previous);
      }
    }
  }

  /**
   * Durations, times of day and bytes inside a complex value are JSON text, which does not compare as they do:
   * refused rather than answered wrongly.
   */
  private void checkComparable(Expr value) throws ClientErrorException {
    boolean inJson = value instanceof Expr.Element
        || value instanceof Expr.Member member && !member.path().isEmpty();
    if (inJson && Expr.valueType(value) instanceof ValueType.Primitive primitive && (primitive.kind()
        == EdmPrimitive.DURATION || primitive.kind() == EdmPrimitive.TIME_OF_DAY || primitive.kind()
        == EdmPrimitive.BINARY)) {
      throw refused("Comparing " + primitive.kind().qualifiedName() + " values inside a complex value");
    }
  }

  private StructuredType structured(EdmType edmType) throws ClientErrorException {
    String name = edmType.getFullQualifiedName().getFullQualifiedNameAsString();
    return graph.type(name).orElseThrow(() -> ClientErrorException.badRequest("The type '" + name
        + "' is not served."));
  }

  @Override
  Expr otherLiteral(EdmPrimitiveTypeKind kind, String text) throws ODataApplicationException {
    return switch (kind) {
      case Date -> new Expr.Literal(LocalDate.parse(text), null);
      case TimeOfDay -> new Expr.Literal(LocalTime.parse(text), null);
      default -> super.otherLiteral(kind, text);
    };
  }

  @Override
  public Expr visitEnum(EdmEnumType edmType, List<String> values) throws ODataApplicationException {
    String qualified = edmType.getFullQualifiedName().getFullQualifiedNameAsString();
    EnumDef enumType = graph.enums().get(qualified);
    if (enumType == null) {
      throw ClientErrorException.badRequest("The enum type '" + qualified + "' is not served.");
    }
    for (String member : values) {
      if (enumType.valueOf(member).isEmpty()) {
        throw ClientErrorException.badRequest("'" + member + "' is not a member of " + qualified + " (one of: "
            + String.join(", ", enumType.members().keySet()) + ").");
      }
    }
    if (values.size() != 1 && !enumType.flags()) {
      throw ClientErrorException.badRequest(qualified + " is not a flags enum: '" + String.join(",", values)
          + "' names more than one member.");
    }
    return new Expr.Literal(String.join(",", values), dev.graphmock.model.PropertyKind.ENUM, enumType);
  }

  /**
   * An enum member inside a complex value is its name (JSON), which does not order as the members' values do: it is
   * not an {@code $orderby} key (Olingo refuses {@code gt} and the like on enums before this).
   */
  private static boolean enumInJson(Expr value) {
    boolean inJson = value instanceof Expr.Element || value instanceof Expr.Member member && !member.path().isEmpty();
    return inJson && Expr.valueType(value) instanceof ValueType.Enumeration;
  }

  @Override
  Expr has(Expr left, Expr right) throws ODataApplicationException {
    if (!(right instanceof Expr.Literal literal) || literal.enumType() == null || !literal.enumType().flags()
        || !(Expr.valueType(left) instanceof ValueType.Enumeration enumeration)
        || !enumeration.type().equals(literal.enumType())) {
      throw ClientErrorException.badRequest("'has' compares a flags enum value with members of its own type, such"
          + " as capabilities has example.fleet.capability'wifi'.");
    }
    return new Expr.Has(left, literal.enumType(), List.of(((String) literal.value()).split(",")));
  }

  @Override
  public Expr visitTypeLiteral(EdmType edmType) throws ODataApplicationException {
    if (!(edmType instanceof org.apache.olingo.commons.api.edm.EdmEntityType)) {
      throw ClientErrorException.badRequest("isof names an entity type here, not '"
          + edmType.getFullQualifiedName().getFullQualifiedNameAsString() + "'.");
    }
    return new Expr.IsOf(structured(edmType).family().stream().map(StructuredType::qualifiedName).toList());
  }

  /** {@code isof(type)} of the entity; {@code isof(value, type)} and {@code cast} are not served. */
  @Override
  Expr otherCall(MethodKind method, List<Expr> parameters) throws ODataApplicationException {
    if (method == MethodKind.ISOF && parameters.size() == 1 && parameters.get(0) instanceof Expr.IsOf isOf) {
      return isOf;
    }
    return super.otherCall(method, parameters);
  }

  @Override
  public Expr visitLambdaExpression(String function, String variable, Expression expression)
      throws ODataApplicationException {
    throw refused("The lambda '" + function + "' here");
  }

  @Override
  public Expr visitLambdaReference(String variable) throws ODataApplicationException {
    throw refused("The variable '" + variable + "' here");
  }
}
