package dev.graphmock.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphmock.app.GraphServer;
import dev.graphmock.app.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** A real graphmock on a free port with a database in a temporary folder, and a small HTTP client for it. */
final class TestServer implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String COLLECTION = "/deviceManagement/autopilotEvents";
  static final Map<String, String> AUTH = Map.of("Authorization", "Bearer test-token");
  /** The bundled schema the suite runs against: surefire runs the e2e tests once per schema. */
  static final String SCHEMA = System.getProperty("graphmock.schema", "seed");
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private final ServerConfig config;
  private GraphServer server;

  private TestServer(ServerConfig config) throws IOException {
    this.config = config;
    this.server = GraphServer.start(config);
  }

  static TestServer start(Path folder) throws IOException {
    return start(config(folder));
  }

  /** The default configuration on a free port with a database in {@code folder}, for the suite's schema. */
  static ServerConfig config(Path folder) {
    ServerConfig defaults = ServerConfig.defaults();
    ServerConfig config = defaults.withPort(0).withSchema(SCHEMA);
    if (POSTGRES) {
      return config.withDatabase(PostgresServer.shared().newDatabase());
    }
    return config.withDatabase(IN_MEMORY ? Path.of(":memory:") : folder.resolve("graph.db"));
  }

  /** Whether surefire runs this suite against --db :memory: (the in-memory execution) rather than a file. */
  static final boolean IN_MEMORY = "memory".equals(System.getProperty("graphmock.db"));
  /** Whether surefire runs this suite against PostgreSQL (the postgresql execution), a new database per server. */
  static final boolean POSTGRES = "postgresql".equals(System.getProperty("graphmock.db"));

  static boolean isSeed() {
    return SCHEMA.equals("seed");
  }

  static TestServer start(ServerConfig config) throws IOException {
    return new TestServer(config);
  }

  /** Stops and starts again on the same database (on a new port). */
  void restart() throws IOException {
    server.close();
    server = GraphServer.start(config);
  }

  URI origin() {
    return server.uri();
  }

  String beta() {
    return server.uri() + "/beta";
  }

  Reply get(String path) {
    return send("GET", path, AUTH, null);
  }

  Reply post(String path, String json) {
    return send("POST", path, withJson(AUTH), json == null ? null : json.getBytes(StandardCharsets.UTF_8));
  }

  Reply patch(String path, String json) {
    return send("PATCH", path, withJson(AUTH), json.getBytes(StandardCharsets.UTF_8));
  }

  /** Sends to {@code beta() + path}, or to {@code path} itself when it is an absolute URL. */
  Reply send(String method, String path, Map<String, String> headers, byte[] body) {
    URI uri = URI.create(path.startsWith("http") ? path : beta() + path);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    try {
      HttpResponse<byte[]> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Reply(response.statusCode(), response.headers(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Sends as {@code tenant}: with a token whose {@code tid} names it (and permission to read and write), a JSON
   * body when there is one.
   */
  Reply sendAs(String tenant, String method, String path, String body) {
    String token = dev.graphmock.http.Tokens.issue(java.util.List.of("DeviceManagementManagedDevices.ReadWrite.All"),
        true, java.time.Duration.ofHours(1), java.time.Instant.now(), tenant);
    return send(method, path, Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json"),
        body == null ? null : body.getBytes(StandardCharsets.UTF_8));
  }

  /** Sends {@code request} as it is, byte for byte, for what an HTTP client library refuses to send. */
  String raw(String request) throws IOException {
    try (java.net.Socket socket = new java.net.Socket(origin().getHost(), origin().getPort())) {
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      socket.setSoTimeout(5000);
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  /** How many events the collection holds, read over HTTP. */
  int count() {
    Reply reply = get(COLLECTION + "/$count");
    if (reply.status() != 200) {
      throw new AssertionError("counting failed: " + reply);
    }
    return Integer.parseInt(reply.text());
  }

  static Map<String, String> withJson(Map<String, String> headers) {
    java.util.HashMap<String, String> all = new java.util.HashMap<>(headers);
    all.put("Content-Type", "application/json");
    return all;
  }

  @Override
  public void close() {
    server.close();
  }

  record Reply(int status, HttpHeaders headers, byte[] bytes) {
    String text() {
      return new String(bytes, StandardCharsets.UTF_8);
    }

    JsonNode json() {
      try {
        return JSON.readTree(bytes);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + text(), e);
      }
    }

    String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    @Override
    public String toString() {
      return status + " " + text();
    }
  }
}
