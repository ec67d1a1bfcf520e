package dev.graphmock;

import dev.graphmock.app.ExitCode;
import dev.graphmock.app.GraphServer;
import dev.graphmock.app.ServerConfig;
import dev.graphmock.app.StartException;
import dev.graphmock.http.AuthMode;
import dev.graphmock.http.HttpServer;
import dev.graphmock.odata.SchemaException;
import dev.graphmock.store.DatabaseLocation;
import dev.graphmock.store.DatabaseOpenException;
import java.io.IOException;
import java.net.BindException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** The command line: flags become a {@link ServerConfig}, the server starts, and a signal stops it cleanly. */
@Command(name = "graphmock", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "A local Microsoft Graph (beta) server for Intune Autopilot events, served as OData V4.",
    sortOptions = false)
public final class Main implements Callable<Integer> {
  @Option(names = "--host", paramLabel = "ADDRESS", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String host = ServerConfig.DEFAULT_HOST;

  @Option(names = "--port", paramLabel = "PORT", description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port = ServerConfig.DEFAULT_PORT;

  @Option(names = "--db", paramLabel = "PATH|URL", description = "SQLite database file, created with its folder when"
      + " missing; :memory: to keep everything in memory for the process's life; or a PostgreSQL database that"
      + " several instances may share, postgresql://USER:PASSWORD@HOST:PORT/DATABASE (the password may come from"
      + " PGPASSWORD instead) (default: ${DEFAULT-VALUE}).")
  String database = ServerConfig.DEFAULT_DATABASE;

  @Option(names = "--schema", paramLabel = "NAME", description = "Bundled schema from metadata/: seed (the docs page's 2022 shape) or current (today's Graph beta) (default: ${DEFAULT-VALUE}).")
  String schema = ServerConfig.DEFAULT_SCHEMA;

  @Option(names = "--metadata", paramLabel = "FILE", description = "Serve this EDMX file instead of a bundled schema.")
  Path metadataFile;

  @Option(names = "--auth", paramLabel = "MODE", description = "none, bearer (any non-empty bearer token) or jwt"
      + " (audience, expiry, tenant and permissions checked; make tokens with the token command) (default: ${DEFAULT-VALUE}).")
  String auth = ServerConfig.DEFAULT_AUTH.name().toLowerCase(java.util.Locale.ROOT);

  @Option(names = "--https", description = "Serve TLS on the port, with a certificate for localhost, 127.0.0.1"
      + " and ::1 made on first start and kept beside the database; clients trust its PEM file.")
  boolean https;

  @Option(names = "--cors-origin", paramLabel = "ORIGIN", description = "Allow browser-based tools from this origin"
      + " (such as http://localhost:3000) to call the server; repeatable. Off by default.")
  java.util.List<String> corsOrigins = new java.util.ArrayList<>();

  @Option(names = "--allowed-host", paramLabel = "NAME", description = "Another name clients use for this server"
      + " (repeatable): the admin API, and Graph calls under --auth none, answer only requests whose Host is"
      + " localhost, an IP address, the --host address or one of these, so that no web page can reach them through"
      + " a name of its own (DNS rebinding).")
  java.util.List<String> allowedHosts = new java.util.ArrayList<>();

  @Option(names = "--max-concurrent", paramLabel = "N", description = "Requests worked on at once; more wait up to"
      + " 2 s, then get 503 with Retry-After (default: ${DEFAULT-VALUE}).")
  int maxConcurrent = ServerConfig.DEFAULT_MAX_CONCURRENT;

  @Option(names = "--admin-token", paramLabel = "SECRET", description = "The bearer token calls to /__admin/ must"
      + " send. Without it the admin API is open on a loopback --host and refused (403) on any other.")
  String adminToken;

  @Option(names = "--no-admin", description = "Do not serve the admin API at all (/__admin/ answers 404).")
  boolean noAdmin;

  @Option(names = "--seed-data", paramLabel = "FILE", description = "Import these events (a Graph collection page,"
      + " or .ndjson/.jsonl) at start-up when the database is empty, so that a restart does not add them twice.")
  Path seedData;

  @Option(names = "--journal-size", paramLabel = "N", description = "Requests the journal (/__admin/requests)"
      + " keeps, newest first, in at most 32 MiB; 0 keeps none (default: ${DEFAULT-VALUE}).")
  int journalSize = ServerConfig.TestControls.DEFAULT_JOURNAL_SIZE;

  @Option(names = "--journal", paramLabel = "FILE", description = "Also append every request to FILE as one JSON"
      + " line (NDJSON), the journal's shape.")
  Path journalFile;

  @Option(names = "--log", paramLabel = "WHAT", description = "requests: print one line per request to standard"
      + " output (time, method, path and query, status, ms, request-id; batch items indented; faults marked).")
  String log;

  @Option(names = "--fault", paramLabel = "RULE", description = "A fault rule, as POST /__admin/faults takes one:"
      + " status=429,rate=0.1,retry-after=2[,method=GET][,path=REGEX][,tenant=T][,seed=S][,times=N][,every=N]"
      + "[,latency=MS|MIN-MAX][,drop]; repeatable, applied in order.")
  java.util.List<String> faults = new java.util.ArrayList<>();

  @Option(names = "--throttle", paramLabel = "LIMIT", description = "graph: Graph's published limits for Intune"
      + " (per tenant, per app per tenant, per app), or N/Ss such as 5/2s: N requests per S seconds per tenant;"
      + " past a limit, 429 with an honest Retry-After.")
  String throttle;

  @Option(names = "--page-size", paramLabel = "N", description = "Rows per page when neither $top nor Prefer: odata.maxpagesize says (default: ${DEFAULT-VALUE}).")
  int pageSize = ServerConfig.DEFAULT_PAGE_SIZE;

  @Option(names = "--max-page-size", paramLabel = "N", description = "Most rows in one page; a larger $top is capped to it (default: ${DEFAULT-VALUE}, as Graph).")
  int maxPageSize = ServerConfig.DEFAULT_MAX_PAGE_SIZE;

  /**
   * The sub-commands, in the order help lists them. Picocli reflects on each when it is added (together a twentieth
   * of a second of CPU at every start, BENCHMARKS.md), and a server needs none, so they are added only when the
   * arguments may name one or ask for help.
   */
  static final List<Class<?>> SUBCOMMANDS = List.of(TokenCommand.class, ImportCommand.class, ExportCommand.class,
      GenerateCommand.class);
  private static final java.util.Set<String> SUBCOMMAND_NAMES = new java.util.HashSet<>();

  static {
    // a loop, not a stream: the first stream and lambda of a JVM cost a hundredth of a second to set up
    for (Class<?> subcommand : SUBCOMMANDS) {
      SUBCOMMAND_NAMES.add(subcommand.getAnnotation(Command.class).name());
    }
  }

  /**
   * True unless every argument is an option or an option's value and none asks for help: a first argument that is
   * not an option (a sub-command, a misspelt one for picocli to suggest, an {@code @file} of arguments), any that
   * names a sub-command, {@code -h} or {@code --help}. (An option's value given after {@code =} that names a
   * sub-command, as in {@code --db=export}, is then taken as the value, as it should be; picocli refused it while
   * the sub-commands were always there.)
   */
  static boolean mayNameASubcommand(String... args) {
    if (args.length > 0 && !args[0].startsWith("-")) {
      return true;
    }
    for (String arg : args) {
      boolean shortHelp = arg.startsWith("-") && !arg.startsWith("--") && arg.indexOf('h') > 0;
      if (shortHelp || arg.equals("--help") || arg.startsWith("--help=") || arg.startsWith("@")
          || SUBCOMMAND_NAMES.contains(arg)) {
        return true;
      }
    }
    return false;
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String... args) {
    CommandLine commandLine = new CommandLine(new Main());
    if (mayNameASubcommand(args)) {
      for (Class<?> subcommand : SUBCOMMANDS) {
        commandLine.addSubcommand(subcommand);
      }
    }
    EnvironmentDefaults.install(commandLine, System.getenv());
    commandLine.setExecutionExceptionHandler((exception, line, parsed) -> {
      line.getErr().println("graphmock: " + (exception.getMessage() == null ? exception.toString()
          : exception.getMessage()));
      return 1;
    });
    // One line for a bad flag, not picocli's whole usage text: the error is what the user needs to see.
    commandLine.setParameterExceptionHandler((exception, arguments) -> {
      exception.getCommandLine().getErr().println("graphmock: " + exception.getMessage() + " (see --help)");
      return CommandLine.ExitCode.USAGE;
    });
    return commandLine.execute(args);
  }

  @Override
  public Integer call() throws InterruptedException {
    ServerConfig config;
    try {
      AuthMode authMode;
      try {
        authMode = AuthMode.valueOf(auth.toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--auth must be none, bearer or jwt, not '" + auth + "'");
      }
      if (log != null && !log.equals("requests")) {
        throw new IllegalArgumentException("--log takes requests (one line per request), not '" + log + "'");
      }
      config = new ServerConfig(host, port, DatabaseLocation.parse(database), schema, metadataFile, pageSize, maxPageSize, authMode, https,
          corsOrigins, maxConcurrent, !noAdmin, adminToken, seedData, new ServerConfig.TestControls(journalSize,
          journalFile, log != null, faults, throttle), allowedHosts);
    } catch (IllegalArgumentException e) {
      System.err.println("graphmock: " + e.getMessage());
      return CommandLine.ExitCode.USAGE;
    }
    long startNanos = System.nanoTime();
    GraphServer server;
    try {
      server = GraphServer.start(config);
    } catch (DatabaseOpenException | SchemaException | StartException e) {
      System.err.println("graphmock: " + e.getMessage());
      return ExitCode.UNUSABLE;
    } catch (IOException e) {
      String reason = e instanceof BindException || e.getCause() instanceof BindException
          ? "port " + port + " on " + host + " is already in use or not available" : e.getMessage();
      System.err.println("graphmock: cannot listen: " + reason);
      return ExitCode.CANNOT_LISTEN;
    }
    CountDownLatch stopRequested = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    // SIGTERM and Ctrl-C ask for a stop, which this thread carries out before returning 0: a clean stop is a
    // success, as container platforms and CI runners read exit codes. Anything else that ends the JVM still
    // closes the server through the hook.
    StopSignals.onStop(stopRequested::countDown);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stopRequested.countDown();
      awaitQuietly(stopped);
    }, "graphmock-stop"));
    if (config.auth() == AuthMode.NONE && !HttpServer.isLoopback(host)) {
      System.err.println("graphmock: warning: --auth none on " + host + " lets anyone who can reach this address"
          + " read and change the data");
    }
    System.out.println("graphmock serving " + server.betaRoot() + " (database " + config.database() + ", auth "
        + config.auth().name().toLowerCase(java.util.Locale.ROOT)
        + (server.certificateFile() == null ? "" : ", TLS certificate " + server.certificateFile()) + ", "
        + adminState(config, server) + ")");
    System.out.flush();
    System.err.printf("graphmock started in %d ms%n", (System.nanoTime() - startNanos) / 1_000_000);
    stopRequested.await();
    try {
      server.close();
    } finally {
      // Also when the close fails: the shutdown hook waits for this, and would hold the exit for its whole bound.
      stopped.countDown();
    }
    return 0;
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(GraphServer.STOP_TIMEOUT_MILLIS * 2, java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** What the ready line says of the admin API. */
  private static String adminState(ServerConfig config, GraphServer server) {
    if (!config.adminEnabled()) {
      return "admin off";
    }
    String url = server.uri() + "/__admin/";
    if (config.adminToken() != null) {
      return "admin " + url + " with its token";
    }
    return HttpServer.isLoopback(config.host()) ? "admin " + url + " open" : "admin refused: no --admin-token";
  }


  /** The project version, which Maven writes into graphmock.properties at build time. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"graphmock " + dev.graphmock.admin.AdminApi.version()};
    }
  }
}
