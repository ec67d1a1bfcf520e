package dev.graphmock.bench;

import dev.graphmock.model.DateTimeOffsetValue;
import dev.graphmock.odata.GraphModel;
import dev.graphmock.store.Database;
import dev.graphmock.store.FamilyStore;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.io.FileUtils;

/**
 * Issue 3's query benchmark: loads N generated events into a fresh database (through the store, in batches),
 * starts graphmock on it with run.sh, and times each query shape with one client,
 * sequentially, after a warm-up. Prints p50/p99 per shape, the page 5,000 / page 1 ratio and the server's peak
 * RSS. Run with bench/queries.sh [events] [requests per shape].
 */
public final class QueryBenchmark {
  private static final String[] STATES = {"unknown", "enrolled", "pendingReset", "failed", "notContacted", "blocked"};

  public static void main(String[] args) throws Exception {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int requests = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
    int devices = Math.max(1, events / 10);
    Path folder = Files.createTempDirectory("graphmock-bench");
    Path db = folder.resolve("graph.db");

    GraphModel model = GraphModel.load("seed", resource("/metadata/seed.xml"), resource("/metadata/seed.server.json"));
    long loadStart = System.nanoTime();
    load(db, model, events, devices);
    double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
    System.out.printf("loaded %,d events in %.1f s: %,.0f events/s (store batches of 10,000, indexes included)%n",
        events, loadSeconds, events / loadSeconds);

    // Started exactly as users start it, so that RSS is measured with run.sh's JVM settings.
    Process server = new ProcessBuilder("./run.sh", "--port", "0", "--db", db.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      String beta = BenchHttp.awaitReady(server);
      String events_ = beta + "/deviceManagement/autopilotEvents";
      Random random = new Random(7);
      List<String[]> rows = new ArrayList<>();

      rows.add(measure("deviceId eq X, orderby eventDateTime desc, top 25", requests, i ->
          events_ + "?$filter=" + BenchHttp.encode("deviceId eq 'device-" + random.nextInt(devices) + "'")
              + "&$orderby=" + BenchHttp.encode("eventDateTime desc") + "&$top=25"));
      rows.add(measure("$orderBy=enrollmentStartDateTime desc, top 100", requests, i ->
          events_ + "?$orderBy=" + BenchHttp.encode("enrollmentStartDateTime desc") + "&$top=100"));
      rows.add(measure("enrollmentState eq 'failed', count=true, top 1", requests, i ->
          events_ + "?$filter=" + BenchHttp.encode("enrollmentState eq 'failed'") + "&$count=true&$top=1"));
      rows.add(measure("GET by id", requests, i -> events_ + "/event-" + random.nextInt(events)));

      String page1 = events_ + "?$top=100";
      String page5000 = page1;
      int targetPage = Math.min(5_000, events / 100);
      long walkStart = System.nanoTime();
      for (int page = 1; page < targetPage; page++) {
        page5000 = nextLink(BenchHttp.get(page5000));
      }
      System.out.printf("walked to page %,d by nextLinks in %.1f s%n", targetPage, (System.nanoTime() - walkStart) / 1e9);
      String[] first = measure("top 100, page 1", requests, i -> page1);
      String lastUrl = page5000;
      String[] last = measure("top 100, page " + targetPage + " (via nextLink)", requests, i -> lastUrl);
      rows.add(first);
      rows.add(last);

      System.out.println();
      System.out.printf("%-52s %10s %10s %10s%n", "shape (" + requests + " requests each, 1 client)", "p50 ms", "p99 ms",
          "max ms");
      for (String[] row : rows) {
        System.out.printf("%-52s %10s %10s %10s%n", (Object[]) row);
      }
      System.out.printf("page %d / page 1 (p50): %.2f; (p99): %.2f%n", targetPage,
          Double.parseDouble(last[1]) / Double.parseDouble(first[1]), Double.parseDouble(last[2]) / Double.parseDouble(first[2]));
      System.out.printf("server peak RSS (VmHWM): %s%n", BenchHttp.peakRss(server.pid()));
    } finally {
      server.destroy();
      server.waitFor();
      // The generated database (over a gigabyte at a million events); nothing reads it afterwards.
      FileUtils.deleteQuietly(folder.toFile());
    }
  }

  private static void load(Path db, GraphModel model, int events, int devices) {
    dev.graphmock.model.TypeGraph graph = model.typeGraph();
    dev.graphmock.model.StructuredType event = graph.path(model.defaultSet()).orElseThrow().type();
    Random random = new Random(42);
    Instant base = Instant.parse("2024-01-01T00:00:00Z");
    try (Database database = Database.open(dev.graphmock.store.DatabaseLocation.sqlite(db), model.name(), graph,
        model.typeIndexes())) {
      FamilyStore store = new FamilyStore(database, graph, new dev.graphmock.json.ValueJsonCodec(graph));
      for (int from = 0; from < events; from += 10_000) {
        int first = from;
        store.inOneTransaction(() -> {
          for (int i = first; i < Math.min(events, first + 10_000); i++) {
            Map<String, Object> row = dev.graphmock.model.DefaultValues.of(event);
            row.put("id", "event-" + i);
            row.put("deviceId", "device-" + random.nextInt(devices));
            row.put("deviceSerialNumber", "SN" + random.nextInt(1_000_000));
            row.put("eventDateTime", time(base, random));
            row.put("enrollmentStartDateTime", time(base, random));
            row.put("deviceRegisteredDateTime", time(base, random));
            row.put("enrollmentState", STATES[random.nextInt(STATES.length)]);
            row.put("deploymentState", random.nextBoolean() ? "success" : "failure");
            if (event.property("targetedAppCount").isPresent()) {
              row.put("targetedAppCount", random.nextInt(40));
            }
            row.put("deploymentDuration", Duration.ofMillis(random.nextInt(3_600_000)));
            row.put("osVersion", "10.0." + (19_000 + random.nextInt(4_000)));
            row.put("userPrincipalName", "user" + random.nextInt(50_000) + "@contoso.com");
            store.insert(dev.graphmock.model.Tenants.DEFAULT, model.defaultSet(), "", event, row);
          }
          return null;
        });
      }
    }
  }

  private static DateTimeOffsetValue time(Instant base, Random random) {
    Instant instant = base.plusSeconds(random.nextInt(2 * 365 * 86_400)).plusNanos(random.nextInt(10_000_000) * 100L);
    return DateTimeOffsetValue.parse(instant.toString());
  }

  private static String[] measure(String name, int requests, IntFunction<String> urls) throws Exception {
    for (int i = 0; i < Math.max(200, requests / 4); i++) {
      BenchHttp.get(urls.apply(i));
    }
    long[] nanos = new long[requests];
    for (int i = 0; i < requests; i++) {
      String url = urls.apply(i);
      long start = System.nanoTime();
      BenchHttp.get(url);
      nanos[i] = System.nanoTime() - start;
    }
    Arrays.sort(nanos);
    return new String[] {name, ms(nanos[requests / 2]), ms(nanos[(int) Math.ceil(requests * 0.99) - 1]),
        ms(nanos[requests - 1])};
  }


  private static String nextLink(String body) {
    Matcher m = Pattern.compile("\"@odata.nextLink\":\"([^\"]+)\"").matcher(body);
    if (!m.find()) {
      throw new IllegalStateException("no nextLink");
    }
    return m.group(1);
  }

  private static String ms(long nanos) {
    return String.format("%.2f", nanos / 1e6);
  }




  private static byte[] resource(String name) throws Exception {
    try (InputStream in = QueryBenchmark.class.getResourceAsStream(name)) {
      return in.readAllBytes();
    }
  }
}
