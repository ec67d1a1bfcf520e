package dev.graphmock.odata;

import dev.graphmock.model.DateTimeOffsetValue;
import dev.graphmock.model.Durations;
import dev.graphmock.model.EntityDef;
import dev.graphmock.model.EnumDef;
import dev.graphmock.model.InvalidValueException;
import dev.graphmock.model.PropertyDef;
import dev.graphmock.model.PropertyKind;
import dev.graphmock.query.Expr;
import java.util.List;
import org.apache.olingo.commons.api.edm.EdmEnumType;
import org.apache.olingo.commons.api.edm.EdmPrimitiveTypeException;
import org.apache.olingo.commons.api.edm.EdmPrimitiveTypeKind;
import org.apache.olingo.commons.api.edm.EdmType;
import org.apache.olingo.commons.core.edm.primitivetype.EdmString;
import org.apache.olingo.server.api.ODataApplicationException;
import org.apache.olingo.server.api.uri.UriResource;
import org.apache.olingo.server.api.uri.UriResourcePrimitiveProperty;
import org.apache.olingo.server.api.uri.queryoption.expression.BinaryOperatorKind;
import org.apache.olingo.server.api.uri.queryoption.expression.Expression;
import org.apache.olingo.server.api.uri.queryoption.expression.ExpressionVisitException;
import org.apache.olingo.server.api.uri.queryoption.expression.ExpressionVisitor;
import org.apache.olingo.server.api.uri.queryoption.expression.Literal;
import org.apache.olingo.server.api.uri.queryoption.expression.Member;
import org.apache.olingo.server.api.uri.queryoption.expression.MethodKind;
import org.apache.olingo.server.api.uri.queryoption.expression.UnaryOperatorKind;

/**
 * Walks Olingo's parsed, type-checked {@code $filter} (or an {@code $orderby} item) once and yields a
 * {@link Expr} with typed literals. What graphmock does not evaluate (arithmetic, lambdas, most functions,
 * {@code has}) is refused with a 400 naming it, never ignored. Unknown enum members are refused here too:
 * Olingo accepts any name after a type prefix (docs/olingo-5.md §4).
 */
final class FilterTranslator implements ExpressionVisitor<Expr> {
  private final EntityDef entity;

  FilterTranslator(EntityDef entity) {
    this.entity = entity;
  }

  Expr translate(Expression expression) throws ODataApplicationException {
    try {
      return expression.accept(this);
    } catch (ExpressionVisitException e) {
      // Olingo's own visitor failure, which our visitor never raises; its text is Olingo's, not the client's.
      throw ClientErrorException.badRequest("The $filter expression is not supported.");
    }
  }

  /**
   * The property an {@code $orderby} item names; paths and expressions are refused, quoting {@code text}, the
   * option as the client wrote it (an Olingo expression prints as its tree, {@code {tolower [[deviceId]]}}).
   */
  PropertyDef property(Expression expression, String option, String text) throws ODataApplicationException {
    if (expression instanceof Member member) {
      return property(member, option);
    }
    throw ClientErrorException.badRequest(option + " supports property names only, not expressions: '" + text
        + "'.");
  }

  @Override
  public Expr visitMember(Member member) throws ODataApplicationException {
    return new Expr.Property(property(member, "$filter"));
  }

  private PropertyDef property(Member member, String option) throws ODataApplicationException {
    List<UriResource> parts = member.getResourcePath().getUriResourceParts();
    if (parts.size() != 1 || !(parts.get(0) instanceof UriResourcePrimitiveProperty primitive)) {
      throw ClientErrorException.badRequest(option + " supports properties of " + entity.qualifiedName()
          + " only, not the path '" + parts.stream().map(UriResource::getSegmentValue)
          .collect(java.util.stream.Collectors.joining("/")) + "'.");
    }
    String name = primitive.getProperty().getName();
    return entity.property(name).orElseThrow(() -> ClientErrorException.badRequest(
        "The property '" + name + "' is not known."));
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
        default -> throw ClientErrorException.badRequest("Literals of type " + type.getFullQualifiedName()
            + " are not supported in $filter: " + text);
      };
    } catch (InvalidValueException e) {
      throw ClientErrorException.badRequest("Invalid literal in $filter: " + e.getMessage());
    } catch (EdmPrimitiveTypeException | NumberFormatException e) {
      throw ClientErrorException.badRequest("Invalid literal in $filter: " + text);
    }
  }

  @Override
  public Expr visitEnum(EdmEnumType type, List<String> values) throws ODataApplicationException {
    if (values.size() != 1) {
      throw ClientErrorException.badRequest("Combined enum values are not supported: " + String.join(",", values));
    }
    String member = values.get(0);
    if (type.getMember(member) == null) {
      throw ClientErrorException.badRequest("'" + member + "' is not a member of "
          + type.getFullQualifiedName().getFullQualifiedNameAsString() + " (one of: "
          + String.join(", ", type.getMemberNames()) + ").");
    }
    String qualified = type.getFullQualifiedName().getFullQualifiedNameAsString();
    EnumDef enumType = entity.properties().stream().map(PropertyDef::enumType)
        .filter(candidate -> candidate != null && candidate.qualifiedName().equals(qualified)).findFirst()
        .orElseThrow(() -> ClientErrorException.badRequest("No property of " + entity.qualifiedName() + " is of type "
            + qualified + "."));
    return new Expr.Literal(member, PropertyKind.ENUM, enumType);
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
      default -> throw unsupported("The operator '" + operator.toString().toLowerCase(java.util.Locale.ROOT) + "'");
    };
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
      default -> throw unsupported("The function '" + method + "'");
    };
    return new Expr.Call(function, parameters);
  }

  @Override
  public Expr visitLambdaExpression(String function, String variable, Expression expression)
      throws ODataApplicationException {
    throw unsupported("Lambda expressions (" + function + ")");
  }

  @Override
  public Expr visitAlias(String name) throws ODataApplicationException {
    throw unsupported("Parameter aliases (" + name + ")");
  }

  @Override
  public Expr visitTypeLiteral(EdmType type) throws ODataApplicationException {
    throw unsupported("Type literals (" + type.getFullQualifiedName() + ")");
  }

  @Override
  public Expr visitLambdaReference(String variable) throws ODataApplicationException {
    throw unsupported("Lambda variables (" + variable + ")");
  }

  private static ClientErrorException unsupported(String what) {
    return ClientErrorException.badRequest(what + " is not supported in $filter.");
  }

  private static String unquote(String text, String prefix) {
    if (text.startsWith(prefix + "'") && text.endsWith("'")) {
      return text.substring(prefix.length() + 1, text.length() - 1);
    }
    return text;
  }
}
