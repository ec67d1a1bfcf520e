package dev.graphmock.e2e;

import static dev.graphmock.e2e.GraphErrorAssert.assertGraphError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graphmock.http.AuthMode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The admin API under /__admin/: reset and export, its errors, and who may call it. */
class AdminApiTest {
  @TempDir
  Path folder;

  private static TestServer.Reply admin(TestServer server, String method, String path, Map<String, String> headers) {
    return server.send(method, server.origin() + "/__admin" + path, headers, null);
  }

  private static void create(TestServer server, String id) {
    assertEquals(201, server.post(TestServer.COLLECTION, "{\"id\":\"" + id + "\",\"deviceId\":\"d-" + id
        + "\",\"eventDateTime\":\"2024-01-01T00:00:00.5-08:00\",\"enrollmentState\":\"failed\"}").status());
  }

  @Test
  void resetRemovesEveryEventAndKeepsTheServiceWorking() throws IOException {
    try (TestServer server = TestServer.start(folder)) {
      create(server, "r1");
      create(server, "r2");
      TestServer.Reply reset = admin(server, "POST", "/reset", Map.of());
      assertEquals(204, reset.status(), reset::toString);
      assertEquals(0, reset.bytes().length);
      assertEquals(0, server.count());
      assertGraphError(server.get(TestServer.COLLECTION + "/r1"), 404, "ResourceNotFound");
      create(server, "r1");
      assertEquals(1, server.count(), "the table is still there, and the id free again");
    }
  }

  @Test
  void exportIsEveryEventInIdOrderExactlyAsGetAnswersItWithoutAnnotations() throws IOException {
    try (TestServer server = TestServer.start(folder)) {
      assertEquals("{\"value\":[]}", admin(server, "GET", "/export", Map.of()).text());
      for (String id : List.of("x2", "x10", "x1", "it's")) {
        create(server, id);
      }
      TestServer.Reply export = admin(server, "GET", "/export", Map.of());
      assertEquals(200, export.status(), export::toString);
      assertTrue(export.header("Content-Type").startsWith("application/json"));
      JsonNode value = export.json().get("value");
      List<String> ids = new ArrayList<>();
      value.forEach(event -> ids.add(event.get("id").asText()));
      assertEquals(List.of("it's", "x1", "x10", "x2"), ids, "in id order");
      assertEquals(1, export.json().size(), "nothing but value");
      for (JsonNode event : value) {
        ObjectNode read = (ObjectNode) server.get(TestServer.COLLECTION + "('"
            + event.get("id").asText().replace("'", "''") + "')").json();
        read.remove(List.of("@odata.context", "@odata.type"));
        assertEquals(read.toString(), event.toString(), "the same properties, values and order as GET");
      }
      assertTrue(!export.text().contains("@odata"), export::text);
    }
  }

  private static TestServer.Reply load(TestServer server, String query, String contentType, String body) {
    return server.send("POST", server.origin() + "/__admin/import" + query, Map.of("Content-Type", contentType),
        body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void anExportImportsBackByteForByte() throws IOException {
    try (TestServer server = TestServer.start(folder)) {
      for (String id : List.of("b2", "b1", "with space", "ünï")) {
        create(server, id);
      }
      assertEquals(204, server.patch(TestServer.COLLECTION + "/b1", "{\"deploymentDuration\":\"-PT1M0.5S\","
          + "\"osVersion\":\"10.0.22631\"}").status());
      String exported = admin(server, "GET", "/export", Map.of()).text();
      assertEquals(204, admin(server, "POST", "/reset", Map.of()).status());
      TestServer.Reply imported = load(server, "", "application/json", exported);
      assertEquals(200, imported.status(), imported::toString);
      assertEquals("{\"imported\":4}", imported.text());
      assertEquals(exported, admin(server, "GET", "/export", Map.of()).text());
    }
  }

  @Test
  void importsASavedGraphPageAndNdjsonCheckedAsPostChecks() throws IOException {
    try (TestServer server = TestServer.start(folder)) {
      String page = "{\"@odata.context\":\"https://graph.microsoft.com/beta/$metadata#deviceManagement/autopilotEvents\","
          + "\"value\":[{\"@odata.type\":\"#microsoft.graph.deviceManagementAutopilotEvent\",\"id\":\"g1\","
          + "\"deviceId\":\"dev-1\",\"enrollmentState\":\"failed\",\"deploymentDuration\":\"PT0.30000000000000004S\"}],"
          + "\"@odata.nextLink\":\"https://graph.microsoft.com/beta/deviceManagement/autopilotEvents?$skiptoken=x\"}";
      assertEquals("{\"imported\":1}", load(server, "", "application/json;charset=utf-8", page).text());
      JsonNode g1 = server.get(TestServer.COLLECTION + "/g1").json();
      assertEquals("failed", g1.get("enrollmentState").asText());
      assertEquals("PT0.3S", g1.get("deploymentDuration").asText(), "the same value rules as POST");
      assertEquals("0001-01-01T00:00:00Z", g1.get("eventDateTime").asText(), "and the same defaults");
      TestServer.Reply lines = load(server, "", "application/x-ndjson",
          "{\"deviceId\":\"n1\"}\n\n{\"id\":\"n2\",\"osVersion\":\"11\"}\n");
      assertEquals("{\"imported\":2}", lines.text());
      JsonNode generated = server.get(TestServer.COLLECTION + "?$filter=deviceId%20eq%20'n1'").json().get("value");
      assertTrue(generated.get(0).get("id").asText().matches("[0-9a-f-]{36}"), "an id is made when absent");
      assertEquals(3, server.count());
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "application/x-ndjson | {\"id\":\"ok1\"}\\n{\"id\":\"ok2\"}\\n{\"id\":\"bad\",\"enrollmentState\":\"bogus\"} | 400 | Event 2: Invalid value for property 'enrollmentState'",
      "application/x-ndjson | {\"id\":\"ok1\"}\\n{\"nope\":1}                                | 400 | Event 1: The property 'nope' does not exist",
      "application/x-ndjson | {\"id\":\"ok1\"}\\n{\"id\":\"ok1\"}                               | 409 | Event 1: an entity with key 'ok1' already exists",
      "application/x-ndjson | {\"id\":\"ok1\"}\\n{\"id\":\"kept\"}                              | 409 | Event 1: an entity with key 'kept' already exists",
      "application/json     | {\"value\":[{\"id\":\"ok1\"},{\"id\":\"ok2\",\"eventDateTime\":\"2024\"}]}  | 400 | Event 1: Invalid value for property 'eventDateTime'",
      "application/json     | {\"value\":[{\"id\":\"ok1\"},7]}                                | 400 | Event 1: each item of 'value' must be a JSON object",
      "application/json     | {\"events\":[]}                                                  | 400 | Event 0: the body may hold 'value'",
      "application/json     | {\"value\":[{\"id\":\"ok1\"}                                     | 400 | Event 1: not valid JSON",
      "text/plain           | {}                                                                | 415 | Send the events as application/json"})
  void aBadImportIsRefusedWholeNamingTheFirstBadEvent(String contentType, String body, int status, String message)
      throws IOException {
    try (TestServer server = TestServer.start(folder)) {
      create(server, "kept");
      TestServer.Reply reply = load(server, "", contentType, body.replace("\\n", "\n"));
      JsonNode error = assertGraphError(reply, status, status == 400 ? "BadRequest" : status == 409 ? "Conflict"
          : "UnsupportedMediaType");
      assertTrue(error.get("message").asText().startsWith(message), error::toString);
      assertEquals(1, server.count(), "nothing imported");
      assertGraphError(server.get(TestServer.COLLECTION + "/ok1"), 404, "ResourceNotFound");
    }
  }

  @Test
  void upsertReplacesEventsThatExist() throws IOException {
    try (TestServer server = TestServer.start(folder)) {
      create(server, "kept");
      TestServer.Reply reply = load(server, "?mode=upsert", "application/x-ndjson",
          "{\"id\":\"kept\",\"osVersion\":\"new\"}\n{\"id\":\"added\"}");
      assertEquals("{\"imported\":2}", reply.text(), reply::toString);
      assertEquals(2, server.count());
      JsonNode kept = server.get(TestServer.COLLECTION + "/kept").json();
      assertEquals("new", kept.get("osVersion").asText());
      assertEquals("unknown", kept.get("enrollmentState").asText(), "replaced whole, as a create would make it");
      assertGraphError(load(server, "?mode=merge", "application/x-ndjson", "{}"), 400, "BadRequest");
    }
  }

  @Test
  void importsBodiesPastTheLimitOfAGraphCall() throws IOException {
    try (TestServer server = TestServer.start(folder)) {
      StringBuilder lines = new StringBuilder();
      String padding = "p".repeat(1000);
      int events = 5_000;
      for (int i = 0; i < events; i++) {
        lines.append("{\"id\":\"big-").append(i).append("\",\"enrollmentFailureDetails\":\"").append(padding)
            .append("\"}\n");
      }
      assertTrue(lines.length() > dev.graphmock.http.ServerConfig.MAX_BODY_BYTES, "more than a Graph call may send");
      TestServer.Reply reply = load(server, "", "application/x-ndjson", lines.toString());
      assertEquals("{\"imported\":" + events + "}", reply.text(), reply::toString);
      assertEquals(events, server.count());
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "GET    | /nothing          | 404 | ResourceNotFound |",
      "GET    | /reset            | 405 | MethodNotAllowed | POST",
      "DELETE | /export           | 405 | MethodNotAllowed | GET",
      "POST   | /reset?force=yes  | 400 | BadRequest       |",
      "GET    | /export?a=1&a=2   | 400 | BadRequest       |"})
  void refusesWhatIsNotAnEndpointInGraphsErrorShape(String method, String path, int status, String code,
                                                      String allow) throws IOException {
    try (TestServer server = TestServer.start(folder)) {
      create(server, "kept");
      TestServer.Reply reply = admin(server, method, path, Map.of());
      assertGraphError(reply, status, code);
      assertEquals(allow, reply.header("Allow"));
      assertEquals(1, server.count(), "nothing changed");
    }
  }

  @Test
  void needsNoGraphTokenEvenWhenGraphCallsNeedAJwt() throws IOException {
    try (TestServer server = TestServer.start(TestServer.config(folder).withAuth(AuthMode.JWT))) {
      assertEquals(204, admin(server, "POST", "/reset", Map.of()).status());
      assertEquals(200, admin(server, "GET", "/export", Map.of()).status());
    }
  }

  @Test
  void noAdminTurnsItOff() throws IOException {
    try (TestServer server = TestServer.start(TestServer.config(folder).withAdmin(false, null))) {
      create(server, "kept");
      assertGraphError(admin(server, "POST", "/reset", Map.of()), 404, "ResourceNotFound");
      assertEquals(1, server.count());
    }
  }

  @Test
  void offLoopbackItIsRefusedWithoutTheAdminToken() throws IOException {
    // Listening on every address (not loopback only); the test still calls it on 127.0.0.1.
    try (TestServer server = TestServer.start(new dev.graphmock.http.ServerConfig("0.0.0.0", 0,
        folder.resolve("graph.db"), TestServer.SCHEMA, null, 100, 999, AuthMode.BEARER, false, List.of(), 32, true,
        null))) {
      create(server, "kept");
      TestServer.Reply refused = admin(server, "POST", "/reset", Map.of("Authorization", "Bearer anything"));
      assertGraphError(refused, 403, "Forbidden");
      assertTrue(refused.json().get("error").get("message").asText().contains("--admin-token"));
      assertEquals(1, server.count());
    }
  }

  @Test
  void withAnAdminTokenOnlyCallsThatSendItGetThrough() throws IOException {
    try (TestServer server = TestServer.start(TestServer.config(folder).withAdmin(true, "s3cret"))) {
      create(server, "kept");
      for (String authorization : List.of("", "Bearer wrong", "Bearer s3cret-and-more", "Basic s3cret")) {
        Map<String, String> headers = authorization.isEmpty() ? Map.of() : Map.of("Authorization", authorization);
        TestServer.Reply refused = admin(server, "POST", "/reset", headers);
        assertGraphError(refused, 403, "Forbidden");
        assertTrue(!refused.text().contains("s3cret"), "the secret never comes back");
      }
      assertEquals(1, server.count());
      assertEquals(204, admin(server, "POST", "/reset", Map.of("Authorization", "Bearer s3cret")).status());
      assertEquals(0, server.count());
    }
  }
}
