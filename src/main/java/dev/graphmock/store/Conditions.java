package dev.graphmock.store;

import dev.graphmock.query.Expr;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One WHERE clause being rendered from a {@link Expr}, collecting its parameters in order: OData's operators, null
 * rules and string functions, and the keyset predicate "after this position", written once for the bundled
 * entity's table ({@link SqlRenderer}) and the families' tables ({@link FamilyConditions}), which say only how an
 * operand is read and how a literal becomes a parameter.
 *
 * <p>OData's null rules: {@code eq null} is {@code IS NULL}, and {@code ne} is true for a null operand
 * ({@code IS NOT}, PostgreSQL's {@code IS DISTINCT FROM}); ordered comparisons with null are false.
 */
abstract class Conditions {
  final List<Object> parameters = new ArrayList<>();
  final Dialect dialect;

  Conditions(Dialect dialect) {
    this.dialect = dialect;
  }

  /** The SQL of an operand that reads a value of the row (a property), or null if {@code expr} is none. */
  abstract String operand(Expr expr);

  /** Adds the parameter(s) of {@code literal}, compared with {@code against} (or null), and returns their SQL. */
  abstract String literal(Expr.Literal literal, Expr against);

  /** Whether the operand {@code expr} is a boolean the row holds (then true when it is 1). */
  abstract boolean isBooleanOperand(Expr expr);

  /** A condition of the families' kinds only (lambda, isof, has); the bundled entity's table has none. */
  String special(Expr expr) {
    throw new IllegalArgumentException("not a condition: " + expr);
  }

  // Java 17 has no pattern matching in switch (final only in 21), hence the instanceof chains.
  String condition(Expr expr) {
    if (expr == null) {
      return "TRUE";
    }
    if (expr instanceof Expr.Logical logical) {
      String connective = logical.connective() == Expr.Connective.AND ? " AND " : " OR ";
      return "(" + condition(logical.left()) + connective + condition(logical.right()) + ")";
    }
    if (expr instanceof Expr.Not not) {
      return "(NOT " + condition(not.operand()) + ")";
    }
    if (expr instanceof Expr.Compare compare) {
      return compare(compare);
    }
    if (expr instanceof Expr.In in) {
      List<String> values = new ArrayList<>();
      String left = value(in.left(), null);
      for (Expr value : in.values()) {
        values.add(value(value, in.left()));
      }
      return "(" + left + " IN (" + String.join(", ", values) + "))";
    }
    if (expr instanceof Expr.Call call && call.function().isPredicate()) {
      return predicate(call);
    }
    if (isBooleanOperand(expr)) {
      return "(" + operand(expr) + " = 1)";
    }
    if (expr instanceof Expr.Literal literal && literal.value() instanceof Boolean) {
      return Boolean.TRUE.equals(literal.value()) ? "TRUE" : "FALSE";
    }
    return special(expr);
  }

  private String compare(Expr.Compare compare) {
    boolean leftNull = isNull(compare.left());
    boolean rightNull = isNull(compare.right());
    if (leftNull || rightNull) {
      if (leftNull && rightNull) {
        return compare.operator() == Expr.Comparison.EQ ? "TRUE" : "FALSE";
      }
      String operand = value(leftNull ? compare.right() : compare.left(), null);
      return switch (compare.operator()) {
        case EQ -> "(" + operand + " IS NULL)";
        case NE -> "(" + operand + " IS NOT NULL)";
        default -> "FALSE";
      };
    }
    String left = value(compare.left(), compare.right());
    String right = value(compare.right(), compare.left());
    return switch (compare.operator()) {
      case EQ -> "(" + left + " = " + right + ")";
      case NE -> dialect.isDistinct(left, right);
      case GT -> "(" + left + " > " + right + ")";
      case GE -> "(" + left + " >= " + right + ")";
      case LT -> "(" + left + " < " + right + ")";
      case LE -> "(" + left + " <= " + right + ")";
    };
  }

  /** Each operand is rendered where it is written (in text order), so a literal's parameter is added each time. */
  private String predicate(Expr.Call call) {
    Expr subject = call.arguments().get(0);
    Expr search = call.arguments().get(1);
    return switch (call.function()) {
      // Exact (case-sensitive) comparisons, as OData's functions are; LIKE would fold ASCII case.
      case CONTAINS -> dialect.contains(value(subject, null), value(search, subject));
      case STARTSWITH -> "(substr(" + value(subject, null) + ", 1, length(" + value(search, subject) + ")) = "
          + value(search, subject) + ")";
      case ENDSWITH -> "(length(" + value(subject, null) + ") >= length(" + value(search, subject) + ") AND substr("
          + value(subject, null) + ", length(" + value(subject, null) + ") - length(" + value(search, subject)
          + ") + 1) = " + value(search, subject) + ")";
      default -> throw new IllegalArgumentException(call.function() + " is not a predicate");
    };
  }

  /** The SQL of a value; a literal's parameter is made for comparing with {@code against}. */
  String value(Expr expr, Expr against) {
    String operand = operand(expr);
    if (operand != null) {
      return operand;
    }
    if (expr instanceof Expr.Literal literal) {
      return literal(literal, against);
    }
    if (expr instanceof Expr.Call call && !call.function().isPredicate()) {
      String argument = value(call.arguments().get(0), null);
      return switch (call.function()) {
        // Every letter is folded, not only ASCII (see each dialect's fold).
        case TOLOWER -> dialect.fold(argument, false);
        case TOUPPER -> dialect.fold(argument, true);
        default -> "length(" + argument + ")";
      };
    }
    return condition(expr);
  }

  /**
   * Rows strictly after the row at {@code position} (column values) in the total order of {@code columns} (rendered
   * operands), each ascending or {@code descending}, and possibly NULL where {@code nullable}: NULL sorts first
   * ascending and last descending (SQLite's order, which the PostgreSQL dialect writes out).
   */
  String after(List<String> columns, List<Boolean> descending, List<Boolean> nullable, List<Object> position) {
    if (sameDirectionWithoutNulls(descending, nullable, position)) {
      parameters.addAll(position);
      return "(" + String.join(", ", columns) + ")" + (descending.get(0) ? " < " : " > ") + "("
          + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")";
    }
    List<String> alternatives = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      List<String> terms = new ArrayList<>();
      List<Object> termParameters = new ArrayList<>();
      for (int j = 0; j < i; j++) {
        terms.add(dialect.isNotDistinct(columns.get(j), "?"));
        termParameters.add(position.get(j));
      }
      String strict = strictlyAfter(columns.get(i), descending.get(i), nullable.get(i), position.get(i),
          termParameters);
      if (strict == null) {
        continue;
      }
      terms.add(strict);
      alternatives.add("(" + String.join(" AND ", terms) + ")");
      parameters.addAll(termParameters);
    }
    return alternatives.isEmpty() ? "FALSE" : "(" + String.join(" OR ", alternatives) + ")";
  }

  private static boolean sameDirectionWithoutNulls(List<Boolean> descending, List<Boolean> nullable,
                                                   List<Object> values) {
    for (int i = 0; i < descending.size(); i++) {
      if (descending.get(i) != descending.get(0) || nullable.get(i) || values.get(i) == null) {
        return false;
      }
    }
    return true;
  }

  /** The condition "column comes strictly after value"; null when nothing can. */
  private static String strictlyAfter(String column, boolean descending, boolean nullable, Object value,
                                      List<Object> termParameters) {
    if (value == null) {
      return descending ? null : column + " IS NOT NULL";
    }
    termParameters.add(value);
    if (descending) {
      return nullable ? "(" + column + " < ? OR " + column + " IS NULL)" : column + " < ?";
    }
    return column + " > ?";
  }

  private static boolean isNull(Expr expr) {
    return expr instanceof Expr.Literal literal && literal.value() == null;
  }
}
