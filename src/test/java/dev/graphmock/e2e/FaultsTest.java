package dev.graphmock.e2e;

import static dev.graphmock.e2e.GraphErrorAssert.assertGraphError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphmock.app.ServerConfig;
import dev.graphmock.http.Tokens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Fault rules (/__admin/faults, --fault) and the throttle (--throttle), over real HTTP. */
class FaultsTest {
  @TempDir
  Path folder;

  static TestServer.Reply addRule(TestServer server, String rule) {
    return server.send("POST", server.origin() + "/__admin/faults", Map.of("Content-Type", "application/json"),
        rule.getBytes(StandardCharsets.UTF_8));
  }

  static String ruleId(TestServer server, String rule) {
    TestServer.Reply added = addRule(server, rule);
    assertEquals(201, added.status(), added::toString);
    return added.json().get("id").asText();
  }

  private static List<Integer> statuses(TestServer server, String path, int requests) {
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      statuses.add(server.get(path).status());
    }
    return statuses;
  }

  private static TestServer start(Path folder, List<String> faults, String throttle) throws IOException {
    return TestServer.start(TestServer.config(folder).withControls(new ServerConfig.TestControls(100, null, false,
        faults, throttle)));
  }

  @Test
  void rulesAreAddedListedWithTheirHitsAndDeleted() throws Exception {
    try (TestServer server = TestServer.start(folder)) {
      TestServer.Reply added = addRule(server, "{\"method\":\"get\",\"path\":\"autopilotEvents\",\"status\":503,"
          + "\"retryAfterSeconds\":3,\"times\":1}");
      assertEquals(201, added.status(), added::toString);
      String id = added.json().get("id").asText();
      assertEquals(36, id.length());
      assertEquals("GET", added.json().get("method").asText());
      assertEquals(0, added.json().get("hits").asInt());
      long chosenSeed = added.json().get("seed").asLong();
      assertTrue(chosenSeed >= 0 && chosenSeed < 1L << 53, "a seed JavaScript and jq read exactly: " + chosenSeed);
      String second = ruleId(server, "{\"latencyMs\":[1,2],\"seed\":5}");

      TestServer.Reply refused = server.get(TestServer.COLLECTION);
      assertGraphError(refused, 503, "ServiceUnavailable");
      assertEquals("3", refused.header("Retry-After"));
      assertEquals(200, server.get(TestServer.COLLECTION).status(), "times: 1 is used up");

      JsonNode rules = server.send("GET", server.origin() + "/__admin/faults", Map.of(), null).json().get("value");
      assertEquals(2, rules.size());
      assertEquals(id, rules.get(0).get("id").asText(), "in the order they apply");
      assertEquals(1, rules.get(0).get("hits").asInt(), "a used-up rule stays listed with its hits");
      assertEquals(1, rules.get(1).get("hits").asInt(), "the second saw only the request the first let through");
      assertEquals(5, rules.get(1).get("seed").asInt());

      assertEquals(204, server.send("DELETE", server.origin() + "/__admin/faults/" + id, Map.of(), null).status());
      assertGraphError(server.send("DELETE", server.origin() + "/__admin/faults/" + id, Map.of(), null), 404,
          "ResourceNotFound");
      assertEquals(1, server.send("GET", server.origin() + "/__admin/faults", Map.of(), null).json().get("value")
          .size());
      assertEquals(204, server.send("DELETE", server.origin() + "/__admin/faults", Map.of(), null).status());
      assertEquals("{\"value\":[]}", server.send("GET", server.origin() + "/__admin/faults", Map.of(), null).text());
      assertNotEquals(second, id);
    }
  }

  @Test
  void everyFiresOnEveryNthMatchingRequestAndOnlyOnMatchingOnes() throws Exception {
    try (TestServer server = TestServer.start(folder)) {
      ruleId(server, "{\"method\":\"GET\",\"path\":\"^/deviceManagement/autopilotEvents$\",\"status\":500,"
          + "\"every\":3}");
      assertEquals(List.of(200, 200, 500, 200, 200, 500), statuses(server, TestServer.COLLECTION, 6));
      assertEquals(List.of(404, 404, 404), statuses(server, TestServer.COLLECTION + "/other", 3), "path must match");
      assertEquals(201, server.post(TestServer.COLLECTION, "{\"id\":\"e1\"}").status(), "method must match");
      assertEquals(List.of(200, 200, 500), statuses(server, TestServer.COLLECTION, 3),
          "requests it did not match were not counted");
      assertEquals(List.of(200, 200), statuses(server, TestServer.COLLECTION, 2));
      assertGraphError(server.get(TestServer.COLLECTION), 500, "InternalServerError");
    }
  }

  @Test
  void aSeededRateFiresTheSameWayEachTime() throws Exception {
    try (TestServer server = TestServer.start(folder)) {
      List<List<Integer>> runs = new ArrayList<>();
      for (int run = 0; run < 2; run++) {
        String id = ruleId(server, "{\"status\":429,\"rate\":0.5,\"seed\":42}");
        runs.add(statuses(server, TestServer.COLLECTION, 30));
        server.send("DELETE", server.origin() + "/__admin/faults/" + id, Map.of(), null);
      }
      assertEquals(runs.get(0), runs.get(1), "the same seed, the same requests: the same faults");
      long faulted = runs.get(0).stream().filter(status -> status == 429).count();
      assertTrue(faulted > 5 && faulted < 25, "about half: " + runs.get(0));
      ruleId(server, "{\"status\":429,\"rate\":0.5,\"seed\":43}");
      assertNotEquals(runs.get(0), statuses(server, TestServer.COLLECTION, 30), "another seed, other faults");
    }
  }

  @Test
  void latencyDelaysARequestWhichIsThenServedAndJournaledWithIt() throws Exception {
    try (TestServer server = TestServer.start(folder)) {
      ruleId(server, "{\"latencyMs\":400,\"times\":1}");
      long start = System.nanoTime();
      TestServer.Reply slow = server.get(TestServer.COLLECTION);
      long tookMs = (System.nanoTime() - start) / 1_000_000;
      assertEquals(200, slow.status());
      assertTrue(tookMs >= 400, "took " + tookMs + " ms");
      JsonNode entry = JournalTest.entries(server, "").get(0);
      assertEquals(400, entry.get("fault").get("latencyMs").asInt());
      assertTrue(entry.get("durationMs").asDouble() >= 400, entry::toString);
      assertEquals(200, entry.get("status").asInt());

      ruleId(server, "{\"latencyMs\":[50,120],\"seed\":9,\"times\":3}");
      statuses(server, TestServer.COLLECTION, 3);
      for (JsonNode delayed : JournalTest.entries(server, "?limit=3")) {
        long latency = delayed.get("fault").get("latencyMs").asLong();
        assertTrue(latency >= 50 && latency <= 120, delayed::toString);
      }
    }
  }

  @Test
  void dropClosesTheConnectionWithoutAnAnswerAndIsJournaled() throws Exception {
    try (TestServer server = TestServer.start(folder)) {
      String id = ruleId(server, "{\"drop\":true,\"times\":1}");
      String answer = server.raw("GET /beta/deviceManagement/autopilotEvents HTTP/1.1\r\nHost: x\r\n"
          + "Authorization: Bearer t\r\n\r\n");
      assertEquals("", answer, "not one byte");
      assertEquals(200, server.get(TestServer.COLLECTION).status(), "the next connection is served");
      JsonNode dropped = JournalTest.entries(server, "").get(1);
      assertEquals(0, dropped.get("status").asInt());
      assertEquals(id, dropped.get("fault").get("source").asText());
      assertTrue(dropped.get("fault").get("dropped").asBoolean());
    }
  }

  @Test
  void aFaultedWriteStoresNothing() throws Exception {
    try (TestServer server = TestServer.start(folder)) {
      String id = ruleId(server, "{\"method\":\"POST\",\"status\":507}");
      ruleId(server, "{\"method\":\"PATCH\",\"status\":500,\"times\":1}");
      ruleId(server, "{\"method\":\"DELETE\",\"status\":503,\"times\":1}");
      JsonNode error = assertGraphError(server.post(TestServer.COLLECTION, "{\"id\":\"w1\"}"), 507,
          "InsufficientStorage");
      assertTrue(error.get("message").asText().contains("nothing was saved"), error::toString);
      assertEquals(0, server.count());
      server.send("DELETE", server.origin() + "/__admin/faults/" + id, Map.of(), null);
      assertEquals(201, server.post(TestServer.COLLECTION, "{\"id\":\"w1\",\"deviceId\":\"before\"}").status());
      assertGraphError(server.patch(TestServer.COLLECTION + "/w1", "{\"deviceId\":\"after\"}"), 500,
          "InternalServerError");
      assertGraphError(server.send("DELETE", TestServer.COLLECTION + "/w1", TestServer.AUTH, null), 503,
          "ServiceUnavailable");
      assertEquals("before", server.get(TestServer.COLLECTION + "/w1").json().get("deviceId").asText());
      JsonNode journaled = JournalTest.entries(server, "?method=POST&status=507").get(0);
      assertEquals(id, journaled.get("fault").get("source").asText());
      assertEquals(507, journaled.get("fault").get("status").asInt());
    }
  }

  @Test
  void aRuleForOneTenantLeavesOthersAlone() throws Exception {
    try (TestServer server = TestServer.start(folder)) {
      ruleId(server, "{\"tenant\":\"tenant-x\",\"status\":503}");
      String token = Tokens.issue(List.of("DeviceManagementManagedDevices.ReadWrite.All"), true,
          Duration.ofHours(1), Instant.now(), "tenant-x");
      assertGraphError(server.send("GET", TestServer.COLLECTION, Map.of("Authorization", "Bearer " + token), null),
          503, "ServiceUnavailable");
      assertEquals(200, server.get(TestServer.COLLECTION).status(), "the default tenant");
    }
  }

  @Test
  void aRuleForATenantLeavesTheSameNameInAnotherCaseAlone() throws Exception {
    try (TestServer server = TestServer.start(folder)) {
      ruleId(server, "{\"tenant\":\"tenant-x\",\"status\":503}");
      assertEquals(200, server.sendAs("TENANT-X", "GET", TestServer.COLLECTION, null).status(),
          "tenants are case-sensitive: TENANT-X is another tenant");
      assertGraphError(server.sendAs("tenant-x", "GET", TestServer.COLLECTION, null), 503, "ServiceUnavailable");
    }
  }

  @Test
  void aCatastrophicPathPatternAnswersPromptlyAndHoldsUpNoOne() throws Exception {
    try (TestServer server = TestServer.start(folder)) {
      ruleId(server, "{\"method\":\"GET\",\"path\":\"(.*a){20}$\",\"status\":500}");
      String longPath = TestServer.COLLECTION + "/" + "a".repeat(40) + "b";
      ExecutorService clients = Executors.newFixedThreadPool(3);
      try {
        // java.util.regex backtracked through this for good, under the rule's lock, so that the rule's listing and
        // every other request matched against the rule waited behind it. 10 s is generous for three requests.
        List<Integer> statuses = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
          Future<TestServer.Reply> matched = clients.submit(() -> server.get(longPath));
          Future<TestServer.Reply> rules = clients.submit(() -> server.send("GET", server.origin() + "/__admin/faults",
              Map.of(), null));
          Future<TestServer.Reply> other = clients.submit(() -> server.get(TestServer.COLLECTION + "/$count"));
          return List.of(matched.get().status(), rules.get().status(), other.get().status());
        });
        assertEquals(List.of(404, 200, 200), statuses, "the long path does not end in a: served, and no such event");
        assertGraphError(server.get(longPath + "a"), 500, "InternalServerError");
      } finally {
        clients.shutdownNow();
      }
    }
  }

  @Test
  void aRuleThatOnlyDelaysLeavesTheThrottleOn() throws Exception {
    try (TestServer server = start(folder, List.of("latency=50,method=GET"), "2/60s")) {
      assertEquals(List.of(200, 200), statuses(server, TestServer.COLLECTION, 2));
      TestServer.Reply third = server.get(TestServer.COLLECTION);
      assertGraphError(third, 429, "TooManyRequests");
      int retryAfter = Integer.parseInt(third.header("Retry-After"));
      assertTrue(retryAfter >= 50 && retryAfter <= 60, "the window's 60 s, less the moments passed: " + retryAfter);
      JsonNode entry = JournalTest.entries(server, "?limit=1").get(0);
      assertEquals("throttle", entry.get("fault").get("source").asText(), entry::toString);
      assertEquals(429, entry.get("fault").get("status").asInt(), entry::toString);
      assertEquals(50, entry.get("fault").get("latencyMs").asInt(), "refused after the rule's delay");
      assertTrue(entry.get("durationMs").asDouble() >= 50, entry::toString);
    }
  }

  @Test
  void insideAJsonBatchOneItemIsThrottledWithItsOwnRetryAfterAndTheOthersSucceed() throws Exception {
    try (TestServer server = TestServer.start(folder)) {
      ruleId(server, "{\"path\":\"/b2$\",\"status\":429,\"retryAfterSeconds\":2,\"times\":1}");
      String batch = "{\"requests\":[{\"id\":\"1\",\"method\":\"POST\",\"url\":\"/deviceManagement/autopilotEvents\","
          + "\"headers\":{\"Content-Type\":\"application/json\"},\"body\":{\"id\":\"b1\"}},"
          + "{\"id\":\"2\",\"method\":\"GET\",\"url\":\"/deviceManagement/autopilotEvents/b2\"},"
          + "{\"id\":\"3\",\"method\":\"GET\",\"url\":\"/deviceManagement/autopilotEvents/$count\"}]}";
      TestServer.Reply reply = server.send("POST", "/$batch", TestServer.withJson(TestServer.AUTH),
          batch.getBytes(StandardCharsets.UTF_8));
      assertEquals(200, reply.status(), "the batch itself is never faulted");
      JsonNode responses = reply.json().get("responses");
      assertEquals(201, responses.get(0).get("status").asInt());
      assertEquals(429, responses.get(1).get("status").asInt());
      assertEquals("2", responses.get(1).get("headers").get("Retry-After").asText());
      assertEquals("TooManyRequests", responses.get(1).get("body").get("error").get("code").asText());
      assertEquals(200, responses.get(2).get("status").asInt());
      assertNull(responses.get(0).get("headers").get("Retry-After"));
      assertEquals(1, server.count());
    }
  }

  @Test
  void aFaultedRequestInAMultipartChangeSetFailsTheWholeChangeSet() throws Exception {
    try (TestServer server = TestServer.start(folder)) {
      ruleId(server, "{\"method\":\"POST\",\"status\":503,\"every\":2}");
      String part = "--cs\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\nContent-ID: %d\r\n"
          + "\r\nPOST deviceManagement/autopilotEvents HTTP/1.1\r\nContent-Type: application/json\r\n\r\n"
          + "{\"id\":\"%s\"}\r\n";
      String body = "--b\r\nContent-Type: multipart/mixed;boundary=cs\r\n\r\n" + String.format(part, 1, "m1")
          + String.format(part, 2, "m2") + "--cs--\r\n--b--\r\n";
      TestServer.Reply reply = server.send("POST", "/$batch", Map.of("Authorization", "Bearer t", "Content-Type",
          "multipart/mixed;boundary=b"), body.getBytes(StandardCharsets.UTF_8));
      assertEquals(200, reply.status(), reply::toString);
      assertTrue(reply.text().contains("503"), reply::text);
      assertEquals(0, server.count(), "the first create was rolled back with the change set");
    }
  }

  @Test
  void faultOptionsApplyFromTheStart() throws Exception {
    try (TestServer server = start(folder, List.of("status=429,times=1,retry-after=1,method=GET,path=a{1,2}uto"),
        null)) {
      TestServer.Reply first = server.get(TestServer.COLLECTION);
      assertGraphError(first, 429, "TooManyRequests");
      assertEquals("1", first.header("Retry-After"));
      assertEquals(200, server.get(TestServer.COLLECTION).status());
      JsonNode rule = server.send("GET", server.origin() + "/__admin/faults", Map.of(), null).json().get("value")
          .get(0);
      assertEquals("a{1,2}uto", rule.get("path").asText(), "a comma inside the path stays in it");
      assertEquals(1, rule.get("hits").asInt());
    }
  }

  @Test
  void aBadFaultOrThrottleOptionStopsTheStartWithOneLine() throws Exception {
    for (List<String> flags : List.of(List.of("--fault", "status=418"), List.of("--fault", "speed=3"),
        List.of("--throttle", "fast"))) {
      List<String> args = new ArrayList<>(List.of("--port", "0", "--db", folder.resolve("g.db").toString()));
      args.addAll(flags);
      try (ServerProcess process = ServerProcess.start(folder, args.toArray(String[]::new))) {
        assertEquals(2, process.awaitExit(), flags::toString);
        String error = process.stderr().strip();
        assertTrue(error.startsWith("graphmock: --") && !error.contains("\n"), error);
      }
    }
  }

  @Test
  void throttleLetsNRequestsThroughPerWindowAndItsRetryAfterIsHonest() throws Exception {
    try (TestServer server = start(folder, List.of(), "5/2s")) {
      assertEquals(List.of(200, 200, 200, 200, 200), statuses(server, TestServer.COLLECTION, 5));
      TestServer.Reply sixth = server.get(TestServer.COLLECTION);
      assertGraphError(sixth, 429, "TooManyRequests");
      int retryAfter = Integer.parseInt(sixth.header("Retry-After"));
      assertTrue(retryAfter >= 1 && retryAfter <= 2, "Retry-After " + retryAfter);
      assertEquals("throttle", JournalTest.entries(server, "?limit=1").get(0).get("fault").get("source").asText());
      Thread.sleep(retryAfter * 1000L);
      assertEquals(200, server.get(TestServer.COLLECTION).status(), "honoured, it succeeds");

      String token = Tokens.issue(List.of("DeviceManagementManagedDevices.ReadWrite.All"), true,
          Duration.ofHours(1), Instant.now(), "tenant-t");
      assertEquals(200, server.send("GET", TestServer.COLLECTION, Map.of("Authorization", "Bearer " + token), null)
          .status(), "each tenant has its own window");
    }
  }

  @Test
  void throttleCountsBatchItemsOneByOne() throws Exception {
    try (TestServer server = start(folder, List.of(), "3/60s")) {
      StringBuilder batch = new StringBuilder("{\"requests\":[");
      for (int i = 1; i <= 4; i++) {
        batch.append(i == 1 ? "" : ",").append("{\"id\":\"").append(i)
            .append("\",\"method\":\"GET\",\"url\":\"/deviceManagement/autopilotEvents/$count\"}");
      }
      TestServer.Reply reply = server.send("POST", "/$batch", TestServer.withJson(TestServer.AUTH),
          batch.append("]}").toString().getBytes(StandardCharsets.UTF_8));
      assertEquals(200, reply.status());
      List<Integer> statuses = new ArrayList<>();
      reply.json().get("responses").forEach(response -> statuses.add(response.get("status").asInt()));
      assertEquals(List.of(200, 200, 200, 429), statuses);
      assertTrue(Integer.parseInt(reply.json().get("responses").get(3).get("headers").get("Retry-After").asText())
          > 50);
    }
  }

  @Test
  void graphThrottleAppliesIntunesWriteLimitPerAppInATenant() throws Exception {
    try (TestServer server = start(folder, List.of(), "graph")) {
      for (int i = 0; i < 200; i++) {
        TestServer.Reply created = server.post(TestServer.COLLECTION, "{\"id\":\"g" + i + "\"}");
        assertEquals(201, created.status(), created::toString);
      }
      TestServer.Reply refused = server.post(TestServer.COLLECTION, "{\"id\":\"over\"}");
      assertGraphError(refused, 429, "TooManyRequests");
      int retryAfter = Integer.parseInt(refused.header("Retry-After"));
      assertTrue(retryAfter >= 1 && retryAfter <= 20, "Retry-After " + retryAfter);
      assertEquals(200, server.get(TestServer.COLLECTION + "/$count").status(), "reads have a higher limit");
      assertEquals(200, server.count());
    }
  }
}
