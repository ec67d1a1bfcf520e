import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The floor graphmock is measured against (issue 6): the bare stack under it, with no OData. A Jetty handler
 * that parses the same JSON with Jackson and inserts the same row (same table, indexes and pragmas) into SQLite,
 * one commit per request before the reply; GET by id and the deviceId list shape read it back as JSON.
 * Benchmark code only: it lists the seed schema's columns by hand, which the product never does.
 *
 * Run: java -cp "target/classes:target/lib/*" bench/FloorServer.java PORT DBFILE [bare]
 * With {@code bare} (issue 15): the primary key only, none of the four secondary indexes.
 */
public final class FloorServer {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String[] STRINGS = {"deviceId", "deviceSerialNumber", "managedDeviceName", "userPrincipalName",
      "windowsAutopilotDeploymentProfileDisplayName", "windows10EnrollmentCompletionPageConfigurationDisplayName",
      "windows10EnrollmentCompletionPageConfigurationId", "osVersion", "enrollmentFailureDetails"};
  static final String[] DATES = {"eventDateTime", "deviceRegisteredDateTime", "enrollmentStartDateTime",
      "deploymentStartDateTime", "deploymentEndDateTime"};
  static final String[] DURATIONS = {"deploymentDuration", "deploymentTotalDuration", "devicePreparationDuration",
      "deviceSetupDuration", "accountSetupDuration"};
  static final Map<String, List<String>> ENUMS = Map.of(
      "enrollmentType", List.of("unknown", "azureADJoinedWithAutopilotProfile", "offlineDomainJoined",
          "azureADJoinedUsingDeviceAuthWithAutopilotProfile", "azureADJoinedUsingDeviceAuthWithoutAutopilotProfile",
          "azureADJoinedWithOfflineAutopilotProfile", "azureADJoinedWithWhiteGlove", "offlineDomainJoinedWithWhiteGlove",
          "offlineDomainJoinedWithOfflineAutopilotProfile"),
      "enrollmentState", List.of("unknown", "enrolled", "pendingReset", "failed", "notContacted", "blocked"),
      "deploymentState", List.of("unknown", "success", "inProgress", "failure", "successWithTimeout", "notAttempted", "disabled"),
      "deviceSetupStatus", List.of("unknown", "success", "inProgress", "failure", "successWithTimeout", "notAttempted", "disabled"),
      "accountSetupStatus", List.of("unknown", "success", "inProgress", "failure", "successWithTimeout", "notAttempted", "disabled"));
  static final String[] INTS = {"targetedAppCount", "targetedPolicyCount"};

  static final List<String> COLUMNS = new ArrayList<>();
  static Connection writer;
  static final BlockingQueue<Connection> READERS = new ArrayBlockingQueue<>(64);
  static String insertSql;

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    String url = "jdbc:sqlite:" + args[1];
    writer = DriverManager.getConnection(url);
    try (Statement statement = writer.createStatement()) {
      statement.execute("PRAGMA journal_mode = WAL");
      statement.execute("PRAGMA synchronous = NORMAL");
      statement.execute("PRAGMA busy_timeout = 10000");
      statement.execute(ddl());
      boolean bare = args.length > 2 && args[2].equals("bare");
      for (String index : bare ? new String[0] : new String[] {"\"deviceId\", \"eventDateTime\", \"id\"", "\"eventDateTime\", \"id\"",
          "\"enrollmentStartDateTime\", \"id\"", "\"enrollmentState\", \"id\""}) {
        statement.execute("CREATE INDEX IF NOT EXISTS \"ix_" + index.replaceAll("[\" ,]", "") + "\" ON events (" + index + ")");
      }
    }
    insertSql = "INSERT INTO events (" + String.join(", ", COLUMNS.stream().map(c -> "\"" + c + "\"").toList())
        + ") VALUES (" + String.join(", ", COLUMNS.stream().map(c -> "?").toList()) + ")";
    for (int i = 0; i < 64; i++) {
      Connection reader = DriverManager.getConnection(url);
      reader.createStatement().execute("PRAGMA busy_timeout = 10000");
      READERS.add(reader);
    }
    Server server = new Server(new QueuedThreadPool(64, 4));
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) throws Exception {
        return FloorServer.handle(request, response, callback);
      }
    });
    server.start();
    System.out.println("floor serving http://127.0.0.1:" + connector.getLocalPort() + "/beta");
    server.join();
  }

  static String ddl() {
    List<String> definitions = new ArrayList<>(List.of("\"id\" TEXT NOT NULL PRIMARY KEY"));
    COLUMNS.add("id");
    for (String name : STRINGS) {
      definitions.add("\"" + name + "\" TEXT");
      COLUMNS.add(name);
    }
    for (String name : DATES) {
      definitions.add("\"" + name + "\" INTEGER NOT NULL");
      definitions.add("\"" + name + ".text\" TEXT NOT NULL");
      COLUMNS.add(name);
      COLUMNS.add(name + ".text");
    }
    for (String name : DURATIONS) {
      definitions.add("\"" + name + "\" INTEGER NOT NULL");
      COLUMNS.add(name);
    }
    for (String name : ENUMS.keySet()) {
      definitions.add("\"" + name + "\" INTEGER NOT NULL");
      COLUMNS.add(name);
    }
    for (String name : INTS) {
      definitions.add("\"" + name + "\" INTEGER NOT NULL");
      COLUMNS.add(name);
    }
    return "CREATE TABLE IF NOT EXISTS events (" + String.join(", ", definitions) + ")";
  }

  static boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = request.getHttpURI().getPath();
    String prefix = "/beta/deviceManagement/autopilotEvents";
    if (request.getMethod().equals("POST") && path.equals(prefix)) {
      byte[] body = Content.Source.asInputStream(request).readAllBytes();
      ObjectNode event = (ObjectNode) JSON.readTree(body);
      if (!event.hasNonNull("id")) {
        event.put("id", UUID.randomUUID().toString());
      }
      synchronized (FloorServer.class) {
        try (PreparedStatement insert = writer.prepareStatement(insertSql)) {
          int i = 1;
          for (String column : COLUMNS) {
            insert.setObject(i++, value(event, column));
          }
          insert.executeUpdate();
        }
      }
      return json(response, callback, 201, event);
    }
    if (request.getMethod().equals("GET") && path.startsWith(prefix + "/")) {
      String id = path.substring(prefix.length() + 1);
      List<ObjectNode> rows = query("SELECT * FROM events WHERE \"id\" = ?", List.of(id));
      return rows.isEmpty() ? json(response, callback, 404, JSON.createObjectNode()) : json(response, callback, 200, rows.get(0));
    }
    if (request.getMethod().equals("GET") && path.equals(prefix)) {
      Fields query = Request.extractQueryParameters(request);
      String filter = query.getValue("$filter");
      String device = filter.substring(filter.indexOf('\'') + 1, filter.lastIndexOf('\''));
      ObjectNode page = JSON.createObjectNode();
      page.putArray("value").addAll(query("SELECT * FROM events WHERE \"deviceId\" = ? ORDER BY \"eventDateTime\" DESC, \"id\" DESC LIMIT 25",
          List.of(device)));
      return json(response, callback, 200, page);
    }
    response.setStatus(404);
    callback.succeeded();
    return true;
  }

  static Object value(ObjectNode event, String column) {
    if (column.endsWith(".text")) {
      JsonNode text = event.get(column.substring(0, column.length() - 5));
      return text == null ? "0001-01-01T00:00:00Z" : text.asText();
    }
    JsonNode value = event.get(column);
    if (List.of(DATES).contains(column)) {
      OffsetDateTime time = value == null ? OffsetDateTime.parse("0001-01-01T00:00:00Z") : OffsetDateTime.parse(value.asText());
      return time.toEpochSecond() * 10_000_000L + time.getNano() / 100;
    }
    if (List.of(DURATIONS).contains(column)) {
      Duration duration = value == null ? Duration.ZERO : Duration.parse(value.asText());
      return duration.getSeconds() * 10_000_000L + duration.getNano() / 100;
    }
    if (ENUMS.containsKey(column)) {
      return value == null ? 0 : ENUMS.get(column).indexOf(value.asText());
    }
    if (List.of(INTS).contains(column)) {
      return value == null ? 0 : value.asInt();
    }
    return value == null || value.isNull() ? null : value.asText();
  }

  static List<ObjectNode> query(String sql, List<Object> parameters) throws Exception {
    Connection reader = READERS.take();
    try (PreparedStatement statement = reader.prepareStatement(sql)) {
      for (int i = 0; i < parameters.size(); i++) {
        statement.setObject(i + 1, parameters.get(i));
      }
      List<ObjectNode> rows = new ArrayList<>();
      try (ResultSet result = statement.executeQuery()) {
        int columns = result.getMetaData().getColumnCount();
        while (result.next()) {
          ObjectNode row = JSON.createObjectNode();
          for (int c = 1; c <= columns; c++) {
            row.putPOJO(result.getMetaData().getColumnName(c), result.getObject(c));
          }
          rows.add(row);
        }
      }
      return rows;
    } finally {
      READERS.add(reader);
    }
  }

  static boolean json(Response response, Callback callback, int status, JsonNode body) throws Exception {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.write(true, ByteBuffer.wrap(JSON.writeValueAsBytes(body)), callback);
    return true;
  }
}
