package dev.graphmock.odata;

import java.util.ArrayList;
import java.util.List;

/**
 * A lexical token of OData's expression syntax, as far as the rewrites before Olingo (aliases, letter case, enum
 * literals) and the complexity check tell them apart: {@code deviceId eq @d} is NAME SPACE NAME SPACE ALIAS.
 */
record FilterToken(Kind kind, String text) {
  enum Kind { SPACE, NAME, ALIAS, STRING, TYPED_STRING, OTHER }

  /** The text of {@code tokens}, joined as they are. */
  static String join(List<FilterToken> tokens) {
    StringBuilder text = new StringBuilder();
    tokens.forEach(token -> text.append(token.text()));
    return text.toString();
  }

  /** The tokens of {@code text}, or null when a string literal is unterminated (Olingo will report it). */
  static List<FilterToken> scan(String text) {
    List<FilterToken> tokens = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      int start = i;
      if (Character.isWhitespace(c)) {
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
          i++;
        }
        tokens.add(new FilterToken(Kind.SPACE, text.substring(start, i)));
      } else if (c == '\'') {
        i = endOfString(text, i);
        if (i < 0) {
          return null;
        }
        tokens.add(new FilterToken(Kind.STRING, text.substring(start, i)));
      } else if (Character.isLetter(c) || c == '_') {
        while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_'
            || text.charAt(i) == '.')) {
          i++;
        }
        if (i < text.length() && text.charAt(i) == '\'') {
          i = endOfString(text, i);
          if (i < 0) {
            return null;
          }
          tokens.add(new FilterToken(Kind.TYPED_STRING, text.substring(start, i)));
        } else {
          tokens.add(new FilterToken(Kind.NAME, text.substring(start, i)));
        }
      } else if (c == '@' && i + 1 < text.length() && (Character.isLetter(text.charAt(i + 1))
          || text.charAt(i + 1) == '_')) {
        i++;
        while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
          i++;
        }
        tokens.add(new FilterToken(Kind.ALIAS, text.substring(start, i)));
      } else if (Character.isDigit(c) || c == '-' && i + 1 < text.length() && Character.isDigit(text.charAt(i + 1))) {
        i++;
        while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || ".:+-".indexOf(text.charAt(i)) >= 0)) {
          i++;
        }
        tokens.add(new FilterToken(Kind.OTHER, text.substring(start, i)));
      } else {
        tokens.add(new FilterToken(Kind.OTHER, String.valueOf(c)));
        i++;
      }
    }
    return tokens;
  }

  /** The index just past the string literal opening at {@code quote}, or -1 when it never closes. */
  private static int endOfString(String text, int quote) {
    int i = quote + 1;
    while (i < text.length()) {
      if (text.charAt(i) == '\'') {
        if (i + 1 < text.length() && text.charAt(i + 1) == '\'') {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return -1;
  }
}
