package dev.graphmock.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several graphmock processes on one real PostgreSQL database, started as a user starts them: what one instance
 * acknowledges the others see at once, a nextLink from one is followed on another, concurrent writers across
 * instances lose nothing and race to exactly one winner per id, and a database that goes away and comes back costs
 * 503s while it is away and nothing acknowledged.
 */
class PostgresInstancesTest {
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final String COLLECTION = "/deviceManagement/autopilotEvents";

  @TempDir
  Path folder;
  private final List<ServerProcess> processes = new ArrayList<>();
  private String database;

  @BeforeEach
  void newDatabase() {
    database = PostgresServer.shared().newDatabaseUrl();
  }

  @AfterEach
  void stopInstances() throws InterruptedException {
    for (ServerProcess process : processes) {
      process.close();
    }
  }

  /** An instance on the test's database; returns its {@code /beta} root. */
  private String instance(String... more) throws IOException {
    List<String> args = new ArrayList<>(List.of("--port", "0", "--db", database, "--schema", TestServer.SCHEMA));
    args.addAll(List.of(more));
    ServerProcess process = ServerProcess.start(folder, args.toArray(String[]::new));
    processes.add(process);
    return process.awaitReady();
  }

  @Test
  void aCreateOnOneInstanceIsReadOnTheOtherAtOnce() throws Exception {
    String a = instance();
    String b = instance();
    Response created = send("POST", a + COLLECTION, "{\"id\":\"shared-1\",\"deviceId\":\"d-1\"}");
    assertEquals(201, created.status(), created::toString);
    Response read = send("GET", b + COLLECTION + "('shared-1')", null);
    assertEquals(200, read.status(), read::toString);
    assertEquals("d-1", read.json().get("deviceId").asText());
    Response patched = send("PATCH", b + COLLECTION + "('shared-1')", "{\"deviceId\":\"d-2\"}");
    assertEquals(204, patched.status(), patched::toString);
    assertEquals("d-2", send("GET", a + COLLECTION + "('shared-1')", null).json().get("deviceId").asText());
    assertEquals(204, send("DELETE", a + COLLECTION + "('shared-1')", null).status());
    assertEquals(404, send("GET", b + COLLECTION + "('shared-1')", null).status());
  }

  @Test
  void aNextLinkIssuedByOneInstanceIsFollowedOnTheOther() throws Exception {
    String a = instance();
    String b = instance();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 7; i++) {
      ids.add("page-" + i);
      assertEquals(201, send("POST", a + COLLECTION, "{\"id\":\"page-" + i + "\"}").status());
    }
    Set<String> seen = new HashSet<>();
    String next = a + COLLECTION + "?$top=3&$orderby=id%20desc";
    String authorityA = URI.create(a).getAuthority();
    String authorityB = URI.create(b).getAuthority();
    int pages = 0;
    while (next != null) {
      // Each nextLink names the instance that issued it; it is followed on the other one.
      String url = pages == 0 ? next : next.contains(authorityA) ? next.replace(authorityA, authorityB)
          : next.replace(authorityB, authorityA);
      assertTrue(pages == 0 || !url.equals(next), "the nextLink was not moved to the other instance: " + next);
      Response page = send("GET", url, null);
      assertEquals(200, page.status(), page::toString);
      page.json().get("value").forEach(event -> assertTrue(seen.add(event.get("id").asText()), "no event twice"));
      next = page.json().has("@odata.nextLink") ? page.json().get("@odata.nextLink").asText() : null;
      pages++;
    }
    assertEquals(ids, seen);
    assertEquals(3, pages);
    // A token altered on its way is still refused, by whichever instance gets it.
    Response first = send("GET", a + COLLECTION + "?$top=3", null);
    String link = first.json().get("@odata.nextLink").asText().replace(URI.create(a).getAuthority(),
        URI.create(b).getAuthority());
    int at = link.indexOf("$skiptoken=") + "$skiptoken=".length() + 3;
    String altered = link.substring(0, at) + (link.charAt(at) == 'A' ? 'B' : 'A') + link.substring(at + 1);
    assertEquals(400, send("GET", altered, null).status());
  }

  @Test
  void thirtyTwoWritersOnTwoInstancesLoseNothingAndOneWinsEachRace() throws Exception {
    List<String> instances = List.of(instance(), instance());
    int writers = 32;
    int perWriter = 20;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Callable<Integer>> creating = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        String root = instances.get(w % 2);
        int writer = w;
        creating.add(() -> {
          int created = 0;
          for (int i = 0; i < perWriter; i++) {
            Response reply = send("POST", root + COLLECTION, "{\"id\":\"w" + writer + "-" + i + "\"}");
            assertEquals(201, reply.status(), reply::toString);
            created++;
          }
          return created;
        });
      }
      int acknowledged = 0;
      for (int created : inTheOrderTheyEnd(pool, creating)) {
        acknowledged += created;
      }
      assertEquals(writers * perWriter, acknowledged);
      for (String root : instances) {
        assertEquals(String.valueOf(writers * perWriter), send("GET", root + COLLECTION + "/$count", null).text());
      }
      // Every writer creates the same id at once (each waits at the barrier until all are there, one per thread of
      // the pool): one 201 wherever it lands, 409 Conflict for all the others.
      List<Callable<Response>> race = new ArrayList<>();
      CyclicBarrier together = new CyclicBarrier(writers);
      for (int w = 0; w < writers; w++) {
        String root = instances.get(w % 2);
        race.add(() -> {
          together.await(60, TimeUnit.SECONDS);
          return send("POST", root + COLLECTION, "{\"id\":\"contested\"}");
        });
      }
      int won = 0;
      int conflicts = 0;
      for (Response answer : inTheOrderTheyEnd(pool, race)) {
        if (answer.status() == 201) {
          won++;
        } else {
          assertEquals(409, answer.status(), answer::toString);
          assertEquals("Conflict", answer.json().get("error").get("code").asText());
          conflicts++;
        }
      }
      assertEquals(1, won);
      assertEquals(writers - 1, conflicts);
      assertEquals(String.valueOf(writers * perWriter + 1), send("GET", instances.get(1) + COLLECTION + "/$count",
          null).text());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void whileTheDatabaseIsDownRequestsGet503AndServiceResumesByItselfWithNothingAcknowledgedLost() throws Exception {
    List<String> instances = List.of(instance(), instance());
    PostgresServer postgres = PostgresServer.shared();
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    // Per instance (index 0 and 1): 503s while the database is away, creates after it is back.
    AtomicInteger[] unavailable = {new AtomicInteger(), new AtomicInteger()};
    AtomicInteger[] createdAfterRestart = {new AtomicInteger(), new AtomicInteger()};
    AtomicBoolean restarted = new AtomicBoolean();
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> writers = new ArrayList<>();
      for (int w = 0; w < 8; w++) {
        int on = w % 2;
        String root = instances.get(on);
        int writer = w;
        writers.add(pool.submit(() -> {
          for (int i = 0; !stop.get(); i++) {
            String id = "load-" + writer + "-" + i;
            Response reply = send("POST", root + COLLECTION, "{\"id\":\"" + id + "\"}");
            if (reply.status() == 201) {
              acknowledged.add(id);
              if (restarted.get()) {
                createdAfterRestart[on].incrementAndGet();
              }
            } else {
              // Nothing but Graph's 503 with a Retry-After while the database is away.
              assertServiceUnavailable(reply);
              unavailable[on].incrementAndGet();
              Thread.sleep(50);
            }
          }
          return null;
        }));
      }
      awaitAtLeast(acknowledged::size, 40, "creates before the stop", writers);
      postgres.stop();
      try {
        awaitAtLeast(unavailable[0]::get, 4, "503s from the first instance while the database is down", writers);
        awaitAtLeast(unavailable[1]::get, 4, "503s from the second instance while the database is down", writers);
        assertServiceUnavailable(send("GET", instances.get(0) + COLLECTION + "('load-0-0')", null));
        assertEquals(200, send("GET", instances.get(1) + "/$metadata", null).status(),
            "what needs no database is still served");
      } finally {
        postgres.start();
      }
      restarted.set(true);
      awaitAtLeast(createdAfterRestart[0]::get, 20, "creates on the first instance after the database is back",
          writers);
      awaitAtLeast(createdAfterRestart[1]::get, 20, "creates on the second instance after the database is back",
          writers);
      stop.set(true);
      for (Future<?> writer : writers) {
        resultOf(writer, 60);
      }
    } finally {
      stop.set(true);
      pool.shutdownNow();
    }
    for (ServerProcess process : processes) {
      assertTrue(process.isAlive(), "no instance was restarted or died");
      // Each failed request is one line in the log; no stack trace, from graphmock or from a library.
      assertFalse(process.stderr().contains("\tat "), process::stderr);
      assertTrue(process.stderr().contains("StoreUnavailableException"), process::stderr);
    }
    // Every acknowledged create is there, read through each instance.
    for (String root : instances) {
      Set<String> stored = new HashSet<>();
      String next = root + COLLECTION + "?$select=id&$top=999";
      while (next != null) {
        Response page = send("GET", next, null);
        assertEquals(200, page.status(), page::toString);
        page.json().get("value").forEach(event -> stored.add(event.get("id").asText()));
        next = page.json().has("@odata.nextLink") ? page.json().get("@odata.nextLink").asText() : null;
      }
      Set<String> lost = new HashSet<>(acknowledged);
      lost.removeAll(stored);
      assertEquals(Set.of(), lost, "acknowledged creates that are gone, read through " + root);
    }
  }

  /** Graph's 503: its status, code, a message, the innerError with the request's id, and Retry-After: 2. */
  private static void assertServiceUnavailable(Response reply) {
    assertEquals(503, reply.status(), reply::toString);
    JsonNode error = reply.json().get("error");
    assertEquals("ServiceUnavailable", error.get("code").asText(), reply::toString);
    assertFalse(error.get("message").asText().isBlank(), reply::toString);
    assertEquals(reply.header("request-id"), error.get("innerError").get("request-id").asText(), reply::toString);
    assertEquals("2", reply.header("Retry-After"), reply::toString);
  }

  @Test
  void theDataCommandsWorkOnTheSharedDatabaseBesideRunningInstances() throws Exception {
    String root = instance();
    try (ServerProcess generate = ServerProcess.start(folder, "generate", "--count", "30", "--seed", "4", "--db",
        database, "--schema", TestServer.SCHEMA)) {
      assertEquals("{\"generated\":30}", generate.stdout().trim());
      assertEquals(0, generate.awaitExit(), generate::stderr);
    }
    assertEquals("30", send("GET", root + COLLECTION + "/$count", null).text(), "the running instance sees them");
    assertEquals(201, send("POST", root + COLLECTION, "{\"id\":\"by-http\"}").status());
    try (ServerProcess export = ServerProcess.start(folder, "export", "--db", database, "--schema", TestServer.SCHEMA)) {
      JsonNode page = TestServer.JSON.readTree(export.stdout());
      assertEquals(0, export.awaitExit(), export::stderr);
      assertEquals(31, page.get("value").size());
      Set<String> ids = new HashSet<>();
      page.get("value").forEach(event -> ids.add(event.get("id").asText()));
      assertTrue(ids.contains("by-http"));
    }
  }

  @Test
  void anIndexedStringTooLongForPostgresqlIsRefusedWith400AndNothingIsStored() throws Exception {
    String root = instance();
    java.util.Random random = new java.util.Random(5);
    StringBuilder longText = new StringBuilder();
    for (int c = 0; c < 10_000; c++) {
      longText.append((char) ('a' + random.nextInt(26)));
    }
    Response refused = send("POST", root + COLLECTION, "{\"id\":\"long\",\"deviceId\":\"" + longText + "\"}");
    assertEquals(400, refused.status(), refused::toString);
    assertEquals("BadRequest", refused.json().get("error").get("code").asText());
    assertTrue(refused.json().get("error").get("message").asText().contains("too long"), refused::toString);
    assertEquals(404, send("GET", root + COLLECTION + "('long')", null).status());
    // The same text where no index holds it is kept whole.
    Response kept = send("POST", root + COLLECTION, "{\"id\":\"long\",\"managedDeviceName\":\"" + longText + "\"}");
    assertEquals(201, kept.status(), kept::toString);
    assertEquals(longText.toString(), send("GET", root + COLLECTION + "('long')", null).json().get("managedDeviceName")
        .asText());
  }

  @Test
  void thePasswordComesFromPgpasswordAndAWrongOneStopsTheStartWithoutBeingShown() throws Exception {
    String url = PostgresServer.shared().newPasswordDatabase("right-pw-4711");
    ServerProcess good = ServerProcess.startWith(java.util.Map.of("PGPASSWORD", "right-pw-4711"), null, folder,
        "--port", "0", "--db", url, "--schema", TestServer.SCHEMA);
    processes.add(good);
    String root = good.awaitReady();
    assertEquals(201, send("POST", root + COLLECTION, "{\"id\":\"logged-in\"}").status());
    try (ServerProcess bad = ServerProcess.startWith(java.util.Map.of("PGPASSWORD", "wrong-pw-0815"), null, folder,
        "--port", "0", "--db", url, "--schema", TestServer.SCHEMA)) {
      assertEquals(2, bad.awaitExit());
      String stderr = bad.stderr().trim();
      assertEquals(1, stderr.lines().count(), stderr);
      assertTrue(stderr.contains("password authentication failed"), stderr);
      assertFalse(stderr.contains("wrong-pw-0815"), stderr);
    }
    // In the URL instead of PGPASSWORD, the same password logs in.
    ServerProcess inUrl = ServerProcess.start(folder, "--port", "0", "--db",
        url.replace(PostgresServer.PASSWORD_ROLE + "@", PostgresServer.PASSWORD_ROLE + ":right-pw-4711@"),
        "--schema", TestServer.SCHEMA);
    processes.add(inUrl);
    assertEquals(200, send("GET", inUrl.awaitReady() + COLLECTION + "('logged-in')", null).status());
  }

  @Test
  void theInJvmApiSharesTheDatabaseWithAProcess() throws Exception {
    String process = instance();
    try (dev.graphmock.GraphMock inJvm = dev.graphmock.GraphMock.builder().database(database)
        .schema(TestServer.SCHEMA).start()) {
      assertEquals(12, inJvm.generate(12, 3));
      assertEquals("12", send("GET", process + COLLECTION + "/$count", null).text());
      assertEquals(201, send("POST", process + COLLECTION, "{\"id\":\"from-the-process\"}").status());
      assertEquals(200, send("GET", inJvm.baseUrl() + COLLECTION + "('from-the-process')", null).status());
    }
  }

  @Test
  void anUnreachableDatabaseStopsTheStartWithOneLineAndNoPassword() throws Exception {
    int closed;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    try (ServerProcess process = ServerProcess.start(folder, "--port", "0", "--db",
        "postgresql://graphmock:s3cret-pw@127.0.0.1:" + closed + "/nowhere")) {
      assertEquals(2, process.awaitExit());
      String stderr = process.stderr().trim();
      assertEquals(1, stderr.lines().count(), stderr);
      assertTrue(stderr.startsWith("graphmock: cannot connect to PostgreSQL at postgresql://graphmock@127.0.0.1:"
          + closed + "/nowhere"), stderr);
      assertFalse(stderr.contains("s3cret-pw"), stderr);
    }
  }

  @Test
  void aDatabaseMadeForTheOtherSchemaIsRefusedWithOneLine() throws Exception {
    String root = instance();
    assertEquals(201, send("POST", root + COLLECTION, "{\"id\":\"kept\"}").status());
    String other = TestServer.isSeed() ? "current" : "seed";
    try (ServerProcess process = ServerProcess.start(folder, "--port", "0", "--db", database, "--schema", other)) {
      assertEquals(2, process.awaitExit());
      String stderr = process.stderr().trim();
      assertEquals(1, stderr.lines().count(), stderr);
      assertTrue(stderr.contains("was made for schema '" + TestServer.SCHEMA + "'"), stderr);
    }
    assertEquals(200, send("GET", root + COLLECTION + "('kept')", null).status(), "untouched");
  }

  @Test
  void theReadyLineNamesTheDatabaseWithoutItsPassword() throws Exception {
    String withPassword = database.replace("graphmock@", "graphmock:unused-pw@");
    ServerProcess process = ServerProcess.start(folder, "--port", "0", "--db", withPassword, "--schema",
        TestServer.SCHEMA);
    processes.add(process);
    process.awaitReady();
    String line = process.readyLine();
    assertTrue(line.contains("(database " + database + ", auth"), line);
    assertFalse(line.contains("unused-pw"), line);
  }

  /**
   * Waits up to 60 s until {@code value} reaches {@code at} while {@code writers} run until told to stop. A writer
   * that ends meanwhile fails the test at once, with its own exception (an assertion's message, a refused
   * connection) or, when it returned, saying so: otherwise the wait would run out and name only the count.
   */
  private static void awaitAtLeast(java.util.function.IntSupplier value, int at, String what,
                                   List<Future<?>> writers) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (value.getAsInt() < at) {
      for (Future<?> writer : writers) {
        if (writer.isDone()) {
          resultOf(writer, 0);
          throw new AssertionError("writer " + writers.indexOf(writer) + " ended before it was told to stop");
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("waited 60 s for " + at + " " + what + "; got " + value.getAsInt());
      }
      Thread.sleep(20);
    }
  }

  /**
   * Runs {@code tasks} on {@code pool} and returns their results in the order they end. The first to fail fails the
   * caller at once with its own exception; waiting for each in the order submitted would first wait for all those
   * before it, and a bound on the whole would report a timeout instead.
   */
  private static <T> List<T> inTheOrderTheyEnd(ExecutorService pool, List<Callable<T>> tasks) throws Exception {
    CompletionService<T> ended = new ExecutorCompletionService<>(pool);
    tasks.forEach(ended::submit);
    List<T> results = new ArrayList<>();
    for (int i = 0; i < tasks.size(); i++) {
      Future<T> next = ended.poll(120, TimeUnit.SECONDS);
      assertNotNull(next, () -> (tasks.size() - results.size()) + " tasks still running after 120 s");
      results.add(resultOf(next, 0));
    }
    return results;
  }

  /** What {@code task} returned within {@code seconds}, or what it threw there, rethrown as it was thrown. */
  private static <T> T resultOf(Future<T> task, long seconds) throws Exception {
    try {
      return task.get(seconds, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }

  record Response(int status, java.net.http.HttpHeaders headers, String text) {
    JsonNode json() {
      try {
        return TestServer.JSON.readTree(text);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + text, e);
      }
    }

    String header(String name) {
      return headers.firstValue(name).orElse(null);
    }
  }

  private static Response send(String method, String url, String json) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer test-token")
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Response(response.statusCode(), response.headers(), response.body());
  }
}
