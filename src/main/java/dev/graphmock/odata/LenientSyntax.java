package dev.graphmock.odata;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Rewrites what Graph accepts in {@code $filter} and Olingo 5's parser does not into what it does:
 * <pre>
 * isof('microsoft.graph.azureADWindowsAutopilotDeploymentProfile')
 *   -&gt; isof(microsoft.graph.azureADWindowsAutopilotDeploymentProfile)
 * roleScopeTagIds/any( t : t eq '0')   -&gt; roleScopeTagIds/any(t:t eq '0')
 * </pre>
 * The quoted type name Graph's callers write in {@code isof} becomes the type literal of OData's grammar (only a
 * string that is a qualified name, and only among {@code isof}'s arguments); the spaces OData's grammar allows
 * after a lambda's parenthesis and around its colon (BWS), which Olingo refuses as an unexpected token, are
 * dropped (a colon outside a string literal is a lambda's, or inside a date-time literal, which has no spaces).
 * Every string literal is left as written (docs/olingo-5.md §12).
 */
final class LenientSyntax {
  private static final Pattern QUALIFIED = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)+");

  private LenientSyntax() {
  }

  static List<FilterToken> rewrite(List<FilterToken> tokens) {
    List<FilterToken> written = new ArrayList<>(tokens.size());
    for (int i = 0; i < tokens.size(); i++) {
      boolean space = tokens.get(i).kind() == FilterToken.Kind.SPACE;
      if (!space || !(isColon(tokens, i - 1) || isColon(tokens, i + 1) || opensLambda(tokens, i - 1))) {
        written.add(tokens.get(i));
      }
    }
    return unquoteTypes(written);
  }

  /** Whether token {@code i} is the parenthesis after {@code any} or {@code all}: {@code any( t: …)}. */
  private static boolean opensLambda(List<FilterToken> tokens, int i) {
    return i >= 1 && tokens.get(i).text().equals("(") && tokens.get(i - 1).kind() == FilterToken.Kind.NAME
        && (tokens.get(i - 1).text().equalsIgnoreCase("any") || tokens.get(i - 1).text().equalsIgnoreCase("all"));
  }

  private static boolean isColon(List<FilterToken> tokens, int i) {
    return i >= 0 && i < tokens.size() && tokens.get(i).kind() == FilterToken.Kind.OTHER
        && tokens.get(i).text().equals(":");
  }

  private static List<FilterToken> unquoteTypes(List<FilterToken> tokens) {
    List<FilterToken> written = new ArrayList<>(tokens);
    for (int i = 0; i < tokens.size(); i++) {
      FilterToken token = tokens.get(i);
      if (token.kind() != FilterToken.Kind.NAME || !token.text().equalsIgnoreCase("isof")) {
        continue;
      }
      int j = next(tokens, i);
      if (j < 0 || !tokens.get(j).text().equals("(")) {
        continue;
      }
      int depth = 0;
      for (int k = j; k < tokens.size(); k++) {
        String text = tokens.get(k).text();
        if (text.equals("(")) {
          depth++;
        } else if (text.equals(")") && --depth == 0) {
          break;
        } else if (depth == 1 && tokens.get(k).kind() == FilterToken.Kind.STRING) {
          String inside = text.substring(1, text.length() - 1);
          if (QUALIFIED.matcher(inside).matches()) {
            written.set(k, new FilterToken(FilterToken.Kind.NAME, inside));
          }
        }
      }
    }
    return written;
  }

  private static int next(List<FilterToken> tokens, int i) {
    for (int j = i + 1; j < tokens.size(); j++) {
      if (tokens.get(j).kind() != FilterToken.Kind.SPACE) {
        return j;
      }
    }
    return -1;
  }
}
