package dev.graphmock.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the journal keeps of a secret, form by form (input -&gt; what is recorded), and the quick look a body gets
 * before any of it: it lets through what cannot hold a credential and misses nothing the rules would redact.
 */
class RedactionTest {
  static final String PAYLOAD = "{\"appid\":\"app-1\",\"tid\":\"tenant-1\",\"oid\":\"user-1\"}";
  static final String SIGNATURE = "c2lnbmF0dXJlLXNlY3JldA";
  /** The usual header, then the ones a hand-written or pretty-printed header gives: eyAi…, ewo…, ew0K…, ewk…. */
  static final List<String> HEADERS = List.of("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", "{ \"alg\": \"HS256\" }",
      "{\n  \"alg\": \"HS256\"\n}", "{\r\n  \"alg\": \"HS256\"\r\n}", "{\t\"alg\":\"HS256\"}");

  static String base64Url(String text) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  static String jwt(String header) {
    return base64Url(header) + "." + base64Url(PAYLOAD) + "." + SIGNATURE;
  }

  static Stream<String> jwts() {
    return HEADERS.stream().map(RedactionTest::jwt);
  }

  private static String body(String text, String contentType) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return new String(Redaction.body(bytes, contentType, true), StandardCharsets.UTF_8);
  }

  private static boolean looks(String text) {
    return QuickLook.mayHoldCredential(text.getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "/beta/x?access_token=opaque-1&$top=5 | /beta/x?access_token=[redacted]&$top=5",
      "/beta/x?ACCESS_TOKEN=a&Id_Token=b&refresh_token=c | /beta/x?ACCESS_TOKEN=[redacted]&Id_Token=[redacted]&refresh_token=[redacted]",
      "/x?client_secret=a&code=b&password=c&client_assertion=d&assertion=e | /x?client_secret=[redacted]&code=[redacted]&password=[redacted]&client_assertion=[redacted]&assertion=[redacted]",
      "/x?api_key=a&api-key=b&apikey=c&key=d&subscription-key=e | /x?api_key=[redacted]&api-key=[redacted]&apikey=[redacted]&key=[redacted]&subscription-key=[redacted]",
      "/x?sv=2024&sig=a%2Bb%3D&X-Amz-Signature=c&token=d | /x?sv=2024&sig=[redacted]&X-Amz-Signature=[redacted]&token=[redacted]",
      "/x?access%5Ftoken=a | /x?access%5Ftoken=[redacted]",
      "/x?$skiptoken=abc&$deltatoken=def&$filter=deviceId%20eq%20'd' | /x?$skiptoken=abc&$deltatoken=def&$filter=deviceId%20eq%20'd'",
      "/x?access_token=&code | /x?access_token=&code",
      "/x?q=Bearer+abc | /x?q=Bearer%20[redacted]",
      "/x?q=Basic%09dXNlcg%3D%3D | /x?q=Basic%20[redacted]",
      "/x?redirect=%2Fy%3Faccess_token%3Dabc | /x?redirect=/y%3Faccess_token=[redacted]",
      "https://user:pa55@example.com/x | https://[redacted]@example.com/x",
      "http://127.0.0.1:8080/beta/deviceManagement/autopilotEvents('a%2Fb') | http://127.0.0.1:8080/beta/deviceManagement/autopilotEvents('a%2Fb')"})
  void aUrlKeepsParameterNamesAndLosesCredentials(String url, String recorded) {
    assertEquals(recorded, UrlRedaction.url(url));
  }

  static Stream<Arguments> urlsWithTokens() {
    String token = jwt(HEADERS.get(0));
    String encodedDots = token.replace(".", "%2E");
    StringBuilder everyByte = new StringBuilder();
    for (byte b : token.getBytes(StandardCharsets.US_ASCII)) {
      everyByte.append(String.format("%%%02X", b));
    }
    return Stream.concat(Stream.of(
        Arguments.of("/x?state=" + token + "&$top=1", "/x?state=[redacted]&$top=1"),
        Arguments.of("/x?state=" + encodedDots, "/x?state=[redacted]"),
        Arguments.of("/x?state=" + token.replace(".", "%2e"), "/x?state=[redacted]"),
        Arguments.of("/x?state=" + everyByte, "/x?state=[redacted]"),
        Arguments.of("/x?state=" + token.replace(".", "%252E"), "/x?state=[redacted]"),
        Arguments.of("/x?$filter=id%20eq%20'" + encodedDots + "'", "/x?$filter=id%20eq%20'[redacted]'"),
        Arguments.of("/beta/" + token + "/x", "/beta/[redacted]/x"),
        Arguments.of("/x?" + encodedDots + "=1", "/x?[redacted]=1")),
        jwts().map(jwt -> Arguments.of("/x?q=" + jwt, "/x?q=[redacted]")));
  }

  @ParameterizedTest
  @MethodSource("urlsWithTokens")
  void aJwtInAUrlIsFoundAsItReadsOnceDecoded(String url, String recorded) {
    assertEquals(recorded, UrlRedaction.url(url));
  }

  static Stream<Arguments> headers() {
    String token = jwt(HEADERS.get(0));
    return Stream.of(
        Arguments.of("Authorization", "Bearer " + token, "Bearer [redacted; appid=app-1, tid=tenant-1]"),
        Arguments.of("Authorization", "Bearer " + jwt(HEADERS.get(2)), "Bearer [redacted; appid=app-1, tid=tenant-1]"),
        Arguments.of("Authorization", "Bearer\t" + token, "Bearer [redacted; appid=app-1, tid=tenant-1]"),
        Arguments.of("Authorization", "Bearer\topaque", "Bearer [redacted]"),
        Arguments.of("Authorization", "Digest username=\"u\", realm=\"r\", nonce=\"n\", response=\"6629fae4\"",
            "Digest [redacted]"),
        Arguments.of("authorization", "Negotiate YIIGhgYJKoZIhvcSAQICAQBuggZ1", "Negotiate [redacted]"),
        Arguments.of("Authorization", "NTLM TlRMTVNTUAABAAAAB4IIAAAAAAAAAAAAAAAAAAAAAAA=", "NTLM [redacted]"),
        Arguments.of("Authorization", "Hawk id=\"dh37\", ts=\"1353832234\", mac=\"6R4rV5iE\"", "Hawk [redacted]"),
        Arguments.of("Authorization", "AWS4-HMAC-SHA256 Credential=AKIA/20260101/us-east-1/s3/aws4_request,"
            + " SignedHeaders=host, Signature=fe5f80f7", "AWS4-HMAC-SHA256 [redacted]"),
        Arguments.of("Authorization", "opaque-token", "[redacted]"),
        Arguments.of("Authorization", token + " trailing", "[redacted]"),
        Arguments.of("Authorization", "Bearer [redacted; tid=t]", "Bearer [redacted; tid=t]"),
        Arguments.of("Proxy-Authorization", "Basic dXNlcjpwYXNz", "Basic [redacted]"),
        Arguments.of("Cookie", "session=abc; theme=dark", "[redacted]"),
        Arguments.of("Set-Cookie", "sid=abc; Path=/; HttpOnly", "[redacted]"),
        Arguments.of("X-Api-Key", "abc", "[redacted]"),
        Arguments.of("Ocp-Apim-Subscription-Key", "abc", "[redacted]"),
        Arguments.of("X-Auth-Token", "abc", "[redacted]"),
        Arguments.of("X-Client-Secret", "abc", "[redacted]"),
        Arguments.of("X-Hub-Signature-256", "sha256=abc", "[redacted]"),
        Arguments.of("client-request-id", token, "[redacted]"),
        Arguments.of("client-request-id", jwt(HEADERS.get(4)), "[redacted]"),
        Arguments.of("client-request-id", "Bearer\tabc", "Bearer [redacted]"),
        Arguments.of("client-request-id", "7c1d0f9e-1f4a-4b8e-9a39-5d2f0e0c9b11", "7c1d0f9e-1f4a-4b8e-9a39-5d2f0e0c9b11"),
        Arguments.of("Content-Type", "application/json", "application/json"),
        Arguments.of("Prefer", "odata.maxpagesize=5", "odata.maxpagesize=5"),
        Arguments.of("WWW-Authenticate", "Bearer realm=\"\", authorization_uri=\"https://login.microsoftonline.com/"
            + "common/oauth2/authorize\"", "Bearer realm=\"\", authorization_uri=\"https://login.microsoftonline.com/"
            + "common/oauth2/authorize\""));
  }

  @ParameterizedTest
  @MethodSource("headers")
  void aHeaderKeepsWhatIsNotSecret(String name, String value, String recorded) {
    assertEquals(Map.of(name, recorded), Redaction.headers(Map.of(name, value)));
  }

  static Stream<Arguments> jsonBodies() {
    String token = jwt(HEADERS.get(2));
    return Stream.of(
        Arguments.of("{\"requests\":[{\"id\":\"1\",\"method\":\"GET\",\"url\":\"/x?access_token=abc&$top=1\","
            + "\"headers\":{\"Authorization\":\"Bearer\\tabc\",\"Cookie\":\"s=1\",\"X-Api-Key\":\"k\"}}]}",
            "{\"requests\":[{\"id\":\"1\",\"method\":\"GET\",\"url\":\"/x?access_token=[redacted]&$top=1\","
            + "\"headers\":{\"Authorization\":\"Bearer [redacted]\",\"Cookie\":\"[redacted]\","
            + "\"X-Api-Key\":\"[redacted]\"}}]}"),
        Arguments.of("{\"requests\":[{\"id\":\"1\",\"method\":\"GET\",\"url\":\"/x?q=" + token.replace(".", "%2E")
            + "\",\"headers\":{\"authorization\":\"Digest username=\\\"u\\\", response=\\\"6629fae4\\\"\"}}]}",
            "{\"requests\":[{\"id\":\"1\",\"method\":\"GET\",\"url\":\"/x?q=[redacted]\","
            + "\"headers\":{\"authorization\":\"Digest [redacted]\"}}]}"),
        Arguments.of("{\"h\":{\"Authorization\":\"Basic dXNl\\u002BcjE=\",\"Proxy-Authorization\":\"Negotiate\\u0009YII\"}}",
            "{\"h\":{\"Authorization\":\"Basic [redacted]\",\"Proxy-Authorization\":\"Negotiate [redacted]\"}}"),
        Arguments.of("{\"note\":\"" + token + "\",\"Cookie\":[\"a\",\"b\"],\"password\":1234}",
            "{\"note\":\"[redacted]\",\"Cookie\":\"[redacted]\",\"password\":\"[redacted]\"}"),
        Arguments.of("{\"error\":{\"code\":\"BadRequest\",\"message\":\"see code=1\"}}",
            "{\"error\":{\"code\":\"BadRequest\",\"message\":\"see code=[redacted]\"}}"),
        Arguments.of("{\"@odata.nextLink\":\"http://h/beta/x?$skiptoken=abc\",\"value\":[{\"id\":\"e1\"}]}",
            "{\"@odata.nextLink\":\"http://h/beta/x?$skiptoken=abc\",\"value\":[{\"id\":\"e1\"}]}"));
  }

  @ParameterizedTest
  @MethodSource("jsonBodies")
  void aJsonBodyIsReadAsJson(String sent, String recorded) {
    assertEquals(recorded, body(sent, "application/json"));
  }

  static Stream<Arguments> textBodies() {
    String token = jwt(HEADERS.get(1));
    String batch = "--b\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n"
        + "GET /beta/x?access_token=abc&$top=1 HTTP/1.1\r\n"
        + "Authorization: Digest username=\"u\", response=\"6629fae4\"\r\nCookie: s=1\r\nX-Api-Key: k\r\n"
        + "client-request-id: " + token + "\r\n\r\n\r\n--b--\r\n";
    String recorded = "--b\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n"
        + "GET /beta/x?access_token=[redacted]&$top=1 HTTP/1.1\r\n"
        + "Authorization: Digest [redacted]\r\nCookie: [redacted]\r\nX-Api-Key: [redacted]\r\n"
        + "client-request-id: [redacted]\r\n\r\n\r\n--b--\r\n";
    return Stream.of(
        Arguments.of("multipart/mixed;boundary=b", batch, recorded),
        Arguments.of("multipart/mixed;boundary=b", "GET /beta/x?q=" + token.replace(".", "%2e") + " HTTP/1.1\r\n",
            "GET /beta/x?q=[redacted] HTTP/1.1\r\n"),
        Arguments.of("text/plain", "Authorization: Bearer\tabc", "Authorization: Bearer [redacted]"),
        Arguments.of("text/plain", "the token was bearer\tabc, then Basic\ndXNlcg==", "the token was bearer [redacted],"
            + " then Basic [redacted]"),
        Arguments.of("text/plain", "see " + token + ".", "see [redacted]."),
        Arguments.of("application/x-www-form-urlencoded", "grant_type=x&client_secret=abc&code=def",
            "grant_type=x&client_secret=[redacted]&code=[redacted]"),
        // A JSON batch cut at the body limit is no longer JSON: the same rules, read from its text.
        Arguments.of("application/json", "{\"requests\":[{\"url\":\"/x?q=" + token.replace(".", "%2E")
            + "\",\"headers\":{\"Authorization\":\"Bearer\\tabc\",\"Cookie\":\"s=\\\"1\\\"\",\"X-Api-Key\":\"k",
            "{\"requests\":[{\"url\":\"/x?q=[redacted]\",\"headers\":{\"Authorization\":\"Bearer [redacted]\","
            + "\"Cookie\":\"[redacted]\",\"X-Api-Key\":\"[redacted]"),
        Arguments.of("application/json", "{\"a\":\"x\\naccess_token=abc\",\"b\":\"\\nBearer\\tdef\"",
            "{\"a\":\"x\\naccess_token=[redacted]\",\"b\":\"\\nBearer [redacted]\""));
  }

  @ParameterizedTest
  @MethodSource("textBodies")
  void anyOtherBodyIsReadAsText(String contentType, String sent, String recorded) {
    assertEquals(recorded, body(sent, contentType));
  }

  /** Bytes that are not UTF-8 (binary, a character cut at the body limit) stay as they were around a credential. */
  @Test
  void aBodyThatIsNotUtf8KeepsEveryOtherByte() {
    byte[] sent = {(byte) 0xFF, 'B', 'e', 'a', 'r', 'e', 'r', ' ', 'a', 'b', 'c', ' ', (byte) 0xC3};
    byte[] kept = {(byte) 0xFF, 'B', 'e', 'a', 'r', 'e', 'r', ' ', '[', 'r', 'e', 'd', 'a', 'c', 't', 'e', 'd', ']', ' ',
        (byte) 0xC3};
    assertArrayEquals(kept, Redaction.body(sent, "application/octet-stream", true));
  }

  @Test
  void clientRequestIdIsTheSameRedactedValueEverywhereInTheEntry() {
    String token = jwt(HEADERS.get(3));
    String error = "{\"error\":{\"code\":\"BadRequest\",\"innerError\":{\"client-request-id\":\"Cookie: " + token
        + "\"}}}";
    JournalEntry sent = new JournalEntry("r1", "Cookie: " + token, Instant.EPOCH, "GET", "http://h/beta/x",
        Map.of("client-request-id", "Cookie: " + token), JournalEntry.Body.NONE, 400,
        Map.of("client-request-id", "Cookie: " + token),
        new JournalEntry.Body(error.getBytes(StandardCharsets.UTF_8), "application/json", error.length()), 1, "t",
        null, null);
    JournalEntry kept = Redaction.entry(sent);
    assertEquals("Cookie: [redacted]", kept.clientRequestId());
    assertEquals(Map.of("client-request-id", "Cookie: [redacted]"), kept.requestHeaders());
    assertEquals(Map.of("client-request-id", "Cookie: [redacted]"), kept.responseHeaders());
    assertEquals("{\"error\":{\"code\":\"BadRequest\",\"innerError\":{\"client-request-id\":\"Cookie: [redacted]\"}}}",
        new String(kept.responseBody().bytes(), StandardCharsets.UTF_8));
  }

  /** The quick look's copy-free reading of a parameter's name agrees with the list, whatever the spelling. */
  @Test
  void aCredentialParameterIsKnownBeforeItsEqualsSignInAnySpelling() {
    java.util.Random random = new java.util.Random(17);
    List<String> names = new java.util.ArrayList<>(SecretNames.PARAMETERS);
    names.addAll(List.of("skiptoken", "deltatoken", "top", "filter", "monkey", "tokens", "xsig", "si", "ke", "y"));
    SecretNames.PARAMETERS.forEach(name -> names.add("q" + name.substring(1)));
    for (int n = 0; n < 20_000; n++) {
      StringBuilder name = new StringBuilder();
      for (char c : names.get(random.nextInt(names.size())).toCharArray()) {
        name.append(random.nextBoolean() ? Character.toUpperCase(c) : c);
        if (random.nextInt(6) == 0) {
          name.append(random.nextBoolean() ? '-' : '_');
        }
      }
      String text = (random.nextBoolean() ? "&" : "\\n") + name + "=v";
      boolean expected = SecretNames.parameter(name.toString());
      assertEquals(expected, QuickLook.parameterBefore(text, text.indexOf('=')), text);
    }
  }

  @Test
  void textThatOnlyStartsLikeACredentialIsNotScanned() {
    assertFalse(looks("<EntityType Name=\"deviceManagementAutopilotEvent\" BaseType=\"graph.entity\">"));
    assertFalse(looks("based on a database of beacons, basically"));
    assertFalse(looks("the header was Bearer"));
    assertFalse(looks("bearer-token basic_auth"));
    assertFalse(looks("Basic\u00a0dXNlcg=="), "a no-break space is not \\s to the pattern");
    assertFalse(looks("<Key><PropertyRef Name=\"id\"/></Key> monkey=1 keyboard 2"));
    assertFalse(looks("{\"@odata.nextLink\":\"http://h/beta/x?$skiptoken=abc&$deltatoken=d\",\"code\":\"x\"}"));
    assertFalse(looks("Org.OData.Core.V1.Description microsoft.graph.entity 10.0.22631.1"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"metadata/seed.xml", "metadata/current.xml", "src/test/resources/seed/create-request.json",
      "src/test/resources/seed/create-response.json"})
  void graphsOwnDocumentsAreNotScanned(String file) throws IOException {
    assertFalse(QuickLook.mayHoldCredential(Files.readAllBytes(Path.of(file))), file);
  }

  @Test
  void credentialsAndTokensAreScanned() {
    assertTrue(looks("Authorization: Bearer abc"));
    assertTrue(looks("{\"h\":\"BASIC\tdXNlcjpwYXNz\"}"));
    assertTrue(looks("{\"h\":\"Bearer\\tabc\"}"));
    assertTrue(looks("bEaReR\nx"));
    assertTrue(looks("token=eyJhbGciOiJIUzI1NiJ9.e30.sig"));
    assertTrue(looks("x " + jwt(HEADERS.get(2)) + " y"));
    assertTrue(looks("?access_token=abc"));
    assertTrue(looks("Cookie: s=1"));
    assertTrue(looks("{\"X-Api-Key\" : \"k\"}"));
    assertTrue(looks("{\"url\":\"/x\"}"));
    assertTrue(looks("GET /x HTTP/1.1"));
    assertTrue(looks("{\"a\":\"\\u0041\"}"));
  }

  /**
   * The pieces random text is made of: the start of every rule, what comes near one without being one, and a few
   * made of several (a JSON member inside a string, a parameter after a line break) that pieces one at a time would
   * almost never line up.
   */
  static final List<String> PIECES = List.of("bearer", "Bearer", "BEARER", "bEaReR", "basic", "Basic", "basiC",
      "bas", "bea", "b", "eyJ", "ey", "J", "ew", "eyAi", "ewo", "ew0K", "ewk", "e30", "IC", "fQ", "In0", "ICB9",
      " ", "\t", "\n", "\u000b", "\f", "\r", "\u00a0", "\u2003", "abc", "Zz9", "=", ".", "-", "_", "\"", ":", "\\",
      "\\t", "\\n", "\\\"", "\\u00", "u", "n", "access_token", "acc", "code", "key", "Key", "KEY", "token", "skip",
      "$", "Cookie", "cookie", "X-Api-", "url", "URL", "Digest", "password", "Authorization", " HTTP/", "GET /x?",
      "%2E", "%2e", "%", "+", "&", "?", "/", "[redacted]", "İ", "ı", "ſ", "\u212a", "é", "€", "\ud83d\ude00",
      "\"Cookie\":\"", "\"url\":\"/x?q=", "\"X-Api-Key\"\t:\"", "\"key\"\n:", "\naccess_token=", "\tcode=",
      "\nCookie: ", "\nGET /x HTTP/1.1", "\nGET /x?q=Bearer+abc HTTP/1.1", "ewp9", "eyB9", ".e30.");

  private static String randomText(java.util.Random random, int pieces) {
    StringBuilder text = new StringBuilder();
    for (int k = random.nextInt(pieces); k >= 0; k--) {
      text.append(PIECES.get(random.nextInt(PIECES.size())));
    }
    return text.toString();
  }

  /** Whatever the quick look lets through, the rules would have left as it was. */
  @Test
  void theQuickLookMissesNothingThePatternsRedact() {
    java.util.Random random = new java.util.Random(15);
    int scanned = 0;
    for (int n = 0; n < 60_000; n++) {
      String text = randomText(random, 12);
      byte[] body = text.getBytes(StandardCharsets.UTF_8);
      String type = n % 3 == 0 ? "application/json" : n % 3 == 1 ? "multipart/mixed" : "text/plain";
      byte[] redacted = Redaction.redacted(body, type, true);
      assertArrayEquals(redacted, Redaction.body(body, type, true), text::toString);
      scanned += QuickLook.mayHoldCredential(body) ? 1 : 0;
    }
    assertTrue(scanned > 3_000 && scanned < 57_000, "both kinds of text were tried: " + scanned);
  }

  /**
   * The same for JSON read as JSON: names and strings from the pieces, written by a JSON writer, half the time with
   * letters, digits and punctuation written as {@code \}{@code uXXXX} escapes, as a writer may.
   */
  @Test
  void theQuickLookMissesNothingInJson() throws IOException {
    java.util.Random random = new java.util.Random(16);
    com.fasterxml.jackson.databind.ObjectMapper plain = new com.fasterxml.jackson.databind.ObjectMapper();
    com.fasterxml.jackson.databind.ObjectMapper escaping = new com.fasterxml.jackson.databind.ObjectMapper();
    escaping.getFactory().setCharacterEscapes(new UnicodeEscapes("eyJwo.=: abcdiklnoprstuKCXAGT-"));
    int scanned = 0;
    int changed = 0;
    for (int n = 0; n < 15_000; n++) {
      com.fasterxml.jackson.databind.node.ObjectNode object = plain.createObjectNode();
      for (int k = random.nextInt(3); k >= 0; k--) {
        object.put(randomText(random, 4), randomText(random, 8));
      }
      object.putArray("a").add(randomText(random, 8));
      byte[] body = (n % 2 == 0 ? plain : escaping).writeValueAsBytes(object);
      byte[] redacted = Redaction.redacted(body, "application/json", true);
      assertArrayEquals(redacted, Redaction.body(body, "application/json", true), () -> new String(body,
          StandardCharsets.UTF_8));
      scanned += QuickLook.mayHoldCredential(body) ? 1 : 0;
      changed += redacted == body ? 0 : 1;
    }
    assertTrue(scanned > 750 && scanned < 14_600 && changed > 190, scanned + " scanned, " + changed + " changed");
  }

  /** Writes the given characters as JSON {@code \}{@code uXXXX} escapes. */
  private static final class UnicodeEscapes extends com.fasterxml.jackson.core.io.CharacterEscapes {
    private final int[] escapes = standardAsciiEscapesForJSON();

    UnicodeEscapes(String characters) {
      characters.chars().forEach(c -> escapes[c] = ESCAPE_STANDARD);
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return escapes;
    }

    @Override
    public com.fasterxml.jackson.core.SerializableString getEscapeSequence(int ch) {
      return null;
    }
  }
}
