package dev.graphmock.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
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
import java.util.concurrent.TimeUnit;
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

  /**
   * 16 clients creating events until {@link #finish}, each on a pool thread whose failures {@link #finish} rethrows
   * on the test's thread: an assertion on a thread of its own would only be printed and pass.
   */
  static final class Load implements AutoCloseable {
    final Set<String> attempted = ConcurrentHashMap.newKeySet();
    final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    /** Creates sent before {@link #markSignal} and acknowledged after it: in flight when the signal went. */
    final AtomicInteger acknowledgedAcrossSignal = new AtomicInteger();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final ExecutorService pool = Executors.newFixedThreadPool(16);
    private final List<Future<?>> clients = new ArrayList<>();
    private volatile long signalNanos = Long.MAX_VALUE;

    Load(String beta) {
      for (int c = 0; c < 16; c++) {
        int client = c;
        clients.add(pool.submit(() -> {
          for (int n = 0; !stop.get(); n++) {
            String id = "c" + client + "-" + n;
            attempted.add(id);
            long sent = System.nanoTime();
            HttpResponse<String> reply;
            try {
              reply = post(beta, "{\"id\":\"" + id + "\",\"osVersion\":\"v-" + id + "\"}");
            } catch (IOException e) {
              // The server is gone or no longer accepting: this client is done.
              return null;
            }
            long received = System.nanoTime();
            if (reply.statusCode() == 201) {
              assertEquals(id, TestServer.JSON.readTree(reply.body()).get("id").asText(), "a complete 201 body");
              acknowledged.add(id);
              long signal = signalNanos;
              if (sent < signal && signal < received) {
                acknowledgedAcrossSignal.incrementAndGet();
              }
            } else {
              assertEquals(503, reply.statusCode(), () -> "only refusals while stopping: " + reply.body());
            }
          }
          return null;
        }));
      }
    }

    /** Waits until {@code count} creates are acknowledged (at most 30 s) and returns how many there are then. */
    int awaitAcknowledged(int count) throws InterruptedException {
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (acknowledged.size() < count && System.nanoTime() < deadline && clients.stream().noneMatch(Future::isDone)) {
        Thread.sleep(10);
      }
      return acknowledged.size();
    }

    /** Marks the moment just before a signal is sent, for {@link #acknowledgedAcrossSignal}. */
    void markSignal() {
      signalNanos = System.nanoTime();
    }

    /** Stops the clients and waits for them, rethrowing here whatever failed in one of them. */
    void finish() throws Exception {
      stop.set(true);
      for (Future<?> client : clients) {
        client.get(60, TimeUnit.SECONDS);
      }
      pool.shutdown();
    }

    @Override
    public void close() {
      stop.set(true);
      pool.shutdownNow();
    }
  }

  /** A server process on {@code db} with the suite's schema. */
  ServerProcess startProcess(Path db) throws IOException {
    return ServerProcess.start(folder, "--port", "0", "--db", db.toString(), "--schema", TestServer.SCHEMA);
  }

  /** What the database holds, read through a fresh server process. */
  Map<String, String> storedAfterRestart(Path db) throws Exception {
    try (ServerProcess server = startProcess(db)) {
      return stored(server.awaitReady());
    }
  }

  /**
   * Sends the headers of a create whose {@code contentLength}-byte body is announced with
   * {@code Expect: 100-continue} and returns once the server asks for the body. Jetty asks only when the handler
   * reads it, so from then on the request is in flight, holding one of the server's slots.
   */
  static Socket startedCreate(URI origin, int contentLength) throws IOException {
    Socket socket = new Socket(origin.getHost(), origin.getPort());
    socket.setSoTimeout(10_000);
    return startedCreate(socket, contentLength);
  }

  /** The same on a connection already open (a TLS one, say). */
  static Socket startedCreate(Socket socket, int contentLength) throws IOException {
    socket.getOutputStream().write(("POST /beta/deviceManagement/autopilotEvents HTTP/1.1\r\nHost: x\r\n"
        + "Authorization: Bearer t\r\nContent-Type: application/json\r\nExpect: 100-continue\r\n"
        + "Content-Length: " + contentLength + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
    String interim = head(socket.getInputStream());
    assertTrue(interim.startsWith("HTTP/1.1 100 "), () -> "asked for the body: " + interim);
    return socket;
  }

  /** The status line and headers of one response, read up to the blank line. */
  static String head(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("connection closed after: " + head);
      }
      head.append((char) b);
    }
    return head.toString();
  }

  /** Whether {@code origin} still takes new connections. */
  static boolean accepting(URI origin) {
    try (Socket probe = new Socket(origin.getHost(), origin.getPort())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void everyAcknowledgedCreateSurvivesKillNineUnderLoad() throws Exception {
    Path db = folder.resolve("graph.db");
    int beforeKill;
    Load load;
    try (ServerProcess server = startProcess(db)) {
      String beta = server.awaitReady();
      try (Load running = new Load(beta)) {
        load = running;
        beforeKill = load.awaitAcknowledged(100);
        server.sigkill();
        load.finish();
      }
      CommandLineTest.assertNoStackTrace(server.stderr());
    }
    Set<String> acknowledged = load.acknowledged;
    assertTrue(beforeKill >= 100, "load before the kill: " + beforeKill);
    Map<String, String> stored = storedAfterRestart(db);
    assertTrue(stored.keySet().containsAll(acknowledged), "every acknowledged create is there");
    assertTrue(load.attempted.containsAll(stored.keySet()), "nothing that was never sent");
    assertTrue(stored.size() - acknowledged.size() <= 16, "at most the 16 in flight beyond the acknowledged");
    stored.forEach((id, osVersion) -> assertEquals("v-" + id, osVersion, "no partial row: " + id));
    System.out.printf("kill -9: %d acknowledged creates checked, %d rows after restart%n", acknowledged.size(),
        stored.size());
  }

  /**
   * Besides the load, one create is held in flight across the signal: its body is sent only once the server has
   * stopped taking connections, and half a second after that (ten times as long as a stop leaves an idle connection
   * open: a client whose body is slow), so its 201 and its row show that a stop finishes what it had already
   * accepted.
   */
  @Test
  void sigtermFinishesRequestsInFlightAndLosesNothing() throws Exception {
    Path db = folder.resolve("graph.db");
    String held = "held-across-sigterm";
    byte[] body = ("{\"id\":\"" + held + "\",\"osVersion\":\"v-" + held + "\"}").getBytes(StandardCharsets.UTF_8);
    int beforeSignal;
    int exit;
    String answer;
    Load load;
    try (ServerProcess server = startProcess(db)) {
      String beta = server.awaitReady();
      URI origin = URI.create(beta);
      try (Load running = new Load(beta)) {
        load = running;
        beforeSignal = load.awaitAcknowledged(100);
        try (Socket request = startedCreate(origin, body.length)) {
          load.markSignal();
          server.sigterm();
          long deadline = System.nanoTime() + 10_000_000_000L;
          while (accepting(origin) && System.nanoTime() < deadline) {
            Thread.sleep(2);
          }
          assertTrue(!accepting(origin), "the server stops taking connections after SIGTERM");
          Thread.sleep(500);
          request.getOutputStream().write(body);
          request.getOutputStream().flush();
          answer = new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
        exit = server.awaitExit();
        load.finish();
      }
      CommandLineTest.assertNoStackTrace(server.stderr());
    }
    assertTrue(beforeSignal >= 100, "creates acknowledged before the signal: " + beforeSignal);
    assertEquals(0, exit, "SIGTERM is a clean stop");
    assertTrue(load.acknowledgedAcrossSignal.get() > 0, "creates in flight at the signal are answered");
    assertTrue(answer.startsWith("HTTP/1.1 201 "), () -> "the request in flight at the signal is finished: " + answer);
    assertEquals(held, TestServer.JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4)).get("id").asText());
    Map<String, String> stored = storedAfterRestart(db);
    assertEquals("v-" + held, stored.get(held), "the create finished during the stop is stored");
    assertTrue(stored.keySet().containsAll(load.acknowledged), "every acknowledged create is there");
    Set<String> sent = new java.util.HashSet<>(load.attempted);
    sent.add(held);
    assertTrue(sent.containsAll(stored.keySet()), "nothing that was never sent");
    stored.forEach((id, osVersion) -> assertEquals("v-" + id, osVersion, "no partial row: " + id));
    System.out.printf("SIGTERM: %d creates acknowledged before the signal, %d sent before it and acknowledged after,"
        + " %d in all%n", beforeSignal, load.acknowledgedAcrossSignal.get(), load.acknowledged.size());
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
    // A create waiting for SQLite's write lock, which another connection holds, keeps the only place while it is
    // served. (A body that is slow to arrive holds none: SlowBodiesTest.)
    assumeTrue(!TestServer.IN_MEMORY && !TestServer.POSTGRES, "another connection to the same SQLite file");
    try (TestServer server = TestServer.start(TestServer.config(folder).withMaxConcurrent(1));
         java.sql.Connection writer = java.sql.DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("graph.db"))) {
      writer.setAutoCommit(false);
      writer.createStatement().execute("PRAGMA busy_timeout = 10000");
      writer.createStatement().execute("CREATE TABLE IF NOT EXISTS held (x)");
      java.util.concurrent.CompletableFuture<HttpResponse<String>> held = CLIENT.sendAsync(HttpRequest.newBuilder(
          URI.create(server.beta() + TestServer.COLLECTION)).header("Authorization", "Bearer t")
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"held\"}"))
          .build(), HttpResponse.BodyHandlers.ofString());
      TestServer.Reply shed = null;
      for (int attempt = 0; attempt < 20 && (shed == null || shed.status() != 503); attempt++) {
        long start = System.nanoTime();
        shed = server.get(TestServer.COLLECTION);
        assertTrue(System.nanoTime() - start < 5_000_000_000L, "answered promptly, not timed out");
      }
      assertEquals(503, shed.status(), shed::toString);
      assertEquals("1", shed.header("Retry-After"));
      GraphErrorAssert.assertGraphError(shed, 503, "ServiceUnavailable");
      writer.rollback();
      assertEquals(201, held.get(30, TimeUnit.SECONDS).statusCode(), "the held create is served once the lock goes");
      assertEquals(200, server.get(TestServer.COLLECTION).status(), "served again");
    }
  }
}
