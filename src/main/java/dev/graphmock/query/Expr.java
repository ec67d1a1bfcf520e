package dev.graphmock.query;

import dev.graphmock.model.EnumDef;
import dev.graphmock.model.PropertyDef;
import dev.graphmock.model.PropertyKind;
import java.util.List;

/**
 * A {@code $filter} expression. Literals hold model values already converted to their kind (an enum literal
 * holds its member's name, with its enum type), so rendering never parses text.
 */
public sealed interface Expr {

  record Property(PropertyDef property) implements Expr {
  }

  /** A typed literal; {@code value} null means the literal {@code null}; {@code enumType} only for ENUM. */
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
    return expr instanceof Property property && property.property().kind() == PropertyKind.BOOLEAN
        || expr instanceof Literal literal && literal.kind() == PropertyKind.BOOLEAN;
  }

  private static boolean isValue(Expr expr) {
    if (expr instanceof Property || expr instanceof Literal) {
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
