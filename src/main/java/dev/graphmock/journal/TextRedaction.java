package dev.graphmock.journal;

import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Secrets out of free text: a body that is not whole JSON (a multipart {@code $batch}, a JSON body cut at
 * {@link JournalEntry#BODY_LIMIT}), a string inside a JSON body, a header value. The rules, in the order they run:
 * <pre>
 * GET /x?access_token=abc HTTP/1.1             -&gt;  GET /x?access_token=[redacted] HTTP/1.1  ({@link UrlRedaction})
 * Cookie: a=b  (a line; any secret name)       -&gt;  Cookie: [redacted]
 * Authorization: Digest username="u", …        -&gt;  Authorization: Digest [redacted]
 * "X-Api-Key": "abc"  (JSON text; also "url")  -&gt;  "X-Api-Key": "[redacted]"
 * Bearer\tabc  (a tab, or JSON's \t)           -&gt;  Bearer [redacted]
 * …&amp;client_secret=abc&amp;…                        -&gt;  …&amp;client_secret=[redacted]&amp;…
 * eyJhbGciOi….eyJ0aWQi….c2ln                   -&gt;  [redacted]  ({@link JwtFinder})
 * </pre>
 * Secret names are {@link SecretNames}'; header values are reduced by {@link HeaderRedaction}.
 */
final class TextRedaction {
  static final String REDACTED = "[redacted]";

  private static final Pattern REQUEST_LINE = Pattern.compile("(?m)^([!#$%&'*+.^_`|~0-9A-Za-z-]+) ([^ \\r\\n]+) HTTP/");
  private static final Pattern HEADER_LINE =
      Pattern.compile("(?m)^([!#$%&'*+.^_`|~0-9A-Za-z-]+):([ \\t]*)([^\\r\\n]*)");
  /** A JSON member whose value is a string; one cut short by the body limit ends the text. */
  private static final Pattern JSON_MEMBER = Pattern.compile(
      "\"([!#$%&'*+.^_`|~0-9A-Za-z-]+)\"([ \\t\\r\\n]*:[ \\t\\r\\n]*)\"((?:[^\"\\\\]|\\\\.)*+)(\"|\\\\?\\z)");
  /**
   * {@code bearer} or {@code basic} and a credential (token68, RFC 9110 section 11.4), with whitespace or a JSON
   * escape of it between; a JSON escape before the word ({@code \nBearer}) stands where a word boundary would. The
   * boundary is ASCII's: Java's {@code \b} counts {@code é} as part of a word, and a body that is not UTF-8 is read a
   * byte a character, where any byte past ASCII could be a letter.
   */
  private static final Pattern SCHEME_CREDENTIAL = Pattern.compile("(?i)(?:(?<![A-Za-z0-9_])|(?<=\\\\[btnrf]))"
      + "(bearer|basic)(?:[ \\t\\n\\x0B\\f\\r]|\\\\[tnrf]|\\\\u00(?:0[9a-d]|20))+"
      + "(?:[A-Za-z0-9\\-._~+/]|\\\\/|\\\\u[0-9a-f]{4})+=*");

  private TextRedaction() {
  }

  /** {@code text} with its secrets replaced; the same string when {@link QuickLook} finds nothing to look at. */
  static String text(String text) {
    return QuickLook.mayHoldCredential(text) ? redact(text) : text;
  }

  /** {@link #text} without the quick look first. */
  static String redact(String text) {
    String redacted = replace(REQUEST_LINE, text, line -> line.group(1) + " " + UrlRedaction.url(line.group(2))
        + " HTTP/");
    redacted = replace(HEADER_LINE, redacted, line -> !SecretNames.header(line.group(1)) ? line.group()
        : line.group(1) + ":" + line.group(2) + HeaderRedaction.value(line.group(1), line.group(3), false));
    redacted = replace(JSON_MEMBER, redacted, TextRedaction::member);
    redacted = SCHEME_CREDENTIAL.matcher(redacted).replaceAll("$1 " + Matcher.quoteReplacement(REDACTED));
    return jwts(parameters(redacted));
  }

  private static String member(Matcher member) {
    String name = member.group(1);
    boolean secret = SecretNames.header(name);
    if (!secret && !name.equalsIgnoreCase("url")) {
      return member.group();
    }
    String value = unescape(member.group(3));
    String redacted = secret ? HeaderRedaction.value(name, value, false) : UrlRedaction.url(value);
    return redacted.equals(value) ? member.group()
        : "\"" + name + "\"" + member.group(2) + "\"" + escape(redacted) + member.group(4);
  }

  /** Every {@code name=value} whose name is a credential parameter's, with the value replaced. */
  private static String parameters(String text) {
    StringBuilder out = null;
    int copied = 0;
    for (int equals = text.indexOf('='); equals >= 0; equals = text.indexOf('=', equals + 1)) {
      int end = valueEnd(text, equals + 1);
      if (end > equals + 1 && QuickLook.parameterBefore(text, equals)) {
        out = out == null ? new StringBuilder(text.length()) : out;
        out.append(text, copied, equals + 1).append(REDACTED);
        copied = end;
        equals = end - 1;
      }
    }
    return out == null ? text : out.append(text, copied, text.length()).toString();
  }

  /**
   * Where a parameter's value ends: at what ends it in a URL ({@code & #}), in text or a header
   * (whitespace, {@code ; " ' < >}) and in JSON text (a backslash, but for {@code \/} and {@code \}{@code uXXXX},
   * which a JSON writer may put inside one).
   */
  private static int valueEnd(String text, int from) {
    int i = from;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) == '/') {
        i += 2;
      } else if (c == '\\' && i + 5 < text.length() && text.charAt(i + 1) == 'u') {
        i += 6;
      } else if (c == '&' || c == '#' || c == ';' || c == '"' || c == '\'' || c == '<' || c == '>' || c == '\\'
          || c <= ' ') {
        return i;
      } else {
        i++;
      }
    }
    return i;
  }

  private static String jwts(String text) {
    int[] token = JwtFinder.next(text, 0);
    if (token == null) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int copied = 0;
    while (token != null) {
      out.append(text, copied, token[0]).append(REDACTED);
      copied = token[1];
      token = JwtFinder.next(text, copied);
    }
    return out.append(text, copied, text.length()).toString();
  }

  private static String replace(Pattern pattern, String text, Function<Matcher, String> replacement) {
    Matcher matcher = pattern.matcher(text);
    if (!matcher.find()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    do {
      matcher.appendReplacement(out, Matcher.quoteReplacement(replacement.apply(matcher)));
    } while (matcher.find());
    matcher.appendTail(out);
    return out.toString();
  }

  /** A JSON string's content as text; an escape it cannot read stays as it is. */
  static String unescape(String json) {
    if (json.indexOf('\\') < 0) {
      return json;
    }
    StringBuilder text = new StringBuilder(json.length());
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      if (c != '\\' || i + 1 >= json.length()) {
        text.append(c);
        continue;
      }
      char escaped = json.charAt(++i);
      switch (escaped) {
        case 'b' -> text.append('\b');
        case 'f' -> text.append('\f');
        case 'n' -> text.append('\n');
        case 'r' -> text.append('\r');
        case 't' -> text.append('\t');
        case 'u' -> {
          int code = i + 4 < json.length() ? hex(json, i + 1) : -1;
          if (code < 0) {
            text.append('\\').append('u');
          } else {
            text.append((char) code);
            i += 4;
          }
        }
        default -> text.append(escaped);
      }
    }
    return text.toString();
  }

  private static int hex(String text, int from) {
    int value = 0;
    for (int k = from; k < from + 4; k++) {
      int digit = UrlRedaction.hexDigit(text.charAt(k));
      if (digit < 0) {
        return -1;
      }
      value = value * 16 + digit;
    }
    return value;
  }

  static String escape(String text) {
    return new String(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(text));
  }
}
