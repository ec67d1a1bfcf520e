package dev.graphmock.journal;

/**
 * A look, in one pass and without decoding, for what any of {@link TextRedaction}'s and {@link JsonRedaction}'s
 * rules needs before it can change anything; only text that passes is decoded and scanned. Without it every
 * {@code $metadata} document went through the patterns, at half the throughput (BENCHMARKS.md).
 *
 * <p>What it looks for, each the first thing its rule needs:
 * <ul>
 *   <li>a JWT, asked of {@link JwtFinder} at each dot after a run of base64url characters;
 *   <li>{@code bearer} or {@code basic} (any case) before whitespace or a JSON escape;
 *   <li>a secret name ({@link SecretNames#HEADER_WORDS}) or {@code url}, then name characters, maybe a quote (maybe
 *       escaped), whitespace (maybe escaped), and a colon: a header line, or a JSON member;
 *   <li>{@code =} after a credential parameter's name ({@link #parameterBefore});
 *   <li>{@code " HTTP/"}: a request line inside a multipart {@code $batch};
 *   <li>a JSON {@code \}{@code u} escape, behind which any of the above can hide from a byte-wise look.
 * </ul>
 * Reading bytes misses nothing the rules read, since they match ASCII only (without Unicode case; {@code \s} is
 * ASCII whitespace), which UTF-8 keeps byte for byte; RedactionTest checks that it misses nothing on random text and
 * JSON. Most characters cost one table look-up: trying every word at every letter made it six times slower.
 */
final class QuickLook {
  private static final byte BACKSLASH = 1;
  private static final byte SPACE = 2;
  private static final byte EQUALS = 3;
  private static final byte LETTER = 4;
  /** What each ASCII character may start; 0, nothing. */
  private static final byte[] KIND = new byte[128];
  /** The words each lower-case letter may start: a secret name's word, {@code url}, a scheme. */
  private static final String[][] WORDS = new String[26][];
  /**
   * Whether two ASCII characters, in any case, begin one of those words (indexed {@code first << 7 | second}): most
   * letters of a body begin none, and this one look spares the comparisons with every word (a page of events is
   * full of a, c, s and t; trying the words at each made the look 5 ns a byte).
   */
  private static final boolean[] WORD_STARTS = new boolean[128 * 128];
  /** The characters of base64url, of which a JWT's parts are made. */
  private static final boolean[] BASE64URL = new boolean[128];
  private static final String[] PARAMETERS = SecretNames.PARAMETERS.toArray(String[]::new);

  static {
    for (char c = 0; c < 128; c++) {
      BASE64URL[c] = JwtFinder.isBase64Url(c);
    }
    KIND['\\'] = BACKSLASH;
    KIND[' '] = SPACE;
    KIND['='] = EQUALS;
    java.util.List<String> words = new java.util.ArrayList<>(SecretNames.HEADER_WORDS);
    words.addAll(java.util.List.of("url", "bearer", "basic"));
    for (char letter = 'a'; letter <= 'z'; letter++) {
      char first = letter;
      WORDS[letter - 'a'] = words.stream().filter(word -> word.charAt(0) == first).toArray(String[]::new);
      for (String word : WORDS[letter - 'a']) {
        for (char start : new char[] {letter, (char) (letter - 32)}) {
          WORD_STARTS[start << 7 | word.charAt(1)] = true;
          WORD_STARTS[start << 7 | (word.charAt(1) - 32)] = true;
        }
      }
      if (WORDS[letter - 'a'].length > 0) {
        KIND[letter] = LETTER;
        KIND[letter - 32] = LETTER;
      }
    }
  }

  private QuickLook() {
  }

  static boolean mayHoldCredential(byte[] body) {
    // Bytes as characters, one each (ISO 8859-1): what is ASCII reads the same as in the decoded text, and nothing
    // else does. A String, as every other caller passes: with one kind of CharSequence the JIT inlines charAt,
    // where a second one (a view over the bytes) made each character a call, three times the look's cost.
    return mayHoldCredential(new String(body, java.nio.charset.StandardCharsets.ISO_8859_1));
  }

  static boolean mayHoldCredential(String text) {
    int length = text.length();
    int run = -1;
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c >= 128) {
        run = -1;
        continue;
      }
      if (BASE64URL[c]) {
        run = run < 0 ? i : run;
      } else {
        if (c == '.' && run >= 0 && JwtFinder.startIn(text, run, i) >= 0) {
          return true;
        }
        run = -1;
      }
      byte kind = KIND[c];
      if (kind == 0 || kind == LETTER && !(i + 1 < length && text.charAt(i + 1) < 128
          && WORD_STARTS[c << 7 | text.charAt(i + 1)])) {
        // Nearly every character of a body: nothing any rule needs starts here.
        continue;
      }
      boolean found = switch (kind) {
        case BACKSLASH -> i + 1 < length && text.charAt(i + 1) == 'u';
        case SPACE -> startsWith(text, i + 1, "HTTP/");
        case EQUALS -> parameterBefore(text, i);
        case LETTER -> wordAt(text, i, (char) (c | 0x20));
        default -> false;
      };
      if (found) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the name before the {@code =} at {@code equals} is a credential parameter's: the whole run of
   * {@code [A-Za-z0-9_-]} before it, or that run without its first letter when a JSON escape ({@code \n}
   * and the like) put the letter there.
   */
  static boolean parameterBefore(CharSequence text, int equals) {
    int start = equals;
    while (start > 0 && isNameChar(text.charAt(start - 1)) && equals - start <= 2 * SecretNames.LONGEST_PARAMETER) {
      start--;
    }
    if (start == equals || start > 0 && isNameChar(text.charAt(start - 1))) {
      return false;
    }
    if (isParameter(text, start, equals)) {
      return true;
    }
    return start > 0 && text.charAt(start - 1) == '\\' && equals - start > 1
        && "btnrf".indexOf(text.charAt(start)) >= 0 && isParameter(text, start + 1, equals);
  }

  /** {@link SecretNames#parameter} on {@code text[start, end)}, compared from the end without a copy. */
  private static boolean isParameter(CharSequence text, int start, int end) {
    for (String name : PARAMETERS) {
      int k = name.length();
      int i = end;
      while (i > start && k > 0) {
        char c = text.charAt(i - 1);
        if (c != '-' && c != '_') {
          if (SecretNames.lowerAscii(c) != name.charAt(k - 1)) {
            break;
          }
          k--;
        }
        i--;
      }
      while (i > start && (text.charAt(i - 1) == '-' || text.charAt(i - 1) == '_')) {
        i--;
      }
      if (i == start && k == 0) {
        return true;
      }
    }
    return false;
  }

  static boolean isNameChar(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-';
  }

  /** Whether a word {@code letter} may start begins at {@code at} and is followed as its rule needs. */
  private static boolean wordAt(CharSequence text, int at, char letter) {
    for (String word : WORDS[letter - 'a']) {
      int end = wordEnd(text, at, word);
      if (end >= 0 && (word.startsWith("b") ? separatorAt(text, end) : colonAfterName(text, end))) {
        return true;
      }
    }
    return false;
  }

  /** After {@code bearer} or {@code basic}: whitespace ({@code \s}) or a JSON escape. */
  private static boolean separatorAt(CharSequence text, int at) {
    if (at >= text.length()) {
      return false;
    }
    char next = text.charAt(at);
    return next == ' ' || next == '\t' || next == '\n' || next == 0x0B || next == '\f' || next == '\r' || next == '\\';
  }

  /** Name characters, then maybe {@code "} or {@code \"}, then whitespace or its JSON escapes, then a colon. */
  private static boolean colonAfterName(CharSequence text, int from) {
    int i = from;
    int length = text.length();
    while (i < length && SecretNames.isTokenChar(text.charAt(i))) {
      i++;
    }
    if (i + 1 < length && text.charAt(i) == '\\' && text.charAt(i + 1) == '"') {
      i += 2;
    } else if (i < length && text.charAt(i) == '"') {
      i++;
    }
    while (i < length) {
      char c = text.charAt(i);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        i++;
      } else if (c == '\\' && i + 1 < length && "tnr".indexOf(text.charAt(i + 1)) >= 0) {
        i += 2;
      } else {
        return c == ':';
      }
    }
    return false;
  }

  /** Where {@code word} (lower case) ends when it starts at {@code at} in any ASCII case; else -1. */
  private static int wordEnd(CharSequence text, int at, String word) {
    if (at + word.length() > text.length()) {
      return -1;
    }
    for (int k = 0; k < word.length(); k++) {
      char c = text.charAt(at + k);
      if ((c >= 'A' && c <= 'Z' ? (char) (c + 32) : c) != word.charAt(k)) {
        return -1;
      }
    }
    return at + word.length();
  }

  private static boolean startsWith(CharSequence text, int at, String prefix) {
    if (at + prefix.length() > text.length()) {
      return false;
    }
    for (int k = 0; k < prefix.length(); k++) {
      if (text.charAt(at + k) != prefix.charAt(k)) {
        return false;
      }
    }
    return true;
  }


}
