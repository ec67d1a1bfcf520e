package dev.graphmock.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.io.FileUtils;

/**
 * Issue 15's list shapes on realistic data: N events made by the generator (seed 1, so mostly successful
 * deployments of enrolled devices), graphmock started with run.sh on them, and for each shape real callers send (a
 * filter on an enum or string property, $orderby on a date-time, with and without $count=true, $top 1, 50 and 999)
 * p50/p99 with one client, then again while 8 clients create events as fast as they can, after a warm-up of every
 * shape. Run with [WARMUP=seconds] bench/list-shapes.sh [events=1000000] [requests per shape=100]
 * [sqlite|postgresql].
 */
public final class ListShapesBenchmark {

  public static void main(String[] args) throws Exception {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int requests = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    boolean postgresql = args.length > 2 && args[2].equals("postgresql");
    Path folder = Files.createTempDirectory("graphmock-shapes");
    // On PostgreSQL: a server with its default durability, made for the run, as bench/perf.sh postgresql makes one.
    String db = postgresql ? dev.graphmock.e2e.PostgresServer.startNew(true).newDatabaseUrl()
        : folder.resolve("graph.db").toString();
    long start = System.nanoTime();
    Process generate = new ProcessBuilder("java", "-Xmx256m", "-jar", "target/graphmock.jar", "generate", "--count",
        String.valueOf(events), "--seed", "1", "--db", db).inheritIO().start();
    if (generate.waitFor() != 0) {
      throw new IllegalStateException("generate failed");
    }
    System.out.printf("generated %,d events in %.0f s%n", events, (System.nanoTime() - start) / 1e9);

    Process server = new ProcessBuilder("./run.sh", "--port", "0", "--db", db, "--journal-size", "0")
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      String collection = BenchHttp.awaitReady(server) + "/deviceManagement/autopilotEvents";
      String sample = BenchHttp.get(collection + "?$top=1&$skip=" + events / 2 + "&$select=deviceId,userPrincipalName");
      String device = field(sample, "deviceId");
      String user = field(sample, "userPrincipalName");
      List<String> filters = List.of("enrollmentState eq 'enrolled'", "enrollmentState eq 'failed'",
          "deploymentState eq 'success'", "deploymentState eq 'failure'", "deviceId eq '" + device + "'",
          "userPrincipalName eq '" + user + "'");
      List<String[]> shapes = new ArrayList<>();
      for (String filter : filters) {
        for (String order : List.of("eventDateTime desc", "enrollmentStartDateTime desc")) {
          for (int top : new int[] {1, 50, 999}) {
            for (boolean count : new boolean[] {false, true}) {
              String url = collection + "?$filter=" + BenchHttp.encode(filter) + "&$orderby="
                  + BenchHttp.encode(order) + "&$top=" + top + (count ? "&$count=true" : "");
              shapes.add(new String[] {filter + ", " + order + ", top " + top + (count ? ", count" : ""), url});
            }
          }
        }
      }
      // A server that has just started is still compiling its hot paths (creates keep getting faster for ~40 s on
      // two cores, BENCHMARKS.md): every shape, and creates, for WARMUP seconds (20 by default) before any is
      // measured, so that the first shapes are not measured against a colder server than the last.
      long warmUp = Long.parseLong(System.getenv().getOrDefault("WARMUP", "20"));
      long warmUntil = System.nanoTime() + warmUp * 1_000_000_000L;
      AtomicLong created = new AtomicLong();
      ExecutorService writers = Executors.newFixedThreadPool(8);
      double worstAlone = 0;
      double worstLoaded = 0;
      long createdBefore;
      try {
        Callable<Void> everyShape = () -> {
          for (String[] shape : shapes) {
            BenchHttp.getAndDrop(shape[1]);
          }
          return null;
        };
        while (System.nanoTime() < warmUntil) {
          whileWriting(writers, collection, created, everyShape);
          everyShape.call();
        }
        createdBefore = created.get();
        System.out.printf("%n%-92s %9s %9s | %9s %9s%n", "shape (" + requests + " requests each)", "p50 ms",
            "p99 ms", "8w p50", "8w p99");
        for (String[] shape : shapes) {
          double[] alone = measure(shape[1], requests);
          double[] loaded = whileWriting(writers, collection, created, () -> measure(shape[1],
              Math.max(20, requests / 2)));
          worstAlone = Math.max(worstAlone, alone[1]);
          worstLoaded = Math.max(worstLoaded, loaded[1]);
          System.out.printf("%-92s %9.2f %9.2f | %9.2f %9.2f%n", shape[0], alone[0], alone[1], loaded[0], loaded[1]);
        }
      } finally {
        writers.shutdownNow();
      }
      System.out.printf("worst p99: %.2f ms alone, %.2f ms with 8 writers (%,d events created while measuring,"
          + " %,d in the warm-up)%n", worstAlone, worstLoaded, created.get() - createdBefore, createdBefore);
      System.out.printf("server peak RSS (VmHWM): %s%n", BenchHttp.peakRss(server.pid()));
    } finally {
      server.destroy();
      server.waitFor();
      // The generated database (over a gigabyte at a million events); nothing reads it afterwards.
      FileUtils.deleteQuietly(folder.toFile());
    }
  }

  /**
   * Runs {@code work} while 8 writers create events as fast as they can, then stops them; a writer's failure
   * fails the run (its future is read).
   */
  private static <T> T whileWriting(ExecutorService writers, String collection, AtomicLong created,
                                    Callable<T> work) throws Exception {
    AtomicBoolean writing = new AtomicBoolean(true);
    List<Future<?>> running = new ArrayList<>();
    for (int w = 0; w < 8; w++) {
      running.add(writers.submit(() -> {
        while (writing.get()) {
          long n = created.incrementAndGet();
          BenchHttp.post(collection, "{\"deviceId\":\"writer-" + (n % 50_000) + "\",\"eventDateTime\":\""
              + Instant.parse("2026-02-01T00:00:00Z").plusSeconds(n) + "\"}");
        }
        return null;
      }));
    }
    Exception failure = null;
    T result = null;
    try {
      result = work.call();
    } catch (Exception e) {
      failure = e;
    }
    writing.set(false);
    for (Future<?> writer : running) {
      try {
        writer.get();
      } catch (java.util.concurrent.ExecutionException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
    return result;
  }

  /** p50 and p99 in ms, after a short warm-up. */
  private static double[] measure(String url, int requests) throws Exception {
    for (int i = 0; i < 5; i++) {
      BenchHttp.getAndDrop(url);
    }
    long[] nanos = new long[requests];
    for (int i = 0; i < requests; i++) {
      long start = System.nanoTime();
      BenchHttp.getAndDrop(url);
      nanos[i] = System.nanoTime() - start;
    }
    Arrays.sort(nanos);
    return new double[] {nanos[requests / 2] / 1e6, nanos[(int) Math.ceil(requests * 0.99) - 1] / 1e6};
  }

  private static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
    if (!m.find()) {
      throw new IllegalStateException("no " + name + " in " + json);
    }
    return m.group(1);
  }
}
