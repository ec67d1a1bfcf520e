package dev.graphmock;

import dev.graphmock.admin.AdminRequest;
import dev.graphmock.admin.AdminResponse;
import dev.graphmock.app.GraphServer;
import dev.graphmock.app.ServerConfig;
import dev.graphmock.faults.FaultRule;
import dev.graphmock.faults.Faults;
import dev.graphmock.http.AuthMode;
import dev.graphmock.journal.JournalEntry;
import dev.graphmock.journal.JournalFilter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * graphmock inside a JVM, for test suites: started with the same options as the command line's flags (a
 * {@link Builder}), by default on a free port of 127.0.0.1 with its database in memory; {@link #baseUrl()} is the
 * root a Graph client is pointed at, and the admin operations (reset, import, generate, the journal, the fault
 * rules) are plain Java calls that do what {@code /__admin/} does. Public API, with {@link Builder},
 * {@code dev.graphmock.junit.GraphMockExtension}, and the values they hand out ({@link JournalEntry},
 * {@link AuthMode}); every other class may change.
 *
 * <pre>
 * try (GraphMock graph = GraphMock.builder().schema("current").start()) {
 *   graph.addFault("status=429,times=2,retry-after=1,method=GET");
 *   // point a Graph client at graph.baseUrl() …
 *   assertEquals(3, graph.requests(Map.of("method", "GET")).size());
 * }
 * </pre>
 */
public final class GraphMock implements AutoCloseable {
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  private final GraphServer server;

  private GraphMock(GraphServer server) {
    this.server = server;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Starts graphmock with every default: a free port, the database in memory, the {@code seed} schema. */
  public static GraphMock start() {
    return builder().start();
  }

  /** The version root Graph clients are pointed at, such as {@code http://127.0.0.1:41234/beta}. */
  public String baseUrl() {
    return server.betaRoot().toString();
  }

  /** {@code http://127.0.0.1:port}, with the port actually bound. */
  public URI uri() {
    return server.uri();
  }

  /**
   * The PEM file of the certificate served with {@link Builder#https(boolean)}, for a client to trust; null without
   * it. With the database in memory it lies in a temporary folder of its own, which {@link #close()} removes.
   */
  public Path certificateFile() {
    return server.certificateFile();
  }

  /** The fresh state a test starts from: no events in any tenant, an empty journal, no fault rules. */
  public void reset() {
    deleteEvents(null);
    clearRequests();
    clearFaults();
  }

  /** Deletes every event of {@code tenant}, or of every tenant when it is null. */
  public void deleteEvents(String tenant) {
    call("POST", "/reset", tenant == null ? Map.of() : Map.of("tenant", tenant), null, null);
  }

  /**
   * Imports events, as {@code POST /__admin/import} does, into the default tenant: a Graph collection page
   * ({@code {"value":[…]}}), or NDJSON when the file's name ends in {@code .ndjson} or {@code .jsonl}. Returns how
   * many; an {@link IllegalArgumentException} names the first bad event, and then nothing was imported.
   */
  public long importEvents(Path file) {
    try (InputStream body = Files.newInputStream(file)) {
      return count(call("POST", "/import", Map.of(), dev.graphmock.admin.AdminApi.importType(file), body),
          "imported");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Imports events from Graph's collection page shape, {@code {"value":[…]}}, into the default tenant. */
  public long importEvents(String page) {
    return count(call("POST", "/import", Map.of(), "application/json",
        new ByteArrayInputStream(page.getBytes(StandardCharsets.UTF_8))), "imported");
  }

  /** Adds {@code count} realistic events to the default tenant, the same for the same seed and schema. */
  public long generate(int count, long seed) {
    String body = "{\"count\":" + count + ",\"seed\":" + seed + "}";
    return count(call("POST", "/generate", Map.of(), "application/json",
        new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))), "generated");
  }

  /** Every request in the journal, newest first. */
  public List<JournalEntry> requests() {
    return server.journal().find(JournalFilter.ALL);
  }

  /**
   * The requests the filter selects, newest first: the parameters {@code GET /__admin/requests} takes
   * ({@code method}, {@code path} as a regular expression in RE2 syntax, {@code status}, {@code tenant} exactly,
   * {@code since}, {@code limit}); an {@link IllegalArgumentException} says what is wrong with one.
   */
  public List<JournalEntry> requests(Map<String, String> filter) {
    return server.journal().find(JournalFilter.parse(filter));
  }

  public void clearRequests() {
    server.journal().clear();
  }

  /**
   * Adds a fault rule and returns its id: a JSON object as {@code POST /__admin/faults} takes it
   * ({@code {"status":429,"retryAfterSeconds":1,"times":2}}) or the command line's form
   * ({@code status=429,retry-after=1,times=2}). An {@link IllegalArgumentException} says what is wrong with it.
   */
  public String addFault(String rule) {
    Faults faults = server.faults();
    if (rule.strip().startsWith("{")) {
      try {
        return faults.add(JSON.readTree(rule)).id();
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalArgumentException("The rule is not valid JSON: " + e.getOriginalMessage(), e);
      }
    }
    return faults.add(Faults.parseOption(rule)).id();
  }

  /** The fault rules in the order they apply, each as {@code GET /__admin/faults} shows it, hits included. */
  public List<Map<String, Object>> faults() {
    List<Map<String, Object>> rules = new ArrayList<>();
    for (FaultRule rule : server.faults().rules()) {
      rules.add(rule.describe());
    }
    return rules;
  }

  public void clearFaults() {
    server.faults().clear();
  }

  /** Stops accepting, lets requests in flight finish, and closes the database (in memory: it is gone). */
  @Override
  public void close() {
    server.close();
  }

  private String call(String method, String path, Map<String, String> parameters, String contentType,
                      InputStream body) {
    String id = UUID.randomUUID().toString();
    AdminResponse answer = server.admin().handle(new AdminRequest(method, path, parameters, contentType,
        body == null ? InputStream.nullInputStream() : body, id, id));
    try {
      if (answer.status() >= 300) {
        throw new IllegalArgumentException(answer.errorMessage());
      }
      if (answer.body() == null) {
        return "";
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      answer.body().writeTo(out);
      return out.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long count(String json, String field) {
    try {
      return JSON.readTree(json).path(field).asLong();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** graphmock's options, each the same as the command line's flag of that name; unset ones keep its default. */
  public static final class Builder {
    private ServerConfig config = ServerConfig.defaults().withPort(0).withDatabase(Path.of(":memory:"));
    private int journalSize = ServerConfig.TestControls.DEFAULT_JOURNAL_SIZE;
    private Path journalFile;
    private final List<String> faults = new ArrayList<>();
    private String throttle;

    private Builder() {
    }

    /** {@code --port}; 0 (the default here) picks a free one. */
    public Builder port(int port) {
      config = config.withPort(port);
      return this;
    }

    /** {@code --db}: a SQLite file; the default here is {@code :memory:}. */
    public Builder database(Path file) {
      config = config.withDatabase(file);
      return this;
    }

    /**
     * {@code --db} as the command line takes it: a SQLite file's path, {@code :memory:}, or a PostgreSQL database
     * ({@code postgresql://USER:PASSWORD@HOST:PORT/DATABASE}) that other instances may share.
     */
    public Builder database(String pathOrUrl) {
      config = config.withDatabase(dev.graphmock.store.DatabaseLocation.parse(pathOrUrl));
      return this;
    }

    /** {@code --schema}: {@code seed} (the default) or {@code current} (today's Graph beta, the SDKs' shape). */
    public Builder schema(String schema) {
      config = config.withSchema(schema);
      return this;
    }

    /** {@code --metadata}: serve this EDMX file instead of a bundled schema. */
    public Builder metadata(Path edmx) {
      config = config.withMetadataFile(edmx);
      return this;
    }

    /** {@code --auth}: NONE, BEARER (the default: any bearer token) or JWT. */
    public Builder auth(AuthMode auth) {
      config = config.withAuth(auth);
      return this;
    }

    /**
     * {@code --https}, with the certificate's PEM file ({@link GraphMock#certificateFile()}) beside a database file,
     * or in memory in a temporary folder.
     */
    public Builder https(boolean https) {
      config = config.withHttps(https);
      return this;
    }

    /** {@code --page-size} and {@code --max-page-size}. */
    public Builder pageSizes(int pageSize, int maxPageSize) {
      config = config.withPageSizes(pageSize, maxPageSize);
      return this;
    }

    /** {@code --journal-size}; 0 keeps none. */
    public Builder journalSize(int entries) {
      journalSize = entries;
      return this;
    }

    /** {@code --journal}: also append each request to this file as one JSON line. */
    public Builder journalFile(Path file) {
      journalFile = file;
      return this;
    }

    /** {@code --fault}, repeatable: a rule in the command line's form, in force from the start. */
    public Builder fault(String rule) {
      faults.add(rule);
      return this;
    }

    /** {@code --throttle}: {@code graph} or {@code N/Ss}. */
    public Builder throttle(String limit) {
      throttle = limit;
      return this;
    }

    /** Starts graphmock; an {@link IllegalArgumentException} names a bad option, an {@link UncheckedIOException} a port. */
    public GraphMock start() {
      ServerConfig complete = config.withControls(new ServerConfig.TestControls(journalSize, journalFile, false,
          faults, throttle));
      try {
        return new GraphMock(GraphServer.start(complete));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
