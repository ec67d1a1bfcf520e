package dev.graphmock.app;

import dev.graphmock.admin.AdminApi;
import dev.graphmock.admin.AdminRequest;
import dev.graphmock.admin.AdminResponse;
import dev.graphmock.faults.Faults;
import dev.graphmock.faults.Throttle;
import dev.graphmock.http.AdminAccess;
import dev.graphmock.http.GraphPipeline;
import dev.graphmock.http.HttpServer;
import dev.graphmock.http.TlsCertificate;
import dev.graphmock.journal.Journal;
import dev.graphmock.journal.NdjsonFileSink;
import dev.graphmock.journal.RequestLog;
import dev.graphmock.json.RowRendering;
import dev.graphmock.json.ValueJsonCodec;
import dev.graphmock.odata.GraphModel;
import dev.graphmock.odata.ODataService;
import dev.graphmock.odata.SchemaException;
import dev.graphmock.store.Database;
import dev.graphmock.store.FamilyStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A running graphmock, the composition root: schema loaded, database open, journal, fault rules and throttle made,
 * the OData service behind each version root, the admin API, and Jetty listening. {@link #start} is the one way to
 * get one, for the command line, the in-JVM API and tests; {@link #close} stops accepting, lets requests in flight
 * finish, then closes the journal and the database, and removes what the start made in a temporary folder.
 */
public final class GraphServer implements AutoCloseable {
  /**
   * A system property that, when {@code true}, has a start also load Jdbi (on a handle over a throwaway database in
   * memory) beside the rest: run.sh's training start sets it, so that the class-data archive holds Jdbi's classes
   * and a schema the engine serves does not pay for loading them on its first request (issue 31, point 8). Off by
   * default: a start without that archive would pay more than the first request saves.
   */
  public static final String PREPARE_HANDLES = "graphmock.prepareHandles";

  /** How long a stop waits for requests in flight. */
  public static final long STOP_TIMEOUT_MILLIS = HttpServer.STOP_TIMEOUT_MILLIS;

  private final HttpServer http;
  private final Database database;
  private final Journal journal;
  private final Faults faults;
  private final AdminApi admin;
  private final Path certificate;
  private final Path temporaryFolder;

  private GraphServer(HttpServer http, Database database, Journal journal, Faults faults, AdminApi admin,
                      Path certificate, Path temporaryFolder) {
    this.http = http;
    this.database = database;
    this.journal = journal;
    this.faults = faults;
    this.admin = admin;
    this.certificate = certificate;
    this.temporaryFolder = temporaryFolder;
  }

  /**
   * Starts a server. Throws {@link SchemaException} for an unusable schema,
   * {@link dev.graphmock.store.DatabaseOpenException} for an unusable database, {@link StartException} for a
   * journal file or seed data that cannot be used, and {@link IOException} when the port cannot be bound; nothing
   * is left running, open or on disk in any of these cases ({@link ExitCode#of} names the exit code).
   */
  public static GraphServer start(ServerConfig config) throws IOException {
    // Two cores: while this thread reads the schema, another loads what opening the store spends most of its time
    // on in a fresh JVM, and while this one opens the store, what making Jetty's server does (together a tenth of
    // `java -jar`'s start-up, BENCHMARKS.md). Each is waited for before what it prepares is used, so that no class
    // is initialised by two threads from two ends.
    Thread storePreparation = inBackground("graphmock-prepare-store",
        () -> Database.prepare(config.database(), Boolean.getBoolean(PREPARE_HANDLES)));
    GraphModel model;
    try {
      model = Schemas.load(config.schema(), config.metadataFile());
    } finally {
      // also before a bad schema's exit, which would otherwise stop it halfway through writing the library's copy
      awaitQuietly(storePreparation);
    }
    Thread jettyPreparation = inBackground("graphmock-prepare-jetty", HttpServer::prepare);
    Database database = open(config.database(), model);
    Journal journal = null;
    Path temporaryFolder = null;
    try {
      journal = journal(config.controls());
      Faults faults = faults(config.controls());
      FamilyStore families = families(database, model);
      ODataService beta = new ODataService(model, families, config.pageSize(), config.maxPageSize());
      // v1.0 is made on its first request: deriving its schema costs a fifth of a second, which most runs never
      // need to pay at start-up.
      Supplier<ODataService> v1 = new Once<>(() -> {
        GraphModel v1Model = model.withoutCollection();
        // Its own types where v1.0 leaves places out (the same tables: a place both serve is one place).
        FamilyStore v1Families = v1Model.typeGraph() == model.typeGraph() ? families : families(database, v1Model);
        return new ODataService(v1Model, v1Families, config.pageSize(), config.maxPageSize());
      });
      GraphPipeline pipeline = new GraphPipeline(Map.of("beta", () -> beta, "v1", () -> beta, "v1.0", v1),
          config.auth(), model.permissions(), database::inUnitOfWork, faults, journal);
      TlsCertificate tls = null;
      if (config.https()) {
        // In memory there is no folder beside the database: the certificate, which clients must read to trust it,
        // goes to a temporary one, removed again at the stop (it holds the private key).
        Path folder = database.file() == null ? null : database.file().toAbsolutePath().getParent();
        if (folder == null) {
          temporaryFolder = Files.createTempDirectory("graphmock-tls");
          folder = temporaryFolder;
        }
        tls = TlsCertificate.loadOrCreate(folder);
      }
      AdminApi admin = new AdminApi(families, model.typeGraph(), model.defaultSet(), journal, faults);
      if (config.seedData() != null && families.isEmpty()) {
        seed(admin, config.seedData());
      }
      awaitQuietly(jettyPreparation);
      HttpServer http = HttpServer.start(new HttpServer.Settings(config.host(), config.port(),
          config.allowedHosts(), config.corsOrigins(), config.maxConcurrent(), config.auth(),
          new AdminAccess(config.adminEnabled(), config.adminToken(), HttpServer.isLoopback(config.host())), tls),
          pipeline, admin::handle);
      return new GraphServer(http, database, journal, faults, admin, tls == null ? null : tls.certificateFile(),
          temporaryFolder);
    } catch (IOException | RuntimeException e) {
      closeAll(journal, database, temporaryFolder);
      throw e;
    }
  }

  /**
   * The database at {@code location} for {@code model}'s places, into which a database the release before the
   * engine made for the same schema (its one collection in a table of its own) is moved as it opens ({@link
   * GraphModel#earlierCollection}).
   */
  public static Database open(dev.graphmock.store.DatabaseLocation location, GraphModel model) {
    dev.graphmock.store.OwnTable own = model.earlierCollection().map(earlier -> new dev.graphmock.store.OwnTable(
        earlier.entity(), earlier.place(), dev.graphmock.json.RowRendering.FORMAT,
        dev.graphmock.json.PropertyRendering.FORMAT)).orElse(null);
    return Database.open(location, model.name(), model.typeGraph(), model.typeIndexes(), own);
  }

  /** The engine's store of every place of {@code model} in {@code database}. */
  public static FamilyStore families(Database database, GraphModel model) {
    return new FamilyStore(database, model.typeGraph(), new ValueJsonCodec(model.typeGraph()),
        new dev.graphmock.json.PropertyRendering());
  }

  /** {@code http://host:port}, with the port actually bound. */
  public URI uri() {
    return http.uri();
  }

  public URI betaRoot() {
    return URI.create(uri() + "/beta");
  }

  /** The database file, or null when the database is in memory. */
  public Path databaseFile() {
    return database.file();
  }

  /** The request journal, for callers in this JVM (the in-JVM API). */
  public Journal journal() {
    return journal;
  }

  /** The fault rules in force, for callers in this JVM. */
  public Faults faults() {
    return faults;
  }

  /** The admin API, for callers in this JVM: the same calls as {@code /__admin/}, without HTTP. */
  public AdminApi admin() {
    return admin;
  }

  /** The PEM file of the certificate served with {@code --https}, which clients should trust; null without. */
  public Path certificateFile() {
    return certificate;
  }

  public void join() throws InterruptedException {
    http.join();
  }

  /** Stops Jetty, then closes the journal and the database: each whatever the one before it did. */
  @Override
  public void close() {
    try {
      http.close();
    } finally {
      closeAll(journal, database, temporaryFolder);
    }
  }

  private static void closeAll(Journal journal, Database database, Path temporaryFolder) {
    try {
      if (journal != null) {
        journal.close();
      }
    } finally {
      try {
        database.close();
      } finally {
        deleteQuietly(temporaryFolder);
      }
    }
  }

  /** Removes a folder the start made, with what is in it; a file that cannot be removed is left. */
  private static void deleteQuietly(Path folder) {
    if (folder == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException | UncheckedIOException e) {
      // Best effort: a temporary folder left behind is tidied by the system.
    }
  }

  private static Thread inBackground(String name, Runnable work) {
    Thread thread = new Thread(work, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /** Waits for {@code thread} to end even if interrupted meanwhile (the interrupt is kept for the caller). */
  private static void awaitQuietly(Thread thread) {
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static Journal journal(ServerConfig.TestControls controls) {
    List<Journal.Sink> sinks = new ArrayList<>();
    if (controls.journalFile() != null) {
      try {
        sinks.add(new NdjsonFileSink(controls.journalFile()));
      } catch (IOException e) {
        throw new StartException("--journal " + controls.journalFile() + ": cannot open it for appending ("
            + e.getMessage() + ")", e);
      }
    }
    if (controls.logRequests()) {
      sinks.add(new RequestLog(System.out));
    }
    return new Journal(controls.journalSize(), sinks);
  }

  private static Faults faults(ServerConfig.TestControls controls) {
    Faults faults = new Faults(controls.throttle() == null ? null : Throttle.parse(controls.throttle()));
    for (String rule : controls.faults()) {
      faults.add(Faults.parseOption(rule));
    }
    return faults;
  }

  /** Imports {@code file} as {@code POST /__admin/import} would; a refusal stops the start (exit 2). */
  private static void seed(AdminApi admin, Path file) throws IOException {
    try (InputStream body = Files.newInputStream(file)) {
      String id = UUID.randomUUID().toString();
      AdminResponse answer = admin.handle(new AdminRequest("POST", "/import", Map.of(),
          AdminApi.importType(file), body, id, id));
      if (answer.status() >= 300) {
        throw new StartException("--seed-data " + file + ": " + answer.errorMessage());
      }
    } catch (java.nio.file.NoSuchFileException e) {
      throw new StartException("--seed-data " + file + ": no such file", e);
    }
  }

  /** A value made on first use, once, whichever thread asks first. */
  private static final class Once<T> implements Supplier<T> {
    private final Supplier<T> maker;
    private volatile T value;

    Once(Supplier<T> maker) {
      this.maker = maker;
    }

    @Override
    public T get() {
      T made = value;
      if (made == null) {
        synchronized (this) {
          made = value;
          if (made == null) {
            made = maker.get();
            value = made;
          }
        }
      }
      return made;
    }
  }
}
