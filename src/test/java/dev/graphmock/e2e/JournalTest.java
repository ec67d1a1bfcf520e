package dev.graphmock.e2e;

import static dev.graphmock.e2e.GraphErrorAssert.assertGraphError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import de.sstoehr.harreader.HarReader;
import de.sstoehr.harreader.HarReaderMode;
import de.sstoehr.harreader.model.Har;
import de.sstoehr.harreader.model.HarEntry;
import dev.graphmock.app.ServerConfig;
import dev.graphmock.http.Tokens;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The request journal: /__admin/requests, its filters and HAR form, --journal-size, --journal FILE, --log. */
class JournalTest {
  @TempDir
  Path folder;

  static TestServer.Reply admin(TestServer server, String method, String path) {
    return server.send(method, server.origin() + "/__admin" + path, Map.of(), null);
  }

  static JsonNode entries(TestServer server, String query) {
    TestServer.Reply reply = admin(server, "GET", "/requests" + query);
    assertEquals(200, reply.status(), reply::toString);
    return reply.json().get("value");
  }

  private static Map<String, String> headers(String... pairs) {
    Map<String, String> headers = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      headers.put(pairs[i], pairs[i + 1]);
    }
    return headers;
  }

  @Test
  void eachRequestIsRecordedWithWhatWasSentAndWhatWasAnswered() throws Exception {
    try (TestServer server = TestServer.start(folder)) {
      Instant before = Instant.now();
      String body = "{\"id\":\"j1\",\"deviceId\":\"dev-1\"}";
      TestServer.Reply created = server.send("POST", TestServer.COLLECTION, headers("Authorization",
          "Bearer opaque-token", "Content-Type", "application/json", "client-request-id", "my-call-1"),
          body.getBytes(StandardCharsets.UTF_8));
      assertEquals(201, created.status(), created::toString);
      TestServer.Reply read = server.get(TestServer.COLLECTION + "/j1?$select=id");
      assertEquals(200, read.status());

      JsonNode entries = entries(server, "");
      assertEquals(2, entries.size(), entries::toString);
      JsonNode get = entries.get(0);
      JsonNode post = entries.get(1);
      assertEquals("GET", get.get("method").asText(), "newest first");
      assertEquals(server.beta() + TestServer.COLLECTION + "/j1?$select=id", get.get("url").asText());
      assertEquals(read.header("request-id"), get.get("requestId").asText());

      assertEquals(created.header("request-id"), post.get("requestId").asText());
      assertEquals("my-call-1", post.get("clientRequestId").asText());
      Instant time = Instant.parse(post.get("time").asText());
      assertTrue(!time.isBefore(before.minusMillis(1)) && !time.isAfter(Instant.now()), time::toString);
      assertTrue(post.get("time").asText().endsWith("Z"), "UTC");
      assertEquals("POST", post.get("method").asText());
      assertEquals(server.beta() + TestServer.COLLECTION, post.get("url").asText());
      assertEquals("application/json", post.get("requestHeaders").get("Content-Type").asText());
      assertEquals(TestServer.JSON.readTree(body), post.get("requestBody"), "a JSON body is kept as JSON");
      assertEquals(201, post.get("status").asInt());
      assertEquals(created.header("Location"), post.get("responseHeaders").get("Location").asText());
      assertEquals("j1", post.get("responseBody").get("id").asText());
      assertEquals(created.json(), post.get("responseBody"));
      assertTrue(post.get("durationMs").isNumber() && post.get("durationMs").asDouble() > 0, post::toString);
      assertEquals(dev.graphmock.model.Tenants.DEFAULT, post.get("tenant").asText());
      assertTrue(post.get("batchRequestId").isNull());
      assertTrue(post.get("fault").isNull());

      TestServer.Reply one = admin(server, "GET", "/requests/" + created.header("request-id"));
      assertEquals(200, one.status());
      assertEquals(post, one.json());
      assertGraphError(admin(server, "GET", "/requests/no-such-request"), 404, "ResourceNotFound");
    }
  }

  @Test
  void authorizationKeepsItsSchemeAndTheTokensNonSecretClaimsOnly() throws Exception {
    try (TestServer server = TestServer.start(folder)) {
      String token = Tokens.issue(List.of("DeviceManagementManagedDevices.ReadWrite.All"), false,
          Duration.ofHours(1), Instant.now(), "tenant-j");
      String signature = token.substring(token.lastIndexOf('.') + 1);
      assertEquals(200, server.send("GET", TestServer.COLLECTION, headers("Authorization", "Bearer " + token), null)
          .status());
      String batch = "{\"requests\":[{\"id\":\"1\",\"method\":\"GET\",\"url\":\"/deviceManagement/autopilotEvents\","
          + "\"headers\":{\"Authorization\":\"Bearer " + token + "\"}},{\"id\":\"2\",\"method\":\"GET\",\"url\":"
          + "\"/deviceManagement/autopilotEvents\",\"headers\":{\"Authorization\":\"Basic dXNlcjpzZWNyZXQ=\"}}]}";
      assertEquals(200, server.send("POST", "/$batch", headers("Authorization", "Bearer " + token, "Content-Type",
          "application/json"), batch.getBytes(StandardCharsets.UTF_8)).status());

      server.send("GET", TestServer.COLLECTION + "?access_token=" + token, headers("Authorization", "Bearer t"), null);
      String journal = admin(server, "GET", "/requests").text();
      String har = admin(server, "GET", "/requests?format=har").text();
      for (String recorded : List.of(journal, har)) {
        assertFalse(recorded.contains(token), "never the token");
        assertFalse(recorded.contains(signature), "nor its signature");
        assertFalse(recorded.contains(token.substring(0, token.indexOf('.'))), "nor its header");
        assertFalse(recorded.contains("dXNlcjpzZWNyZXQ="), "nor a basic credential inside a batch");
      }
      JsonNode gets = entries(server, "?method=GET");
      assertTrue(gets.get(0).get("url").asText().endsWith("?access_token=[redacted]"), gets.get(0)::toString);
      JsonNode get = gets.get(gets.size() - 1);
      String authorization = get.get("requestHeaders").get("Authorization").asText();
      assertTrue(authorization.startsWith("Bearer [redacted; "), authorization);
      assertTrue(authorization.contains("appid=graphmock") && authorization.contains("tid=tenant-j")
          && authorization.contains("scp=DeviceManagementManagedDevices.ReadWrite.All")
          && authorization.contains("exp="), authorization);
      assertFalse(authorization.contains("oid="), "only appid, tid, scp, roles and exp");
      assertEquals("tenant-j", get.get("tenant").asText());
      assertEquals("Bearer [redacted]", entries(server, "?method=POST").get(0).get("requestBody").get("requests")
          .get(0).get("headers").get("Authorization").asText(), "a batch body keeps the scheme only");
    }
  }

  @Test
  void eachRequestInsideABatchIsAnEntryOfItsOwnLinkedToItsBatch() throws Exception {
    try (TestServer server = TestServer.start(folder)) {
      String batch = "{\"requests\":[{\"id\":\"1\",\"method\":\"POST\",\"url\":\"/deviceManagement/autopilotEvents\","
          + "\"headers\":{\"Content-Type\":\"application/json\"},\"body\":{\"id\":\"b1\"}},"
          + "{\"id\":\"2\",\"method\":\"GET\",\"url\":\"deviceManagement/autopilotEvents/b1?$select=id\","
          + "\"dependsOn\":[\"1\"]}]}";
      TestServer.Reply reply = server.send("POST", "/$batch", TestServer.withJson(TestServer.AUTH),
          batch.getBytes(StandardCharsets.UTF_8));
      assertEquals(200, reply.status(), reply::toString);
      String batchId = reply.header("request-id");
      String multipart = "--b\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n"
          + "GET deviceManagement/autopilotEvents/b1 HTTP/1.1\r\n\r\n\r\n--b--\r\n";
      TestServer.Reply multi = server.send("POST", "/$batch", headers("Authorization", "Bearer t", "Content-Type",
          "multipart/mixed;boundary=b"), multipart.getBytes(StandardCharsets.UTF_8));
      assertEquals(200, multi.status(), multi::toString);

      JsonNode entries = entries(server, "");
      assertEquals(5, entries.size(), entries::toString);
      JsonNode multiBatch = entries.get(0);
      assertEquals(multi.header("request-id"), multiBatch.get("requestId").asText());
      assertEquals(multi.header("request-id"), entries.get(1).get("batchRequestId").asText());
      assertEquals(server.beta() + "/deviceManagement/autopilotEvents/b1", entries.get(1).get("url").asText());
      JsonNode jsonBatch = entries.get(2);
      assertEquals(batchId, jsonBatch.get("requestId").asText());
      assertEquals(server.beta() + "/$batch", jsonBatch.get("url").asText());
      assertTrue(jsonBatch.get("batchRequestId").isNull());
      JsonNode get = entries.get(3);
      JsonNode post = entries.get(4);
      assertEquals(List.of("GET", batchId, "200"), List.of(get.get("method").asText(),
          get.get("batchRequestId").asText(), get.get("status").asText()));
      assertEquals(server.beta() + "/deviceManagement/autopilotEvents/b1?$select=id", get.get("url").asText());
      assertEquals(List.of("POST", batchId, "201"), List.of(post.get("method").asText(),
          post.get("batchRequestId").asText(), post.get("status").asText()));
      assertEquals("b1", post.get("requestBody").get("id").asText());
      assertFalse(post.get("requestId").asText().equals(get.get("requestId").asText()), "each its own id");
      assertEquals(2, entries(server, "?path=autopilotEvents/b1").size(), "the items are found by path too");
    }
  }

  @Test
  void filtersSelectByMethodPathStatusTenantTimeAndCount() throws Exception {
    try (TestServer server = TestServer.start(folder)) {
      server.post(TestServer.COLLECTION, "{\"id\":\"f1\"}");
      server.get(TestServer.COLLECTION + "/f1");
      server.get(TestServer.COLLECTION + "/missing");
      Instant between = Instant.now();
      Thread.sleep(5);
      String token = Tokens.issue(List.of("DeviceManagementManagedDevices.ReadWrite.All"), true,
          Duration.ofHours(1), Instant.now(), "tenant-f");
      server.send("GET", TestServer.COLLECTION, headers("Authorization", "Bearer " + token), null);

      assertEquals(3, entries(server, "?method=get").size(), "method, in any case");
      assertEquals(1, entries(server, "?method=POST").size());
      assertEquals(2, entries(server, "?path=autopilotEvents/").size(), "a regular expression searched for");
      assertEquals(2, entries(server, "?path=%5E/beta/deviceManagement/autopilotEvents$").size(),
          "the create and the list");
      assertEquals(1, entries(server, "?status=404").size());
      assertEquals("/missing", entries(server, "?status=404").get(0).get("url").asText()
          .substring((server.beta() + TestServer.COLLECTION).length()));
      assertEquals(1, entries(server, "?tenant=tenant-f").size());
      assertEquals(1, entries(server, "?since=" + between).size(), () -> entries(server, "").toString());
      JsonNode two = entries(server, "?limit=2");
      assertEquals(2, two.size());
      assertEquals("tenant-f", two.get(0).get("tenant").asText(), "the newest");
      assertEquals(1, entries(server, "?method=GET&status=200&tenant=" + dev.graphmock.model.Tenants.DEFAULT).size(),
          "all criteria hold together");
    }
  }

  private static String encoded(String text) {
    return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  /** java.util.regex backtracks on this pattern for minutes against a path of thirty a's and a b; RE2 does not. */
  @Test
  void aPathPatternThatWouldBacktrackIsAnsweredPromptly() throws Exception {
    try (TestServer server = TestServer.start(folder)) {
      server.get("/" + "a".repeat(30) + "b");
      JsonNode none = assertTimeoutPreemptively(Duration.ofSeconds(10),
          () -> entries(server, "?path=" + encoded("(.*a){20}$")));
      assertEquals(0, none.size(), none::toString);
      assertEquals(1, entries(server, "?path=" + encoded("(.*a){20}b$")).size());
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "(        | missing closing )",
      "(?=a)    | invalid or unsupported Perl syntax",
      "(a)\\1   | invalid escape sequence"})
  void aPathPatternRe2CannotReadIsA400NamingIt(String pattern, String reason) throws Exception {
    try (TestServer server = TestServer.start(folder)) {
      JsonNode error = assertGraphError(admin(server, "GET", "/requests?path=" + encoded(pattern)), 400,
          "BadRequest");
      assertEquals("path must be a regular expression in RE2 syntax (no look-around or back-references), not '"
          + pattern + "': " + reason + ".", error.get("message").asText());
    }
  }

  /** A tenant is a token's tid, which Entra ID compares exactly: two spellings are two tenants. */
  @Test
  void theTenantFilterMatchesTheTenantExactly() throws Exception {
    try (TestServer server = TestServer.start(folder)) {
      assertEquals(200, server.sendAs("Tenant-C", "GET", TestServer.COLLECTION, null).status());
      assertEquals(200, server.sendAs("tenant-c", "GET", TestServer.COLLECTION, null).status());
      JsonNode lower = entries(server, "?tenant=tenant-c");
      assertEquals(1, lower.size(), lower::toString);
      assertEquals("tenant-c", lower.get(0).get("tenant").asText());
      assertEquals("Tenant-C", entries(server, "?tenant=Tenant-C").get(0).get("tenant").asText());
      assertEquals(0, entries(server, "?tenant=TENANT-C").size());
    }
  }

  @Test
  void deleteEmptiesTheJournalAndAdminCallsAreNeverRecorded() throws Exception {
    try (TestServer server = TestServer.start(folder)) {
      server.get(TestServer.COLLECTION);
      admin(server, "POST", "/reset");
      admin(server, "GET", "/export");
      assertEquals(1, entries(server, "").size(), "only the Graph call");
      TestServer.Reply cleared = admin(server, "DELETE", "/requests");
      assertEquals(204, cleared.status(), cleared::toString);
      assertEquals(0, entries(server, "").size());
      assertGraphError(admin(server, "PUT", "/requests"), 405, "MethodNotAllowed");
      server.get(TestServer.COLLECTION);
      assertEquals(1, entries(server, "").size(), "recording goes on");
    }
  }

  @Test
  void harIsReadByAHarLibraryWithTheSameEntries() throws Exception {
    try (TestServer server = TestServer.start(folder)) {
      TestServer.Reply created = server.post(TestServer.COLLECTION + "?x=1", "{\"id\":\"h1\"}");
      server.get(TestServer.COLLECTION + "?$top=1&$select=id");
      TestServer.Reply reply = admin(server, "GET", "/requests?format=har");
      assertEquals(200, reply.status());
      Har har = new HarReader().readFromString(reply.text(), HarReaderMode.STRICT);
      assertEquals("1.2", har.getLog().getVersion());
      assertEquals("graphmock", har.getLog().getCreator().getName());
      List<HarEntry> entries = har.getLog().getEntries();
      assertEquals(2, entries.size());
      HarEntry post = entries.get(1);
      assertEquals("POST", post.getRequest().getMethod().name());
      assertEquals(server.beta() + TestServer.COLLECTION + "?x=1", post.getRequest().getUrl());
      assertEquals("{\"id\":\"h1\"}", post.getRequest().getPostData().getText());
      assertEquals(201, post.getResponse().getStatus());
      assertEquals(created.text(), post.getResponse().getContent().getText());
      assertEquals(created.header("Location"), post.getResponse().getRedirectURL());
      HarEntry get = entries.get(0);
      List<String> query = new ArrayList<>();
      get.getRequest().getQueryString().forEach(parameter -> query.add(parameter.getName() + "="
          + parameter.getValue()));
      assertEquals(List.of("$top=1", "$select=id"), query);
      assertTrue(get.getRequest().getHeaders().stream().anyMatch(header -> header.getName().equals("Authorization")
          && header.getValue().equals("Bearer [redacted]")));
      assertEquals(created.header("request-id"), TestServer.JSON.readTree(reply.bytes()).get("log").get("entries")
          .get(1).get("_requestId").asText(), "graphmock's own fields start with _");
    }
  }

  @Test
  void aBodyIsKeptToItsFirst64KiBAndThenAsText() throws Exception {
    try (TestServer server = TestServer.start(folder)) {
      String big = "{\"id\":\"big\",\"deviceId\":\"" + "x".repeat(100_000) + "\"}";
      server.post(TestServer.COLLECTION, big);
      JsonNode entry = entries(server, "").get(0);
      assertTrue(entry.get("requestBody").isTextual(), "cut JSON is no longer JSON");
      assertEquals(64 * 1024, entry.get("requestBody").asText().length());
      assertTrue(entry.get("requestBodyTruncated").asBoolean());
      assertTrue(big.startsWith(entry.get("requestBody").asText()));
    }
  }

  @Test
  void journalSizeKeepsTheNewestAndZeroKeepsNone() throws Exception {
    ServerConfig config = TestServer.config(folder);
    try (TestServer server = TestServer.start(config.withControls(new ServerConfig.TestControls(3, null, false,
        List.of(), null)))) {
      for (int i = 0; i < 5; i++) {
        server.get(TestServer.COLLECTION + "/n" + i);
      }
      JsonNode entries = entries(server, "");
      assertEquals(3, entries.size());
      assertTrue(entries.get(0).get("url").asText().endsWith("/n4"));
      assertTrue(entries.get(2).get("url").asText().endsWith("/n2"));
    }
    try (TestServer server = TestServer.start(TestServer.config(folder.resolve("none")).withControls(
        new ServerConfig.TestControls(0, null, false, List.of(), null)))) {
      server.get(TestServer.COLLECTION);
      assertEquals(0, entries(server, "").size());
    }
  }

  @Test
  void journalFileGetsEachRequestAsOneJsonLine() throws Exception {
    Path file = folder.resolve("logs/journal.ndjson");
    try (TestServer server = TestServer.start(TestServer.config(folder).withControls(new ServerConfig.TestControls(
        10, file, false, List.of(), null)))) {
      server.post(TestServer.COLLECTION, "{\"id\":\"n1\"}");
      server.send("POST", "/$batch", TestServer.withJson(TestServer.AUTH), ("{\"requests\":[{\"id\":\"1\","
          + "\"method\":\"GET\",\"url\":\"/deviceManagement/autopilotEvents/n1\"}]}").getBytes(StandardCharsets.UTF_8));
      List<String> lines = Files.readAllLines(file);
      assertEquals(3, lines.size(), lines::toString);
      JsonNode memory = entries(server, "");
      for (int i = 0; i < 3; i++) {
        assertEquals(memory.get(2 - i), TestServer.JSON.readTree(lines.get(i)), "the same entries, oldest first");
      }
      assertFalse(String.join("\n", lines).contains("test-token"));
    }
  }

  @Test
  void logRequestsPrintsOneLinePerRequestWithBatchItemsIndentedAndFaultsMarked() throws Exception {
    try (ServerProcess process = ServerProcess.start(folder, "--port", "0", "--db", folder.resolve("g.db").toString(),
        "--log", "requests", "--fault", "status=503,times=1,path=/nowhere")) {
      String beta = process.awaitReady();
      java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
      java.net.http.HttpResponse<String> post = client.send(java.net.http.HttpRequest.newBuilder(
          java.net.URI.create(beta + TestServer.COLLECTION + "?x=1")).header("Authorization", "Bearer secret-token")
          .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(
              "{\"id\":\"l1\"}")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
      assertEquals(201, post.statusCode());
      client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(beta + "/$batch"))
          .header("Authorization", "Bearer secret-token").header("Content-Type", "application/json")
          .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"requests\":[{\"id\":\"1\",\"method\":\"GET\","
              + "\"url\":\"/deviceManagement/autopilotEvents/l1\"},{\"id\":\"2\",\"method\":\"GET\",\"url\":"
              + "\"/nowhere\"}]}")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        lines.add(process.readLine());
      }
      String requestId = post.headers().firstValue("request-id").orElseThrow();
      assertTrue(lines.get(0).matches("\\d{4}-\\d\\d-\\d\\dT\\S+Z POST /beta/deviceManagement/autopilotEvents\\?x=1 201"
          + " \\d+\\.\\d ms " + requestId), lines.get(0));
      assertTrue(lines.get(1).matches("\\S+Z POST /beta/\\$batch 200 .*"), lines.get(1));
      assertTrue(lines.get(2).matches("\\S+Z     GET /beta/deviceManagement/autopilotEvents/l1 200 .*"), lines.get(2));
      assertTrue(lines.get(3).matches("\\S+Z     GET /beta/nowhere 503 .* \\[fault [0-9a-f-]{36}: 503\\]"),
          lines.get(3));
      assertFalse(String.join("\n", lines).contains("secret-token"));
    }
  }
}
