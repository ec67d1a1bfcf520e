package dev.graphmock.query;

import dev.graphmock.model.PropertyDef;
import dev.graphmock.model.PropertyKind;
import java.util.List;

/**
 * A {@code $filter} expression. Literals hold model values already converted to their kind (an enum literal
 * holds its member's number as a {@code Long} of kind INT64), so rendering never parses text.
 */
public sealed interface Expr {

  record Property(PropertyDef property) implements Expr {
  }

  /** A typed literal; {@code value} null means the literal {@code null}. */
  record Literal(Object value, PropertyKind kind) implements Expr {
    public static final Literal NULL = new Literal(null, null);
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

  enum Comparison { EQ, NE, GT, GE, LT, LE }

  enum Connective { AND, OR }

  /** The string functions the issue asks for; booleans: STARTSWITH, ENDSWITH, CONTAINS. */
  enum Function { STARTSWITH, ENDSWITH, CONTAINS, TOLOWER, TOUPPER, LENGTH }
}
