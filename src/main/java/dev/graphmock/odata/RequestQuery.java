package dev.graphmock.odata;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A request's query options, parsed once ({@link ODataService#handle}) and carried to the processors that need
 * them: the options as the client sent them, from which nextLinks and skip-token fingerprints are made, and the
 * same options rewritten into what Olingo parses:
 * <pre>
 * sent:        $filter=EnrollmentState eq @s&amp;@s='failed'&amp;top=5
 * for Olingo:  $filter=enrollmentState eq microsoft.graph.enrollmentState'failed'&amp;$top=5
 * nextLink:    …/autopilotEvents?$filter=EnrollmentState%20eq%20@s&amp;@s='failed'&amp;$top=5&amp;$skiptoken=…
 * </pre>
 * {@code $filter} is tokenised once, and the tokens serve the parameter aliases, the letter case of identifiers,
 * the complexity limits and the enum literals alike.
 */
final class RequestQuery {
  static final RequestQuery NONE = new RequestQuery(QueryString.EMPTY, null);

  private final QueryString sent;
  private final String forOlingo;

  private RequestQuery(QueryString sent, String forOlingo) {
    this.sent = sent;
    this.forOlingo = forOlingo;
  }

  /** Parses a raw query string (null for none); refuses what graphmock cannot honour, with a message naming it. */
  static RequestQuery parse(String rawQuery, Identifiers identifiers, EnumLiterals enumLiterals)
      throws ClientErrorException {
    return parse(rawQuery, identifiers, enumLiterals, false);
  }

  /**
   * Where enum literals are resolved in a schema the engine serves: by the entities a filter applies to, which for
   * a filter nested in {@code $expand} are the expanded navigation's.
   */
  interface Scopes {
    /** The enum literals of a filter on entities of {@code type} (qualified name; null: the schema's). */
    EnumLiterals of(String type);

    /** The type {@code navigation} of entities of {@code type} leads to, or null. */
    String target(String type, String navigation);
  }

  /** @param expand whether {@code $expand} is served (on the engine's places) */
  static RequestQuery parse(String rawQuery, Identifiers identifiers, EnumLiterals enumLiterals, boolean expand)
      throws ClientErrorException {
    return parse(rawQuery, identifiers, new Scopes() {
      @Override
      public EnumLiterals of(String type) {
        return enumLiterals;
      }

      @Override
      public String target(String type, String navigation) {
        return null;
      }
    }, null, expand);
  }

  /**
   * @param scopes the enum literals of each type, and where navigations lead
   * @param type the entities the request addresses (qualified name), or null
   * @param expand whether {@code $expand} is served (on the engine's places)
   */
  static RequestQuery parse(String rawQuery, Identifiers identifiers, Scopes scopes, String type, boolean expand)
      throws ClientErrorException {
    EnumLiterals enumLiterals = scopes.of(type);
    if (rawQuery == null || rawQuery.isEmpty()) {
      return NONE;
    }
    QueryString sent = QueryString.parse(rawQuery, expand);
    Map<String, String> aliases = sent.aliases();
    QueryString olingo = sent.withoutAliases();
    String filter = olingo.decoded("$filter");
    List<FilterToken> tokens = filter == null ? null : FilterToken.scan(filter);
    if (tokens != null) {
      tokens = identifiers.fold(LenientSyntax.rewrite(ParameterAliases.substitute(tokens, aliases)));
      FilterComplexity.check(tokens);
      olingo = olingo.with("$filter", QueryString.encode(enumLiterals.rewrite(tokens)));
    }
    for (String option : expand ? List.of("$orderby", "$select", "$expand") : List.of("$orderby", "$select")) {
      String value = olingo.decoded(option);
      List<FilterToken> optionTokens = value == null ? null : FilterToken.scan(value);
      if (optionTokens != null) {
        boolean expansion = option.equals("$expand");
        List<FilterToken> substituted = ParameterAliases.substitute(optionTokens, aliases);
        List<FilterToken> foldedTokens = identifiers.fold(expansion ? LenientSyntax.rewrite(substituted)
            : substituted);
        String folded = FilterToken.join(expansion ? nestedFilters(nestedOptions(foldedTokens), scopes, type)
            : foldedTokens);
        if (!folded.equals(value)) {
          olingo = olingo.with(option, QueryString.encode(folded));
        }
      }
    }
    return new RequestQuery(sent, olingo.toRaw());
  }

  /**
   * The options nested in an expansion ({@code profile($Select=…)}) in lower case, as top-level ones are written
   * ({@link QueryString}): Olingo reads them only so.
   */
  private static List<FilterToken> nestedOptions(List<FilterToken> tokens) {
    List<FilterToken> written = new ArrayList<>(tokens.size());
    for (int i = 0; i < tokens.size(); i++) {
      FilterToken token = tokens.get(i);
      boolean afterDollar = i > 0 && tokens.get(i - 1).text().endsWith("$");
      if (afterDollar && token.kind() == FilterToken.Kind.NAME && NESTED.contains(token.text().toLowerCase(
          java.util.Locale.ROOT))) {
        token = new FilterToken(token.kind(), token.text().toLowerCase(java.util.Locale.ROOT));
      }
      written.add(token);
    }
    return written;
  }

  /**
   * Each {@code $filter} nested in an expansion, checked and rewritten as a top-level one is (its complexity, its
   * enum literals, those of the expanded navigation's entities), at any depth.
   */
  private static List<FilterToken> nestedFilters(List<FilterToken> tokens, Scopes scopes, String type)
      throws ClientErrorException {
    List<FilterToken> written = new ArrayList<>(tokens.size());
    // The type each open parenthesis is in (null: unknown, the schema's names): a navigation's options are its
    // target's, a cast's its type's.
    List<String> types = new ArrayList<>();
    String item = null;
    for (int i = 0; i < tokens.size(); i++) {
      FilterToken token = tokens.get(i);
      written.add(token);
      String inside = types.isEmpty() ? type : types.get(types.size() - 1);
      if (token.text().equals("(") || token.text().equals(")")) {
        if (token.text().equals("(")) {
          types.add(item);
        } else if (!types.isEmpty()) {
          types.remove(types.size() - 1);
        }
        item = null;
        continue;
      }
      if (token.kind() == FilterToken.Kind.NAME && (i == 0 || !tokens.get(i - 1).text().endsWith("$"))) {
        // An expand item: what its parenthesis holds applies to its target (or, after a cast, the cast's type).
        boolean cast = i > 0 && tokens.get(i - 1).text().equals("/") && token.text().indexOf('.') > 0;
        item = cast ? token.text() : inside == null ? null : scopes.target(inside, token.text());
      }
      boolean filter = token.text().equals("filter") && i > 0 && tokens.get(i - 1).text().endsWith("$")
          && i + 1 < tokens.size() && tokens.get(i + 1).text().equals("=");
      if (!filter) {
        continue;
      }
      written.add(tokens.get(i + 1));
      int end = i + 2;
      int depth = 0;
      while (end < tokens.size()) {
        String text = tokens.get(end).text();
        if (depth == 0 && (text.equals(";") || text.equals(")"))) {
          break;
        }
        depth += text.equals("(") ? 1 : text.equals(")") ? -1 : 0;
        end++;
      }
      List<FilterToken> nested = tokens.subList(i + 2, end);
      FilterComplexity.check(nested);
      written.add(new FilterToken(FilterToken.Kind.OTHER, scopes.of(inside).rewrite(nested)));
      i = end - 1;
    }
    return written;
  }

  private static final java.util.Set<String> NESTED = java.util.Set.of("select", "expand", "filter", "orderby", "top",
      "skip", "count", "levels", "search");

  /** The query string Olingo is to parse, without {@code ?}; null for none. */
  String forOlingo() {
    return forOlingo;
  }

  /**
   * What a {@code $skiptoken} is bound to: the filter, the order and the aliases they use, as the client wrote
   * them. Following a nextLink sends exactly these again.
   */
  String fingerprint() {
    List<String> parts = new ArrayList<>();
    parts.add(String.valueOf(sent.raw("$filter")));
    parts.add(String.valueOf(sent.raw("$orderby")));
    new TreeMap<>(sent.aliases()).forEach((name, value) -> parts.add(name + "=" + value));
    return String.join("\n", parts);
  }

  /** The next page's URL: the collection's, with the client's options as sent, less {@code $skip}, plus the token. */
  String nextLink(String collectionUrl, String skipToken) {
    return collectionUrl + "?" + sent.with("$skip", null).with("$skiptoken", skipToken).toRaw();
  }
}
