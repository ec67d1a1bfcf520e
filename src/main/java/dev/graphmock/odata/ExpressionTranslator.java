package dev.graphmock.odata;

import dev.graphmock.model.DateTimeOffsetValue;
import dev.graphmock.model.Durations;
import dev.graphmock.model.InvalidValueException;
import dev.graphmock.model.PropertyKind;
import dev.graphmock.query.Expr;
import java.util.List;
import org.apache.olingo.commons.api.edm.EdmPrimitiveTypeException;
import org.apache.olingo.commons.api.edm.EdmPrimitiveTypeKind;
import org.apache.olingo.commons.api.edm.EdmType;
import org.apache.olingo.commons.core.edm.primitivetype.EdmString;
import org.apache.olingo.server.api.ODataApplicationException;
import org.apache.olingo.server.api.uri.queryoption.expression.BinaryOperatorKind;
import org.apache.olingo.server.api.uri.queryoption.expression.Expression;
import org.apache.olingo.server.api.uri.queryoption.expression.ExpressionVisitException;
import org.apache.olingo.server.api.uri.queryoption.expression.ExpressionVisitor;
import org.apache.olingo.server.api.uri.queryoption.expression.Literal;
import org.apache.olingo.server.api.uri.queryoption.expression.MethodKind;
import org.apache.olingo.server.api.uri.queryoption.expression.UnaryOperatorKind;

/**
 * Walks Olingo's parsed, type-checked {@code $filter} (or an {@code $orderby} item) once and yields a
 * {@link Expr} with typed literals: what the bundled entity's table ({@link FilterTranslator}) and the engine's
 * places ({@link PlaceExpressions}) share, the literals, operators and string functions. What graphmock does not
 * evaluate (arithmetic, most functions) is refused with a 400 naming it, never ignored.
 */
abstract class ExpressionTranslator implements ExpressionVisitor<Expr> {
  Expr translate(Expression expression) throws ODataApplicationException {
    try {
      return expression.accept(this);
    } catch (ExpressionVisitException e) {
      // Olingo's own visitor failure, which our visitor never raises; its text is Olingo's, not the client's.
      throw ClientErrorException.badRequest("The $filter expression is not supported.");
    }
  }

  @Override
  public Expr visitLiteral(Literal literal) throws ODataApplicationException {
    EdmType type = literal.getType();
    String text = literal.getText();
    if (type == null || "null".equals(text)) {
      return Expr.Literal.NULL;
    }
    try {
      EdmPrimitiveTypeKind kind = EdmPrimitiveTypeKind.valueOfFQN(type.getFullQualifiedName());
      return switch (kind) {
        case String -> new Expr.Literal(EdmString.getInstance().fromUriLiteral(text), PropertyKind.STRING);
        case Guid -> new Expr.Literal(text, PropertyKind.STRING);
        case Boolean -> new Expr.Literal(Boolean.parseBoolean(text), PropertyKind.BOOLEAN);
        case SByte, Byte, Int16, Int32, Int64 -> new Expr.Literal(Long.parseLong(text), PropertyKind.INT64);
        case Single, Double, Decimal -> new Expr.Literal(Double.parseDouble(text), PropertyKind.DOUBLE);
        case DateTimeOffset -> new Expr.Literal(DateTimeOffsetValue.parse(text), PropertyKind.DATE_TIME_OFFSET);
        case Duration -> new Expr.Literal(Durations.parse(unquote(text, "duration")), PropertyKind.DURATION);
        default -> otherLiteral(kind, text);
      };
    } catch (InvalidValueException e) {
      throw ClientErrorException.badRequest("Invalid literal in $filter: " + e.getMessage());
    } catch (EdmPrimitiveTypeException | NumberFormatException | java.time.format.DateTimeParseException e) {
      throw ClientErrorException.badRequest("Invalid literal in $filter: " + text);
    }
  }

  /** A literal of a kind the bundled entity has no property of ({@code Edm.Date}, …): refused unless overridden. */
  Expr otherLiteral(EdmPrimitiveTypeKind kind, String text) throws ODataApplicationException {
    throw ClientErrorException.badRequest("Literals of type Edm." + kind + " are not supported in $filter: " + text);
  }

  @Override
  public Expr visitBinaryOperator(BinaryOperatorKind operator, Expr left, Expr right) throws ODataApplicationException {
    return switch (operator) {
      case EQ -> new Expr.Compare(Expr.Comparison.EQ, left, right);
      case NE -> new Expr.Compare(Expr.Comparison.NE, left, right);
      case GT -> new Expr.Compare(Expr.Comparison.GT, left, right);
      case GE -> new Expr.Compare(Expr.Comparison.GE, left, right);
      case LT -> new Expr.Compare(Expr.Comparison.LT, left, right);
      case LE -> new Expr.Compare(Expr.Comparison.LE, left, right);
      case AND -> new Expr.Logical(Expr.Connective.AND, left, right);
      case OR -> new Expr.Logical(Expr.Connective.OR, left, right);
      case HAS -> has(left, right);
      default -> throw unsupported("The operator '" + operator.toString().toLowerCase(java.util.Locale.ROOT) + "'");
    };
  }

  /** {@code left has right}: refused unless overridden. */
  Expr has(Expr left, Expr right) throws ODataApplicationException {
    throw unsupported("The operator 'has'");
  }

  @Override
  public Expr visitBinaryOperator(BinaryOperatorKind operator, Expr left, List<Expr> right)
      throws ODataApplicationException {
    if (operator != BinaryOperatorKind.IN) {
      throw unsupported("The operator '" + operator + "' with a list");
    }
    return new Expr.In(left, right);
  }

  @Override
  public Expr visitUnaryOperator(UnaryOperatorKind operator, Expr operand) throws ODataApplicationException {
    if (operator == UnaryOperatorKind.NOT) {
      return new Expr.Not(operand);
    }
    if (operand instanceof Expr.Literal literal && literal.value() instanceof Long number) {
      return new Expr.Literal(-number, literal.kind());
    }
    if (operand instanceof Expr.Literal literal && literal.value() instanceof Double number) {
      return new Expr.Literal(-number, literal.kind());
    }
    throw unsupported("Negation of anything but a number");
  }

  @Override
  public Expr visitMethodCall(MethodKind method, List<Expr> parameters) throws ODataApplicationException {
    Expr.Function function = switch (method) {
      case STARTSWITH -> Expr.Function.STARTSWITH;
      case ENDSWITH -> Expr.Function.ENDSWITH;
      case CONTAINS -> Expr.Function.CONTAINS;
      case TOLOWER -> Expr.Function.TOLOWER;
      case TOUPPER -> Expr.Function.TOUPPER;
      case LENGTH -> Expr.Function.LENGTH;
      default -> null;
    };
    if (function == null) {
      return otherCall(method, parameters);
    }
    return new Expr.Call(function, parameters);
  }

  /** A call of a function graphmock does not evaluate everywhere ({@code isof}): refused unless overridden. */
  Expr otherCall(MethodKind method, List<Expr> parameters) throws ODataApplicationException {
    throw unsupported("The function '" + method + "'");
  }

  @Override
  public Expr visitAlias(String name) throws ODataApplicationException {
    throw unsupported("Parameter aliases (" + name + ")");
  }

  static ClientErrorException unsupported(String what) {
    return ClientErrorException.badRequest(what + " is not supported in $filter.");
  }

  private static String unquote(String text, String prefix) {
    if (text.startsWith(prefix + "'") && text.endsWith("'")) {
      return text.substring(prefix.length() + 1, text.length() - 1);
    }
    return text;
  }
}
