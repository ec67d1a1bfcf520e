package dev.graphmock.store;

import dev.graphmock.model.DateTimeOffsetValue;
import dev.graphmock.model.Durations;
import dev.graphmock.model.EdmPrimitive;
import dev.graphmock.model.EnumDef;
import dev.graphmock.model.ValueType;
import dev.graphmock.query.Expr;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A WHERE clause (or an ORDER BY term) over one family's table ({@link FamilyLayout}), for the engine's places:
 * <pre>
 * color eq 'red'                          -&gt; ("color" = ?)                                         [1]
 * placement/address/city eq 'Oslo'        -&gt; (json_extract("placement", '$.address.city') = ?)     [Oslo]
 * tags/any(t: t eq 'lab')                 -&gt; EXISTS (SELECT 1 FROM json_each(…"tags"…) AS e1
 *                                            WHERE (e1.value = ?))
 * isof(fleet.cloudProfile)                -&gt; ("odata_type" IN ('example.fleet.cloudProfile'))
 * capabilities has fleet.capability'wifi' -&gt; (("capabilities" &amp; ?) = ?)                            [1, 1]
 * fleet.onPremisesProfile/domain eq 'x'   -&gt; ((CASE WHEN "odata_type" IN ('…onPremisesProfile')
 *                                            THEN "domain" END) = ?)
 * </pre>
 * (SQLite's SQL shown; PostgreSQL's {@code #>>} and {@code jsonb_array_elements} through the {@link Dialect}.) A
 * primitive or enum property compares by its column, as it is kept ({@link ValueColumns}: an enum by its member's
 * value, an instant by its ticks); a value inside JSON by what JSON holds (an enum by its member's name, a
 * DateTimeOffset as the instant its text names), and a literal is converted to what it is compared with. No operand
 * carries a parameter, so an operand written twice (by {@code endswith}) needs none twice: type names are written
 * as SQL literals, paths as the schema's names ({@link JsonPaths#check}).
 */
final class FamilyConditions extends Conditions {
  private final FamilyLayout layout;
  private final Map<String, String> aliases = new HashMap<>();
  private int lambdas;

  FamilyConditions(Dialect dialect, FamilyLayout layout) {
    super(dialect);
    this.layout = layout;
  }

  @Override
  String operand(Expr expr) {
    if (expr instanceof Expr.Member member) {
      FamilyLayout.Column column = column(member);
      String sql = SqlRenderer.quote(column.name());
      if (column.holds() == FamilyLayout.Holds.JSON) {
        sql = ofCastTypes(SqlRenderer.quote(column.name()), member.casts(), false,
            inJson(sql, member.path(), member.valueType(), false));
      }
      if (member.cast()) {
        sql = "(CASE WHEN " + ofTypes(member.type().family().stream().map(type -> type.qualifiedName()).toList())
            + " THEN " + sql + " END)";
      }
      return sql;
    }
    if (expr instanceof Expr.Element element) {
      String alias = alias(element.variable());
      return ofCastTypes(alias, element.casts(), true, inJson(alias, element.path(), element.valueType(), true));
    }
    return null;
  }

  /**
   * {@code value}, or null where a complex value a cast names ({@link Expr.ComplexCast}) is not of the cast's types:
   * its {@code @odata.type} (written when the type is not the declared one, with '#') names one of them.
   */
  private String ofCastTypes(String json, List<Expr.ComplexCast> casts, boolean element, String value) {
    if (casts.isEmpty()) {
      return value;
    }
    List<String> tests = new ArrayList<>();
    for (Expr.ComplexCast cast : casts) {
      List<String> at = new ArrayList<>(cast.at());
      at.add(JsonPaths.TYPE);
      String tag = element ? dialect.elementValue(json, at, EdmPrimitive.STRING)
          : dialect.jsonValue(json, at, EdmPrimitive.STRING);
      tests.add(tag + " IN (" + String.join(", ", cast.types().stream().map(type -> SqlRenderer.literal("#" + type))
          .toList()) + ")");
    }
    return "(CASE WHEN " + String.join(" AND ", tests) + " THEN " + value + " END)";
  }

  /** The value at {@code path} inside the JSON {@code json} (an element's when {@code element}), as SQL compares it. */
  private String inJson(String json, List<String> path, ValueType type, boolean element) {
    EdmPrimitive kind = type instanceof ValueType.Primitive primitive ? primitive.kind() : EdmPrimitive.STRING;
    String value = element ? dialect.elementValue(json, path, kind) : dialect.jsonValue(json, path, kind);
    return kind == EdmPrimitive.DATE_TIME_OFFSET ? dialect.instant(value) : value;
  }

  @Override
  boolean isBooleanOperand(Expr expr) {
    ValueType type = Expr.valueType(expr);
    return type instanceof ValueType.Primitive primitive && primitive.kind() == EdmPrimitive.BOOLEAN;
  }

  @Override
  String literal(Expr.Literal literal, Expr against) {
    Object value = literal.value();
    ValueType type = Expr.valueType(against);
    boolean json = against instanceof Expr.Element
        || against instanceof Expr.Member member && column(member).holds() == FamilyLayout.Holds.JSON;
    if (value == null) {
      parameters.add(null);
      return "?";
    }
    if (type instanceof ValueType.Enumeration enumeration) {
      long members = ValueColumns.memberValue(enumeration.type(), (String) value);
      // Inside JSON a flags value is its members' names in the schema's order (json.ValueReader writes them so).
      parameters.add(!json ? members : enumeration.type().flags()
          ? ValueColumns.memberNames(enumeration.type(), members) : value);
      return "?";
    }
    EdmPrimitive kind = type instanceof ValueType.Primitive primitive ? primitive.kind() : null;
    if (json && kind == EdmPrimitive.DATE_TIME_OFFSET && value instanceof DateTimeOffsetValue instant) {
      parameters.add(instant.text());
      return dialect.instant("?");
    }
    if (kind == EdmPrimitive.GUID) {
      value = value.toString().toLowerCase(Locale.ROOT);
    }
    parameters.add(columnValue(value));
    return "?";
  }

  /** A literal's value as a column (or a JSON value read by {@link Dialect#jsonValue}) holds it. */
  private static Object columnValue(Object value) {
    if (value instanceof Boolean flag) {
      return flag ? 1 : 0;
    }
    if (value instanceof DateTimeOffsetValue instant) {
      return instant.utcTicks();
    }
    if (value instanceof Duration duration) {
      return Durations.toTicks(duration);
    }
    if (value instanceof LocalTime time) {
      return time.toNanoOfDay() / 100;
    }
    if (value instanceof java.time.LocalDate date) {
      return date.toString();
    }
    return value;
  }

  @Override
  String special(Expr expr) {
    if (expr instanceof Expr.IsOf isOf) {
      return "(" + ofTypes(isOf.types()) + ")";
    }
    if (expr instanceof Expr.Has has) {
      return has(has);
    }
    if (expr instanceof Expr.Lambda lambda) {
      return lambda(lambda);
    }
    return super.special(expr);
  }

  private String has(Expr.Has has) {
    String operand = operand(has.operand());
    boolean json = has.operand() instanceof Expr.Element
        || has.operand() instanceof Expr.Member member && column(member).holds() == FamilyLayout.Holds.JSON;
    EnumDef type = has.type();
    if (!json) {
      long bits = ValueColumns.memberValue(type, String.join(",", has.members()));
      parameters.add(bits);
      parameters.add(bits);
      return "((" + operand + " & ?) = ?)";
    }
    // Inside JSON a flags value is its members' names, comma-separated ("wifi,bluetooth"): each must be among them.
    List<String> terms = new ArrayList<>();
    for (String member : has.members()) {
      if (type.valueOf(member).orElse(0L) != 0) {
        parameters.add("," + member + ",");
        terms.add(dialect.contains("(',' || " + operand + " || ',')", "?"));
      }
    }
    return terms.isEmpty() ? "(" + operand + " IS NOT NULL)" : "(" + String.join(" AND ", terms) + ")";
  }

  /**
   * {@code any}: some element satisfies the predicate; {@code all}: none fails to (an element for which it is
   * false or unknown fails), so {@code all} of an empty collection is true, as OData says.
   */
  private String lambda(Expr.Lambda lambda) {
    String json;
    List<String> path;
    if (lambda.collection() instanceof Expr.Member member) {
      json = SqlRenderer.quote(column(member).name());
      path = member.path();
    } else {
      Expr.Element element = (Expr.Element) lambda.collection();
      json = alias(element.variable()) + ".value";
      path = element.path();
    }
    String alias = "e" + ++lambdas;
    String previous = aliases.put(lambda.variable(), alias);
    String elements = dialect.jsonElements(json, path, alias);
    String predicate = condition(lambda.predicate());
    if (previous == null) {
      aliases.remove(lambda.variable());
    } else {
      aliases.put(lambda.variable(), previous);
    }
    String exists = lambda.all()
        ? "(NOT EXISTS (SELECT 1 FROM " + elements + " WHERE (" + predicate + ") IS NOT TRUE))"
        : "(EXISTS (SELECT 1 FROM " + elements + " WHERE " + predicate + "))";
    if (lambda.collection() instanceof Expr.Member member && member.cast()) {
      return "(" + ofTypes(member.type().family().stream().map(type -> type.qualifiedName()).toList()) + " AND "
          + exists + ")";
    }
    return exists;
  }

  private String alias(String variable) {
    String alias = aliases.get(variable);
    if (alias == null) {
      throw new IllegalArgumentException("no lambda ranges over '" + variable + "'");
    }
    return alias;
  }

  private static String ofTypes(List<String> types) {
    return SqlRenderer.quote(FamilyLayout.TYPE) + " IN (" + String.join(", ", types.stream()
        .map(SqlRenderer::literal).toList()) + ")";
  }

  private FamilyLayout.Column column(Expr.Member member) {
    return layout.column(member.type(), member.property()).orElseThrow(() -> new IllegalArgumentException(
        member.type().qualifiedName() + " has no property '" + member.property() + "' kept in "
            + layout.table()));
  }
}
