package dev.graphmock.e2e;

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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No SQL from request text, CORS only when asked for, and a warning for an open server on the network. */
class SecurityTest {
  static final List<String> INJECTIONS = List.of("'; DROP TABLE \"deviceManagementAutopilotEvent\"; --",
      "x' OR '1'='1", "\" OR \"\"=\"", "1; DELETE FROM graphmock", "%' OR 1=1 --", "') UNION SELECT * FROM graphmock --",
      "\\'; --", "$(rm -rf /)", "<script>alert(1)</script>", "\u0000'--");

  @TempDir
  Path folder;

  @Test
  void injectionTextThroughEveryPropertyAndOptionIsJustText() throws Exception {
    try (TestServer server = TestServer.start(folder)) {
      JsonNode template = server.post(TestServer.COLLECTION, "{}").json();
      List<String> stringProperties = new ArrayList<>();
      template.fieldNames().forEachRemaining(name -> {
        if (!name.startsWith("@") && !name.equals("id") && template.get(name).isNull()) {
          stringProperties.add(name);
        }
      });
      assertTrue(stringProperties.size() >= 9, stringProperties::toString);
      int created = 1;
      for (String injection : INJECTIONS) {
        StringBuilder body = new StringBuilder("{\"id\":").append(json("sec-" + created));
        for (String property : stringProperties) {
          body.append(',').append(json(property)).append(':').append(json(injection));
        }
        TestServer.Reply reply = server.post(TestServer.COLLECTION, body.append('}').toString());
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
        assertTrue(server.get(TestServer.COLLECTION + "?$filter=" + encoded).status() < 500);
        int missing = server.get(TestServer.COLLECTION + "/" + encode(injection) + "-missing").status();
        assertTrue(missing == 404 || missing == 400, injection + " as a key: " + missing);
      }
      assertEquals(400, server.post(TestServer.COLLECTION, "{\"id\":\"a\\u0000b\"}").status(),
          "an id no URL could address is refused");
      assertEquals(created, server.count(), "nothing deleted, nothing extra");
      server.restart();
      assertEquals(created, server.count());
    }
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("graph.db"))) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rows = connection.createStatement().executeQuery(
          "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
        while (rows.next()) {
          tables.add(rows.getString(1));
        }
      }
      assertEquals(List.of("deviceManagementAutopilotEvent", "graphmock"), tables, "the schema is intact");
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
      assertTrue(preflight.status() == 200 || preflight.status() == 204, preflight::toString);
      assertEquals("http://localhost:3000", preflight.header("Access-Control-Allow-Origin"));
      assertTrue(preflight.header("Access-Control-Allow-Methods").contains("POST"));
      assertTrue(preflight.header("Access-Control-Allow-Headers").toLowerCase().contains("authorization"));

      TestServer.Reply actual = server.send("GET", TestServer.COLLECTION, Map.of("Authorization", "Bearer t",
          "Origin", "https://tools.example"), null);
      assertEquals(200, actual.status());
      assertEquals("https://tools.example", actual.header("Access-Control-Allow-Origin"));
      assertTrue(actual.header("Access-Control-Expose-Headers").contains("request-id"));

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
