import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.io.FileUtils;

/**
 * Issue 6's benchmark: graphmock against the floor (bench/FloorServer.java) and the bare floor (the same without
 * secondary indexes, issue 15) in one run, alternating, with wrk on
 * loopback (16 connections, 2 threads): creates with the seed's example body, GET by id, and the list shape
 * $filter=deviceId eq '…'&$orderby=eventDateTime desc&$top=25. Then start-up time to the first served request
 * (median of several) and peak RSS. Run with bench/perf.sh [seconds per run] [rounds]. Each server is warmed up
 * with 10 s of each shape before its measured runs ({@code WARMUP=N bench/perf.sh}: N s instead), so that the
 * servers are compared once their JIT compilers are done with the path: from a cold start on 2 cores graphmock's
 * creates reach 90 % of their steady rate after about 8 s, the bare stack's after about 3 s ({@code bench/perf.sh
 * ramp}, which measures that first stretch on its own). With 3 s, the first round caught graphmock still compiling.
 *
 * <p>{@code bench/perf.sh ramp [starts] [seconds]}: creates from a cold start, second by second, see {@link #ramp}.
 *
 * <p>{@code bench/perf.sh journal [seconds] [rounds]} instead compares graphmock with its request journal (the
 * default: 10,000 entries) against graphmock with {@code --journal-size 0}, alternating, on creates and GET by id:
 * issue 12 asks that recording cost at most 10 % of create throughput.
 *
 * <p>{@code bench/perf.sh postgresql [seconds] [rounds]}: graphmock on SQLite against graphmock on PostgreSQL (issue
 * 14), see {@link #postgresql}.
 *
 * <p>{@code bench/perf.sh startup [runs] [earlier.jar[,java option...] ...]}: start-up alone, {@code ./run.sh} and
 * {@code java -jar}, see {@link #startupTimes}.
 */
public final class PerfBenchmark {
  static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  static final int WARMUP_SECONDS = Integer.parseInt(System.getenv().getOrDefault("WARMUP", "10"));
  static final String JVM = "-XX:+UseSerialGC -Xms64m -Xmn32m -Xmx256m -XX:ReservedCodeCacheSize=64m";

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("journal")) {
      journal(args.length > 1 ? Integer.parseInt(args[1]) : 10, args.length > 2 ? Integer.parseInt(args[2]) : 3);
      return;
    }
    if (args.length > 0 && args[0].equals("startup")) {
      Path work = Files.createTempDirectory("graphmock-startup");
      try {
        startupTimes(work, args.length > 1 ? Integer.parseInt(args[1]) : 9,
            args.length > 2 ? Arrays.asList(args).subList(2, args.length) : List.of());
      } finally {
        FileUtils.deleteQuietly(work.toFile());
      }
      return;
    }
    if (args.length > 0 && args[0].equals("ramp")) {
      ramp(args.length > 1 ? Integer.parseInt(args[1]) : 2, args.length > 2 ? Integer.parseInt(args[2]) : 30);
      return;
    }
    if (args.length > 0 && args[0].equals("postgresql")) {
      postgresql(args.length > 1 ? Integer.parseInt(args[1]) : 10, args.length > 2 ? Integer.parseInt(args[2]) : 2);
      return;
    }
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    Path work = Files.createTempDirectory("graphmock-perf");
    Path scripts = scripts(work);

    Process ours = start(List.of("./run.sh", "--port", "0", "--db", work.resolve("ours.db").toString()));
    Process floor = start(floorServer(work.resolve("floor.db")));
    Process bare = start(floorServer(work.resolve("bare.db"), "bare"));
    try {
      Map<String, String> roots = new LinkedHashMap<>();
      roots.put("graphmock", ready(ours));
      roots.put("floor", ready(floor));
      roots.put("bare", ready(bare));
      for (String root : roots.values()) {
        preload(root);
      }
      Map<String, String> paths = new LinkedHashMap<>();
      paths.put("create (POST, seed body)", "create.lua");
      paths.put("GET by id", "get.lua");
      paths.put("list: deviceId eq, orderby eventDateTime desc, top 25", "list.lua");

      List<String[]> rows = new ArrayList<>();
      Map<String, String> byRound = new LinkedHashMap<>();
      for (Map.Entry<String, String> shape : paths.entrySet()) {
        for (String root : roots.values()) {
          wrk(root, scripts.resolve(shape.getValue()), WARMUP_SECONDS);
        }
        double[][] sums = new double[roots.size()][3];
        StringBuilder eachRound = new StringBuilder();
        for (int round = 0; round < rounds; round++) {
          double[] rates = new double[roots.size()];
          int server = 0;
          for (String root : roots.values()) {
            double[] result = wrk(root, scripts.resolve(shape.getValue()), seconds);
            for (int i = 0; i < 3; i++) {
              sums[server][i] += result[i] / rounds;
            }
            rates[server] = result[0];
            server++;
          }
          eachRound.append(String.format(" %.2f", rates[0] / rates[2]));
        }
        byRound.put(shape.getKey(), eachRound.toString().trim());
        rows.add(new String[] {shape.getKey(), fmt(sums[0][0]), fmt(sums[0][1]), fmt(sums[0][2]), fmt(sums[1][0]),
            fmt(sums[1][1]), fmt(sums[1][2]), fmt(sums[2][0]), fmt(sums[2][1]), fmt(sums[2][2]),
            String.format("%.2f", sums[0][0] / sums[1][0]), String.format("%.2f", sums[0][0] / sums[2][0])});
        if (shape.getValue().equals("create.lua")) {
          rows.add(new String[] {"  peak RSS after creates (kB)", rss(ours.pid()), "", "", rss(floor.pid()), "", "",
              rss(bare.pid()), "", "", "", ""});
        }
      }
      System.out.println();
      String format = "%-56s %9s %8s %8s | %9s %8s %8s | %9s %8s %8s | %10s %9s%n";
      System.out.printf(format, "wrk -t2 -c16, " + seconds + " s x " + rounds + " alternating", "ours/s", "p50 ms",
          "p99 ms", "floor/s", "p50 ms", "p99 ms", "bare/s", "p50 ms", "p99 ms", "ours/floor", "ours/bare");
      for (String[] row : rows) {
        System.out.printf(format, (Object[]) row);
      }
      System.out.printf("ours/bare in each round: creates %s; GET by id %s (warm-up %d s per server and shape)%n",
          byRound.get("create (POST, seed body)"), byRound.get("GET by id"), WARMUP_SECONDS);
      System.out.printf("graphmock peak RSS over the whole run: %s kB%n", rss(ours.pid()));
    } finally {
      stop(ours);
      stop(floor);
      stop(bare);
    }
    try {
      startupTimes(work, 7, List.of());
    } finally {
      // Its databases hold every event the run created (hundreds of MB); nothing reads them afterwards.
      FileUtils.deleteQuietly(work.toFile());
    }
  }

  /**
   * Issue 14: graphmock on SQLite against graphmock on PostgreSQL (one instance, then two instances on the same
   * database, each loaded by its own wrk with half the connections), alternating, journal off in all; a PostgreSQL
   * with its default durability (fsync on) made for the run. Besides throughput and latency, the CPU each create or
   * read costs in the graphmock process and in PostgreSQL's processes (from /proc), which says where the time goes.
   */
  static void postgresql(int seconds, int rounds) throws Exception {
    Path work = Files.createTempDirectory("graphmock-pg-perf");
    Path scripts = scripts(work);
    Object postgres = Class.forName("dev.graphmock.e2e.PostgresServer").getMethod("startNew", boolean.class)
        .invoke(null, true);
    String database = (String) postgres.getClass().getMethod("newDatabaseUrl").invoke(postgres);
    Process sqlite = start(List.of("./run.sh", "--port", "0", "--db", work.resolve("sqlite.db").toString(),
        "--journal-size", "0"));
    Process pgOne = start(List.of("./run.sh", "--port", "0", "--db", database, "--journal-size", "0"));
    Process pgTwo = start(List.of("./run.sh", "--port", "0", "--db", database, "--journal-size", "0"));
    try {
      String sqliteRoot = ready(sqlite);
      String pgRoot = ready(pgOne);
      String pgRoot2 = ready(pgTwo);
      preload(sqliteRoot);
      preload(pgRoot);
      Map<String, String> paths = new LinkedHashMap<>();
      paths.put("create (POST, seed body)", "create.lua");
      paths.put("GET by id", "get.lua");
      System.out.println();
      String format = "%-28s %-24s %9s %8s %8s %14s %14s%n";
      System.out.printf(format, "wrk " + seconds + " s x " + rounds + ", alternating", "server", "req/s", "p50 ms",
          "p99 ms", "graphmock CPU", "PostgreSQL CPU");
      System.out.printf(format, "", "", "", "", "", "ms/request", "ms/request");
      for (Map.Entry<String, String> shape : paths.entrySet()) {
        Path script = scripts.resolve(shape.getValue());
        wrk(sqliteRoot, script, 3);
        wrk(pgRoot, script, 3);
        double[][] sums = new double[3][5];
        for (int round = 0; round < rounds; round++) {
          add(sums[0], measured(List.of(sqlite.pid()), () -> wrk(sqliteRoot, script, seconds)), rounds);
          add(sums[1], measured(List.of(pgOne.pid()), () -> wrk(pgRoot, script, seconds)), rounds);
          add(sums[2], measured(List.of(pgOne.pid(), pgTwo.pid()), () -> both(pgRoot, pgRoot2, script, seconds)),
              rounds);
        }
        String[] names = {"SQLite, 1 instance", "PostgreSQL, 1 instance", "PostgreSQL, 2 instances"};
        for (int i = 0; i < 3; i++) {
          System.out.printf(format, i == 0 ? shape.getKey() : "", names[i], fmt(sums[i][0]), fmt(sums[i][1]),
              fmt(sums[i][2]), String.format("%.3f", sums[i][3]), i == 0 ? "-" : String.format("%.3f", sums[i][4]));
        }
      }
    } finally {
      stop(sqlite);
      stop(pgOne);
      stop(pgTwo);
      FileUtils.deleteQuietly(work.toFile());
    }
  }

  interface Run {
    double[] call() throws Exception;
  }

  /** {@code run}'s requests/s, p50, p99, then graphmock's and PostgreSQL's CPU ms per request over it. */
  static double[] measured(List<Long> graphmock, Run run) throws Exception {
    long ours = cpuMillis(graphmock);
    long theirs = cpuMillis(postgresPids());
    long start = System.nanoTime();
    double[] result = run.call();
    double seconds = (System.nanoTime() - start) / 1e9;
    double requests = result[0] * seconds;
    return new double[] {result[0], result[1], result[2], (cpuMillis(graphmock) - ours) / requests,
        (cpuMillis(postgresPids()) - theirs) / requests};
  }

  /** Two wrk runs at once, one per instance, each with half the connections: summed rate, the worse latencies. */
  static double[] both(String first, String second, Path script, int seconds) throws Exception {
    ExecutorService two = Executors.newFixedThreadPool(2);
    try {
      Future<double[]> a = two.submit(() -> wrk(first, script, seconds, 1, 8));
      Future<double[]> b = two.submit(() -> wrk(second, script, seconds, 1, 8));
      double[] x = a.get();
      double[] y = b.get();
      return new double[] {x[0] + y[0], Math.max(x[1], y[1]), Math.max(x[2], y[2])};
    } finally {
      two.shutdown();
    }
  }

  static void add(double[] sums, double[] values, int rounds) {
    for (int i = 0; i < values.length; i++) {
      sums[i] += values[i] / rounds;
    }
  }

  static List<Long> postgresPids() throws IOException {
    List<Long> pids = new ArrayList<>();
    try (var processes = Files.list(Path.of("/proc"))) {
      for (Path process : (Iterable<Path>) processes::iterator) {
        String name = process.getFileName().toString();
        if (name.chars().allMatch(Character::isDigit)) {
          try {
            if (Files.readString(process.resolve("comm")).trim().equals("postgres")) {
              pids.add(Long.parseLong(name));
            }
          } catch (IOException gone) {
            // Ended meanwhile.
          }
        }
      }
    }
    return pids;
  }

  /** User + system CPU of these processes so far, in ms (clock ticks of 10 ms). */
  static long cpuMillis(List<Long> pids) {
    long ticks = 0;
    for (long pid : pids) {
      try {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      } catch (IOException | RuntimeException gone) {
        // A process that ended took its CPU time with it.
      }
    }
    return ticks * 10;
  }

  /**
   * Creates from a cold start: graphmock ({@code ./run.sh}) and the bare stack, each started afresh on an empty
   * database and sent the seed's body by wrk -t2 -c16 in windows of one second (a new wrk each, so each window
   * also pays for 16 new connections, on both servers alike), one server after the other, {@code starts} times. What a
   * CI job that starts the server and creates at once sees, and how long each server's JIT compilers take to be
   * done with the create path: the default warm-up of the comparison above must cover it.
   */
  static void ramp(int starts, int seconds) throws Exception {
    Path work = Files.createTempDirectory("graphmock-ramp");
    Path script = scripts(work).resolve("create.lua");
    Map<String, double[][]> rates = new LinkedHashMap<>();
    rates.put("graphmock", new double[starts][seconds]);
    rates.put("bare", new double[starts][seconds]);
    try {
      for (int i = 0; i < starts; i++) {
        for (Map.Entry<String, double[][]> server : rates.entrySet()) {
          Path db = work.resolve(server.getKey() + "-" + i + ".db");
          Process process = start(server.getKey().equals("graphmock")
              ? List.of("./run.sh", "--port", "0", "--db", db.toString())
              : floorServer(db, "bare"));
          try {
            String root = ready(process);
            for (int second = 0; second < seconds; second++) {
              server.getValue()[i][second] = wrk(root, script, 1)[0];
            }
          } finally {
            stop(process);
          }
        }
      }
    } finally {
      FileUtils.deleteQuietly(work.toFile());
    }
    System.out.printf("%ncreates/s from a cold start, wrk -t2 -c16 in 1 s windows, %d starts each, alternating%n",
        starts);
    for (Map.Entry<String, double[][]> server : rates.entrySet()) {
      for (int i = 0; i < starts; i++) {
        StringBuilder line = new StringBuilder();
        for (double rate : server.getValue()[i]) {
          line.append(String.format(" %5.0f", rate));
        }
        System.out.printf("%-9s start %d:%s%n", server.getKey(), i + 1, line);
      }
    }
    int last = Math.min(10, seconds);
    System.out.printf("%-9s %14s %16s %18s%n", "", "first " + last + " s/s", "last " + last + " s/s",
        "s to 90 % of last");
    for (Map.Entry<String, double[][]> server : rates.entrySet()) {
      double[] windows = new double[seconds];
      for (int second = 0; second < seconds; second++) {
        double[] each = new double[starts];
        for (int i = 0; i < starts; i++) {
          each[i] = server.getValue()[i][second];
        }
        windows[second] = median(each);
      }
      double steady = median(Arrays.copyOfRange(windows, seconds - last, seconds));
      int warm = 0;
      while (warm < seconds && windows[warm] < 0.9 * steady) {
        warm++;
      }
      System.out.printf("%-9s %14.0f %16.0f %18d%n", server.getKey(),
          Arrays.stream(windows, 0, last).average().orElse(0), steady, warm);
    }
  }

  /** Journal on (the default) against journal off, alternating, each shape a few rounds; medians of rounds. */
  static void journal(int seconds, int rounds) throws Exception {
    Path work = Files.createTempDirectory("graphmock-journal");
    Path scripts = scripts(work);
    Process on = start(List.of("./run.sh", "--port", "0", "--db", work.resolve("on.db").toString()));
    Process off = start(List.of("./run.sh", "--port", "0", "--db", work.resolve("off.db").toString(),
        "--journal-size", "0"));
    try {
      String[] roots = {ready(on), ready(off)};
      for (String root : roots) {
        preload(root);
      }
      System.out.printf("%nwrk -t2 -c16, %d s x %d alternating   journal on/s  journal off/s  on/off (each round)%n",
          seconds, rounds);
      for (String shape : List.of("create.lua", "get.lua")) {
        for (String root : roots) {
          wrk(root, scripts.resolve(shape), 3);
        }
        double[][] results = new double[2][rounds];
        StringBuilder ratios = new StringBuilder();
        for (int round = 0; round < rounds; round++) {
          for (int server = 0; server < 2; server++) {
            results[server][round] = wrk(roots[server], scripts.resolve(shape), seconds)[0];
          }
          ratios.append(String.format(" %.3f", results[0][round] / results[1][round]));
        }
        double onMedian = median(results[0]);
        double offMedian = median(results[1]);
        System.out.printf("%-36s %12.0f  %13.0f  %.3f (%s)%n", shape.equals("create.lua") ? "create (POST, seed body)"
            : "GET by id", onMedian, offMedian, onMedian / offMedian, ratios.toString().trim());
      }
      System.out.printf("peak RSS: journal on %s kB, off %s kB%n", rss(on.pid()), rss(off.pid()));
    } finally {
      stop(on);
      stop(off);
      FileUtils.deleteQuietly(work.toFile());
    }
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
        : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  }

  /**
   * Start-up to the first served request ({@code /$metadata}, polled every 5 ms once the ready line is out), and
   * the CPU the process had used by then (its JIT compilers' included), on a fresh database each time:
   * {@code ./run.sh} (its class-data archive, its JVM options), {@code java -jar target/graphmock.jar} as a user
   * runs it (no options), and {@code java -jar} of each jar in {@code otherJars}
   * (an earlier build, for "what it bought"; {@code JAR,OPTION,...} runs it with those Java options), alternating,
   * {@code runs} times each.
   */
  static void startupTimes(Path work, int runs, List<String> otherJars) throws Exception {
    Map<String, List<String>> commands = new LinkedHashMap<>();
    commands.put("./run.sh", List.of("./run.sh"));
    commands.put("java -jar target/graphmock.jar", List.of(java(), "-jar", "target/graphmock.jar"));
    for (String jar : otherJars) {
      // JAR[,JAVA_OPTION...]: an option set on an earlier jar stands for a change made in code since
      List<String> parts = List.of(jar.split(","));
      List<String> line = new ArrayList<>(List.of(java()));
      line.addAll(parts.subList(1, parts.size()));
      line.addAll(List.of("-jar", parts.get(0)));
      commands.put(String.join(" ", line.subList(1, line.size())), line);
    }
    Map<String, long[]> millis = new LinkedHashMap<>();
    Map<String, long[]> cpu = new LinkedHashMap<>();
    for (String label : commands.keySet()) {
      millis.put(label, new long[runs]);
      cpu.put(label, new long[runs]);
    }
    for (int i = 0; i < runs; i++) {
      int variant = 0;
      for (Map.Entry<String, List<String>> command : commands.entrySet()) {
        Path db = work.resolve("startup-" + i + "-" + variant++ + ".db");
        List<String> line = new ArrayList<>(command.getValue());
        line.addAll(List.of("--port", "0", "--db", db.toString()));
        long start = System.nanoTime();
        Process process = new ProcessBuilder(line).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String root = ready(process);
        while (true) {
          try {
            if (CLIENT.send(HttpRequest.newBuilder(URI.create(root + "/$metadata")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
              break;
            }
          } catch (IOException notYet) {
            Thread.sleep(5);
          }
        }
        millis.get(command.getKey())[i] = (System.nanoTime() - start) / 1_000_000;
        cpu.get(command.getKey())[i] = cpuMillis(List.of(process.pid()));
        stop(process);
      }
    }
    for (Map.Entry<String, long[]> times : millis.entrySet()) {
      long[] sorted = times.getValue().clone();
      Arrays.sort(sorted);
      long[] used = cpu.get(times.getKey()).clone();
      Arrays.sort(used);
      System.out.printf("start-up to first served request, %s (fresh database), %d runs: median %d ms (CPU %d ms),"
          + " all %s%n", times.getKey(), runs, sorted[runs / 2], used[runs / 2], Arrays.toString(times.getValue()));
    }
  }

  /** Runs wrk and returns requests/s, p50 ms and p99 ms. */
  static double[] wrk(String root, Path script, int seconds) throws Exception {
    return wrk(root, script, seconds, 2, 16);
  }

  static double[] wrk(String root, Path script, int seconds, int threads, int connections) throws Exception {
    Process wrk = new ProcessBuilder("wrk", "-t" + threads, "-c" + connections, "-d" + seconds + "s", "--latency",
        "-s", script.toString(),
        root + "/deviceManagement/autopilotEvents").redirectErrorStream(true).start();
    String out = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    wrk.waitFor();
    if (out.contains("Non-2xx")) {
      throw new IllegalStateException("errors during the run against " + root + ":\n" + out);
    }
    return new double[] {number(out, "Requests/sec:\\s+([\\d.]+)"), latency(out, "50%"), latency(out, "99%")};
  }

  static double latency(String out, String percentile) {
    Matcher m = Pattern.compile("\\s" + percentile + "\\s+([\\d.]+)(us|ms|s)").matcher(out);
    if (!m.find()) {
      throw new IllegalStateException("no " + percentile + " in " + out);
    }
    double value = Double.parseDouble(m.group(1));
    return switch (m.group(2)) {
      case "us" -> value / 1000;
      case "s" -> value * 1000;
      default -> value;
    };
  }

  static double number(String out, String regex) {
    Matcher m = Pattern.compile(regex).matcher(out);
    if (!m.find()) {
      throw new IllegalStateException("no match for " + regex + " in " + out);
    }
    return Double.parseDouble(m.group(1));
  }

  static void preload(String root) throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(8);
    List<Future<?>> done = new ArrayList<>();
    for (int c = 0; c < 8; c++) {
      int client = c;
      done.add(clients.submit(() -> {
        for (int i = client; i < 10_000; i += 8) {
          String body = "{\"id\":\"pre-" + i + "\",\"deviceId\":\"dev-" + (i % 500) + "\",\"eventDateTime\":\"2024-01-01T"
              + String.format("%02d:%02d:%02d", i % 24, i % 60, (i / 60) % 60) + "Z\",\"enrollmentState\":\"enrolled\"}";
          HttpResponse<String> reply = CLIENT.send(HttpRequest.newBuilder(URI.create(root
              + "/deviceManagement/autopilotEvents")).header("Authorization", "Bearer bench")
              .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
              HttpResponse.BodyHandlers.ofString());
          if (reply.statusCode() != 201) {
            throw new IllegalStateException(reply.statusCode() + " " + reply.body());
          }
        }
        return null;
      }));
    }
    for (Future<?> client : done) {
      client.get();
    }
    clients.shutdown();
  }

  static Path scripts(Path work) throws IOException {
    String auth = "wrk.headers[\"Authorization\"] = \"Bearer bench\"\n";
    Files.writeString(work.resolve("create.lua"), "wrk.method = \"POST\"\n" + auth
        + "wrk.headers[\"Content-Type\"] = \"application/json\"\n"
        + "local f = io.open(\"" + Path.of("src/test/resources/seed/create-request.json").toAbsolutePath() + "\", \"r\")\n"
        + "wrk.body = f:read(\"*a\")\nf:close()\n");
    Files.writeString(work.resolve("get.lua"), auth + "math.randomseed(7)\nrequest = function()\n"
        + "  return wrk.format(\"GET\", wrk.path .. \"/pre-\" .. math.random(0, 9999))\nend\n");
    Files.writeString(work.resolve("list.lua"), auth + "math.randomseed(7)\nrequest = function()\n"
        + "  return wrk.format(\"GET\", wrk.path .. \"?$filter=deviceId%20eq%20'dev-\" .. math.random(0, 499)"
        + " .. \"'&$orderby=eventDateTime%20desc&$top=25\")\nend\n");
    return work;
  }

  /** bench/FloorServer.java on a free port, with run.sh's JVM settings; {@code bare} for the one without indexes. */
  static List<String> floorServer(Path db, String... mode) {
    List<String> command = new ArrayList<>(List.of(java()));
    command.addAll(Arrays.asList(JVM.split(" ")));
    command.addAll(List.of("-cp", "target/classes:target/lib/*", "bench/FloorServer.java", "0", db.toString()));
    command.addAll(Arrays.asList(mode));
    return command;
  }

  static Process start(List<String> command) throws IOException {
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }

  static String ready(Process process) throws IOException {
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    Matcher m = Pattern.compile("\\S+ serving (\\S+)").matcher(line == null ? "" : line);
    if (!m.find()) {
      throw new IllegalStateException("did not start: " + line);
    }
    return m.group(1);
  }

  static String rss(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmHWM:")) {
        return line.substring(6).replace("kB", "").trim();
      }
    }
    return "?";
  }

  static void stop(Process process) throws InterruptedException {
    process.destroy();
    process.waitFor();
  }

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  static String fmt(double value) {
    return value >= 100 ? String.format("%.0f", value) : String.format("%.2f", value);
  }
}
