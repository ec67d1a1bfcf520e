package dev.graphmock.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fault rule's delay holds no thread, no place among the requests served at once and no transaction: 100 requests
 * waiting out a minute leave everything else answered (the rule itself can be removed), a stop ends their wait and
 * serves them, and a delayed request in a change set waits before its transaction, not inside it.
 */
class LatencyRuleTest {
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir
  Path folder;

  private static CompletableFuture<HttpResponse<String>> getAsync(TestServer server, String path) {
    return CLIENT.sendAsync(HttpRequest.newBuilder(URI.create(server.beta() + path))
        .header("Authorization", "Bearer t").build(), HttpResponse.BodyHandlers.ofString());
  }

  private static long hits(TestServer server) {
    return server.send("GET", server.origin() + "/__admin/faults", Map.of(), null).json().get("value").get(0)
        .get("hits").asLong();
  }

  @Test
  void requestsWaitingOutADelayHoldNoPlaceAndAStopServesThemAtOnce() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(TestServer.isSeed() && !TestServer.POSTGRES,
        "about the HTTP layer, not schemas or stores: in the default execution only");
    TestServer server = TestServer.start(folder);
    List<CompletableFuture<HttpResponse<String>>> delayed = new ArrayList<>();
    try {
      FaultsTest.ruleId(server, "{\"method\":\"GET\",\"path\":\"autopilotEvents$\",\"latencyMs\":60000}");
      for (int i = 0; i < 100; i++) {
        delayed.add(getAsync(server, TestServer.COLLECTION));
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (hits(server) < 100 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertEquals(100, hits(server), "all 100 are waiting");
      assertEquals(201, server.post(TestServer.COLLECTION, "{\"id\":\"meanwhile\"}").status());
      assertEquals(200, server.get(TestServer.COLLECTION + "/meanwhile").status());
      assertEquals(200, server.send("GET", server.beta() + "/$metadata", Map.of(), null).status());
      assertEquals(204, server.send("DELETE", server.origin() + "/__admin/faults", Map.of(), null).status());
      assertEquals(200, server.get(TestServer.COLLECTION).status(), "the rule is gone");
      assertTrue(delayed.stream().noneMatch(CompletableFuture::isDone), "the 100 still wait");
    } finally {
      long start = System.nanoTime();
      server.close();
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(millis < dev.graphmock.app.GraphServer.STOP_TIMEOUT_MILLIS / 2, "the stop took " + millis + " ms");
    }
    for (CompletableFuture<HttpResponse<String>> request : delayed) {
      assertEquals(200, request.get(10, TimeUnit.SECONDS).statusCode(), "in flight at the stop: served at once");
    }
  }

  /** SQLite has one writer: a change set sleeping inside its transaction stopped every other write. */
  @Test
  void aDelayedRequestInAChangeSetWaitsBeforeItsTransaction() throws Exception {
    assumeFalse(TestServer.POSTGRES, "PostgreSQL's writers do not wait for each other's transactions");
    try (TestServer server = TestServer.start(folder)) {
      // The change set's second create is delayed: its first has written, and so holds the write lock, by then.
      FaultsTest.ruleId(server, "{\"method\":\"POST\",\"latencyMs\":3000,\"every\":2,\"times\":1}");
      String part = "--cs\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\nContent-ID: %d\r\n"
          + "\r\nPOST deviceManagement/autopilotEvents HTTP/1.1\r\nContent-Type: application/json\r\n\r\n"
          + "{\"id\":\"%s\"}\r\n";
      String body = "--b\r\nContent-Type: multipart/mixed;boundary=cs\r\n\r\n" + String.format(part, 1, "first")
          + String.format(part, 2, "delayed") + "--cs--\r\n--b--\r\n";
      CompletableFuture<HttpResponse<String>> batch = CLIENT.sendAsync(HttpRequest.newBuilder(
          URI.create(server.beta() + "/$batch")).header("Authorization", "Bearer t")
          .header("Content-Type", "multipart/mixed;boundary=b")
          .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
          HttpResponse.BodyHandlers.ofString());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (hits(server) < 1 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertEquals(201, server.post(TestServer.COLLECTION, "{\"id\":\"unrelated\"}").status());
      HttpResponse<String> answered = batch.get(30, TimeUnit.SECONDS);
      assertEquals(200, answered.statusCode());
      assertTrue(answered.body().contains("201 Created"), answered::body);
      // The journal says when each was served: the unrelated create was done before the change set began.
      Map<String, java.time.Instant> served = new java.util.HashMap<>();
      Map<String, java.time.Instant> started = new java.util.HashMap<>();
      for (com.fasterxml.jackson.databind.JsonNode entry : JournalTest.entries(server, "?method=POST")) {
        String id = entry.path("requestBody").path("id").asText("");
        java.time.Instant time = java.time.Instant.parse(entry.get("time").asText());
        started.put(id, time);
        served.put(id, time.plusNanos((long) (entry.get("durationMs").asDouble() * 1_000_000)));
      }
      assertTrue(served.get("unrelated").isBefore(started.get("first")), () -> "the unrelated create ended at "
          + served.get("unrelated") + ", the change set began at " + started.get("first"));
      assertEquals(3, server.count());
    }
  }
}
