package dev.graphmock.journal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of the journal. An {@code Authorization} header becomes its scheme, plus, for a JWT, its
 * non-secret claims ({@code Bearer [redacted; appid=…, tid=…, scp=…, roles=…, exp=…]}); never the token. A body
 * (a {@code $batch} carries its requests' headers) has every bearer or basic credential and every JWT-shaped
 * string replaced by {@code [redacted]}.
 */
public final class Redaction {
  /** The claims a journal keeps: who called, for which tenant, with what permissions, until when. */
  static final List<String> KEPT_CLAIMS = List.of("appid", "tid", "scp", "roles", "exp");
  private static final Pattern CREDENTIAL = Pattern.compile("(?i)\\b(bearer|basic)\\s+[A-Za-z0-9\\-._~+/]+=*");
  private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");

  /** Made on first use rather than at start-up, which a JVM's first ObjectMapper slows by a tenth of a second. */
  private static final class Json {
    static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = new com.fasterxml.jackson.databind.ObjectMapper();
  }

  private Redaction() {
  }

  /** The headers to record: each name once, values joined; Authorization reduced to what is not secret. */
  public static Map<String, String> headers(Map<String, List<String>> headers) {
    Map<String, String> kept = new LinkedHashMap<>();
    headers.forEach((name, values) -> kept.put(name, name.equalsIgnoreCase("Authorization")
        ? authorization(values.isEmpty() ? "" : values.get(0)) : String.join(", ", values)));
    return kept;
  }

  /** {@code Bearer [redacted; appid=…, tid=…]} for a JWT, {@code Bearer [redacted]} for any other credential. */
  public static String authorization(String header) {
    String trimmed = header.trim();
    int space = trimmed.indexOf(' ');
    String scheme = space < 0 ? trimmed : trimmed.substring(0, space);
    if (space < 0) {
      return scheme.isEmpty() ? "" : "[redacted]";
    }
    String claims = claims(trimmed.substring(space + 1).trim());
    return scheme + " [redacted" + (claims.isEmpty() ? "" : "; " + claims) + "]";
  }

  /** The kept claims of a JWT as {@code name=value, …}; empty when the credential is not a readable JWT. */
  private static String claims(String token) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      return "";
    }
    com.fasterxml.jackson.databind.JsonNode claims;
    try {
      claims = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1]));
    } catch (IllegalArgumentException | java.io.IOException e) {
      return "";
    }
    if (claims == null || !claims.isObject()) {
      return "";
    }
    StringBuilder kept = new StringBuilder();
    for (String name : KEPT_CLAIMS) {
      com.fasterxml.jackson.databind.JsonNode value = claims.get(name);
      if (value != null && !value.isNull()) {
        kept.append(kept.isEmpty() ? "" : ", ").append(name).append('=')
            .append(value.isValueNode() ? value.asText() : value.toString());
      }
    }
    return kept.toString();
  }

  /** {@code url} with any JWT in it (a token sent as a query parameter) replaced by {@code [redacted]}. */
  public static String url(String url) {
    return url.contains("eyJ") ? JWT.matcher(url).replaceAll("[redacted]") : url;
  }

  /**
   * A quick look for what either pattern needs before decoding: "eyJ", or "bearer" or "basic" in any case followed
   * by whitespace. Exact for both, since they match ASCII only (case-insensitive without Unicode case, and
   * {@code \s} is ASCII whitespace), which UTF-8 keeps byte for byte; a looser look sent every {@code $metadata}
   * (its {@code BaseType}s) through both patterns.
   */
  static boolean mayHoldCredential(byte[] body) {
    for (int i = 0; i < body.length; i++) {
      byte b = body[i];
      if (b == 'e' && i + 2 < body.length && body[i + 1] == 'y' && body[i + 2] == 'J') {
        return true;
      }
      if ((b | 0x20) == 'b' && (wordBeforeSpace(body, i, "bearer") || wordBeforeSpace(body, i, "basic"))) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code word} (lower case) starts at {@code at} in any ASCII case and whitespace follows it. */
  private static boolean wordBeforeSpace(byte[] body, int at, String word) {
    int end = at + word.length();
    if (end >= body.length) {
      return false;
    }
    for (int k = 0; k < word.length(); k++) {
      if ((body[at + k] | 0x20) != word.charAt(k)) {
        return false;
      }
    }
    byte next = body[end];
    return next == ' ' || next == '\t' || next == '\n' || next == 0x0B || next == '\f' || next == '\r';
  }

  /** {@code body} with credentials and JWTs replaced; the same array when there are none. */
  static byte[] body(byte[] body) {
    return mayHoldCredential(body) ? redacted(body) : body;
  }

  /** {@link #body} without the quick look first. */
  static byte[] redacted(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    String redacted = JWT.matcher(CREDENTIAL.matcher(text).replaceAll("$1 [redacted]")).replaceAll("[redacted]");
    return redacted.equals(text) ? body : redacted.getBytes(StandardCharsets.UTF_8);
  }
}
