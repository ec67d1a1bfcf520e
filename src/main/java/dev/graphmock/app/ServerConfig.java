package dev.graphmock.app;

import dev.graphmock.http.AuthMode;
import dev.graphmock.store.DatabaseLocation;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Everything a server start needs, validated once; made by the command line and by tests alike.
 *
 * @param database the SQLite file, memory, or the PostgreSQL database the events live in
 * @param schema the name of a bundled schema in {@code metadata/} (such as "seed")
 * @param metadataFile an EDMX file to use instead of the bundled schema, or null
 * @param pageSize rows per page when neither {@code $top} nor {@code Prefer: odata.maxpagesize} says
 * @param maxPageSize the most rows a page holds; a larger {@code $top} is capped to it
 * @param auth how requests are authenticated
 * @param https serve TLS on the port, with a certificate kept beside the database
 * @param corsOrigins browser origins allowed to call the server (CORS); empty for none
 * @param maxConcurrent requests worked on at once; more wait briefly, then get 503
 * @param adminEnabled whether {@code /__admin/} is served at all
 * @param adminToken the bearer token admin calls must send, or null: then the admin API is open on a loopback
 *     address and refused on any other
 * @param seedData events to import at start-up when the database is empty (a page or NDJSON file), or null
 * @param controls the journal, the log, fault rules and the throttle
 * @param allowedHosts names clients may use for this server in {@code Host} besides loopback names, IP addresses
 *     and {@code host}: the admin API (and Graph calls under {@code --auth none}) refuse others, as a DNS-rebinding
 *     web page would send
 */
public record ServerConfig(String host, int port, DatabaseLocation database, String schema, Path metadataFile, int pageSize,
                           int maxPageSize, AuthMode auth, boolean https, List<String> corsOrigins,
                           int maxConcurrent, boolean adminEnabled, String adminToken, Path seedData,
                           TestControls controls, List<String> allowedHosts) {

  /**
   * What a test sees and breaks: the journal and the request log, fault rules and the throttle.
   *
   * @param journalSize how many requests the journal keeps (0: none)
   * @param journalFile a file each request is also appended to as one JSON line, or null
   * @param logRequests print one line per request to standard output
   * @param faults fault rules in the command line's form ({@code status=429,rate=0.1,…}), checked here
   * @param throttle {@code graph} or {@code N/Ss}, checked here; null for none
   */
  public record TestControls(int journalSize, Path journalFile, boolean logRequests, List<String> faults,
                             String throttle) {
    public static final int DEFAULT_JOURNAL_SIZE = 10_000;
    public static final TestControls DEFAULTS = new TestControls(DEFAULT_JOURNAL_SIZE, null, false, List.of(), null);

    public TestControls {
      if (journalSize < 0) {
        throw new IllegalArgumentException("--journal-size must be 0 or more, not " + journalSize);
      }
      faults = List.copyOf(faults);
      for (String fault : faults) {
        dev.graphmock.faults.Faults check = new dev.graphmock.faults.Faults(null);
        try {
          check.add(dev.graphmock.faults.Faults.parseOption(fault));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(e.getMessage().startsWith("--fault") ? e.getMessage()
              : "--fault '" + fault + "': " + e.getMessage());
        }
      }
      if (throttle != null) {
        dev.graphmock.faults.Throttle.parse(throttle);
      }
    }
  }

  // The defaults, written once: the command line's options and defaults() both use these.
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;
  public static final String DEFAULT_DATABASE = "./data/graph.db";
  public static final String DEFAULT_SCHEMA = "seed";
  public static final int DEFAULT_PAGE_SIZE = 100;
  /** Graph's own largest page for most collections. */
  public static final int DEFAULT_MAX_PAGE_SIZE = 999;
  public static final AuthMode DEFAULT_AUTH = AuthMode.BEARER;
  public static final int DEFAULT_MAX_CONCURRENT = 32;

  public ServerConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(auth, "auth");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("--port must be between 0 and 65535, not " + port);
    }
    corsOrigins = List.copyOf(corsOrigins);
    allowedHosts = List.copyOf(allowedHosts);
    if (maxConcurrent < 1) {
      throw new IllegalArgumentException("--max-concurrent must be at least 1, not " + maxConcurrent);
    }
    if (maxPageSize < 1) {
      throw new IllegalArgumentException("--max-page-size must be at least 1, not " + maxPageSize);
    }
    if (adminToken != null && adminToken.isBlank()) {
      throw new IllegalArgumentException("--admin-token must not be empty");
    }
    Objects.requireNonNull(controls, "controls");
    if (pageSize < 1 || pageSize > maxPageSize) {
      throw new IllegalArgumentException("--page-size must be between 1 and --max-page-size (" + maxPageSize
          + "), not " + pageSize);
    }
  }

  public static ServerConfig defaults() {
    return new ServerConfig(DEFAULT_HOST, DEFAULT_PORT, DatabaseLocation.parse(DEFAULT_DATABASE), DEFAULT_SCHEMA, null, DEFAULT_PAGE_SIZE,
        DEFAULT_MAX_PAGE_SIZE, DEFAULT_AUTH, false, List.of(), DEFAULT_MAX_CONCURRENT, true, null, null,
        TestControls.DEFAULTS, List.of());
  }

  public ServerConfig withPort(int newPort) {
    return new ServerConfig(host, newPort, database, schema, metadataFile, pageSize, maxPageSize, auth, https, corsOrigins, maxConcurrent, adminEnabled, adminToken, seedData, controls, allowedHosts);
  }

  /** A SQLite file, or memory for {@code :memory:}. */
  public ServerConfig withDatabase(Path file) {
    return withDatabase(DatabaseLocation.sqlite(file));
  }

  public ServerConfig withDatabase(DatabaseLocation newDatabase) {
    return new ServerConfig(host, port, newDatabase, schema, metadataFile, pageSize, maxPageSize, auth, https, corsOrigins, maxConcurrent, adminEnabled, adminToken, seedData, controls, allowedHosts);
  }

  public ServerConfig withMetadataFile(Path newMetadataFile) {
    return new ServerConfig(host, port, database, schema, newMetadataFile, pageSize, maxPageSize, auth, https, corsOrigins, maxConcurrent, adminEnabled, adminToken, seedData, controls, allowedHosts);
  }

  public ServerConfig withAuth(AuthMode newAuth) {
    return new ServerConfig(host, port, database, schema, metadataFile, pageSize, maxPageSize, newAuth, https, corsOrigins, maxConcurrent, adminEnabled, adminToken, seedData, controls, allowedHosts);
  }

  public ServerConfig withSchema(String newSchema) {
    return new ServerConfig(host, port, database, newSchema, metadataFile, pageSize, maxPageSize, auth, https, corsOrigins, maxConcurrent, adminEnabled, adminToken, seedData, controls, allowedHosts);
  }

  public ServerConfig withHttps(boolean newHttps) {
    return new ServerConfig(host, port, database, schema, metadataFile, pageSize, maxPageSize, auth, newHttps, corsOrigins, maxConcurrent, adminEnabled, adminToken, seedData, controls, allowedHosts);
  }

  public ServerConfig withCorsOrigins(List<String> origins) {
    return new ServerConfig(host, port, database, schema, metadataFile, pageSize, maxPageSize, auth, https, origins,
        maxConcurrent, adminEnabled, adminToken, seedData, controls, allowedHosts);
  }

  public ServerConfig withMaxConcurrent(int newMaxConcurrent) {
    return new ServerConfig(host, port, database, schema, metadataFile, pageSize, maxPageSize, auth, https,
        corsOrigins, newMaxConcurrent, adminEnabled, adminToken, seedData, controls, allowedHosts);
  }

  public ServerConfig withAdmin(boolean enabled, String token) {
    return new ServerConfig(host, port, database, schema, metadataFile, pageSize, maxPageSize, auth, https,
        corsOrigins, maxConcurrent, enabled, token, seedData, controls, allowedHosts);
  }

  public ServerConfig withSeedData(Path file) {
    return new ServerConfig(host, port, database, schema, metadataFile, pageSize, maxPageSize, auth, https,
        corsOrigins, maxConcurrent, adminEnabled, adminToken, file, controls, allowedHosts);
  }

  public ServerConfig withPageSizes(int newPageSize, int newMaxPageSize) {
    return new ServerConfig(host, port, database, schema, metadataFile, newPageSize, newMaxPageSize, auth, https, corsOrigins, maxConcurrent, adminEnabled, adminToken, seedData, controls, allowedHosts);
  }

  public ServerConfig withControls(TestControls newControls) {
    return new ServerConfig(host, port, database, schema, metadataFile, pageSize, maxPageSize, auth, https,
        corsOrigins, maxConcurrent, adminEnabled, adminToken, seedData, newControls, allowedHosts);
  }

  public ServerConfig withAllowedHosts(List<String> names) {
    return new ServerConfig(host, port, database, schema, metadataFile, pageSize, maxPageSize, auth, https,
        corsOrigins, maxConcurrent, adminEnabled, adminToken, seedData, controls, names);
  }
}
