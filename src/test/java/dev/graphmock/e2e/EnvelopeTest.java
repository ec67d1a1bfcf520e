package dev.graphmock.e2e;

import static dev.graphmock.e2e.GraphErrorAssert.assertGraphError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What every response carries: Graph's error body, request ids, OData-Version, the token check, version roots. */
class EnvelopeTest extends SharedServerTest {

  @Test
  void everyResponseCarriesANewRequestIdAndOdataVersion() {
    TestServer.Reply first = server.get(TestServer.COLLECTION);
    TestServer.Reply second = server.get(TestServer.COLLECTION);
    for (TestServer.Reply reply : new TestServer.Reply[] {first, second}) {
      // A random (version 4, RFC 9562 variant) GUID, as Graph's request ids are.
      assertTrue(reply.header("request-id")
          .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"), reply.header("request-id"));
      assertEquals(reply.header("request-id"), reply.header("client-request-id"));
      assertEquals("4.0", reply.header("OData-Version"));
    }
    assertNotEquals(first.header("request-id"), second.header("request-id"));
  }

  @Test
  void echoesTheCallersClientRequestIdInHeaderAndErrorBody() {
    TestServer.Reply reply = server.send("GET", TestServer.COLLECTION + "/missing",
        Map.of("Authorization", "Bearer t", "client-request-id", "caller-42"), null);
    assertEquals("caller-42", reply.header("client-request-id"));
    assertNotEquals("caller-42", reply.header("request-id"));
    assertEquals("caller-42", assertGraphError(reply, 404, "ResourceNotFound").get("innerError")
        .get("client-request-id").asText());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "none", value = {
      "none", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "token-without-scheme"})
  void requestsWithoutABearerTokenAre401(String authorization) {
    Map<String, String> headers = authorization == null ? Map.of() : Map.of("Authorization", authorization);
    for (String path : new String[] {TestServer.COLLECTION, "/deviceManagement", TestServer.COLLECTION + "/x"}) {
      var error = assertGraphError(server.send("GET", path, headers, null), 401, "InvalidAuthenticationToken");
      assertEquals("Access token is empty.", error.get("message").asText());
    }
    int count = server.count();
    assertGraphError(server.send("POST", TestServer.COLLECTION, TestServer.withJson(headers),
        "{}".getBytes(StandardCharsets.UTF_8)), 401, "InvalidAuthenticationToken");
    assertEquals(count, server.count());
  }

  @ParameterizedTest
  @ValueSource(strings = {"/$metadata", "/", ""})
  void metadataAndServiceDocumentNeedNoToken(String path) {
    TestServer.Reply reply = server.send("GET", path, Map.of(), null);
    assertEquals(200, reply.status(), reply::toString);
    assertEquals("4.0", reply.header("OData-Version"));
  }

  @Test
  void serviceDocumentListsDeviceManagement() {
    var body = server.send("GET", "/", Map.of(), null).json();
    assertEquals(server.beta() + "/$metadata", body.get("@odata.context").asText());
    assertEquals("deviceManagement", body.get("value").get(0).get("name").asText());
    assertEquals("Singleton", body.get("value").get(0).get("kind").asText());
  }

  @Test
  void v1RootServesTheSameServiceWithItsOwnUrls() {
    String v1 = server.origin() + "/v1";
    TestServer.Reply created = server.send("POST", v1 + TestServer.COLLECTION, TestServer.withJson(TestServer.AUTH),
        "{\"id\":\"v1-event\"}".getBytes(StandardCharsets.UTF_8));
    assertEquals(201, created.status());
    assertEquals(v1 + "/$metadata#deviceManagement/autopilotEvents/$entity", created.json().get("@odata.context").asText());
    assertEquals(v1 + "/deviceManagement/autopilotEvents('v1-event')", created.header("Location"));
    assertEquals(200, server.get(TestServer.COLLECTION + "/v1-event").status(), "the same data under /beta");
    assertEquals(v1 + "/$metadata#deviceManagement/autopilotEvents",
        server.send("GET", v1 + TestServer.COLLECTION, TestServer.AUTH, null).json().get("@odata.context").asText());
  }

  @ParameterizedTest
  @ValueSource(strings = {"/v2.0/deviceManagement", "/deviceManagement/autopilotEvents", "/alpha", "/"})
  void otherRootsAre404(String path) {
    var error = assertGraphError(server.send("GET", server.origin() + path, TestServer.AUTH, null), 404,
        "ResourceNotFound");
    assertTrue(error.get("message").asText().startsWith("Invalid version"), error::toString);
  }

  @Test
  void olingoErrorsHaveGraphsShape() {
    assertGraphError(server.get("/deviceManagement/autopilotEvents('nothingHere')"), 404, "ResourceNotFound");
    assertGraphError(server.send("GET", TestServer.COLLECTION,
        Map.of("Authorization", "Bearer t", "Accept", "application/xml"), null), 406, "NotAcceptable");
  }

  @Test
  void jettyErrorsHaveGraphsShape() throws IOException {
    String badEscape = server.raw("GET /beta/deviceManagement/autopilotEvents/%ZZ HTTP/1.1\r\nHost: x\r\n"
        + "Authorization: Bearer t\r\nConnection: close\r\n\r\n");
    assertTrue(badEscape.startsWith("HTTP/1.1 400"), badEscape);
    assertTrue(badEscape.contains("\"code\":\"BadRequest\"") && badEscape.contains("\"innerError\""), badEscape);
    String raw = server.raw("GET /beta/deviceManagement HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t\r\n"
        + "X-Big: " + "a".repeat(70_000) + "\r\n\r\n");
    assertTrue(raw.startsWith("HTTP/1.1 431"), raw);
    assertTrue(raw.contains("\"code\":\"RequestHeaderFieldsTooLarge\""), raw);
  }

}
