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
