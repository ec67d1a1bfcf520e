package dev.graphmock.http;

import dev.graphmock.admin.AdminRequest;
import dev.graphmock.admin.AdminResponse;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.CrossOriginHandler;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.server.handler.MinimumDataRateHandler;
import org.eclipse.jetty.server.handler.QoSHandler;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Jetty, listening: its connector (plain or TLS), its handler chain, which serves Graph calls itself and the admin
 * API through a servlet, and its stop. {@link #start} is the one way to get one; the application
 * ({@code app.GraphServer}) wires what it serves.
 */
public final class HttpServer implements AutoCloseable {
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
  /**
   * The slowest a request body may arrive, measured from when the server first waits for it: a client that sends
   * less is cut off with 408 (Jetty's MinimumDataRateHandler), so that connections trickling a byte a second do not
   * pile up. Far below any real client, which sends a body of a few kilobytes at once.
   */
  static final long MIN_BODY_BYTES_PER_SECOND = 1024;

  static {
    tellJettyTheReferenceSize();
  }

  /**
   * What Jetty is told.
   *
   * @param allowedHosts names besides loopback names, IP addresses and {@code host} that clients may use in
   *     {@code Host} for the admin API (and Graph calls under {@code --auth none}), see {@link HostCheck}
   * @param corsOrigins browser origins allowed to call the server (CORS); empty for none
   * @param auth how Graph calls are authenticated
   * @param maxConcurrent requests worked on at once; more wait briefly, then get 503
   * @param tls the certificate to serve TLS with, or null for plain HTTP
   */
  public record Settings(String host, int port, List<String> allowedHosts, List<String> corsOrigins,
                         int maxConcurrent, AuthMode auth, AdminAccess admin, TlsCertificate tls) {
    public Settings {
      allowedHosts = List.copyOf(allowedHosts);
      corsOrigins = List.copyOf(corsOrigins);
    }
  }

  private final Server jetty;
  private final URI uri;

  private HttpServer(Server jetty, URI uri) {
    this.jetty = jetty;
    this.uri = uri;
  }

  /**
   * Starts Jetty serving {@code pipeline} and {@code admin}; an {@link IOException} when the port cannot be bound,
   * and then nothing is left running.
   */
  public static HttpServer start(Settings settings, GraphPipeline pipeline,
                                 Function<AdminRequest, AdminResponse> admin) throws IOException {
    Server jetty = jetty(settings, pipeline, admin);
    try {
      jetty.start();
    } catch (Exception e) {
      stopQuietly(jetty);
      throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
    }
    DrainingConnector connector = (DrainingConnector) jetty.getConnectors()[0];
    String host = settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host();
    String scheme = settings.tls() == null ? "http" : "https";
    return new HttpServer(jetty, URI.create(scheme + "://" + host + ":" + connector.getLocalPort()));
  }

  /** {@code http://host:port}, with the port actually bound. */
  public URI uri() {
    return uri;
  }

  public void join() throws InterruptedException {
    jetty.join();
  }

  /** Stops accepting, closes idle connections, lets requests in flight finish (up to STOP_TIMEOUT_MILLIS). */
  @Override
  public void close() {
    stopQuietly(jetty);
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

  /**
   * Loads and initialises the classes any Jetty server needs (its mime types, buffers, thread pool), so that a
   * start can do it on another core while it does something else.
   */
  public static void prepare() {
    try {
      new Server();
    } catch (RuntimeException | LinkageError e) {
      // the real server meets the same failure and reports it
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

  private static Server jetty(Settings settings, GraphPipeline pipeline,
                              Function<AdminRequest, AdminResponse> admin) throws IOException {
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
    if (settings.tls() == null) {
      connector = new DrainingConnector(server, SHUTDOWN_IDLE_MILLIS, new HttpConnectionFactory(http));
    } else {
      SecureRequestCustomizer secure = new SecureRequestCustomizer();
      // Clients reaching 127.0.0.1 send no SNI; the certificate names the address itself.
      secure.setSniHostCheck(false);
      http.addCustomizer(secure);
      SslContextFactory.Server ssl = new SslContextFactory.Server();
      ssl.setKeyStore(settings.tls().keyStore());
      ssl.setKeyStorePassword(new String(TlsCertificate.KEY_STORE_PASSWORD));
      connector = new DrainingConnector(server, SHUTDOWN_IDLE_MILLIS, new SslConnectionFactory(ssl, "http/1.1"),
          new HttpConnectionFactory(http));
    }
    connector.setHost(settings.host());
    connector.setPort(settings.port());
    server.addConnector(connector);

    ServletContextHandler context = new ServletContextHandler("/");
    context.addServlet(new ServletHolder("admin", new AdminServlet(admin, settings.admin())), "/*");

    server.setHandler(connector.tracking(chain(settings, pipeline, context)));
    server.setErrorHandler(new GraphErrorHandler());
    server.setStopTimeout(STOP_TIMEOUT_MILLIS);
    server.setStopAtShutdown(false);
    return server;
  }

  /**
   * The handlers in front of the admin API's servlet context, outermost first: request ids, CORS (when asked for),
   * the URL limit, who may call ({@link HostCheck}), the slowest a body may arrive, the body limit, graceful stop,
   * the {@link GraphGate} (a Graph call's body read, the call admitted and delayed, answers decided already given),
   * load shedding, and {@link GraphExchange}, which serves Graph calls and hands the rest to the context.
   * The connector's count of requests in flight wraps them all ({@link DrainingConnector#tracking}).
   */
  private static Handler chain(Settings settings, GraphPipeline pipeline, Handler context) {
    // Past --max-concurrent, requests are suspended (no thread held) for up to LOAD_SHED_WAIT, then answered 503;
    // GraphErrorHandler adds the Retry-After that Graph SDKs' retry handlers honour. The admin API is not counted,
    // so that a test can always reach it (to remove a fault rule, say) however busy the Graph calls are.
    QoSHandler loadShedding = new QoSHandler(new GraphExchange(pipeline, context));
    loadShedding.setMaxRequestCount(settings.maxConcurrent());
    loadShedding.setMaxSuspend(LOAD_SHED_WAIT);
    loadShedding.setRejectStatusCode(503);
    loadShedding.excludePath("/" + GraphExchange.ADMIN_ROOT + "/*");
    // Refuses a declared Content-Length over the limit at once, and fails a read that goes past it otherwise.
    SizeLimitHandler bodyLimit = new BodyLimit();
    // A stop lets what it finds in flight finish, a body still arriving or a delay it ends (GraphGate) included, and
    // answers 503 to what comes after.
    bodyLimit.setHandler(new GracefulHandler(new GraphGate(pipeline, loadShedding)));
    Handler slowBodies = new SlowBodies(bodyLimit);
    Handler inner = new UriLimit(new HostCheck(settings.host(), settings.allowedHosts(), settings.corsOrigins(),
        settings.auth() == AuthMode.NONE, slowBodies));
    return new RequestIds(settings.corsOrigins().isEmpty() ? inner : cors(settings.corsOrigins(), inner));
  }

  /** CORS for browser-based tools, only for the origins named with --cors-origin; preflights answered here. */
  private static Handler cors(List<String> origins, Handler next) {
    CrossOriginHandler cors = new CrossOriginHandler();
    cors.setAllowedOriginPatterns(origins.stream().map(Pattern::quote).collect(Collectors.toSet()));
    cors.setAllowedMethods(Set.of("GET", "POST", "PATCH", "PUT", "DELETE", "OPTIONS"));
    cors.setAllowedHeaders(Set.of("Authorization", "Content-Type", "Accept", "Prefer",
        "client-request-id", "ConsistencyLevel", "OData-Version", "OData-MaxVersion", "If-Match"));
    cors.setExposedHeaders(Set.of("request-id", "client-request-id", "Location", "OData-EntityId",
        "Preference-Applied", "Retry-After", "OData-Version"));
    cors.setHandler(next);
    return cors;
  }

  /**
   * Jetty's minimum data rate for request bodies, for requests that have one: the handler wraps each request and
   * response it sees and counts them (it is a StatisticsHandler), a cost a GET pays for nothing.
   */
  private static final class SlowBodies extends MinimumDataRateHandler {
    SlowBodies(Handler next) {
      super(next, MIN_BODY_BYTES_PER_SECOND, 0);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
      boolean body = request.getLength() > 0
          || request.getLength() < 0 && request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
      return body ? super.handle(request, response, callback) : getHandler().handle(request, response, callback);
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
