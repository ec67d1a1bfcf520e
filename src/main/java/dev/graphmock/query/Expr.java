package dev.graphmock.query;

import dev.graphmock.model.EdmPrimitive;
import dev.graphmock.model.EnumDef;
import dev.graphmock.model.PropertyDef;
import dev.graphmock.model.PropertyKind;
import dev.graphmock.model.StructuredType;
import dev.graphmock.model.ValueType;
import java.util.List;

/**
 * A {@code $filter} expression. Literals hold model values already converted to their kind (an enum literal
 * holds its member's name, with its enum type), so rendering never parses text.
 */
public sealed interface Expr {

  record Property(PropertyDef property) implements Expr {
  }

  /**
   * A value of the entities the engine serves (issue 31): the property {@code property} of entities of
   * {@code type}, and below it the members {@code path} names inside its complex value (empty for the property
   * itself), whose value is of {@code valueType}. {@code cast}: the path starts with a cast to {@code type}
   * ({@code microsoft.graph.x/domain}), so entities of other types have no such value (null), even where a type
   * beside it declares a property of the same name.
   */
  record Member(StructuredType type, boolean cast, String property, List<String> path, ValueType valueType,
                List<ComplexCast> casts) implements Expr {
    public Member {
      path = List.copyOf(path);
      casts = List.copyOf(casts);
    }

    public Member(StructuredType type, boolean cast, String property, List<String> path, ValueType valueType) {
      this(type, cast, property, path, valueType, List.of());
    }
  }

  /**
   * A cast of a complex value inside a path ({@code target/microsoft.graph.groupAssignmentTarget/groupId}): the
   * value {@code at} names (members below the property, or below a lambda's element) must be of one of
   * {@code types} (qualified names), else what follows it is null, even where a type beside it declares a member of
   * the same name.
   */
  record ComplexCast(List<String> at, List<String> types) {
    public ComplexCast {
      at = List.copyOf(at);
      types = List.copyOf(types);
    }
  }

  /**
   * The element a lambda operator ranges over ({@code variable}), or the members {@code path} names inside it,
   * whose value is of {@code valueType}.
   */
  record Element(String variable, List<String> path, ValueType valueType, List<ComplexCast> casts) implements Expr {
    public Element {
      path = List.copyOf(path);
      casts = List.copyOf(casts);
    }
  }

  /**
   * {@code collection/any(variable: predicate)}, or {@code all} when {@code all}: whether some (every) element of a
   * collection value satisfies {@code predicate}. {@code collection} is a {@link Member} or an {@link Element}.
   */
  record Lambda(boolean all, Expr collection, String variable, Expr predicate) implements Expr {
  }

  /** {@code isof(type)}: whether the entity is of one of {@code types} (qualified names: a type and its derived). */
  record IsOf(List<String> types) implements Expr {
    public IsOf {
      types = List.copyOf(types);
    }
  }

  /** {@code operand has type'members'}: whether a flags enum value holds every one of {@code members}. */
  record Has(Expr operand, EnumDef type, List<String> members) implements Expr {
    public Has {
      members = List.copyOf(members);
    }
  }

  /**
   * A typed literal; {@code value} null means the literal {@code null}; {@code enumType} only for ENUM (a flags
   * literal names its members comma-separated). {@code kind} is null for a value of a type the bundled entity has
   * no kind for (a {@code java.time.LocalDate}, {@code LocalTime} or {@code byte[]}), which only the engine's
   * places compare.
   */
  record Literal(Object value, PropertyKind kind, EnumDef enumType) implements Expr {
    public static final Literal NULL = new Literal(null, null);

    public Literal(Object value, PropertyKind kind) {
      this(value, kind, null);
    }
  }

  record Compare(Comparison operator, Expr left, Expr right) implements Expr {
  }

  record Logical(Connective connective, Expr left, Expr right) implements Expr {
  }

  record Not(Expr operand) implements Expr {
  }

  record In(Expr left, List<Expr> values) implements Expr {
  }

  record Call(Function function, List<Expr> arguments) implements Expr {
  }

  /**
   * Whether {@code expr} is true or false of a row, as {@code $filter} must be: {@code deviceId eq 'x'} is,
   * {@code deviceId} and {@code length(deviceId)} are not. Whatever passes, the store can render.
   */
  static boolean isCondition(Expr expr) {
    if (expr instanceof Logical logical) {
      return isCondition(logical.left()) && isCondition(logical.right());
    }
    if (expr instanceof Not not) {
      return isCondition(not.operand());
    }
    if (expr instanceof Compare compare) {
      return isValue(compare.left()) && isValue(compare.right());
    }
    if (expr instanceof In in) {
      return isValue(in.left()) && in.values().stream().allMatch(Expr::isValue);
    }
    if (expr instanceof Call call && call.function().isPredicate()) {
      return call.arguments().stream().allMatch(Expr::isValue);
    }
    if (expr instanceof Lambda || expr instanceof IsOf || expr instanceof Has) {
      return true;
    }
    return expr instanceof Property property && property.property().kind() == PropertyKind.BOOLEAN
        || expr instanceof Literal literal && literal.kind() == PropertyKind.BOOLEAN
        || isBoolean(valueType(expr));
  }

  /** The type of a {@link Member}'s or {@link Element}'s value; null for any other expression. */
  static ValueType valueType(Expr expr) {
    if (expr instanceof Member member) {
      return member.valueType();
    }
    return expr instanceof Element element ? element.valueType() : null;
  }

  private static boolean isBoolean(ValueType type) {
    return type instanceof ValueType.Primitive primitive && primitive.kind() == EdmPrimitive.BOOLEAN;
  }

  private static boolean isValue(Expr expr) {
    if (expr instanceof Property || expr instanceof Literal || expr instanceof Member
        || expr instanceof Element) {
      return true;
    }
    if (expr instanceof Call call && !call.function().isPredicate()) {
      return isValue(call.arguments().get(0));
    }
    return isCondition(expr);
  }

  enum Comparison { EQ, NE, GT, GE, LT, LE }

  enum Connective { AND, OR }

  /** The string functions the issue asks for; booleans: STARTSWITH, ENDSWITH, CONTAINS. */
  enum Function {
    STARTSWITH, ENDSWITH, CONTAINS, TOLOWER, TOUPPER, LENGTH;

    /** True or false of its arguments, rather than a value. */
    public boolean isPredicate() {
      return this == STARTSWITH || this == ENDSWITH || this == CONTAINS;
    }
  }
}
