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

      assertEquals(export.text(), admin(server, "GET", "/export?set=deviceManagement/autopilotEvents", Map.of())
          .text(), "?set= names the one collection, as it names a place of the engine's schemas");
      assertEquals(export.text(), admin(server, "GET", "/export?set=devicemanagement/AutopilotEvents", Map.of())
          .text(), "in any case");
      TestServer.Reply other = admin(server, "GET", "/export?set=deviceManagement/managedDevices", Map.of());
      assertGraphError(other, 400, "BadRequest");
      assertEquals("set must name a place of the schema, such as deviceManagement/autopilotEvents;"
          + " 'deviceManagement/managedDevices' names none.", other.json().at("/error/message").asText());
      assertGraphError(load(server, "?set=deviceManagement/managedDevices", "application/json", export.text()), 400,
          "BadRequest");
      TestServer.Reply again = load(server, "?set=deviceManagement/autopilotEvents&mode=upsert", "application/json",
          export.text());
      assertEquals(200, again.status(), again::text);
      assertEquals("{\"imported\":4}", again.text(), "an import names its place as an export does");
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
      "application/x-ndjson | {\"id\":\"ok1\"}\\n{\"id\":\"ok2\"}\\n{\"id\":\"bad\",\"enrollmentState\":\"bogus\"} | 400 | Entity 2: Invalid value for property 'enrollmentState'",
      "application/x-ndjson | {\"id\":\"ok1\"}\\n{\"nope\":1}                                | 400 | Entity 1: The property 'nope' does not exist",
      "application/x-ndjson | {\"id\":\"ok1\"}\\n{\"id\":\"ok1\"}                               | 409 | Entity 1: an entity with id 'ok1' already exists",
      "application/x-ndjson | {\"id\":\"ok1\"}\\n{\"id\":\"kept\"}                              | 409 | Entity 1: an entity with id 'kept' already exists",
      "application/json     | {\"value\":[{\"id\":\"ok1\"},{\"id\":\"ok2\",\"eventDateTime\":\"2024\"}]}  | 400 | Entity 1: Invalid value for property 'eventDateTime'",
      "application/json     | {\"value\":[{\"id\":\"ok1\"},7]}                                | 400 | Entity 1: each item of 'value' must be a JSON object",
      "application/json     | {\"events\":[]}                                                  | 400 | Entity 0: the body may hold 'value'",
      "application/json     | {\"value\":[{\"id\":\"ok1\"}                                     | 400 | Entity 1: The request body is not valid JSON",
      "text/plain           | {}                                                                | 415 | Send the body as application/json"})
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
  void aTakenKeyDeepInALargeImportIsNamedAtItsPosition() throws IOException {
    try (TestServer server = TestServer.start(folder)) {
      create(server, "kept");
      StringBuilder lines = new StringBuilder();
      for (int i = 0; i < 1_700; i++) {
        // Event 1,234 repeats event 3's id; event 1,600 repeats one that was there before (neither is first in
        // any batch of rows a store might send together).
        String id = i == 1_234 ? "e3" : i == 1_600 ? "kept" : "e" + i;
        lines.append("{\"id\":\"").append(id).append("\"}\n");
      }
      JsonNode error = assertGraphError(load(server, "", "application/x-ndjson", lines.toString()), 409, "Conflict");
      assertTrue(error.get("message").asText().startsWith("Entity 1234: an entity with id 'e3' already exists"),
          error::toString);
      assertEquals(1, server.count(), "nothing imported");
      String withoutTheRepeat = lines.toString().replace("{\"id\":\"e3\"}\n{\"id\":\"e1235\"}", "{\"id\":\"e1235\"}");
      JsonNode second = assertGraphError(load(server, "", "application/x-ndjson", withoutTheRepeat), 409, "Conflict");
      assertTrue(second.get("message").asText().startsWith("Entity 1599: an entity with id 'kept' already exists"),
          second::toString);
      assertEquals(1, server.count(), "nothing imported");
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
      assertTrue(lines.length() > dev.graphmock.http.BodyLimit.MAX_BODY_BYTES, "more than a Graph call may send");
      TestServer.Reply reply = load(server, "", "application/x-ndjson", lines.toString());
      assertEquals("{\"imported\":" + events + "}", reply.text(), reply::toString);
      assertEquals(events, server.count());
    }
  }

  private static TestServer.Reply generate(TestServer server, String body) {
    return server.send("POST", server.origin() + "/__admin/generate", Map.of("Content-Type", "application/json"),
        body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** The names and definitions of the events' table's indexes in the server's SQLite file. */
  private List<String> indexes() throws java.sql.SQLException {
    List<String> found = new ArrayList<>();
    try (java.sql.Connection connection = java.sql.DriverManager.getConnection("jdbc:sqlite:"
        + folder.resolve("graph.db"));
         java.sql.ResultSet rows = connection.createStatement().executeQuery("SELECT name || ': ' || sql FROM"
             + " sqlite_master WHERE type = 'index' AND tbl_name = 'deviceManagementAutopilotEvent' AND sql IS NOT NULL"
             + " ORDER BY name")) {
      while (rows.next()) {
        found.add(rows.getString(1));
      }
    }
    return found;
  }

  /**
   * A generate or an import into an empty table makes the indexes once at the end (on SQLite): they are all there
   * after it, the same as before, and after one that fails halfway (the same transaction put them back).
   */
  @Test
  void aLoadIntoAnEmptyTableLeavesEveryIndexAsItWas() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(!TestServer.IN_MEMORY && !TestServer.POSTGRES, "a SQLite file");
    try (TestServer server = TestServer.start(folder)) {
      List<String> declared = indexes();
      assertTrue(declared.size() >= 5, declared::toString);
      assertEquals("{\"generated\":300}", generate(server, "{\"count\":300,\"seed\":7}").text());
      assertEquals(declared, indexes(), "after a generate");
      assertEquals(300, server.count());
      admin(server, "POST", "/reset", Map.of());
      assertGraphError(load(server, "", "application/x-ndjson", "{\"id\":\"a\"}\n{\"id\":\"b\",\"enrollmentState\":"
          + "\"bogus\"}\n"), 400, "BadRequest");
      assertEquals(declared, indexes(), "after an import refused halfway");
      assertEquals(0, server.count());
      assertEquals("{\"imported\":2}", load(server, "", "application/x-ndjson", "{\"id\":\"a\"}\n{\"id\":\"b\"}\n")
          .text());
      assertEquals(declared, indexes(), "after an import");
      assertEquals(1, server.get(TestServer.COLLECTION + "?$filter=id%20eq%20'b'").json().get("value").size());
    }
  }

  @Test
  void generateMakesTheSameEventsForTheSameSeedAndOthersForAnother() throws IOException {
    try (TestServer server = TestServer.start(folder)) {
      assertEquals("{\"generated\":300}", generate(server, "{\"count\":300,\"seed\":7}").text());
      String first = admin(server, "GET", "/export", Map.of()).text();
      admin(server, "POST", "/reset", Map.of());
      generate(server, "{\"seed\":7,\"count\":300}");
      assertEquals(first, admin(server, "GET", "/export", Map.of()).text(), "ids included");
      assertGraphError(generate(server, "{\"count\":300,\"seed\":7}"), 409, "Conflict");
      assertEquals(300, server.count(), "a repeat adds nothing");
      admin(server, "POST", "/reset", Map.of());
      generate(server, "{\"count\":300,\"seed\":8}");
      assertTrue(!first.equals(admin(server, "GET", "/export", Map.of()).text()));
    }
  }

  @Test
  void generatedEventsAreRealisticAndTheirTimesAgree() throws IOException {
    try (TestServer server = TestServer.start(folder)) {
      generate(server, "{\"count\":2000,\"seed\":1,\"until\":\"2024-06-01T00:00:00Z\"}");
      JsonNode events = admin(server, "GET", "/export", Map.of()).json().get("value");
      assertEquals(2000, events.size());
      java.time.Instant until = java.time.Instant.parse("2024-06-01T00:00:00Z");
      Map<String, Integer> states = new java.util.HashMap<>();
      java.util.Set<String> devices = new java.util.HashSet<>();
      for (JsonNode event : events) {
        java.time.Instant registered = instant(event, "deviceRegisteredDateTime");
        java.time.Instant enrollment = instant(event, "enrollmentStartDateTime");
        java.time.Instant start = instant(event, "deploymentStartDateTime");
        java.time.Instant end = instant(event, "deploymentEndDateTime");
        assertTrue(!registered.isAfter(enrollment) && !enrollment.isAfter(start) && !start.isAfter(end), event::toString);
        assertEquals(end, instant(event, "eventDateTime"), "the event is the deployment's end");
        assertTrue(end.isBefore(until) && end.isAfter(until.minus(java.time.Duration.ofDays(183))), event::toString);
        assertEquals(java.time.Duration.between(start, end), duration(event, "deploymentDuration"));
        assertEquals(java.time.Duration.between(enrollment, end), duration(event, "deploymentTotalDuration"));
        assertTrue(event.get("deviceId").asText().matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"));
        assertTrue(event.get("userPrincipalName").asText().endsWith("@contoso.com"), event::toString);
        assertTrue(event.get("osVersion").asText().startsWith("10.0."), event::toString);
        String state = event.get("deploymentState").asText();
        states.merge(state, 1, Integer::sum);
        assertEquals(state.equals("failure"), !event.get("enrollmentFailureDetails").isNull(), event::toString);
        devices.add(event.get("deviceId").asText());
        if (TestServer.isSeed()) {
          assertTrue(event.get("targetedAppCount").asInt() > 0);
        } else {
          assertTrue(event.get("userId").asText().matches("[0-9a-f-]{36}"), "the current schema's userId");
        }
      }
      assertTrue(states.get("success") > 1200 && states.get("failure") > 100, states::toString);
      assertTrue(devices.size() >= 300 && devices.size() < 2000, "a fleet, events repeating devices: " + devices.size());
    }
  }

  private static java.time.Instant instant(JsonNode event, String property) {
    return java.time.OffsetDateTime.parse(event.get(property).asText()).toInstant();
  }

  private static java.time.Duration duration(JsonNode event, String property) {
    return java.time.Duration.parse(event.get(property).asText());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"count\":0}", "{\"count\":\"5\"}", "{\"count\":5.5}", "{\"count\":10000001}", "{}",
      "{\"count\":5,\"seed\":1.5}", "{\"count\":5,\"until\":\"tomorrow\"}", "{\"count\":5,\"tenant\":\"t\"}",
      "[5]", "not json"})
  void generateRefusesABadBodyAndMakesNothing(String body) throws IOException {
    try (TestServer server = TestServer.start(folder)) {
      assertGraphError(generate(server, body), 400, "BadRequest");
      assertEquals(0, server.count());
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
    try (TestServer server = TestServer.start(new dev.graphmock.app.ServerConfig("0.0.0.0", 0,
        TestServer.config(folder).database(), TestServer.SCHEMA, null, 100, 999, AuthMode.BEARER, false, List.of(), 32, true,
        null, null, dev.graphmock.app.ServerConfig.TestControls.DEFAULTS, List.of()))) {
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
      for (String authorization : List.of("", "Bearer ", "Basic s3cret")) {
        Map<String, String> headers = authorization.isEmpty() ? Map.of() : Map.of("Authorization", authorization);
        TestServer.Reply missing = admin(server, "POST", "/reset", headers);
        assertGraphError(missing, 401, "InvalidAuthenticationToken");
        assertEquals("Bearer realm=\"graphmock admin\"", missing.header("WWW-Authenticate"),
            "no token at all is 401 with a challenge (RFC 9110, 15.5.2)");
        assertTrue(!missing.text().contains("s3cret"), "the secret never comes back");
      }
      for (String authorization : List.of("Bearer wrong", "Bearer s3cret-and-more")) {
        TestServer.Reply refused = admin(server, "POST", "/reset", Map.of("Authorization", authorization));
        assertGraphError(refused, 403, "Forbidden");
        assertTrue(!refused.text().contains("s3cret"), "the secret never comes back");
      }
      assertEquals(1, server.count());
      assertEquals(204, admin(server, "POST", "/reset", Map.of("Authorization", "Bearer s3cret")).status());
      assertEquals(0, server.count());
    }
  }
}
