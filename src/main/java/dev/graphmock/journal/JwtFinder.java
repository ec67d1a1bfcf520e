package dev.graphmock.journal;

/**
 * Finds JSON Web Tokens in text: three or more base64url parts joined by dots (a JWS has three, RFC 7515 section
 * 7.1; a JWE five, RFC 7516 section 7.1; an unsecured JWT's last part is empty) whose first part is a JSON object.
 * "A JSON object" is read as base64url that decodes to bytes framed by <code>{</code> and <code>}</code>, leading
 * and trailing JSON whitespace aside, so that a header written <code>{ "alg"</code> ({@code eyAi…}), with a newline
 * ({@code ewo…}, {@code ew0K…}) or a tab ({@code ewk…}) counts as much as the usual {@code eyJ…}. A first part
 * that only holds {@code eyJ} somewhere (glued to other base64url characters) also counts from there, as it
 * always has.
 *
 * <pre>
 * see eyJhbGciOiJub25lIn0.eyJ0aWQiOiJ0In0. here  -&gt;  {4, 42}: the token without the text around it
 * Org.OData.Core.V1                              -&gt;  none: "Org" decodes to no JSON object
 * </pre>
 *
 * <p>Works on any {@link CharSequence}, so that {@link QuickLook} runs the very same scan over a body's bytes that
 * {@link TextRedaction} runs over its text: ASCII decides everything here, and UTF-8 keeps ASCII byte for byte.
 */
final class JwtFinder {
  private JwtFinder() {
  }

  /** The next token at or after {@code from} as {start, end}, or null when there is none. */
  static int[] next(CharSequence text, int from) {
    int length = text.length();
    int i = from;
    while (i < length) {
      if (!isBase64Url(text.charAt(i))) {
        i++;
        continue;
      }
      int runEnd = endOfRun(text, i);
      int start = startIn(text, i, runEnd);
      if (start >= 0) {
        return new int[] {start, endOfChain(text, endOfRun(text, runEnd + 1))};
      }
      i = runEnd;
    }
    return null;
  }

  /**
   * Where a token starts within the base64url run {@code [run, runEnd)}, or -1: the run must be followed by a dot, a
   * second run and another dot, and hold the token's first part. {@link QuickLook} asks this at each dot after a
   * run as it reads a body, rather than scanning it a second time.
   */
  static int startIn(CharSequence text, int run, int runEnd) {
    int length = text.length();
    if (runEnd >= length || text.charAt(runEnd) != '.') {
      return -1;
    }
    int secondEnd = endOfRun(text, runEnd + 1);
    return secondEnd > runEnd + 1 && secondEnd < length && text.charAt(secondEnd) == '.'
        ? tokenStart(text, run, runEnd) : -1;
  }

  /** Where the token whose first part ends at {@code end} starts within the run from {@code run}, or -1. */
  private static int tokenStart(CharSequence text, int run, int end) {
    if (isJsonObject(text, run, end)) {
      return run;
    }
    int escaped = afterEscape(text, run, end);
    for (int at = run; at + 3 <= end && (escaped < 0 || at < escaped); at++) {
      if (text.charAt(at) == 'e' && text.charAt(at + 1) == 'y' && text.charAt(at + 2) == 'J') {
        return at;
      }
    }
    return escaped;
  }

  /**
   * Where a token starts when a JSON string's escape glued its letter to it ({@code \newogI…} as JSON text, a
   * newline before the token), if the rest of the run is a JSON object; else -1.
   */
  private static int afterEscape(CharSequence text, int run, int end) {
    if (run == 0 || text.charAt(run - 1) != '\\') {
      return -1;
    }
    int start = text.charAt(run) == 'u' ? run + 5 : run + 1;
    return start < end && isJsonObject(text, start, end) ? start : -1;
  }

  /** The end of the last part, the third part (after {@code secondEnd}) possibly empty, any later one not. */
  private static int endOfChain(CharSequence text, int secondEnd) {
    int end = endOfRun(text, secondEnd + 1);
    while (end + 1 < text.length() && text.charAt(end) == '.' && isBase64Url(text.charAt(end + 1))) {
      end = endOfRun(text, end + 1);
    }
    return end;
  }

  private static int endOfRun(CharSequence text, int from) {
    int end = from;
    while (end < text.length() && isBase64Url(text.charAt(end))) {
      end++;
    }
    return end;
  }

  /** Whether {@code text[start, end)} decodes (base64url, unpadded) to <code>{…}</code>. */
  static boolean isJsonObject(CharSequence text, int start, int end) {
    int chars = end - start;
    if (chars < 2 || chars % 4 == 1) {
      return false;
    }
    int bytes = chars * 3 / 4;
    int first = 0;
    while (first < bytes && isJsonWhitespace(decodedByte(text, start, end, first))) {
      first++;
    }
    int last = bytes - 1;
    while (last > first && isJsonWhitespace(decodedByte(text, start, end, last))) {
      last--;
    }
    return last > first && decodedByte(text, start, end, first) == '{' && decodedByte(text, start, end, last) == '}';
  }

  /** Byte {@code index} of the base64url text {@code [start, end)}, decoded without a buffer. */
  private static int decodedByte(CharSequence text, int start, int end, int index) {
    int group = start + index / 3 * 4;
    int a = sextet(text, group, end);
    int b = sextet(text, group + 1, end);
    int c = sextet(text, group + 2, end);
    int d = sextet(text, group + 3, end);
    return switch (index % 3) {
      case 0 -> (a << 2 | b >> 4) & 0xFF;
      case 1 -> (b << 4 | c >> 2) & 0xFF;
      default -> (c << 6 | d) & 0xFF;
    };
  }

  private static int sextet(CharSequence text, int at, int end) {
    if (at >= end) {
      return 0;
    }
    char c = text.charAt(at);
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
      return c - '0' + 52;
    }
    return c == '-' ? 62 : 63;
  }

  private static boolean isJsonWhitespace(int b) {
    return b == ' ' || b == '\t' || b == '\n' || b == '\r';
  }

  static boolean isBase64Url(char c) {
    return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_';
  }
}
