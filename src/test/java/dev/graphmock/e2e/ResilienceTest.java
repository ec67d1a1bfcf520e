package dev.graphmock.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Never lose an acknowledged write: kill -9 under load, SIGTERM in flight, 64 concurrent clients, overload. */
class ResilienceTest {
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir
  Path folder;

  static HttpResponse<String> post(String beta, String body) throws IOException, InterruptedException {
    return CLIENT.send(HttpRequest.newBuilder(URI.create(beta + "/deviceManagement/autopilotEvents"))
        .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer t").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Every stored event's osVersion, by id, read by following nextLinks. */
  static Map<String, String> stored(String beta) throws IOException, InterruptedException {
    Map<String, String> rows = new HashMap<>();
    String url = beta + "/deviceManagement/autopilotEvents?$top=999&$select=id,osVersion";
    while (url != null) {
      HttpResponse<String> page = CLIENT.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization",
          "Bearer t").build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, page.statusCode(), page.body());
      JsonNode body = TestServer.JSON.readTree(page.body());
      body.get("value").forEach(event -> rows.put(event.get("id").asText(), event.get("osVersion").asText()));
      url = body.hasNonNull("@odata.nextLink") ? body.get("@odata.nextLink").asText() : null;
    }
    return rows;
  }

  /** 16 clients creating events until stopped; returns what was attempted and what was acknowledged. */
  static Map<String, Set<String>> createUntil(String beta, AtomicBoolean stop) throws Exception {
    Set<String> attempted = ConcurrentHashMap.newKeySet();
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    ExecutorService clients = Executors.newFixedThreadPool(16);
    List<Future<?>> running = new ArrayList<>();
    for (int c = 0; c < 16; c++) {
      int client = c;
      running.add(clients.submit(() -> {
        for (int n = 0; !stop.get(); n++) {
          String id = "c" + client + "-" + n;
          attempted.add(id);
          try {
            HttpResponse<String> reply = post(beta, "{\"id\":\"" + id + "\",\"osVersion\":\"v-" + id + "\"}");
            if (reply.statusCode() == 201) {
              assertEquals(id, TestServer.JSON.readTree(reply.body()).get("id").asText(), "a complete 201 body");
              acknowledged.add(id);
            } else {
              assertTrue(reply.statusCode() == 503, "only refusals while stopping: " + reply.statusCode());
            }
          } catch (IOException e) {
            return null;
          }
        }
        return null;
      }));
    }
    for (Future<?> client : running) {
      client.get();
    }
    clients.shutdown();
    return Map.of("attempted", attempted, "acknowledged", acknowledged);
  }

  /**
   * Starts the server as a process, has 16 clients create events, does {@code interrupt} to it after
   * {@code afterMillis}, and returns what the clients attempted and what was acknowledged.
   */
  Map<String, Set<String>> loadThen(Path db, long afterMillis, java.util.function.Consumer<ServerProcess> interrupt)
      throws Exception {
    try (ServerProcess server = ServerProcess.start(folder, "--port", "0", "--db", db.toString(), "--schema",
        TestServer.SCHEMA)) {
      String beta = server.awaitReady();
      AtomicBoolean stop = new AtomicBoolean();
      Thread interrupter = new Thread(() -> {
        try {
          Thread.sleep(afterMillis);
          interrupt.accept(server);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          stop.set(true);
        }
      });
      interrupter.start();
      Map<String, Set<String>> result = createUntil(beta, stop);
      interrupter.join();
      CommandLineTest.assertNoStackTrace(server.stderr());
      return result;
    }
  }

  /** What the database holds, read through a fresh server process. */
  Map<String, String> storedAfterRestart(Path db) throws Exception {
    try (ServerProcess server = ServerProcess.start(folder, "--port", "0", "--db", db.toString(), "--schema",
        TestServer.SCHEMA)) {
      return stored(server.awaitReady());
    }
  }

  @Test
  void everyAcknowledgedCreateSurvivesKillNineUnderLoad() throws Exception {
    Path db = folder.resolve("graph.db");
    Map<String, Set<String>> result = loadThen(db, 1_500, server -> {
      try {
        server.sigkill();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    Set<String> acknowledged = result.get("acknowledged");
    assertTrue(acknowledged.size() > 50, "load before the kill: " + acknowledged.size());
    Map<String, String> stored = storedAfterRestart(db);
    assertTrue(stored.keySet().containsAll(acknowledged), "every acknowledged create is there");
    assertTrue(result.get("attempted").containsAll(stored.keySet()), "nothing that was never sent");
    assertTrue(stored.size() - acknowledged.size() <= 16, "at most the 16 in flight beyond the acknowledged");
    stored.forEach((id, osVersion) -> assertEquals("v-" + id, osVersion, "no partial row: " + id));
    System.out.printf("kill -9: %d acknowledged creates checked, %d rows after restart%n", acknowledged.size(),
        stored.size());
  }

  @Test
  void sigtermFinishesRequestsInFlightAndLosesNothing() throws Exception {
    Path db = folder.resolve("graph.db");
    Map<String, Set<String>> result = loadThen(db, 1_000, server -> {
      server.sigterm();
      try {
        int exit = server.awaitExit();
        assertTrue(exit == 0 || exit == 143, "exit " + exit);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    Map<String, String> stored = storedAfterRestart(db);
    assertTrue(stored.keySet().containsAll(result.get("acknowledged")));
    assertTrue(result.get("attempted").containsAll(stored.keySet()));
  }

  @Test
  void sixtyFourConcurrentClientsLeaveExactlyWhatWasAcknowledged() throws Exception {
    try (TestServer server = TestServer.start(TestServer.config(folder))) {
      String beta = server.beta();
      ExecutorService clients = Executors.newFixedThreadPool(64);
      List<Future<Map<String, String>>> results = new ArrayList<>();
      AtomicInteger requests = new AtomicInteger();
      long end = System.nanoTime() + 3_000_000_000L;
      for (int c = 0; c < 64; c++) {
        int client = c;
        results.add(clients.submit(() -> {
          Random random = new Random(client);
          Map<String, String> mine = new HashMap<>();
          List<String> ids = new ArrayList<>();
          for (int n = 0; System.nanoTime() < end; n++) {
            int op = random.nextInt(10);
            HttpResponse<String> reply;
            if (op < 4 || ids.isEmpty()) {
              String id = "m" + client + "-" + n;
              reply = post(beta, "{\"id\":\"" + id + "\",\"osVersion\":\"0\"}");
              assertEquals(201, reply.statusCode(), reply.body());
              mine.put(id, "0");
              ids.add(id);
            } else if (op < 7) {
              String id = ids.get(random.nextInt(ids.size()));
              reply = CLIENT.send(HttpRequest.newBuilder(URI.create(beta + "/deviceManagement/autopilotEvents/" + id))
                  .header("Authorization", "Bearer t").header("Content-Type", "application/json")
                  .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"osVersion\":\"" + n + "\"}")).build(),
                  HttpResponse.BodyHandlers.ofString());
              assertEquals(204, reply.statusCode(), reply.body());
              mine.put(id, String.valueOf(n));
            } else if (op < 8) {
              String id = ids.remove(random.nextInt(ids.size()));
              reply = CLIENT.send(HttpRequest.newBuilder(URI.create(beta + "/deviceManagement/autopilotEvents/" + id))
                  .header("Authorization", "Bearer t").DELETE().build(), HttpResponse.BodyHandlers.ofString());
              assertEquals(204, reply.statusCode(), reply.body());
              mine.remove(id);
            } else {
              String url = beta + "/deviceManagement/autopilotEvents?$top=50&$orderby=osVersion%20desc";
              for (int page = 0; page < 2 && url != null; page++) {
                reply = CLIENT.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer t")
                    .build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, reply.statusCode(), reply.body());
                JsonNode body = TestServer.JSON.readTree(reply.body());
                url = body.hasNonNull("@odata.nextLink") ? body.get("@odata.nextLink").asText() : null;
              }
            }
            requests.incrementAndGet();
          }
          return mine;
        }));
      }
      Map<String, String> expected = new HashMap<>();
      for (Future<Map<String, String>> result : results) {
        expected.putAll(result.get());
      }
      clients.shutdown();
      assertEquals(expected, stored(beta), "the final state is exactly what the acknowledged operations imply");
      System.out.printf("concurrency: 64 clients, %d requests, %d events at the end%n", requests.get(), expected.size());
    }
  }

  @Test
  void overloadIsShedWith503AndRetryAfter() throws Exception {
    try (TestServer server = TestServer.start(TestServer.config(folder).withMaxConcurrent(1));
         Socket stalled = new Socket(server.origin().getHost(), server.origin().getPort())) {
      // A request whose body never finishes holds the only slot.
      stalled.getOutputStream().write(("POST /beta/deviceManagement/autopilotEvents HTTP/1.1\r\nHost: x\r\n"
          + "Authorization: Bearer t\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"osV")
          .getBytes(StandardCharsets.ISO_8859_1));
      stalled.getOutputStream().flush();
      Thread.sleep(200);
      long start = System.nanoTime();
      TestServer.Reply shed = server.get(TestServer.COLLECTION);
      assertEquals(503, shed.status(), shed::toString);
      assertEquals("1", shed.header("Retry-After"));
      GraphErrorAssert.assertGraphError(shed, 503, "ServiceUnavailable");
      assertTrue(System.nanoTime() - start < 5_000_000_000L, "answered promptly, not timed out");
      stalled.close();
      Thread.sleep(200);
      assertEquals(200, server.get(TestServer.COLLECTION).status());
    }
  }
}
