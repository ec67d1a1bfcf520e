package dev.graphmock.faults;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * An upper bound on the instructions RE2J compiles a pattern into, read from the pattern's text without compiling
 * it. RE2 spells {@code x{n,m}} as m copies of x, and RE2J checks each count (at most 1,000) but not their product:
 * {@code ((a{1000}){1000}){1000}} ran a 512 MiB heap out of memory while compiling.
 *
 * <pre>
 * a              1     a literal, class, escape, dot or anchor
 * (x)            x+2   a capturing group; (?:x) is x, () and (?:) 1, and (?i) alone nothing
 * x|y            +2    an alternation, whose empty branch takes an instruction
 * x*  x+  x?     +1    each operator
 * x{n,m}         max(n,m,1)·(x+1)
 * </pre>
 * plus a few for the program's start and end. It is never below RE2J's {@code programSize()} (ExpandedSizeTest
 * checks that on a table and on generated patterns), and seldom far above it.
 */
final class ExpandedSize {
  /** What RE2J adds to every program (its fail and match instructions, the whole match's capture), generously. */
  private static final long PROGRAM = 8;
  /** Past this the count stops growing, so nested repetitions cannot overflow it. */
  private static final long CEILING = 1L << 40;

  /** The size of the group being read, and of its last atom, the one a repetition applies to. */
  private static final class Group {
    final boolean capturing;
    long size;
    long last;

    Group(boolean capturing) {
      this.capturing = capturing;
    }

    void atom(long atomSize) {
      size = Math.min(CEILING, size + atomSize);
      last = atomSize;
    }

    void repeat(long times) {
      long repeated = Math.min(CEILING, times * (last + 1));
      size = Math.min(CEILING, size - last + repeated);
      last = repeated;
    }
  }

  private final String pattern;
  private final Deque<Group> open = new ArrayDeque<>();
  private Group group = new Group(false);
  private int position;

  private ExpandedSize(String pattern) {
    this.pattern = pattern;
  }

  static long of(String pattern) {
    return new ExpandedSize(pattern).read();
  }

  private long read() {
    while (position < pattern.length()) {
      char next = pattern.charAt(position);
      switch (next) {
        case '\\' -> escape();
        case '[' -> characterClass();
        case '(' -> openGroup();
        case ')' -> closeGroup();
        case '|' -> operator();
        case '*', '+', '?' -> {
          group.repeat(1);
          position++;
        }
        case '{' -> repetition();
        default -> literal();
      }
    }
    while (!open.isEmpty()) {
      closeGroup();
    }
    return Math.min(CEILING, group.size + PROGRAM);
  }

  private void literal() {
    group.atom(1);
    position++;
  }

  /** An alternation, and the empty-match instruction its branch may compile to when empty. */
  private void operator() {
    group.size = Math.min(CEILING, group.size + 2);
    group.last = 0;
    position++;
  }

  /** {@code \Q…\E} is one literal a character; {@code \p{…}} and {@code \x{…}} are one atom each, as is any other. */
  private void escape() {
    if (pattern.startsWith("\\Q", position)) {
      int end = pattern.indexOf("\\E", position + 2);
      int stop = end < 0 ? pattern.length() : end;
      for (int i = position + 2; i < stop; i++) {
        group.atom(1);
      }
      position = end < 0 ? stop : end + 2;
      return;
    }
    char kind = position + 1 < pattern.length() ? pattern.charAt(position + 1) : '\\';
    position = Math.min(pattern.length(), position + 2);
    boolean braced = position < pattern.length() && pattern.charAt(position) == '{';
    if (braced && "pPx".indexOf(kind) >= 0) {
      skipPast('}');
    } else if ((kind == 'p' || kind == 'P') && position < pattern.length()) {
      position++;
    }
    group.atom(1);
  }

  /** One atom up to its closing bracket: a leading {@code ]} is a member, as are {@code [:alpha:]} and escapes. */
  private void characterClass() {
    position++;
    if (position < pattern.length() && pattern.charAt(position) == '^') {
      position++;
    }
    if (position < pattern.length() && pattern.charAt(position) == ']') {
      position++;
    }
    while (position < pattern.length() && pattern.charAt(position) != ']') {
      if (pattern.charAt(position) == '\\') {
        position++;
      } else if (pattern.startsWith("[:", position)) {
        int end = pattern.indexOf(":]", position + 2);
        position = end < 0 ? position : end + 1;
      }
      position++;
    }
    position++;
    group.atom(1);
  }

  /** {@code (}, {@code (?:}, {@code (?P<name>}, {@code (?<name>}, or a flag group such as {@code (?i)}. */
  private void openGroup() {
    if (!pattern.startsWith("(?", position)) {
      position++;
      push(true);
      return;
    }
    if (pattern.startsWith("(?P<", position) || pattern.startsWith("(?<", position)) {
      skipPast('>');
      push(true);
      return;
    }
    int colon = pattern.indexOf(':', position);
    int close = pattern.indexOf(')', position);
    if (close >= 0 && (colon < 0 || close < colon)) {
      // Flags alone make no atom: RE2J applies a repetition after them to the atom before, as in b?(?i){0,3}.
      position = close + 1;
      return;
    }
    position = colon < 0 ? pattern.length() : colon + 1;
    push(false);
  }

  private void push(boolean capturing) {
    open.push(group);
    group = new Group(capturing);
  }

  private void closeGroup() {
    position++;
    if (open.isEmpty()) {
      group.atom(1);
      return;
    }
    // An empty group still compiles to one instruction that matches nothing, as () does.
    long size = Math.max(1, group.size) + (group.capturing ? 2 : 0);
    group = open.pop();
    group.atom(Math.min(CEILING, size));
  }

  /** {@code {n}}, {@code {n,}} or {@code {n,m}}; anything else is a literal brace, as RE2 reads it. */
  private void repetition() {
    int end = pattern.indexOf('}', position);
    String counts = end < 0 ? "" : pattern.substring(position + 1, end);
    if (!counts.matches("\\d{1,4}(,\\d{0,4})?")) {
      literal();
      return;
    }
    long times = 1;
    for (String count : counts.split(",")) {
      times = Math.max(times, Long.parseLong(count));
    }
    // A count over 1,000 is RE2J's "invalid repeat count"; let it say so rather than calling the pattern large.
    group.repeat(times > 1_000 ? 1 : times);
    position = end + 1;
  }

  private void skipPast(char end) {
    int found = pattern.indexOf(end, position);
    position = found < 0 ? pattern.length() : found + 1;
  }
}
