package dev.graphmock.odata;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import dev.graphmock.model.EnumDef;

/**
 * Rewrites {@code $filter} so that Olingo 5.0.0 accepts enum literals as Graph users write them (OData 4.01):
 * <pre>
 * enrollmentState eq 'failed'            -&gt; enrollmentState eq microsoft.graph.enrollmentState'failed'
 * enrollmentState in ('failed','blocked') -&gt; (enrollmentState eq microsoft.graph.enrollmentState'failed'
 *                                           or enrollmentState eq microsoft.graph.enrollmentState'blocked')
 * </pre>
 * Olingo refuses the unprefixed literal ("types not compatible") and fails with a 500 on {@code in} over an
 * enum, prefixed or not (docs/olingo-5.md §4). Works on tokens, so text inside string literals is never touched.
 *
 * <p>Member names follow ODL's letter-case rules: a plain string compared with {@code eq} must match exactly
 * ({@code 'Failed'} is not a member), while a typed literal ({@code microsoft.graph.enrollmentState'Failed'}) and
 * the members of an {@code in} list resolve without regard to case, and are written as {@code $metadata} does.
 */
final class EnumLiterals {
  private static final Set<String> COMPARISONS = Set.of("eq", "ne", "gt", "ge", "lt", "le", "has");

  private final Map<String, EnumDef> enumByProperty;
  private final Map<String, EnumDef> enumInPaths;
  private final java.util.function.Function<String, EnumLiterals> casts;
  private final Map<String, EnumDef> enumByName = new java.util.HashMap<>();

  /** @param enumByProperty the enum type of each enum-typed property */
  EnumLiterals(Map<String, EnumDef> enumByProperty) {
    this(enumByProperty, enumByProperty);
  }

  /**
   * @param enumByProperty the enum type of each enum-typed property a filter names on its own (the addressed
   *     entities')
   * @param enumInPaths the enum type of a property named after a {@code /} (a complex value's, anywhere)
   */
  EnumLiterals(Map<String, EnumDef> enumByProperty, Map<String, EnumDef> enumInPaths) {
    this(enumByProperty, enumInPaths, null);
  }

  /**
   * @param casts the enum literals of the entities of a type a path casts to ({@code example.fleet.site/kind}), by
   *     qualified name; null where paths have no casts
   */
  EnumLiterals(Map<String, EnumDef> enumByProperty, Map<String, EnumDef> enumInPaths,
               java.util.function.Function<String, EnumLiterals> casts) {
    this.enumByProperty = enumByProperty;
    this.enumInPaths = enumInPaths;
    this.casts = casts;
    enumByProperty.values().forEach(type -> enumByName.put(type.qualifiedName(), type));
    enumInPaths.values().forEach(type -> enumByName.put(type.qualifiedName(), type));
  }

  String rewrite(List<FilterToken> tokens) {
    List<Integer> significant = new ArrayList<>();
    for (int i = 0; i < tokens.size(); i++) {
      if (tokens.get(i).kind() != FilterToken.Kind.SPACE) {
        significant.add(i);
      }
    }
    List<Lambda> variables = lambdaVariables(tokens, significant);
    String[] replaced = new String[tokens.size()];
    for (int i = 0; i < tokens.size(); i++) {
      if (tokens.get(i).kind() == FilterToken.Kind.TYPED_STRING) {
        replaced[i] = foldTyped(tokens.get(i).text());
      }
    }
    for (int s = 0; s < significant.size(); s++) {
      EnumDef type = enumType(tokens, significant, s, variables);
      if (type == null) {
        continue;
      }
      FilterToken operator = at(tokens, significant, s + 1);
      if (operator != null && COMPARISONS.contains(operator.text())) {
        prefix(tokens, significant, s + 2, type, replaced);
      } else if (operator != null && operator.text().equals("in") && isText(at(tokens, significant, s + 2), "(")) {
        expandIn(tokens, significant, s, type, replaced);
      }
      FilterToken before = at(tokens, significant, s - 1);
      if (before != null && COMPARISONS.contains(before.text())) {
        prefix(tokens, significant, s - 2, type, replaced);
      }
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < tokens.size(); i++) {
      out.append(replaced[i] == null ? tokens.get(i).text() : replaced[i]);
    }
    return out.toString();
  }

  /** A typed enum literal with its member in the schema's spelling, found without regard to case; else as is. */
  private String foldTyped(String literal) {
    int quote = literal.indexOf('\'');
    EnumDef type = enumByName.get(literal.substring(0, quote));
    if (type == null || !literal.endsWith("'")) {
      return literal;
    }
    return type.qualifiedName() + "'" + member(type, literal.substring(quote + 1, literal.length() - 1)) + "'";
  }

  /** The member named {@code name}, exactly or else ignoring case; {@code name} itself when there is none. */
  private static String member(EnumDef type, String name) {
    if (type.members().containsKey(name)) {
      return name;
    }
    return type.members().keySet().stream().filter(name::equalsIgnoreCase).findFirst().orElse(name);
  }

  /**
   * The enum type of the property named by significant token {@code s} (alone, or last in a path such as
   * {@code placement/color}), or of the elements a lambda variable ranges over ({@code colors/any(c: c eq 'red')}).
   */
  private EnumDef enumType(List<FilterToken> tokens, List<Integer> significant, int s,
                           List<Lambda> variables) {
    FilterToken token = tokens.get(significant.get(s));
    if (token.kind() != FilterToken.Kind.NAME) {
      return null;
    }
    FilterToken before = at(tokens, significant, s - 1);
    boolean inPath = before != null && before.text().equals("/");
    if (!inPath) {
      // The innermost lambda around s that ranges a variable of this name.
      Lambda scope = null;
      for (Lambda lambda : variables) {
        if (lambda.variable().equals(token.text()) && lambda.from() < s && s < lambda.to()
            && (scope == null || lambda.from() > scope.from())) {
          scope = lambda;
        }
      }
      if (scope != null) {
        return scope.type();
      }
    }
    FilterToken cast = inPath ? at(tokens, significant, s - 2) : null;
    if (cast != null && casts != null && cast.kind() == FilterToken.Kind.NAME && cast.text().indexOf('.') > 0
        && (s < 3 || !isText(at(tokens, significant, s - 3), "/"))) {
      // A property after a cast at the start of a path is the cast type's own.
      return casts.apply(cast.text()).own(token.text());
    }
    return (inPath ? enumInPaths : enumByProperty).get(token.text());
  }

  /** The enum type of the addressed entities' own property {@code name}, or null. */
  EnumDef own(String name) {
    return enumByProperty.get(name);
  }

  /**
   * A lambda's variable, the enum type of the members it ranges over (null for a collection of anything else) and
   * the significant tokens it is in scope between (its parentheses, exclusive).
   */
  private record Lambda(String variable, EnumDef type, int from, int to) {
  }

  /** Each lambda: {@code colors/any(c: …)} ranges c over colors' members, within its parentheses only. */
  private List<Lambda> lambdaVariables(List<FilterToken> tokens, List<Integer> significant) {
    List<Lambda> variables = new ArrayList<>();
    for (int s = 0; s + 5 < significant.size(); s++) {
      FilterToken operator = at(tokens, significant, s + 2);
      if (tokens.get(significant.get(s)).kind() == FilterToken.Kind.NAME && isText(at(tokens, significant, s + 1),
          "/") && operator != null && (operator.text().equals("any") || operator.text().equals("all"))
          && isText(at(tokens, significant, s + 3), "(") && isText(at(tokens, significant, s + 5), ":")) {
        FilterToken before = at(tokens, significant, s - 1);
        boolean inPath = before != null && before.text().equals("/");
        EnumDef type = (inPath ? enumInPaths : enumByProperty).get(tokens.get(significant.get(s)).text());
        int close = s + 3;
        for (int depth = 0; close < significant.size(); close++) {
          String text = tokens.get(significant.get(close)).text();
          depth += text.equals("(") ? 1 : text.equals(")") ? -1 : 0;
          if (depth == 0) {
            break;
          }
        }
        variables.add(new Lambda(at(tokens, significant, s + 4).text(), type, s + 3, close));
      }
    }
    return variables;
  }

  private static void prefix(List<FilterToken> tokens, List<Integer> significant, int s, EnumDef type,
                             String[] replaced) {
    FilterToken literal = at(tokens, significant, s);
    if (literal != null && literal.kind() == FilterToken.Kind.STRING) {
      replaced[significant.get(s)] = type.qualifiedName() + literal.text();
    }
  }

  private void expandIn(List<FilterToken> tokens, List<Integer> significant, int s, EnumDef type,
                        String[] replaced) {
    // The operand is the whole path that ends at s (placement/color), written again in each alternative.
    int first = s;
    while (first >= 2 && isText(at(tokens, significant, first - 1), "/")
        && at(tokens, significant, first - 2).kind() == FilterToken.Kind.NAME) {
      first -= 2;
    }
    StringBuilder path = new StringBuilder();
    for (int p = first; p <= s; p++) {
      path.append(tokens.get(significant.get(p)).text());
    }
    String property = path.toString();
    List<String> members = new ArrayList<>();
    int t = s + 3;
    while (true) {
      FilterToken item = at(tokens, significant, t);
      if (item == null || item.kind() != FilterToken.Kind.STRING && item.kind() != FilterToken.Kind.TYPED_STRING) {
        return;
      }
      members.add(item.kind() == FilterToken.Kind.STRING
          ? foldTyped(type.qualifiedName() + item.text()) : foldTyped(item.text()));
      FilterToken next = at(tokens, significant, t + 1);
      if (isText(next, ")")) {
        break;
      }
      if (!isText(next, ",")) {
        return;
      }
      t += 2;
    }
    int end = t + 1;
    List<String> alternatives = new ArrayList<>();
    for (String member : members) {
      alternatives.add(property + " eq " + member);
    }
    replaced[significant.get(first)] = "(" + String.join(" or ", alternatives) + ")";
    for (int i = significant.get(first) + 1; i <= significant.get(end); i++) {
      replaced[i] = "";
    }
  }

  private static FilterToken at(List<FilterToken> tokens, List<Integer> significant, int s) {
    return s < 0 || s >= significant.size() ? null : tokens.get(significant.get(s));
  }

  private static boolean isText(FilterToken token, String text) {
    return token != null && token.text().equals(text);
  }
}
