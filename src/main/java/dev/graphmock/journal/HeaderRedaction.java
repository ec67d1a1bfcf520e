package dev.graphmock.journal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;
import java.util.List;

/**
 * A header's value as the journal keeps it. A secret header ({@link SecretNames}) keeps nothing, but for an
 * {@code Authorization}-like one its scheme, and in the journal's own header fields a JWT's non-secret claims:
 * <pre>
 * Authorization: Bearer eyJ…              -&gt;  Bearer [redacted; appid=…, tid=…, scp=…, roles=…, exp=…]
 * Proxy-Authorization: Basic dXNlcg==     -&gt;  Basic [redacted]
 * Authorization: Digest username="u", …   -&gt;  Digest [redacted]   (Negotiate, NTLM, Hawk, AWS4-HMAC-SHA256 alike)
 * Authorization: Bearer&lt;TAB&gt;abc          -&gt;  Bearer [redacted]
 * Authorization: abc                      -&gt;  [redacted]          (no scheme, or none that reads as one)
 * Cookie: a=b; c=d                        -&gt;  [redacted]
 * client-request-id: eyJ…                 -&gt;  [redacted]          (any other header: {@link TextRedaction})
 * WWW-Authenticate: Bearer realm="", …    -&gt;  as it is            (a challenge holds no credential)
 * </pre>
 */
final class HeaderRedaction {
  /** The claims a journal keeps: who called, for which tenant, with what permissions, until when. */
  static final List<String> KEPT_CLAIMS = List.of("appid", "tid", "scp", "roles", "exp");
  /**
   * What a kept scheme looks like: every registered one (IANA's HTTP Authentication Scheme Registry) and the
   * common others (NTLM, Hawk, AWS4-HMAC-SHA256) fit; a bare token before a space (a JWT has dots) does not.
   */
  private static final java.util.regex.Pattern SCHEME = java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,31}");
  /** What this class leaves after a scheme, which no credential looks like (token68 has no brackets or spaces). */
  private static final java.util.regex.Pattern REDACTED = java.util.regex.Pattern.compile("\\[redacted(?:; [^\\]]*)?]");

  /** Made on first use rather than at start-up, which a JVM's first ObjectMapper slows by a tenth of a second. */
  private static final class Json {
    static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = new com.fasterxml.jackson.databind.ObjectMapper();
  }

  /**
   * Values of headers that are not secret, met before and found holding nothing to redact: most of an entry's
   * headers come again and again (Content-Type, OData-Version, Host, User-Agent), and each took the quick look.
   * Only values kept as they were go in, so it holds nothing the journal would not; bounded, and short values only.
   */
  private static final java.util.Set<String> CLEAN = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private static final int MOST_CLEAN = 1024;
  private static final int LONGEST_CLEAN = 256;

  private HeaderRedaction() {
  }

  /** @param keepClaims whether a bearer JWT's {@link #KEPT_CLAIMS} stay (in a body's headers they do not) */
  static String value(String name, String value, boolean keepClaims) {
    if (name.equalsIgnoreCase("WWW-Authenticate") || name.equalsIgnoreCase("Proxy-Authenticate")) {
      // A challenge, the server's own words (graphmock answers every 401 with Graph's): it names where a token is
      // had and holds none, but "Bearer realm=…" reads as a credential to the text rules.
      return value;
    }
    if (!SecretNames.header(name)) {
      if (CLEAN.contains(value)) {
        return value;
      }
      String kept = TextRedaction.text(value);
      if (kept.equals(value) && value.length() <= LONGEST_CLEAN && CLEAN.size() < MOST_CLEAN) {
        CLEAN.add(value);
      }
      return kept;
    }
    if (SecretNames.keepsScheme(name)) {
      return authorization(value, keepClaims);
    }
    return value.isEmpty() ? value : TextRedaction.REDACTED;
  }

  /**
   * The scheme, whatever whitespace follows it: RFC 9110 section 11.4 asks for one or more spaces, and clients send
   * tabs too.
   */
  static String authorization(String header, boolean keepClaims) {
    String trimmed = header.trim();
    if (trimmed.isEmpty()) {
      return "";
    }
    int end = 0;
    while (end < trimmed.length() && trimmed.charAt(end) > ' ') {
      end++;
    }
    String scheme = trimmed.substring(0, end);
    if (end == trimmed.length() || !SCHEME.matcher(scheme).matches()) {
      return TextRedaction.REDACTED;
    }
    String credential = trimmed.substring(end).trim();
    if (REDACTED.matcher(credential).matches()) {
      // Redacted before (an entry recorded again): what is there is already what would be kept.
      return scheme + " " + TextRedaction.text(keepClaims ? credential : TextRedaction.REDACTED);
    }
    String claims = keepClaims ? claims(credential) : "";
    return scheme + " [redacted" + (claims.isEmpty() ? "" : "; " + claims) + "]";
  }

  /** The kept claims of a JWT as {@code name=value, …}; empty when the credential is not a readable JWT. */
  private static String claims(String token) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      return "";
    }
    JsonNode claims;
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
      JsonNode value = claims.get(name);
      if (value != null && !value.isNull()) {
        kept.append(kept.isEmpty() ? "" : ", ").append(name).append('=')
            .append(value.isValueNode() ? value.asText() : value.toString());
      }
    }
    return kept.toString();
  }
}
