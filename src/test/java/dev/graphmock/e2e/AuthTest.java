package dev.graphmock.e2e;

import static dev.graphmock.e2e.GraphErrorAssert.assertGraphError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphmock.http.AuthMode;
import dev.graphmock.http.Tokens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** --auth jwt: audience, lifetime, tenant and the permission each operation needs (metadata/*.server.json). */
class AuthTest {
  static final String MD_READ = "DeviceManagementManagedDevices.Read.All";
  static final String MD_WRITE = "DeviceManagementManagedDevices.ReadWrite.All";
  static final String CONFIG_READ = "DeviceManagementConfiguration.Read.All";
  static final String CONFIG_WRITE = "DeviceManagementConfiguration.ReadWrite.All";

  @TempDir
  static Path folder;
  static TestServer server;

  @BeforeAll
  static void start() throws IOException {
    server = TestServer.start(TestServer.config(folder).withAuth(AuthMode.JWT));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String token(boolean application, String... permissions) {
    return Tokens.issue(List.of(permissions), application, Duration.ofHours(1), Instant.now());
  }

  static TestServer.Reply send(String method, String path, String token, String body) {
    Map<String, String> headers = Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json");
    return server.send(method, path, headers, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
  }

  static String withClaims(String claims) {
    Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
    return base64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
        + base64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".";
  }

  @Test
  void aWriteTokenCanDoEverything() {
    for (boolean application : new boolean[] {false, true}) {
      String token = token(application, MD_WRITE);
      TestServer.Reply created = send("POST", TestServer.COLLECTION, token, "{}");
      assertEquals(201, created.status(), created::toString);
      String path = TestServer.COLLECTION + "/" + created.json().get("id").asText();
      assertEquals(200, send("GET", path, token, null).status());
      assertEquals(200, send("GET", TestServer.COLLECTION, token, null).status());
      assertEquals(204, send("PATCH", path, token, "{\"osVersion\":\"1\"}").status());
      assertEquals(204, send("DELETE", path, token, null).status());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {MD_READ, MD_WRITE, CONFIG_READ, CONFIG_WRITE})
  void anyOfTheFourPermissionsReads(String permission) {
    assertEquals(200, send("GET", TestServer.COLLECTION, token(false, permission), null).status());
    assertEquals(200, send("GET", TestServer.COLLECTION + "/$count", token(true, permission), null).status());
  }

  @Test
  void readPermissionsCannotWrite() {
    String id = send("POST", TestServer.COLLECTION, token(false, MD_WRITE), "{}").json().get("id").asText();
    String path = TestServer.COLLECTION + "/" + id;
    String count = send("GET", TestServer.COLLECTION + "/$count", token(false, MD_READ), null).text();
    String read = token(false, MD_READ, CONFIG_READ);
    JsonNode error = assertGraphError(send("POST", TestServer.COLLECTION, read, "{}"), 403, "Forbidden");
    assertTrue(error.get("message").asText().startsWith("Application is not authorized to perform this operation."
        + " Application must have one of the following scopes: "), error::toString);
    assertTrue(error.get("message").asText().contains(MD_WRITE));
    assertGraphError(send("PATCH", path, read, "{\"osVersion\":\"x\"}"), 403, "Forbidden");
    assertGraphError(send("DELETE", path, read, null), 403, "Forbidden");
    assertEquals(count, send("GET", TestServer.COLLECTION + "/$count", token(false, MD_READ), null).text());
  }

  @Test
  void createNeedsThePermissionsTheSchemasDocsPageLists() {
    // The seed page lists DeviceManagementManagedDevices.ReadWrite.All only; the 2024 page adds Configuration.
    TestServer.Reply reply = send("POST", TestServer.COLLECTION, token(false, CONFIG_WRITE), "{}");
    assertEquals(TestServer.isSeed() ? 403 : 201, reply.status(), reply::toString);
    String id = send("POST", TestServer.COLLECTION, token(false, MD_WRITE), "{}").json().get("id").asText();
    assertEquals(204, send("PATCH", TestServer.COLLECTION + "/" + id, token(false, CONFIG_WRITE), "{}").status());
    assertEquals(204, send("DELETE", TestServer.COLLECTION + "/" + id, token(false, CONFIG_WRITE), null).status());
  }

  @Test
  void anExpiredTokenIs401() {
    String expired = Tokens.issue(List.of(MD_WRITE), false, Duration.ofMinutes(-5), Instant.now());
    JsonNode error = assertGraphError(send("GET", TestServer.COLLECTION, expired, null), 401,
        "InvalidAuthenticationToken");
    assertEquals("Lifetime validation failed, the token is expired.", error.get("message").asText());
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"aud\":\"api://someone-else\",\"scp\":\"" + MD_WRITE + "\"}",
      "{\"scp\":\"" + MD_WRITE + "\"}"})
  void anotherAudienceIs401(String claims) {
    JsonNode error = assertGraphError(send("GET", TestServer.COLLECTION, withClaims(claims), null), 401,
        "InvalidAuthenticationToken");
    assertEquals("Access token validation failure. Invalid audience.", error.get("message").asText());
  }

  @Test
  void theGraphAppIdIsAGraphAudience() {
    String token = withClaims("{\"aud\":\"00000003-0000-0000-c000-000000000000\",\"roles\":[\"" + MD_READ + "\"]}");
    assertEquals(200, send("GET", TestServer.COLLECTION, token, null).status());
  }

  @ParameterizedTest
  @ValueSource(strings = {"not-a-jwt", "a.b.c", "e30.e30", "e30.W10.x", "!!!.e30.x", "e30.e30.e30.e30"})
  void aMalformedTokenIs401(String token) {
    assertGraphError(send("GET", TestServer.COLLECTION, token, null), 401, "InvalidAuthenticationToken");
  }

  @Test
  void personalAccountsAreRefused() {
    String token = withClaims("{\"aud\":\"https://graph.microsoft.com\",\"tid\":\"9188040d-6c67-4c5b-b112-36a304b66dad\","
        + "\"scp\":\"" + MD_WRITE + "\"}");
    assertGraphError(send("GET", TestServer.COLLECTION, token, null), 403, "Forbidden");
  }

  @Test
  void metadataAndServiceDocumentStayAnonymous() {
    assertEquals(200, server.send("GET", "/$metadata", Map.of(), null).status());
    assertEquals(200, server.send("GET", "/", Map.of(), null).status());
    assertGraphError(server.send("GET", TestServer.COLLECTION, Map.of(), null), 401, "InvalidAuthenticationToken");
  }

  @Test
  void authNoneNeedsNoToken(@TempDir Path other) throws IOException {
    try (TestServer open = TestServer.start(TestServer.config(other).withAuth(AuthMode.NONE))) {
      assertEquals(201, open.send("POST", TestServer.COLLECTION, Map.of("Content-Type", "application/json"),
          "{}".getBytes(StandardCharsets.UTF_8)).status());
      assertEquals(200, open.send("GET", TestServer.COLLECTION, Map.of(), null).status());
    }
  }

  @Test
  void theTokenCommandPrintsATokenTheServerAccepts(@TempDir Path other) throws Exception {
    String token;
    try (ServerProcess command = ServerProcess.start(other, "token", "--scopes", MD_READ + "," + MD_WRITE,
        "--expires", "10m")) {
      token = command.stdout().strip();
      assertEquals(0, command.awaitExit(), command::stderr);
    }
    assertEquals(201, send("POST", TestServer.COLLECTION, token, "{}").status());
    JsonNode claims = TestServer.JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
    assertEquals(MD_READ + " " + MD_WRITE, claims.get("scp").asText());
    long lifetime = claims.get("exp").asLong() - claims.get("iat").asLong();
    assertEquals(600, lifetime);
    try (ServerProcess command = ServerProcess.start(other, "token", "--scopes", MD_READ, "--app")) {
      String app = command.stdout().strip();
      assertEquals(0, command.awaitExit());
      assertEquals(MD_READ, TestServer.JSON.readTree(Base64.getUrlDecoder().decode(app.split("\\.")[1]))
          .get("roles").get(0).asText());
      assertEquals(403, send("POST", TestServer.COLLECTION, app, "{}").status());
    }
  }

  /** Graph's challenge on every 401, as Entra ID's claims-challenge page shows it. */
  @Test
  void every401CarriesGraphsChallenge() {
    String challenge = "Bearer realm=\"\", authorization_uri=\"https://login.microsoftonline.com/common/oauth2/"
        + "authorize\", client_id=\"00000003-0000-0000-c000-000000000000\"";
    TestServer.Reply noToken = server.send("GET", TestServer.COLLECTION, Map.of(), null);
    assertGraphError(noToken, 401, "InvalidAuthenticationToken");
    assertEquals(challenge, noToken.header("WWW-Authenticate"));
    TestServer.Reply expired = send("GET", TestServer.COLLECTION, Tokens.issue(List.of(MD_READ), true,
        Duration.ofHours(-1), Instant.now()), null);
    assertGraphError(expired, 401, "InvalidAuthenticationToken");
    assertEquals(challenge, expired.header("WWW-Authenticate"));
    TestServer.Reply forbidden = send("GET", TestServer.COLLECTION, token(true, "User.Read.All"), null);
    assertGraphError(forbidden, 403, "Forbidden");
    assertEquals(null, forbidden.header("WWW-Authenticate"), "a 403 asks for no other token");
  }
}
