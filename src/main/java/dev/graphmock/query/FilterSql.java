package dev.graphmock.query;

import dev.graphmock.model.PropertyKind;
import dev.graphmock.store.Columns;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a filter {@link Expr} as a SQLite boolean expression. Every literal becomes a {@code ?} parameter.
 * <pre>
 * deviceId eq 'd1' and (targetedAppCount ge 5 or startswith(tolower(osVersion),'10'))
 *   -&gt; (("deviceId" = ?) AND (("targetedAppCount" &gt;= ?) OR (substr(lower("osVersion"), 1, length(?)) = ?)))
 *      [d1, 5, 10, 10]
 * </pre>
 * OData's null rules: {@code eq null} is {@code IS NULL}, and {@code ne} is true for a null property
 * ({@code IS NOT}); ordered comparisons with null are false.
 */
public final class FilterSql {
  private final List<Object> parameters = new ArrayList<>();

  private FilterSql() {
  }

  public static Sql render(Expr filter) {
    if (filter == null) {
      return Sql.TRUE;
    }
    FilterSql renderer = new FilterSql();
    String text = renderer.condition(filter);
    return new Sql(text, renderer.parameters);
  }

  // Java 17 has no pattern matching in switch (final only in 21), hence the instanceof chains.
  private String condition(Expr expr) {
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
      return in(in);
    }
    if (expr instanceof Expr.Call call && isPredicate(call)) {
      return predicate(call);
    }
    if (expr instanceof Expr.Property property && property.property().kind() == PropertyKind.BOOLEAN) {
      return "(" + Columns.of(property.property()) + " = 1)";
    }
    if (expr instanceof Expr.Literal literal && literal.kind() == PropertyKind.BOOLEAN) {
      return Boolean.TRUE.equals(literal.value()) ? "1" : "0";
    }
    throw new IllegalArgumentException("not a condition: " + expr);
  }

  private String compare(Expr.Compare compare) {
    boolean leftNull = isNull(compare.left());
    boolean rightNull = isNull(compare.right());
    if (leftNull || rightNull) {
      if (leftNull && rightNull) {
        return compare.operator() == Expr.Comparison.EQ ? "1" : "0";
      }
      String operand = value(leftNull ? compare.right() : compare.left());
      return switch (compare.operator()) {
        case EQ -> "(" + operand + " IS NULL)";
        case NE -> "(" + operand + " IS NOT NULL)";
        default -> "0";
      };
    }
    String left = value(compare.left());
    String right = value(compare.right());
    return switch (compare.operator()) {
      case EQ -> "(" + left + " = " + right + ")";
      case NE -> "(" + left + " IS NOT " + right + ")";
      case GT -> "(" + left + " > " + right + ")";
      case GE -> "(" + left + " >= " + right + ")";
      case LT -> "(" + left + " < " + right + ")";
      case LE -> "(" + left + " <= " + right + ")";
    };
  }

  private String in(Expr.In in) {
    String left = value(in.left());
    List<String> values = new ArrayList<>();
    for (Expr value : in.values()) {
      values.add(value(value));
    }
    return "(" + left + " IN (" + String.join(", ", values) + "))";
  }

  private static boolean isPredicate(Expr.Call call) {
    return switch (call.function()) {
      case STARTSWITH, ENDSWITH, CONTAINS -> true;
      default -> false;
    };
  }

  private String predicate(Expr.Call call) {
    String text = value(call.arguments().get(0));
    Expr search = call.arguments().get(1);
    return switch (call.function()) {
      // instr and substr compare exactly (case-sensitive), as OData's functions do; LIKE would fold ASCII case.
      case CONTAINS -> "(instr(" + text + ", " + value(search) + ") > 0)";
      case STARTSWITH -> "(substr(" + text + ", 1, length(" + value(search) + ")) = " + value(search) + ")";
      case ENDSWITH -> "(length(" + text + ") >= length(" + value(search) + ") AND substr(" + text + ", length("
          + text + ") - length(" + value(search) + ") + 1) = " + value(search) + ")";
      default -> throw new IllegalArgumentException(call.function() + " is not a predicate");
    };
  }

  private String value(Expr expr) {
    if (expr instanceof Expr.Property property) {
      return Columns.of(property.property());
    }
    if (expr instanceof Expr.Literal literal) {
      parameters.add(Columns.value(literal.kind(), literal.value()));
      return "?";
    }
    if (expr instanceof Expr.Call call && !isPredicate(call)) {
      String argument = value(call.arguments().get(0));
      return switch (call.function()) {
        // The store gives lower and upper Unicode case folding (SQLite's own fold ASCII only).
        case TOLOWER -> "lower(" + argument + ")";
        case TOUPPER -> "upper(" + argument + ")";
        default -> "length(" + argument + ")";
      };
    }
    return condition(expr);
  }

  private static boolean isNull(Expr expr) {
    return expr instanceof Expr.Literal literal && literal.value() == null;
  }
}
