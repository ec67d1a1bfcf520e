package dev.graphmock.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphmock.app.GraphServer;
import dev.graphmock.app.ServerConfig;
import dev.graphmock.e2e.PostgresServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The schema no code names ({@code engine/fleet.xml}, with its permissions) served over real HTTP with
 * {@code --metadata} on a database of {@code kind} (a real SQLite file in {@code folder}, or a new database of the
 * tests' real PostgreSQL), with no token needed unless {@code auth} says so.
 */
final class Fleet implements AutoCloseable {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  /** An answer: its status, headers and body. */
  record Reply(int status, Map<String, List<String>> headers, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }

    String header(String name) {
      return headers.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name))
          .map(entry -> entry.getValue().get(0)).findFirst().orElse(null);
    }

    String error() {
      return json().path("error").path("code").asText() + ": " + json().path("error").path("message").asText();
    }
  }

  private final ServerConfig config;
  private GraphServer server;

  Fleet(Path folder, String kind) throws IOException {
    this(folder, kind, dev.graphmock.http.AuthMode.NONE);
  }

  Fleet(Path folder, String kind, dev.graphmock.http.AuthMode auth) throws IOException {
    this(folder, kind, auth, "fleet");
  }

  /** A server of the test schema {@code /engine/NAME.xml}, with its settings {@code NAME.server.json}. */
  Fleet(Path folder, String kind, dev.graphmock.http.AuthMode auth, String schema) throws IOException {
    this(folder, kind, auth, schema, null);
  }

  /** {@link #Fleet(Path, String, dev.graphmock.http.AuthMode, String)} on {@code database} (null: a new one). */
  Fleet(Path folder, String kind, dev.graphmock.http.AuthMode auth, String schema,
        dev.graphmock.store.DatabaseLocation database) throws IOException {
    Path edmx = folder.resolve(schema + ".xml");
    try (InputStream in = PlacesOverHttpTest.class.getResourceAsStream("/engine/" + schema + ".xml");
         InputStream settings = PlacesOverHttpTest.class.getResourceAsStream("/engine/" + schema + ".server.json")) {
      Files.write(edmx, in.readAllBytes());
      // The permissions each operation needs, which --auth jwt checks: data beside the schema, as for the bundled.
      Files.write(folder.resolve(schema + ".server.json"), settings.readAllBytes());
    }
    ServerConfig base = ServerConfig.defaults().withPort(0).withMetadataFile(edmx)
        .withAuth(auth);
    config = database != null ? base.withDatabase(database)
        : kind.equals("sqlite") ? base.withDatabase(folder.resolve(schema + ".db"))
        : base.withDatabase(dev.graphmock.store.DatabaseLocation.parse(PostgresServer.shared().newDatabaseUrl()));
    server = GraphServer.start(config);
  }

  String beta() {
    return server.uri() + "/beta";
  }

  void restart() throws IOException {
    server.close();
    server = GraphServer.start(config);
  }

  Reply send(String method, String path, String body, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path
            : path.startsWith("/__admin") ? server.uri() + path : beta() + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    if (body != null && !List.of(headers).contains("Content-Type")) {
      request.header("Content-Type", "application/json");
    }
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    try {
      HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.headers().map(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  Reply get(String path) {
    return send("GET", path, null);
  }

  Reply post(String path, String body) {
    return send("POST", path, body);
  }

  Reply patch(String path, String body) {
    return send("PATCH", path, body);
  }

  @Override
  public void close() {
    server.close();
  }
}
