package dev.graphmock.odata;

import java.util.List;
import java.util.Locale;

/**
 * Bounds on a {@code $filter} before anything parses it recursively: Olingo's parser, our translator and SQLite
 * (whose expression depth limit is 1,000) all recurse once per nesting level or operator, so an absurd filter
 * must be a 400, never a stack overflow or a database error. Real Graph filters stay far below these bounds.
 */
final class FilterComplexity {
  static final int MAX_NESTING = 50;
  static final int MAX_OPERATORS = 300;

  private FilterComplexity() {
  }

  static void check(List<FilterToken> tokens) throws ClientErrorException {
    int depth = 0;
    int deepest = 0;
    int operators = 0;
    for (FilterToken token : tokens) {
      if (token.text().equals("(")) {
        deepest = Math.max(deepest, ++depth);
      } else if (token.text().equals(")")) {
        depth--;
      } else if (token.kind() == FilterToken.Kind.NAME) {
        String word = token.text().toLowerCase(Locale.ROOT);
        if (word.equals("and") || word.equals("or") || word.equals("not")) {
          operators++;
        }
      }
    }
    if (deepest > MAX_NESTING) {
      throw ClientErrorException.badRequest("The $filter is nested " + deepest + " levels deep; at most "
          + MAX_NESTING + " are supported.");
    }
    if (operators > MAX_OPERATORS) {
      throw ClientErrorException.badRequest("The $filter has " + operators + " and/or/not operators; at most "
          + MAX_OPERATORS + " are supported (use 'in' for long lists of values).");
    }
  }
}
