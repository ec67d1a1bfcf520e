package dev.graphmock.journal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Secrets out of a URL, as it will be read: a HAR reader percent-decodes every query value, so a JWT sent as
 * {@code eyJ…%2EeyJ…%2E…} (or wholly percent-encoded) comes back readable unless it is looked for after decoding.
 * <pre>
 * /x?access_token=opaque&amp;$top=5         -&gt;  /x?access_token=[redacted]&amp;$top=5   (a credential parameter)
 * /x?state=eyJhbGci…%2EeyJ0aWQi…%2Esig   -&gt;  /x?state=[redacted]                (a JWT, once decoded)
 * /x?q=Bearer+abc                        -&gt;  /x?q=Bearer%20[redacted]
 * https://user:password@host/x           -&gt;  https://[redacted]@host/x
 * </pre>
 * The name is kept and the value replaced; a parameter whose name is secret ({@link SecretNames}) loses its value
 * whatever it holds. Any other part (the path, a name, a value) is decoded, up to three times for text encoded
 * twice or more, and put through {@link TextRedaction}; when that changes it, the part is written again from the
 * redacted text, else it stays as it came. In a query {@code +} is a space, as servers read forms (and as
 * Jetty's {@code getParameter} does).
 */
final class UrlRedaction {
  /** Rounds of percent-decoding: a value encoded three times over is no longer a token anyone would send. */
  private static final int DECODINGS = 3;

  private UrlRedaction() {
  }

  static String url(String url) {
    int question = url.indexOf('?');
    String path = question < 0 ? url : url.substring(0, question);
    StringBuilder out = new StringBuilder(url.length());
    out.append(part(withoutUserInfo(path), false));
    if (question < 0) {
      return out.toString();
    }
    out.append('?');
    String query = url.substring(question + 1);
    int start = 0;
    while (true) {
      int end = query.indexOf('&', start);
      parameter(query.substring(start, end < 0 ? query.length() : end), out);
      if (end < 0) {
        return out.toString();
      }
      out.append('&');
      start = end + 1;
    }
  }

  private static void parameter(String pair, StringBuilder out) {
    int equals = pair.indexOf('=');
    if (equals < 0) {
      out.append(part(pair, true));
      return;
    }
    String name = pair.substring(0, equals);
    String value = pair.substring(equals + 1);
    out.append(part(name, true)).append('=');
    boolean secret = !value.isEmpty() && SecretNames.parameter(decode(name, true));
    out.append(secret ? TextRedaction.REDACTED : part(value, true));
  }

  /** {@code scheme://user:password@host…} without what is before the {@code @}. */
  private static String withoutUserInfo(String path) {
    int scheme = path.indexOf("://");
    if (scheme < 0) {
      return path;
    }
    int authorityEnd = path.indexOf('/', scheme + 3);
    String authority = path.substring(scheme + 3, authorityEnd < 0 ? path.length() : authorityEnd);
    int at = authority.lastIndexOf('@');
    return at < 0 ? path : path.substring(0, scheme + 3) + TextRedaction.REDACTED + path.substring(scheme + 3 + at);
  }

  /** One part of the URL, looked at as it reads once decoded. */
  private static String part(String raw, boolean query) {
    String decoded = raw;
    for (int round = 0; round < DECODINGS; round++) {
      String next = decode(decoded, query && round == 0);
      if (next.equals(decoded)) {
        break;
      }
      decoded = next;
    }
    String redacted = TextRedaction.text(decoded);
    if (!redacted.equals(decoded)) {
      return encode(redacted);
    }
    return decoded.equals(raw) ? raw : TextRedaction.text(raw);
  }

  /** Percent-decoding as UTF-8; a {@code %} not followed by two hex digits stays as it is. */
  static String decode(String text, boolean plusIsSpace) {
    if (text.indexOf('%') < 0 && !(plusIsSpace && text.indexOf('+') >= 0)) {
      return text;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      int high = c == '%' && i + 2 < text.length() ? hexDigit(text.charAt(i + 1)) : -1;
      int low = high < 0 ? -1 : hexDigit(text.charAt(i + 2));
      if (low >= 0) {
        bytes.write(high * 16 + low);
        i += 2;
      } else if (c == '+' && plusIsSpace) {
        bytes.write(' ');
      } else {
        byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        if (Character.isHighSurrogate(c) && i + 1 < text.length()) {
          utf8 = text.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
          i++;
        }
        bytes.writeBytes(utf8);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /**
   * Percent-encodes what cannot stand in a query value or a path as it is: all but RFC 3986's unreserved
   * characters and the delimiters that mean nothing there ({@code % & # + ?} and spaces among those encoded), leaving
   * {@code [redacted]} readable.
   */
  static String encode(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
          || "-._~!$'()*,;:@/=[]".indexOf(c) >= 0) {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return out.toString();
  }

  /** The value of an ASCII hex digit, or -1 (Character.digit would also take other scripts' digits). */
  static int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
      return (c | 0x20) - 'a' + 10;
    }
    return -1;
  }
}
