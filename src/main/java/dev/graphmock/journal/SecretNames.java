package dev.graphmock.journal;

import java.util.List;
import java.util.Set;

/**
 * The names that announce a secret, in any ASCII case: of a header (also a header line inside a multipart
 * {@code $batch} and a member of a JSON object) and of a query parameter.
 *
 * <p>A header name is secret when it is an HTTP token holding one of {@link #HEADER_WORDS}: that takes in
 * {@code Authorization}, {@code Proxy-Authorization}, {@code Cookie}, {@code Set-Cookie}, {@code X-Api-Key},
 * {@code Ocp-Apim-Subscription-Key}, {@code X-Auth-Token}, {@code X-Amz-Security-Token}, {@code X-Client-Secret},
 * {@code X-Hub-Signature} and the like, without a list to keep up. Graph's own headers ({@code request-id},
 * {@code client-request-id}, {@code Prefer}, {@code OData-*}) hold none of the words, nor do {@code $metadata}'s
 * names. The word "auth" alone is left out so that {@code WWW-Authenticate}, a challenge, stays readable.
 *
 * <p>A query parameter is secret by an exact list, compared without case, {@code -} or {@code _}: a word rule would
 * take Graph's paging parameters {@code $skiptoken} and {@code $deltatoken}, which are not secrets and which a
 * journal reader needs. The list holds OAuth 2.0's (RFC 6749 sections 4.1.2 and 4.2.2, RFC 7521 section 4.2),
 * OpenID Connect's {@code id_token}, API-key parameters, and the signatures of presigned URLs (Azure SAS
 * {@code sig}, AWS {@code X-Amz-Signature}, Google {@code X-Goog-Signature}).
 */
final class SecretNames {
  static final List<String> HEADER_WORDS = List.of("authorization", "cookie", "key", "token", "secret", "password",
      "passwd", "signature", "session", "credential", "assertion");

  /** Lower case, without {@code -} and {@code _}: {@code api_key}, {@code api-key} and {@code apikey} are one. */
  static final Set<String> PARAMETERS = Set.of("accesstoken", "idtoken", "refreshtoken", "token", "authtoken",
      "oauthtoken", "oauthsignature", "sessiontoken", "securitytoken", "sessionid", "clientsecret",
      "clientassertion", "assertion", "samlresponse", "code", "password", "passwd", "pwd", "secret", "apikey", "key",
      "subscriptionkey", "sig", "signature", "xamzsignature", "xamzcredential", "xamzsecuritytoken",
      "xgoogsignature", "xgoogcredential", "auth", "authorization", "jwt");

  /** The longest entry of {@link #PARAMETERS}, so that a scan for one can stop looking back. */
  static final int LONGEST_PARAMETER = PARAMETERS.stream().mapToInt(String::length).max().orElseThrow();

  private SecretNames() {
  }

  /**
   * The names met so far and whether each is secret: every recorded entry asks of each of its headers, and the same
   * dozen names come each time. Bounded, so that clients sending made-up names cannot grow it.
   */
  private static final java.util.Map<String, Boolean> KNOWN_HEADERS = new java.util.concurrent.ConcurrentHashMap<>();
  private static final int MOST_KNOWN_HEADERS = 1024;

  static boolean header(String name) {
    Boolean known = KNOWN_HEADERS.get(name);
    if (known != null) {
      return known;
    }
    boolean secret = secretHeader(name);
    if (KNOWN_HEADERS.size() < MOST_KNOWN_HEADERS) {
      KNOWN_HEADERS.put(name, secret);
    }
    return secret;
  }

  private static boolean secretHeader(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      if (!isTokenChar(name.charAt(i))) {
        return false;
      }
    }
    String lower = lowerAscii(name);
    for (String word : HEADER_WORDS) {
      if (lower.contains(word)) {
        return true;
      }
    }
    return false;
  }

  /** Whether an {@code Authorization}-like header, whose scheme is kept: its name holds "authorization". */
  static boolean keepsScheme(String name) {
    return lowerAscii(name).contains("authorization");
  }

  static boolean parameter(String name) {
    StringBuilder key = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c != '-' && c != '_') {
        key.append(lowerAscii(c));
      }
    }
    return PARAMETERS.contains(key.toString());
  }

  /** A {@code tchar} of RFC 9110 section 5.6.2: what a header name and an auth scheme are made of. */
  static boolean isTokenChar(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }

  /**
   * Lower case for ASCII letters only: the patterns that use these names match ASCII without Unicode case, and
   * the quick look ({@link QuickLook}) reads bytes, so the Kelvin sign must not turn into a {@code k} here alone.
   */
  static String lowerAscii(String text) {
    StringBuilder lower = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      lower.append(lowerAscii(text.charAt(i)));
    }
    return lower.toString();
  }

  static char lowerAscii(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
  }
}
