package dev.graphmock.odata;

import dev.graphmock.model.EntityDef;
import dev.graphmock.model.EnumDef;
import dev.graphmock.model.PropertyDef;
import dev.graphmock.model.PropertyKind;
import dev.graphmock.query.Expr;
import java.util.List;
import org.apache.olingo.commons.api.edm.EdmEnumType;
import org.apache.olingo.commons.api.edm.EdmType;
import org.apache.olingo.server.api.ODataApplicationException;
import org.apache.olingo.server.api.uri.UriResource;
import org.apache.olingo.server.api.uri.UriResourcePrimitiveProperty;
import org.apache.olingo.server.api.uri.queryoption.expression.Expression;
import org.apache.olingo.server.api.uri.queryoption.expression.Member;

/**
 * {@code $filter} and {@code $orderby} on the bundled entity's one table, whose properties are flat: lambdas,
 * {@code has}, {@code isof} and paths are refused with a 400 naming them, never ignored (the engine's places serve
 * them: {@link PlaceExpressions}). Unknown enum members are refused here too: Olingo accepts any name after a type
 * prefix (docs/olingo-5.md §4).
 */
final class FilterTranslator extends ExpressionTranslator {
  private final EntityDef entity;

  FilterTranslator(EntityDef entity) {
    this.entity = entity;
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
  public Expr visitLambdaExpression(String function, String variable, Expression expression)
      throws ODataApplicationException {
    throw unsupported("Lambda expressions (" + function + ")");
  }

  @Override
  public Expr visitTypeLiteral(EdmType type) throws ODataApplicationException {
    throw unsupported("Type literals (" + type.getFullQualifiedName() + ")");
  }

  @Override
  public Expr visitLambdaReference(String variable) throws ODataApplicationException {
    throw unsupported("Lambda variables (" + variable + ")");
  }
}
