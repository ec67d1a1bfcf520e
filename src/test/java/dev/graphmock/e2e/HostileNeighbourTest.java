package dev.graphmock.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shared test server with the worst neighbours at once, as run.sh starts it (256 MiB of heap) with
 * {@code --throttle graph}: 64 connections trickling bodies at a byte a second, 100 requests sitting in a 60 s
 * latency rule, and a flood of tokens naming tenants and apps never seen before (some with 15 KB {@code tid}s). An
 * ordinary client's create, read, {@code $metadata} and {@code POST /__admin/reset} are each answered as always, and
 * the heap after the flood (after a full collection) is under half the limit. Prints what it measured, for
 * BENCHMARKS.md.
 */
class HostileNeighbourTest {
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final int FLOOD = 10_000;
  private static final int LONG_TENANTS = 2_000;
  private static final long HALF_THE_HEAP = 128L * 1024 * 1024;

  @TempDir
  Path folder;

  private static HttpResponse<String> send(String method, String url, Map<String, String> headers, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    headers.forEach(request::header);
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** An ordinary client's four calls, each answered as always; returns the slowest, in ms. */
  private static long ordinaryClient(String beta, String origin, String id) throws Exception {
    Map<String, String> auth = Map.of("Authorization", "Bearer t", "Content-Type", "application/json");
    long slowest = 0;
    long start = System.nanoTime();
    HttpResponse<String> created = send("POST", beta + TestServer.COLLECTION, auth, "{\"id\":\"" + id + "\"}");
    assertEquals(201, created.statusCode(), created::body);
    slowest = Math.max(slowest, since(start));
    start = System.nanoTime();
    HttpResponse<String> read = send("GET", beta + TestServer.COLLECTION + "/" + id, auth, null);
    assertEquals(200, read.statusCode(), read::body);
    assertTrue(read.body().contains("\"id\":\"" + id + "\""), read::body);
    slowest = Math.max(slowest, since(start));
    start = System.nanoTime();
    HttpResponse<String> metadata = send("GET", beta + "/$metadata", Map.of(), null);
    assertEquals(200, metadata.statusCode());
    assertTrue(metadata.body().contains("autopilotEvents"));
    slowest = Math.max(slowest, since(start));
    start = System.nanoTime();
    assertEquals(204, send("POST", origin + "/__admin/reset", Map.of(), null).statusCode());
    slowest = Math.max(slowest, since(start));
    return slowest;
  }

  private static long since(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }

  /** A token for a tenant and an app never seen before, its {@code tid} {@code tidLength} characters long. */
  private static String stranger(int tidLength) {
    Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
    String claims = "{\"aud\":\"https://graph.microsoft.com\",\"tid\":\"" + "t".repeat(tidLength - 36)
        + UUID.randomUUID() + "\",\"appid\":\"" + UUID.randomUUID() + "\"}";
    return base64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
        + base64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".";
  }

  /** The bytes the server's heap holds after a full collection, read with jcmd. */
  private static long heapAfterCollection(long pid) throws Exception {
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    run(jcmd, Long.toString(pid), "GC.run");
    String info = run(jcmd, Long.toString(pid), "GC.heap_info");
    long usedKb = 0;
    for (String line : info.split("\n")) {
      Matcher used = Pattern.compile("generation\\s+total \\d+K, used (\\d+)K").matcher(line);
      if (used.find()) {
        usedKb += Long.parseLong(used.group(1));
      }
    }
    assertTrue(usedKb > 0, info);
    return usedKb * 1024;
  }

  private static String run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS));
    return out;
  }

  @Test
  void anOrdinaryClientIsServedBesideTheWorstNeighbours() throws Exception {
    assumeTrue(TestServer.isSeed() && !TestServer.POSTGRES && !TestServer.IN_MEMORY, "about the server: once");
    try (ServerProcess server = ServerProcess.startAsRunShDoes(folder, "--port", "0", "--db",
        folder.resolve("graph.db").toString(), "--throttle", "graph")) {
      String beta = server.awaitReady();
      String origin = beta.substring(0, beta.length() - "/beta".length());
      long quiet = ordinaryClient(beta, origin, "quiet");
      long heapBefore = heapAfterCollection(server.pid());

      assertEquals(201, send("POST", origin + "/__admin/faults", Map.of("Content-Type", "application/json"),
          "{\"method\":\"GET\",\"path\":\"autopilotEvents$\",\"latencyMs\":60000}").statusCode());
      List<CompletableFuture<HttpResponse<String>>> delayed = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        delayed.add(CLIENT.sendAsync(HttpRequest.newBuilder(URI.create(beta + TestServer.COLLECTION))
            .header("Authorization", "Bearer t").build(), HttpResponse.BodyHandlers.ofString()));
      }
      Map<Integer, AtomicInteger> flooded = new ConcurrentHashMap<>();
      ExecutorService flood = Executors.newFixedThreadPool(8);
      try (Tricklers tricklers = new Tricklers(URI.create(origin), 64)) {
        long floodStart = System.nanoTime();
        List<Future<?>> flooders = new ArrayList<>();
        for (int client = 0; client < 8; client++) {
          int first = client;
          flooders.add(flood.submit(() -> {
            for (int n = first; n < FLOOD + LONG_TENANTS; n += 8) {
              String token = stranger(n < LONG_TENANTS ? 15_000 : 36);
              int status = send("GET", beta + TestServer.COLLECTION + "/$count", Map.of("Authorization",
                  "Bearer " + token), null).statusCode();
              flooded.computeIfAbsent(status, unused -> new AtomicInteger()).incrementAndGet();
            }
            return null;
          }));
        }
        long during = ordinaryClient(beta, origin, "during");
        for (Future<?> flooder : flooders) {
          flooder.get(5, TimeUnit.MINUTES);
        }
        long floodMillis = since(floodStart);
        long after = ordinaryClient(beta, origin, "after");
        long heapAfter = heapAfterCollection(server.pid());
        assertTrue(delayed.stream().noneMatch(CompletableFuture::isDone), "the 100 still wait out their minute");
        assertEquals(FLOOD, flooded.get(200).get(), "every stranger with a tenant id was served: " + flooded);
        assertEquals(LONG_TENANTS, flooded.get(401).get(), "a 15 KB tid is no tenant id: " + flooded);
        assertTrue(heapAfter < HALF_THE_HEAP, "heap after the flood: " + heapAfter);
        System.out.printf("hostile neighbours: ordinary client's slowest call %d ms quiet, %d ms during, %d ms after;"
                + " flood of %d strangers (%d with 15 KB tids) in %d ms (%.0f/s), answers %s; tricklers: %d"
                + " connections, %d cut off with 408; heap after a full collection %.1f MiB before, %.1f MiB after%n",
            quiet, during, after, FLOOD + LONG_TENANTS, LONG_TENANTS, floodMillis,
            (FLOOD + LONG_TENANTS) * 1000.0 / floodMillis, flooded, tricklers.connections(), tricklers.answered(408),
            heapBefore / 1048576.0, heapAfter / 1048576.0);
        assertTrue(tricklers.answered(408) > 0, "the tricklers were cut off");
      } finally {
        flood.shutdownNow();
      }
    }
  }
}
