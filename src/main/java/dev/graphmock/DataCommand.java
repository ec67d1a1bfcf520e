package dev.graphmock;

import dev.graphmock.admin.AdminApi;
import dev.graphmock.admin.AdminRequest;
import dev.graphmock.admin.AdminResponse;
import dev.graphmock.app.ExitCode;
import dev.graphmock.app.GraphServer;
import dev.graphmock.app.Schemas;
import dev.graphmock.app.ServerConfig;
import dev.graphmock.odata.GraphModel;
import dev.graphmock.odata.SchemaException;
import dev.graphmock.store.Database;
import dev.graphmock.store.DatabaseLocation;
import dev.graphmock.store.DatabaseOpenException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Option;

/**
 * What {@code import}, {@code export} and {@code generate} share: the database and schema options, and one call
 * of the admin API against the database, without a server (so scripts and CI need no HTTP). The database is
 * locked while the command runs, so a running server's database is refused. Success prints the admin API's JSON
 * answer (or the export) and exits 0; a refusal prints its message and exits 1; an unusable database exits 2.
 */
abstract class DataCommand implements Callable<Integer> {
  @Option(names = "--db", paramLabel = "PATH|URL", description = "SQLite database file, or a PostgreSQL database"
      + " (postgresql://USER:PASSWORD@HOST:PORT/DATABASE) (default: ${DEFAULT-VALUE}).")
  String database = ServerConfig.DEFAULT_DATABASE;

  @Option(names = "--schema", paramLabel = "NAME", description = "Bundled schema: seed or current (default:"
      + " ${DEFAULT-VALUE}).")
  String schema = ServerConfig.DEFAULT_SCHEMA;

  @Option(names = "--metadata", paramLabel = "FILE", description = "Use this EDMX file instead of a bundled schema.")
  Path metadataFile;

  @Option(names = "--tenant", paramLabel = "TID", description = "The tenant whose events these are (default: the"
      + " default tenant, " + dev.graphmock.model.Tenants.DEFAULT + ").")
  String tenant;

  /** The admin call's parameters: {@code tenant} when one is given, and {@code more}. */
  Map<String, String> parameters(Map<String, String> more) {
    Map<String, String> all = new java.util.LinkedHashMap<>(more);
    if (tenant != null) {
      all.put("tenant", tenant);
    }
    return all;
  }

  /** The admin call this command makes. */
  abstract AdminRequest request(String requestId) throws IOException;

  /** Where a 2xx answer's body goes. */
  OutputStream output() throws IOException {
    return System.out;
  }

  @Override
  public Integer call() throws IOException {
    DatabaseLocation location;
    try {
      location = DatabaseLocation.parse(database);
    } catch (IllegalArgumentException e) {
      System.err.println("graphmock: " + e.getMessage());
      return picocli.CommandLine.ExitCode.USAGE;
    }
    if (location instanceof DatabaseLocation.InMemory) {
      System.err.println("graphmock: --db " + Database.IN_MEMORY + " lives only as long as the server that holds it;"
          + " a command needs a database file (or use the admin API of a running server)");
      return ExitCode.UNUSABLE;
    }
    GraphModel model;
    try {
      model = Schemas.load(schema, metadataFile);
    } catch (SchemaException e) {
      System.err.println("graphmock: " + e.getMessage());
      return ExitCode.UNUSABLE;
    }
    try (Database db = GraphServer.open(location, model)) {
      AdminApi admin = new AdminApi(GraphServer.families(db, model), model.typeGraph(), model.defaultSet(), null,
          null);
      AdminRequest request = request(UUID.randomUUID().toString());
      AdminResponse answer;
      try (InputStream body = request.body()) {
        answer = admin.handle(request);
      }
      if (answer.status() >= 300) {
        System.err.println("graphmock: " + answer.errorMessage());
        return ExitCode.REFUSED;
      }
      if (answer.body() != null) {
        OutputStream out = output();
        answer.body().writeTo(out);
        out.write('\n');
        out.flush();
        if (out != System.out) {
          out.close();
        }
      }
      return 0;
    } catch (DatabaseOpenException e) {
      System.err.println("graphmock: " + e.getMessage());
      return ExitCode.UNUSABLE;
    }
  }

  static AdminRequest request(String method, String path, Map<String, String> parameters, String contentType,
                              InputStream body, String requestId) {
    return new AdminRequest(method, path, parameters, contentType, body, requestId, requestId);
  }

  static InputStream text(String body) {
    return new java.io.ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
  }
}
