package dev.graphmock.e2e;

import static dev.graphmock.e2e.GraphErrorAssert.assertGraphError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No SQL from request text, CORS only when asked for, and a warning for an open server on the network. */
class SecurityTest {
  static final List<String> INJECTIONS = List.of("'; DROP TABLE \"deviceManagementAutopilotEvent\"; --",
      "x' OR '1'='1", "\" OR \"\"=\"", "1; DELETE FROM graphmock", "%' OR 1=1 --", "') UNION SELECT * FROM graphmock --",
      "\\'; --", "$(rm -rf /)", "<script>alert(1)</script>", "\u0000'--");
  /** Injections whose key segment Jetty refuses before any lookup, for an encoded backslash or NUL: 400, not 404. */
  static final Set<String> REFUSED_AS_KEY = Set.of("\\'; --", "\u0000'--");
  /** The nullable string properties of the seed schema (the docs page's nine); the current schema adds userId. */
  static final Set<String> SEED_STRINGS = Set.of("deviceId", "deviceSerialNumber", "managedDeviceName",
      "userPrincipalName", "windowsAutopilotDeploymentProfileDisplayName",
      "windows10EnrollmentCompletionPageConfigurationDisplayName", "windows10EnrollmentCompletionPageConfigurationId",
      "osVersion", "enrollmentFailureDetails");

  @TempDir
  Path folder;

  @Test
  void injectionTextThroughEveryPropertyAndOptionIsJustText() throws Exception {
    dev.graphmock.store.DatabaseLocation database = TestServer.config(folder).database();
    try (TestServer server = TestServer.start(TestServer.config(folder).withDatabase(database))) {
      JsonNode template = server.post(TestServer.COLLECTION, "{}").json();
      List<String> stringProperties = new ArrayList<>();
      template.fieldNames().forEachRemaining(name -> {
        if (!name.startsWith("@") && !name.equals("id") && template.get(name).isNull()) {
          stringProperties.add(name);
        }
      });
      Set<String> expectedStrings = new HashSet<>(SEED_STRINGS);
      if (!TestServer.isSeed()) {
        expectedStrings.add("userId");
      }
      assertEquals(expectedStrings, Set.copyOf(stringProperties), "every nullable string property is injected");
      int created = 1;
      for (String injection : INJECTIONS) {
        StringBuilder body = new StringBuilder("{\"id\":").append(json("sec-" + created));
        for (String property : stringProperties) {
          body.append(',').append(json(property)).append(':').append(json(injection));
        }
        TestServer.Reply reply = server.post(TestServer.COLLECTION, body.append('}').toString());
        if (TestServer.POSTGRES && injection.contains("\u0000")) {
          // PostgreSQL's text cannot hold U+0000: refused as the client's doing, not failed as the server's.
          assertGraphError(reply, 400, "BadRequest");
          assertTrue(reply.json().get("error").get("message").asText().contains("U+0000"), reply::toString);
          continue;
        }
        assertEquals(201, reply.status(), reply::toString);
        created++;
        String id = reply.json().get("id").asText();
        JsonNode stored = server.get(TestServer.COLLECTION + "(" + literal(id) + ")").json();
        for (String property : stringProperties) {
          assertEquals(injection, stored.get(property).asText(), property);
        }
        String encoded = encode("deviceId eq " + literal(injection).replace("%", "%25"));
        String quoted = encode("deviceId eq '" + injection.replace("'", "''") + "'");
        TestServer.Reply matching = server.get(TestServer.COLLECTION + "?$filter=" + quoted + "&$count=true");
        assertEquals(200, matching.status(), () -> injection + ": " + matching);
        assertEquals(1, matching.json().get("@odata.count").asInt(), injection);
        for (String option : new String[] {"$orderby", "$select", "$skiptoken", "$top", "$skip"}) {
          int status = server.get(TestServer.COLLECTION + "?" + option + "=" + encode(injection)).status();
          assertEquals(400, status, option + "=" + injection);
        }
        // Encoded once more than the URL needs, the literal is the percent-encoded text, which no event holds.
        TestServer.Reply encodedMatch = server.get(TestServer.COLLECTION + "?$filter=" + encoded);
        assertEquals(200, encodedMatch.status(), () -> injection + ": " + encodedMatch);
        assertEquals(0, encodedMatch.json().get("value").size(), injection);
        TestServer.Reply missing = server.get(TestServer.COLLECTION + "/" + encode(injection) + "-missing");
        if (REFUSED_AS_KEY.contains(injection)) {
          assertGraphError(missing, 400, "BadRequest");
        } else {
          assertGraphError(missing, 404, "ResourceNotFound");
        }
      }
      assertEquals(400, server.post(TestServer.COLLECTION, "{\"id\":\"a\\u0000b\"}").status(),
          "an id no URL could address is refused");
      assertEquals(created, server.count(), "nothing deleted, nothing extra");
      server.restart();
      assertEquals(created, server.count());
    }
    try (Connection connection = TestServer.POSTGRES ? DriverManager.getConnection(((dev.graphmock.store
        .DatabaseLocation.Postgres) database).jdbcUrl(), "graphmock", "")
        : DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("graph.db"))) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rows = connection.createStatement().executeQuery(TestServer.POSTGRES
          ? "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name"
          : "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
        while (rows.next()) {
          tables.add(rows.getString(1));
        }
      }
      assertEquals(TestServer.POSTGRES ? List.of("deviceManagement", "deviceManagementAutopilotEvent", "graphmock")
          : List.of("deviceManagement", "deviceManagement counts", "deviceManagementAutopilotEvent",
              "deviceManagementAutopilotEvent counts", "graphmock", "sqlite_stat1", "sqlite_stat4"), tables,
          "the schema is intact");
    }
  }

  @Test
  void corsIsOffByDefault() throws IOException {
    try (TestServer server = TestServer.start(folder)) {
      TestServer.Reply reply = server.send("GET", TestServer.COLLECTION, Map.of("Authorization", "Bearer t",
          "Origin", "http://localhost:3000"), null);
      assertEquals(200, reply.status());
      assertNull(reply.header("Access-Control-Allow-Origin"));
      TestServer.Reply preflight = server.send("OPTIONS", TestServer.COLLECTION, Map.of("Origin", "http://localhost:3000",
          "Access-Control-Request-Method", "POST"), null);
      assertNull(preflight.header("Access-Control-Allow-Origin"));
    }
  }

  @Test
  void corsOriginsAreAllowedWhenNamed() throws IOException {
    try (TestServer server = TestServer.start(TestServer.config(folder).withCorsOrigins(
        List.of("http://localhost:3000", "https://tools.example")))) {
      TestServer.Reply preflight = server.send("OPTIONS", TestServer.COLLECTION, Map.of("Origin", "http://localhost:3000",
          "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "authorization,content-type"), null);
      assertEquals(200, preflight.status(), preflight::toString);
      assertEquals("http://localhost:3000", preflight.header("Access-Control-Allow-Origin"));
      assertEquals(Set.of("GET", "POST", "PATCH", "PUT", "DELETE", "OPTIONS"),
          listed(preflight.header("Access-Control-Allow-Methods")));
      assertEquals(Set.of("Authorization", "Content-Type", "Accept", "Prefer", "client-request-id", "ConsistencyLevel",
          "OData-Version", "OData-MaxVersion", "If-Match"), listed(preflight.header("Access-Control-Allow-Headers")));

      TestServer.Reply actual = server.send("GET", TestServer.COLLECTION, Map.of("Authorization", "Bearer t",
          "Origin", "https://tools.example"), null);
      assertEquals(200, actual.status());
      assertEquals("https://tools.example", actual.header("Access-Control-Allow-Origin"));
      assertEquals(Set.of("request-id", "client-request-id", "Location", "OData-EntityId", "Preference-Applied",
          "Retry-After", "OData-Version"), listed(actual.header("Access-Control-Expose-Headers")));

      TestServer.Reply other = server.send("GET", TestServer.COLLECTION, Map.of("Authorization", "Bearer t",
          "Origin", "https://evil.example"), null);
      assertNull(other.header("Access-Control-Allow-Origin"));
    }
  }

  @Test
  void bindsLoopbackByDefaultAndWarnsWhenOpenOnTheNetwork() throws Exception {
    try (ServerProcess server = ServerProcess.start(folder, "--port", "0", "--db", folder.resolve("a.db").toString())) {
      assertTrue(server.awaitReady().startsWith("http://127.0.0.1:"));
      assertTrue(!server.stderr().contains("warning"));
    }
    try (ServerProcess server = ServerProcess.start(folder, "--host", "0.0.0.0", "--auth", "none", "--port", "0",
        "--db", folder.resolve("b.db").toString())) {
      server.awaitReady();
      assertTrue(server.stderr().contains("warning: --auth none on 0.0.0.0"), server.stderr());
    }
  }

  /** A comma-separated header value as a set: Jetty lists CORS values in no fixed order. */
  static Set<String> listed(String header) {
    return Set.of(header.split("\\s*,\\s*"));
  }

  static String json(String text) {
    return TestServer.JSON.valueToTree(text).toString();
  }

  static String literal(String key) {
    return "'" + encode(key.replace("'", "''")) + "'";
  }

  static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
