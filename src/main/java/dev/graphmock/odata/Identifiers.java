package dev.graphmock.odata;

import dev.graphmock.model.EntityDef;
import dev.graphmock.model.PropertyDef;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.olingo.commons.api.edm.Edm;
import org.apache.olingo.commons.api.edm.EdmEnumType;
import org.apache.olingo.commons.api.edm.EdmSchema;
import org.apache.olingo.commons.api.edm.EdmStructuredType;

/**
 * Identifiers in {@code $filter}, {@code $orderby} and {@code $select} resolved without regard to case, as Graph's
 * OData stack resolves them (ODL with ASP.NET Core OData's case-insensitive resolver, which also matches built-in
 * keywords and function names so), and written as {@code $metadata} and Olingo spell them:
 * <pre>
 * microsoft.graph.DeviceManagementAutopilotEvent/DeploymentEndDateTime GE 2024-01-01T00:00:00Z
 *   -&gt; microsoft.graph.deviceManagementAutopilotEvent/deploymentEndDateTime ge 2024-01-01T00:00:00Z
 * startsWith(DeviceId,'D1') and EnrollmentState eq 'failed'
 *   -&gt; startswith(deviceId,'D1') and enrollmentState eq 'failed'
 * </pre>
 * String literals are left as written, and so are {@code true}, {@code false} and {@code null}, which ODL matches
 * exactly (enum members: see {@link EnumLiterals}). A name that matches nothing is left for Olingo to report.
 */
final class Identifiers {
  private static final Set<String> KEYWORDS = Set.of("eq", "ne", "gt", "ge", "lt", "le", "and", "or", "not", "in",
      "has", "asc", "desc", "add", "sub", "mul", "div", "divby", "mod");
  /** OData's built-in functions (OData URL Conventions 4.01, section 5.1.1.5 onwards) and typed-literal prefixes. */
  private static final Set<String> FUNCTIONS = Set.of("contains", "endswith", "startswith", "length", "indexof",
      "substring", "tolower", "toupper", "trim", "concat", "matchespattern", "year", "month", "day", "hour",
      "minute", "second", "fractionalseconds", "totalseconds", "date", "time", "totaloffsetminutes",
      "mindatetime", "maxdatetime", "now", "round", "floor", "ceiling", "cast", "isof", "any", "all",
      "geo.distance", "geo.intersects", "geo.length", "case");
  private static final Set<String> LITERAL_PREFIXES = Set.of("duration", "binary", "geography", "geometry");

  private final EntityDef entity;
  private final PathSegments types;
  private final List<EdmEnumType> enumTypes = new ArrayList<>();
  /**
   * Without the one collection (a schema the engine serves), the names of every property and navigation of every
   * structured type, by lower case: a name is folded to the one spelling the schema gives it, and not at all where
   * the schema spells it two ways.
   */
  private final java.util.Map<String, String> members = new java.util.HashMap<>();

  Identifiers(EntityDef entity, Edm edm) {
    this.entity = entity;
    this.types = new PathSegments(edm);
    for (EdmSchema schema : edm.getSchemas()) {
      enumTypes.addAll(schema.getEnumTypes());
      if (entity == null) {
        List<org.apache.olingo.commons.api.edm.EdmStructuredType> structured = new ArrayList<>(
            schema.getEntityTypes());
        structured.addAll(schema.getComplexTypes());
        for (var type : structured) {
          List<String> names = new ArrayList<>(type.getPropertyNames());
          names.addAll(type.getNavigationPropertyNames());
          for (String name : names) {
            members.merge(name.toLowerCase(Locale.ROOT), name, (one, other) -> one.equals(other) ? one : "");
          }
        }
      }
    }
  }

  /** The tokens with every identifier in the schema's spelling. */
  List<FilterToken> fold(List<FilterToken> tokens) {
    List<FilterToken> folded = new ArrayList<>(tokens.size());
    for (int i = 0; i < tokens.size(); i++) {
      FilterToken token = tokens.get(i);
      String text = switch (token.kind()) {
        case NAME -> name(token.text(), isText(next(tokens, i), "("));
        case TYPED_STRING -> typedString(token.text());
        default -> token.text();
      };
      folded.add(text.equals(token.text()) ? token : new FilterToken(token.kind(), text));
    }
    return folded;
  }

  private String name(String name, boolean called) {
    if (name.indexOf('.') > 0) {
      EdmStructuredType type = types.qualifiedType(name);
      if (type != null) {
        return PathSegments.qualifiedName(type);
      }
      String function = name.toLowerCase(Locale.ROOT);
      return called && FUNCTIONS.contains(function) ? function : name;
    }
    PropertyDef property = entity == null ? null : PathSegments.pick(entity.properties(), PropertyDef::name, name);
    if (property != null) {
      return property.name();
    }
    String member = members.get(name.toLowerCase(Locale.ROOT));
    if (member != null && !member.isEmpty() && !(called && FUNCTIONS.contains(name.toLowerCase(Locale.ROOT)))) {
      return member;
    }
    String lower = name.toLowerCase(Locale.ROOT);
    if (called && FUNCTIONS.contains(lower) || KEYWORDS.contains(lower)) {
      return lower;
    }
    return name;
  }

  /** {@code Duration'PT1M'} and {@code Microsoft.Graph.EnrollmentState'failed'}: the prefix folded, the literal not. */
  private String typedString(String text) {
    int quote = text.indexOf('\'');
    String prefix = text.substring(0, quote);
    String lower = prefix.toLowerCase(Locale.ROOT);
    if (LITERAL_PREFIXES.contains(lower)) {
      return lower + text.substring(quote);
    }
    int dot = prefix.lastIndexOf('.');
    if (dot > 0) {
      String qualifier = prefix.substring(0, dot);
      String simple = prefix.substring(dot + 1);
      for (EdmEnumType type : enumTypes) {
        String namespace = type.getFullQualifiedName().getNamespace();
        if (type.getName().equalsIgnoreCase(simple) && (qualifier.equalsIgnoreCase(namespace)
            || qualifier.equalsIgnoreCase(aliasOf(type)))) {
          return type.getFullQualifiedName().getFullQualifiedNameAsString() + text.substring(quote);
        }
      }
    }
    return text;
  }

  private String aliasOf(EdmEnumType type) {
    return types.aliasOf(type.getFullQualifiedName().getNamespace());
  }

  private static FilterToken next(List<FilterToken> tokens, int i) {
    for (int j = i + 1; j < tokens.size(); j++) {
      if (tokens.get(j).kind() != FilterToken.Kind.SPACE) {
        return tokens.get(j);
      }
    }
    return null;
  }

  private static boolean isText(FilterToken token, String text) {
    return token != null && token.text().equals(text);
  }
}
