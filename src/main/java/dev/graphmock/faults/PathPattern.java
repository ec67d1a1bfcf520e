package dev.graphmock.faults;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.Locale;

/**
 * A rule's {@code path}: a regular expression searched for in the path after the version root, in RE2's syntax and
 * run by RE2J, which matches in time linear in the path. java.util.regex backtracks: {@code (.*a){20}$} against
 * {@code …/aaaaaaaaaaaaaaaaaaaaaaaaab} spun a request thread for good (issue 30). RE2 stays linear by leaving out
 * backreferences, lookahead and lookbehind, atomic groups and possessive quantifiers; a pattern using one is
 * refused naming it. What a pattern may hold is bounded: {@value #MAX_LENGTH} characters, and a program RE2J can
 * build without exhausting memory ({@link ExpandedSize}). Thread-safe: RE2J's patterns are.
 */
final class PathPattern {
  static final int MAX_LENGTH = 1_000;
  /** Far above what all rules together may hold ({@link Faults#MAX_PATH_INSTRUCTIONS}), and a few MiB to build. */
  private static final long MAX_ESTIMATE = 100_000;
  /** How a pattern's size is counted, for the messages that refuse one too large. */
  static final String EXPANDED = "once repetitions are expanded (RE2 spells x{3} as xxx)";
  private static final String SYNTAX = "path must be a regular expression in RE2's syntax, which has no"
      + " backreferences, lookahead or lookbehind, atomic groups or possessive quantifiers: ";

  private final Pattern pattern;

  private PathPattern(Pattern pattern) {
    this.pattern = pattern;
  }

  /** The pattern; an {@link IllegalArgumentException} says what is wrong with it. */
  static PathPattern compile(String text) {
    if (text.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("path is at most " + thousands(MAX_LENGTH) + " characters, not "
          + thousands(text.length()) + ".");
    }
    long estimate = ExpandedSize.of(text);
    if (estimate > MAX_ESTIMATE) {
      throw new IllegalArgumentException("path is too large " + EXPANDED + ": about " + thousands(estimate)
          + " instructions, where all rules' paths together may take " + thousands(Faults.MAX_PATH_INSTRUCTIONS)
          + ".");
    }
    try {
      return new PathPattern(Pattern.compile(text));
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(SYNTAX + explain(e) + ".");
    }
  }

  /** Whether the pattern is found anywhere in {@code path}. */
  boolean foundIn(String path) {
    return pattern.matcher(path).find();
  }

  String text() {
    return pattern.pattern();
  }

  /** The instructions RE2J compiled it into: what matching a path costs a step, and what the program holds. */
  int instructions() {
    return pattern.programSize();
  }

  /** RE2J's description, naming the Perl construct RE2 leaves out where that is what the pattern used. */
  private static String explain(PatternSyntaxException e) {
    String piece = e.getPattern();
    if (piece.startsWith("(?=") || piece.startsWith("(?!")) {
      return "lookahead `" + piece.substring(0, 3) + "` is not supported";
    }
    if (piece.startsWith("(?<=") || piece.startsWith("(?<!")) {
      return "lookbehind `" + piece.substring(0, 4) + "` is not supported";
    }
    if (piece.startsWith("(?>")) {
      return "atomic group `(?>` is not supported";
    }
    if (piece.matches("\\\\[1-9k]")) {
      return "backreference `" + piece + "` is not supported";
    }
    if (e.getDescription().equals("invalid nested repetition operator") && piece.endsWith("+")) {
      return "possessive quantifier `" + piece + "` is not supported";
    }
    return e.getDescription() + (piece.isEmpty() ? "" : " `" + piece + "`");
  }

  static String thousands(long number) {
    return String.format(Locale.ROOT, "%,d", number);
  }
}
