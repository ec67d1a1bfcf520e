package dev.graphmock.http;

import dev.graphmock.admin.AdminApi;
import dev.graphmock.admin.AdminRequest;
import dev.graphmock.admin.AdminResponse;
import dev.graphmock.faults.Faults;
import dev.graphmock.faults.Throttle;
import dev.graphmock.journal.Journal;
import dev.graphmock.json.RowRendering;
import dev.graphmock.journal.NdjsonFileSink;
import dev.graphmock.journal.RequestLog;
import dev.graphmock.odata.GraphModel;
import dev.graphmock.odata.ODataService;
import dev.graphmock.odata.SchemaException;
import dev.graphmock.store.Database;
import dev.graphmock.store.EntityStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.server.handler.CrossOriginHandler;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.server.handler.QoSHandler;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A running graphmock: schema loaded, database open, Jetty listening. {@link #start} is the one way to get one,
 * for the command line and for tests; {@link #close} stops accepting, lets requests in flight finish, then closes
 * the database.
 */
public final class GraphServer implements AutoCloseable {
  /** How long a stop waits for requests in flight. */
  public static final long STOP_TIMEOUT_MILLIS = 10_000;
  static final int RESPONSE_HEADER_BYTES = 32 * 1024;
  /**
   * How long a stop leaves an idle kept-alive connection open before closing it (Jetty's default waits a second for
   * each); a connection whose request is in flight keeps its timeout until the request ends, and the request gets
   * up to STOP_TIMEOUT_MILLIS to finish ({@link DrainingConnector}).
   */
  static final long SHUTDOWN_IDLE_MILLIS = 50;
  /** How long a request waits for one of the --max-concurrent places before it is answered 503. */
  static final java.time.Duration LOAD_SHED_WAIT = java.time.Duration.ofSeconds(2);
  static final String REFERENCES_PER_CACHE_LINE = "org.eclipse.jetty.util.referencesPerCacheLine";

  static {
    tellJettyTheReferenceSize();
  }

  private final Server jetty;
  private final Database database;
  private final URI uri;
  private final java.nio.file.Path certificate;
  private final Journal journal;
  private final Faults faults;
  private final AdminApi admin;

  private GraphServer(Server jetty, Database database, URI uri, java.nio.file.Path certificate, Journal journal,
                      Faults faults, AdminApi admin) {
    this.jetty = jetty;
    this.database = database;
    this.uri = uri;
    this.certificate = certificate;
    this.journal = journal;
    this.faults = faults;
    this.admin = admin;
  }

  /**
   * Starts a server. Throws {@link SchemaException} for an unusable schema,
   * {@link dev.graphmock.store.DatabaseOpenException} for an unusable database and {@link IOException} when the
   * port cannot be bound; nothing is left running in any of these cases.
   */
  public static GraphServer start(ServerConfig config) throws IOException {
    // Two cores: while this thread reads the schema, another loads what opening the store spends most of its time
    // on in a fresh JVM, and while this one opens the store, what making Jetty's server does (together a tenth of
    // `java -jar`'s start-up, BENCHMARKS.md). Each is waited for before what it prepares is used, so that no class
    // is initialised by two threads from two ends.
    Thread storePreparation = inBackground("graphmock-prepare-store", () -> Database.prepare(config.database()));
    GraphModel model;
    try {
      model = loadModel(config.schema(), config.metadataFile());
    } finally {
      // also before a bad schema's exit, which would otherwise stop it halfway through writing the library's copy
      awaitQuietly(storePreparation);
    }
    Thread jettyPreparation = inBackground("graphmock-prepare-jetty", GraphServer::prepareJetty);
    Database database = Database.open(config.database(), model.name(), model.entity(), model.indexes());
    Journal journal = null;
    try {
      journal = journal(config.controls());
      Faults faults = faults(config.controls());
      EntityStore store = new EntityStore(database, model.entity(), new RowRendering(model.entity())::render);
      AccessCheck access = new AccessCheck(config.auth(), model.permissions(), java.time.Clock.systemUTC());
      ODataService beta = new ODataService(model, store, config.pageSize(), config.maxPageSize());
      // v1.0 is made on its first request: deriving its schema costs a fifth of a second, which most runs never
      // need to pay at start-up.
      java.util.function.Supplier<ODataService> v1 = new Once<>(() -> new ODataService(model.withoutCollection(),
          store, config.pageSize(), config.maxPageSize()));
      GraphPipeline pipeline = new GraphPipeline(java.util.Map.of("beta", () -> beta, "v1", () -> beta, "v1.0", v1),
          access, database::inUnitOfWork, faults, journal);
      // In memory there is no folder beside the database: the certificate, which clients must read to trust it,
      // goes to a temporary one.
      TlsCertificate tls = !config.https() ? null : TlsCertificate.loadOrCreate(database.file() == null
          ? Files.createTempDirectory("graphmock-tls") : database.file().toAbsolutePath().getParent());
      AdminApi admin = new AdminApi(store, model::resolveTypeName, journal, faults);
      if (config.seedData() != null && store.isEmpty()) {
        seed(admin, config.seedData());
      }
      AdminAccess adminAccess = new AdminAccess(config.adminEnabled(), config.adminToken(), isLoopback(config.host()));
      awaitQuietly(jettyPreparation);
      Server jetty = jetty(config, pipeline, tls, admin, adminAccess);
      try {
        jetty.start();
      } catch (Exception e) {
        stopQuietly(jetty);
        throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
      }
      ServerConnector connector = (ServerConnector) jetty.getConnectors()[0];
      String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
      String scheme = tls == null ? "http" : "https";
      return new GraphServer(jetty, database, URI.create(scheme + "://" + host + ":" + connector.getLocalPort()),
          tls == null ? null : tls.certificateFile(), journal, faults, admin);
    } catch (IOException | RuntimeException e) {
      if (journal != null) {
        journal.close();
      }
      database.close();
      throw e;
    }
  }

  /**
   * Jetty pads its queues by how many object references fit in a cache line, and unless told it asks the platform
   * MBean server whether references are compressed: starting JMX for that is a twentieth of a second of every start
   * (BENCHMARKS.md). The JVM's own answer is the array index scale of {@code Object[]}; when it cannot be had,
   * Jetty asks as before. A value the user set is kept.
   */
  static void tellJettyTheReferenceSize() {
    if (System.getProperty(REFERENCES_PER_CACHE_LINE) != null) {
      return;
    }
    try {
      int referenceBytes = Class.forName("sun.misc.Unsafe").getField("ARRAY_OBJECT_INDEX_SCALE").getInt(null);
      int cacheLineBytes = Integer.getInteger("org.eclipse.jetty.util.cacheLineBytes", 64);
      if (referenceBytes > 0 && cacheLineBytes >= referenceBytes) {
        System.setProperty(REFERENCES_PER_CACHE_LINE, Integer.toString(cacheLineBytes / referenceBytes));
      }
    } catch (ReflectiveOperationException | RuntimeException | LinkageError notAvailable) {
      // Jetty finds out itself
    }
  }

  private static Thread inBackground(String name, Runnable work) {
    Thread thread = new Thread(work, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /** Loads and initialises the classes any Jetty server needs (its mime types, buffers, thread pool). */
  private static void prepareJetty() {
    try {
      new Server();
    } catch (RuntimeException | LinkageError e) {
      // the real server meets the same failure and reports it
    }
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

  private static Journal journal(ServerConfig.TestControls controls) throws IOException {
    List<Journal.Sink> sinks = new java.util.ArrayList<>();
    if (controls.journalFile() != null) {
      try {
        sinks.add(new NdjsonFileSink(controls.journalFile()));
      } catch (IOException e) {
        throw new dev.graphmock.store.DatabaseOpenException("--journal " + controls.journalFile()
            + ": cannot open it for appending (" + e.getMessage() + ")", e);
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

  /** {@code http://host:port}, with the port actually bound. */
  public URI uri() {
    return uri;
  }

  public URI betaRoot() {
    return URI.create(uri + "/beta");
  }

  /** The database file, or null when the database is in memory. */
  public java.nio.file.Path databaseFile() {
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
  public java.nio.file.Path certificateFile() {
    return certificate;
  }

  public void join() throws InterruptedException {
    jetty.join();
  }

  @Override
  public void close() {
    stopQuietly(jetty);
    journal.close();
    database.close();
  }

  private static Server jetty(ServerConfig config, GraphPipeline pipeline, TlsCertificate tls, AdminApi admin,
                              AdminAccess adminAccess) throws IOException {
    // Bounded threads (Jetty warns against bounding its job queue); QoSHandler answers what they cannot take.
    QueuedThreadPool threads = new QueuedThreadPool(64, 4);
    threads.setName("graphmock");
    Server server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    // Request line and headers together; beyond it Jetty answers 414 (URL) or 431 (headers).
    http.setRequestHeaderSize(32 * 1024);
    // Responses echo ids (client-request-id, Location); the limits on those keep headers far below this.
    http.setResponseHeaderSize(RESPONSE_HEADER_BYTES);
    // Keys may hold '/', sent as %2F (docs/olingo-5.md §9).
    http.setUriCompliance(UriCompliance.DEFAULT.with("graphmock keys",
        UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR, UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING));
    DrainingConnector connector;
    if (tls == null) {
      connector = new DrainingConnector(server, SHUTDOWN_IDLE_MILLIS, new HttpConnectionFactory(http));
    } else {
      SecureRequestCustomizer secure = new SecureRequestCustomizer();
      // Clients reaching 127.0.0.1 send no SNI; the certificate names the address itself.
      secure.setSniHostCheck(false);
      http.addCustomizer(secure);
      SslContextFactory.Server ssl = new SslContextFactory.Server();
      ssl.setKeyStore(tls.keyStore());
      ssl.setKeyStorePassword(new String(TlsCertificate.KEY_STORE_PASSWORD));
      connector = new DrainingConnector(server, SHUTDOWN_IDLE_MILLIS, new SslConnectionFactory(ssl, "http/1.1"),
          new HttpConnectionFactory(http));
    }
    connector.setHost(config.host());
    connector.setPort(config.port());
    server.addConnector(connector);

    ServletContextHandler context = new ServletContextHandler("/");
    context.getServletHandler().setDecodeAmbiguousURIs(true);
    context.addServlet(new ServletHolder("graph", new GraphServlet(pipeline::handle, RESPONSE_HEADER_BYTES, admin::handle,
        adminAccess)), "/*");

    server.setHandler(connector.tracking(chain(config, context)));
    server.setErrorHandler(new GraphErrorHandler());
    server.setStopTimeout(STOP_TIMEOUT_MILLIS);
    server.setStopAtShutdown(false);
    return server;
  }

  /**
   * The handlers in front of the servlet context, outermost first: request ids, CORS (when asked for), the URL
   * limit, load shedding, graceful stop, the body limit. The connector's count of requests in flight wraps them all
   * ({@link DrainingConnector#tracking}).
   */
  private static Handler chain(ServerConfig config, Handler context) {
    // Refuses a declared Content-Length over the limit at once, and fails a read that goes past it otherwise.
    SizeLimitHandler bodyLimit = new BodyLimit();
    bodyLimit.setHandler(context);
    // Past --max-concurrent, requests are suspended (no thread held) for up to LOAD_SHED_WAIT, then answered 503;
    // GraphErrorHandler adds the Retry-After that Graph SDKs' retry handlers honour.
    QoSHandler loadShedding = new QoSHandler(new GracefulHandler(bodyLimit));
    loadShedding.setMaxRequestCount(config.maxConcurrent());
    loadShedding.setMaxSuspend(LOAD_SHED_WAIT);
    loadShedding.setRejectStatusCode(503);
    Handler inner = new UriLimit(loadShedding);
    return new RequestIds(config.corsOrigins().isEmpty() ? inner : cors(config.corsOrigins(), inner));
  }

  /** CORS for browser-based tools, only for the origins named with --cors-origin; preflights answered here. */
  private static Handler cors(java.util.List<String> origins, Handler next) {
    CrossOriginHandler cors = new CrossOriginHandler();
    cors.setAllowedOriginPatterns(origins.stream().map(java.util.regex.Pattern::quote)
        .collect(java.util.stream.Collectors.toSet()));
    cors.setAllowedMethods(java.util.Set.of("GET", "POST", "PATCH", "PUT", "DELETE", "OPTIONS"));
    cors.setAllowedHeaders(java.util.Set.of("Authorization", "Content-Type", "Accept", "Prefer",
        "client-request-id", "ConsistencyLevel", "OData-Version", "OData-MaxVersion", "If-Match"));
    cors.setExposedHeaders(java.util.Set.of("request-id", "client-request-id", "Location", "OData-EntityId",
        "Preference-Applied", "Retry-After", "OData-Version"));
    cors.setHandler(next);
    return cors;
  }

  /**
   * The schema {@code NAME.xml}, with its server-side settings {@code NAME.server.json} beside it when there is
   * one: from {@code --metadata FILE}, else bundled from {@code metadata/}.
   */
  public static GraphModel loadModel(String schema, java.nio.file.Path metadataFile) throws IOException {
    if (metadataFile != null) {
      String name = metadataFile.getFileName().toString().replaceFirst("\\.xml$", "");
      java.nio.file.Path settings = metadataFile.resolveSibling(name + ".server.json");
      return GraphModel.load(name, Files.readAllBytes(metadataFile),
          Files.exists(settings) ? Files.readAllBytes(settings) : null);
    }
    byte[] edmx = bundled(schema + ".xml");
    if (edmx == null) {
      throw new SchemaException("there is no schema named '" + schema + "'");
    }
    return GraphModel.load(schema, edmx, bundled(schema + ".server.json"));
  }

  private static byte[] bundled(String file) throws IOException {
    try (InputStream in = GraphServer.class.getResourceAsStream("/metadata/" + file)) {
      return in == null ? null : in.readAllBytes();
    }
  }

  /** A value made on first use, once, whichever thread asks first. */
  private static final class Once<T> implements java.util.function.Supplier<T> {
    private final java.util.function.Supplier<T> maker;
    private volatile T value;

    Once(java.util.function.Supplier<T> maker) {
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

  /** Imports {@code file} as {@code POST /__admin/import} would; a refusal stops the start (exit 2). */
  private static void seed(AdminApi admin, java.nio.file.Path file) throws IOException {
    try (InputStream body = Files.newInputStream(file)) {
      String id = java.util.UUID.randomUUID().toString();
      AdminResponse answer = admin.handle(new AdminRequest("POST", "/import", java.util.Map.of(),
          AdminApi.importType(file), body, id, id));
      if (answer.status() >= 300) {
        throw new dev.graphmock.store.DatabaseOpenException("--seed-data " + file + ": " + answer.errorMessage());
      }
    } catch (java.nio.file.NoSuchFileException e) {
      throw new dev.graphmock.store.DatabaseOpenException("--seed-data " + file + ": no such file", e);
    }
  }

  /** Whether {@code host} names this machine's loopback interface only. */
  public static boolean isLoopback(String host) {
    try {
      return java.net.InetAddress.getByName(host).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  private static void stopQuietly(Server jetty) {
    try {
      jetty.stop();
    } catch (Exception e) {
      // Stopping is best effort: the process is going away or the start already failed.
    }
  }
}
