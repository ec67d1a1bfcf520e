package dev.graphmock.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No secret reaches the journal, whatever form it is sent in, however the journal is read: {@code /__admin/requests},
 * its HAR form, the {@code --journal} file and the {@code --log requests} lines. Each row sends one request for
 * real (over a socket, so that a header can hold a tab) to one server started as {@code run.sh} starts it, then
 * reads all four: none holds any of the row's secrets, and the journal still says what was sent around them.
 */
class JournalSecretsTest {
  private static final String COLLECTION = TestServer.COLLECTION;
  private static final String PAYLOAD = "{\"appid\":\"app-9\",\"tid\":\"tenant-9\",\"nonce\":\"payload-secret\"}";
  private static final String SIGNATURE = "c2lnbmF0dXJlLTVlY3JldA";
  /** The usual JWT header, and the ones written with a space, a newline, CR LF, a tab. */
  private static final List<String> HEADERS = List.of("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", "{ \"alg\": \"HS256\" }",
      "{\n  \"alg\": \"HS256\"\n}", "{\r\n  \"alg\": \"HS256\"\r\n}", "{\t\"alg\":\"HS256\"}");

  @TempDir
  static Path folder;
  private static Path file;
  private static ServerProcess server;
  private static URI beta;

  /** One request and what the journal must never and must still hold of it. */
  record Sent(String method, String target, Map<String, String> headers, String body, List<String> secrets,
              List<String> kept, List<String> keptInHar, List<String> keptInLog) {
    Sent(String method, String target, Map<String, String> headers, String body, List<String> secrets,
         List<String> kept) {
      this(method, target, headers, body, secrets, kept, List.of(), List.of());
    }
  }

  private static String base64Url(String text) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String jwt(String header) {
    return base64Url(header) + "." + base64Url(PAYLOAD) + "." + SIGNATURE;
  }

  /** What of a JWT must not be found: each part (a header alone names no secret, but it marks a token). */
  private static List<String> partsOf(String header) {
    return List.of(base64Url(header), base64Url(PAYLOAD), SIGNATURE);
  }

  private static Map<String, String> headers(String... pairs) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", "Bearer plain-test-token");
    for (int i = 0; i < pairs.length; i += 2) {
      headers.put(pairs[i], pairs[i + 1]);
    }
    return headers;
  }

  static Stream<Arguments> secrets() {
    String token = jwt(HEADERS.get(0));
    StringBuilder everyByte = new StringBuilder();
    for (byte b : token.getBytes(StandardCharsets.US_ASCII)) {
      everyByte.append(String.format("%%%02X", b));
    }
    List<Arguments> rows = new ArrayList<>(List.of(
        Arguments.of("an opaque access_token in the query", new Sent("GET",
            COLLECTION + "?access_token=opaque-5ecret-a1&$top=1", headers(), null, List.of("opaque-5ecret-a1"),
            List.of("?access_token=[redacted]&$top=1"), List.of("{\"name\":\"access_token\",\"value\":\"[redacted]\"}"),
            List.of("?access_token=[redacted]&$top=1 "))),
        Arguments.of("credential parameters in any case and spelling", new Sent("GET", COLLECTION
            + "?Client_Secret=5ecret-b1&CODE=5ecret-b2&api-key=5ecret-b3&sig=5ecret-b4&Password=5ecret-b5"
            + "&X-Amz-Signature=5ecret-b6&id_token=5ecret-b7&refresh_token=5ecret-b8&client_assertion=5ecret-b9"
            + "&apikey=5ecret-b10&$top=2", headers(), null, List.of("5ecret-b"),
            List.of("?Client_Secret=[redacted]&CODE=[redacted]&api-key=[redacted]&sig=[redacted]&Password=[redacted]"
                + "&X-Amz-Signature=[redacted]&id_token=[redacted]&refresh_token=[redacted]"
                + "&client_assertion=[redacted]&apikey=[redacted]&$top=2"),
            List.of("{\"name\":\"Client_Secret\",\"value\":\"[redacted]\"}", "{\"name\":\"$top\",\"value\":\"2\"}"),
            List.of("&apikey=[redacted]&$top=2 "))),
        Arguments.of("a JWT in the query with %2E for its dots", new Sent("GET",
            COLLECTION + "?state=" + token.replace(".", "%2E"), headers(), null, partsOf(HEADERS.get(0)),
            List.of("?state=[redacted]\""), List.of("{\"name\":\"state\",\"value\":\"[redacted]\"}"),
            List.of("?state=[redacted] "))),
        Arguments.of("a JWT in the query with %2e for its dots", new Sent("GET",
            COLLECTION + "?state=" + token.replace(".", "%2e"), headers(), null, partsOf(HEADERS.get(0)),
            List.of("?state=[redacted]\""))),
        Arguments.of("a JWT in the query percent-encoded byte for byte", new Sent("GET",
            COLLECTION + "?state=" + everyByte, headers(), null,
            List.of(everyByte.substring(0, 30), base64Url(PAYLOAD), SIGNATURE), List.of("?state=[redacted]\""),
            List.of("{\"name\":\"state\",\"value\":\"[redacted]\"}"), List.of()))));
    for (String header : HEADERS.subList(1, HEADERS.size())) {
      rows.add(Arguments.of("a JWT whose header is " + TestServer.JSON.valueToTree(header) + ", in the query",
          new Sent("GET", COLLECTION + "?q=" + jwt(header), headers(), null, partsOf(header),
              List.of("?q=[redacted]\""), List.of(), List.of("?q=[redacted] "))));
    }
    String spaced = jwt(HEADERS.get(1));
    rows.addAll(List.of(
        Arguments.of("a JWT in client-request-id, echoed in the answer's header and error body", new Sent("GET",
            "/noSuchSegment", headers("client-request-id", token), null, partsOf(HEADERS.get(0)),
            List.of("\"clientRequestId\":\"[redacted]\"", "\"client-request-id\":\"[redacted]\"",
                "\"innerError\":{\"date\""))),
        Arguments.of("a JWT with a tab in its header, in client-request-id", new Sent("GET", COLLECTION,
            headers("client-request-id", jwt(HEADERS.get(4))), null, partsOf(HEADERS.get(4)),
            List.of("\"clientRequestId\":\"[redacted]\"", "\"client-request-id\":\"[redacted]\""))),
        Arguments.of("a JWT with CR LF in its header, in a header with no secret name", new Sent("GET", COLLECTION,
            headers("X-Trace", jwt(HEADERS.get(3))), null, partsOf(HEADERS.get(3)),
            List.of("\"X-Trace\":\"[redacted]\""))),
        Arguments.of("cookies, proxy credentials and API keys in headers", new Sent("GET", COLLECTION,
            headers("Cookie", "session=5ecret-c1; theme=dark", "Set-Cookie", "id=5ecret-c2; HttpOnly",
                "Proxy-Authorization", "Basic NWVjcmV0LWMz", "X-Api-Key", "5ecret-c4",
                "Ocp-Apim-Subscription-Key", "5ecret-c5", "X-Auth-Token", "5ecret-c6"), null,
            List.of("5ecret-c", "NWVjcmV0LWMz", "theme=dark"),
            List.of("\"Cookie\":\"[redacted]\"", "\"Set-Cookie\":\"[redacted]\"",
                "\"Proxy-Authorization\":\"Basic [redacted]\"", "\"X-Api-Key\":\"[redacted]\"",
                "\"Ocp-Apim-Subscription-Key\":\"[redacted]\"", "\"X-Auth-Token\":\"[redacted]\""))),
        Arguments.of("a bearer token after a tab", new Sent("GET", COLLECTION,
            Map.of("Authorization", "Bearer\t5ecret-d1"), null, List.of("5ecret-d1"),
            List.of("\"Authorization\":\"Bearer [redacted]\""))),
        Arguments.of("a JWT with spaces in its header, in a JSON body and echoed in the answer", new Sent("POST",
            COLLECTION, headers("Content-Type", "application/json"), "{\"id\":\"sec-1\",\"deviceId\":\"" + spaced
            + "\"}", partsOf(HEADERS.get(1)), List.of("{\"id\":\"sec-1\",\"deviceId\":\"[redacted]\"}",
                "\"deviceId\":\"[redacted]\"")))));
    rows.add(Arguments.of("a JSON $batch", jsonBatch()));
    rows.add(Arguments.of("a multipart $batch", multipartBatch()));
    rows.add(Arguments.of("a multipart $batch with Authorization in a part", refusedMultipartBatch()));
    return rows.stream();
  }

  private static Sent jsonBatch() {
    String token = jwt(HEADERS.get(2));
    String batch = "{\"requests\":["
        + "{\"id\":\"1\",\"method\":\"GET\",\"url\":\"/deviceManagement/autopilotEvents?access_token=5ecret-e1&$top=1\","
        + "\"headers\":{\"Authorization\":\"Bearer\\t5ecret-e2\",\"Cookie\":\"s=5ecret-e3\",\"X-Api-Key\":\"5ecret-e4\"}},"
        + "{\"id\":\"2\",\"method\":\"GET\",\"url\":\"/deviceManagement/autopilotEvents?q=" + token.replace(".", "%2E")
        + "\",\"headers\":{\"Authorization\":\"Digest username=\\\"u\\\", realm=\\\"r\\\", response=\\\"5ecret-e5\\\"\"}},"
        + "{\"id\":\"3\",\"method\":\"GET\",\"url\":\"/deviceManagement/autopilotEvents\","
        + "\"headers\":{\"Proxy-Authorization\":\"Negotiate\\u0009NWVjcmV0LWU2\"}}]}";
    List<String> secrets = new ArrayList<>(List.of("5ecret-e", "NWVjcmV0LWU2"));
    secrets.addAll(partsOf(HEADERS.get(2)));
    return new Sent("POST", "/$batch", headers("Content-Type", "application/json"), batch, secrets, List.of(
        "\"url\":\"/deviceManagement/autopilotEvents?access_token=[redacted]&$top=1\"",
        "\"url\":\"/deviceManagement/autopilotEvents?q=[redacted]\"", "\"Authorization\":\"Bearer [redacted]\"",
        "\"Cookie\":\"[redacted]\"", "\"X-Api-Key\":\"[redacted]\"", "\"Authorization\":\"Digest [redacted]\"",
        "\"Proxy-Authorization\":\"Negotiate [redacted]\"",
        "/beta/deviceManagement/autopilotEvents?access_token=[redacted]&$top=1\""),
        List.of(), List.of("    GET /beta/deviceManagement/autopilotEvents?access_token=[redacted]&$top=1 ",
        "    GET /beta/deviceManagement/autopilotEvents?q=[redacted] "));
  }

  private static final String PART = "--b\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n";

  private static Sent multipartBatch() {
    String token = jwt(HEADERS.get(0));
    String batch = PART + "GET deviceManagement/autopilotEvents?access_token=5ecret-f1&$top=1 HTTP/1.1\r\n"
        + "Proxy-Authorization: Digest username=\"u\", realm=\"r\", response=\"5ecret-f2\"\r\n"
        + "Cookie: s=5ecret-f3\r\nX-Api-Key: 5ecret-f4\r\n\r\n\r\n"
        + PART + "GET deviceManagement/autopilotEvents?q=" + token.replace(".", "%2e") + " HTTP/1.1\r\n\r\n\r\n"
        + "--b--\r\n";
    List<String> secrets = new ArrayList<>(List.of("5ecret-f"));
    secrets.addAll(partsOf(HEADERS.get(0)));
    return new Sent("POST", "/$batch", headers("Content-Type", "multipart/mixed;boundary=b"), batch, secrets,
        List.of("GET deviceManagement/autopilotEvents?access_token=[redacted]&$top=1 HTTP/1.1",
            "Proxy-Authorization: Digest [redacted]", "Cookie: [redacted]", "X-Api-Key: [redacted]",
            "GET deviceManagement/autopilotEvents?q=[redacted] HTTP/1.1",
            "\"Proxy-Authorization\":\"Digest [redacted]\"", "\"Cookie\":\"[redacted]\"",
            "\"X-Api-Key\":\"[redacted]\"", "/beta/deviceManagement/autopilotEvents?access_token=[redacted]&$top=1\"",
            "/beta/deviceManagement/autopilotEvents?q=[redacted]\""),
        List.of(), List.of("    GET /beta/deviceManagement/autopilotEvents?access_token=[redacted]&$top=1 ",
        "    GET /beta/deviceManagement/autopilotEvents?q=[redacted] "));
  }

  /** OData forbids Authorization inside a part (Olingo answers 400); the batch is recorded as it was sent. */
  private static Sent refusedMultipartBatch() {
    String batch = PART + "GET deviceManagement/autopilotEvents HTTP/1.1\r\n"
        + "Authorization: Digest username=\"u\", realm=\"r\", response=\"5ecret-g1\"\r\n\r\n\r\n"
        + PART + "GET deviceManagement/autopilotEvents HTTP/1.1\r\nAuthorization: Bearer\t5ecret-g2\r\n\r\n\r\n"
        + "--b--\r\n";
    return new Sent("POST", "/$batch", headers("Content-Type", "multipart/mixed;boundary=b"), batch,
        List.of("5ecret-g"), List.of("Authorization: Digest [redacted]", "Authorization: Bearer [redacted]",
        "\"status\":400"));
  }

  @BeforeAll
  static void start() throws IOException {
    file = folder.resolve("logs/journal.ndjson");
    server = ServerProcess.start(folder, "--port", "0", "--db", folder.resolve("g.db").toString(), "--log",
        "requests", "--journal", file.toString());
    beta = URI.create(server.awaitReady());
  }

  @AfterAll
  static void stop() throws InterruptedException {
    server.close();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("secrets")
  void noSecretReachesTheJournal(String form, Sent sent) throws Exception {
    assertEquals(204, admin("DELETE", "/requests").statusCode());
    long fileBefore = Files.size(file);
    send(sent);
    String journal = admin("GET", "/requests").body();
    int entries = TestServer.JSON.readTree(journal).get("value").size();
    assertTrue(entries >= 1, journal);
    String log = logLines(entries);
    String har = admin("GET", "/requests?format=har").body();
    byte[] all = Files.readAllBytes(file);
    String recorded = new String(all, (int) fileBefore, all.length - (int) fileBefore, StandardCharsets.UTF_8);
    Map<String, String> views = Map.of("journal", journal, "HAR", har, "--journal file", recorded, "--log", log);
    views.forEach((view, text) -> sent.secrets().forEach(secret -> assertFalse(text.contains(secret),
        () -> form + ": '" + secret + "' in the " + view + ":\n" + text)));
    for (String kept : sent.kept()) {
      assertTrue(journal.contains(kept), () -> form + ": '" + kept + "' not in the journal:\n" + journal);
      assertTrue(recorded.contains(kept), () -> form + ": '" + kept + "' not in the file:\n" + recorded);
    }
    sent.keptInHar().forEach(kept -> assertTrue(har.contains(kept), () -> form + ": '" + kept + "' not in the"
        + " HAR:\n" + har));
    sent.keptInLog().forEach(kept -> assertTrue(log.contains(kept), () -> form + ": '" + kept + "' not in the"
        + " log:\n" + log));
  }

  @Test
  void theJournalFileIsReadableAndWritableByItsOwnerOnly() throws IOException {
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
  }

  /** The request as its bytes: Java's HTTP client would refuse a tab in a header value. */
  private void send(Sent sent) throws IOException {
    byte[] body = sent.body() == null ? new byte[0] : sent.body().getBytes(StandardCharsets.UTF_8);
    StringBuilder head = new StringBuilder(sent.method() + " " + beta.getPath() + sent.target() + " HTTP/1.1\r\n"
        + "Host: " + beta.getAuthority() + "\r\nConnection: close\r\nContent-Length: " + body.length + "\r\n");
    sent.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
    head.append("\r\n");
    try (Socket socket = new Socket(beta.getHost(), beta.getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
      InputStream in = socket.getInputStream();
      String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      assertTrue(answer.startsWith("HTTP/1.1 "), answer);
    }
  }

  /** The next {@code count} lines of {@code --log requests}, the lines of this row's entries. */
  private String logLines(int count) {
    return assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
      StringBuilder lines = new StringBuilder();
      for (int i = 0; i < count; i++) {
        lines.append(server.readLine()).append('\n');
      }
      return lines.toString();
    });
  }

  private HttpResponse<String> admin(String method, String path) throws IOException, InterruptedException {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(beta.resolve("/") + "__admin" + path))
        .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
  }
}
