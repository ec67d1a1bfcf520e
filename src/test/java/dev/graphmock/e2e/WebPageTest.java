package dev.graphmock.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graphmock.http.AuthMode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a web page open in a browser on the same machine can make a default graphmock do (admin API open on
 * loopback, no token): nothing. It can send a "simple" cross-origin POST (text/plain, no preflight) and, through DNS
 * rebinding, requests whose Host is its own name; each is sent here byte for byte as the browser would.
 */
class WebPageTest {
  private static final String EVIL = "http://attacker.example";

  @TempDir
  Path folder;

  @org.junit.jupiter.api.BeforeEach
  void onceAnExecution() {
    org.junit.jupiter.api.Assumptions.assumeTrue(TestServer.isSeed() && !TestServer.POSTGRES,
        "about the HTTP layer, not schemas or stores: in the default execution only");
  }

  private static void create(TestServer server, String id) {
    assertEquals(201, server.post(TestServer.COLLECTION, "{\"id\":\"" + id + "\"}").status());
  }

  private static RawHttp.Answer admin(TestServer server, String method, String path, Map<String, String> headers,
                                      String body) throws IOException {
    return RawHttp.send(server.origin(), method, "/__admin" + path, headers, body);
  }

  private static void assertRefused(RawHttp.Answer answer, int status, String code, String named) {
    assertEquals(status, answer.status(), answer::body);
    assertTrue(answer.body().contains("\"code\":\"" + code + "\""), answer::body);
    assertTrue(answer.body().contains(named), answer::body);
  }

  /** The simple requests a page may send cross-origin without a preflight: text/plain, form, multipart. */
  @ParameterizedTest
  @CsvSource({"/reset, text/plain", "/reset, application/x-www-form-urlencoded", "/generate, text/plain",
      "/import, text/plain", "/faults, multipart/form-data; boundary=x"})
  void aSimpleCrossOriginPostChangesNothing(String endpoint, String contentType) throws IOException {
    try (TestServer server = TestServer.start(folder)) {
      create(server, "kept");
      assertRefused(admin(server, "POST", endpoint, Map.of("Origin", EVIL, "Content-Type", contentType),
          "{\"count\":5}"), 403, "Forbidden", EVIL);
      assertEquals(1, server.count(), "the data is still there");
      assertEquals("[]", server.send("GET", server.origin() + "/__admin/faults", Map.of(), null).json()
          .get("value").toString(), "no rule was added");
    }
  }

  @Test
  void aBodyThatIsNotJsonIsRefusedFromAnyOrigin() throws IOException {
    try (TestServer server = TestServer.start(folder)) {
      create(server, "kept");
      // No Origin at all (a form a page posts is still marked by its type); the type alone decides.
      assertRefused(admin(server, "POST", "/generate", Map.of("Content-Type", "text/plain"), "{\"count\":5}"), 415,
          "UnsupportedMediaType", "text/plain");
      assertRefused(admin(server, "POST", "/reset", Map.of(), "x"), 415, "UnsupportedMediaType",
          "without a Content-Type");
      assertEquals(1, server.count());
    }
  }

  @Test
  void theServersOwnOriginAndCallsWithoutABodyAreServed() throws IOException {
    try (TestServer server = TestServer.start(folder)) {
      URI origin = server.origin();
      create(server, "one");
      assertEquals(204, admin(server, "POST", "/reset", Map.of(), null).status(), "no body, no type: as before");
      create(server, "two");
      assertEquals(204, admin(server, "POST", "/reset", Map.of("Origin", "http://localhost:" + origin.getPort(),
          "Content-Type", "text/plain"), null).status(), "a type without a body is no body");
      assertEquals(0, server.count());
      assertEquals(200, admin(server, "POST", "/generate", Map.of("Origin", "http://127.0.0.1:" + origin.getPort(),
          "Content-Type", "application/json; charset=utf-8"), "{\"count\":3}").status());
      assertEquals(3, server.count());
      assertRefused(admin(server, "POST", "/reset", Map.of("Origin", "http://127.0.0.1:" + (origin.getPort() + 1)),
          null), 403, "Forbidden", "another origin");
      assertRefused(admin(server, "DELETE", "/faults", Map.of("Origin", "null"), null), 403, "Forbidden", "null");
      assertEquals(3, server.count());
    }
  }

  @Test
  void dnsRebindingCannotReadOrChangeTheData() throws IOException {
    try (TestServer server = TestServer.start(folder)) {
      create(server, "secret-event");
      String host = "attacker.example:" + server.origin().getPort();
      RawHttp.Answer export = admin(server, "GET", "/export", Map.of("Host", host), null);
      assertRefused(export, 403, "Forbidden", "--allowed-host attacker.example");
      assertFalse(export.body().contains("secret-event"));
      // Its own origin, as far as the browser knows: the Host check alone stands in the way.
      assertRefused(admin(server, "POST", "/reset", Map.of("Host", host, "Origin", EVIL + ":"
          + server.origin().getPort()), null), 403, "Forbidden", "attacker.example");
      assertEquals(1, server.count());
      for (String name : List.of("localhost", "127.0.0.1", "api.localhost", "[::1]", "LOCALHOST")) {
        assertEquals(200, admin(server, "GET", "/export", Map.of("Host", name + ":" + server.origin().getPort()),
            null).status(), name);
      }
    }
  }

  @Test
  void aNameGivenWithAllowedHostIsServed() throws IOException {
    try (TestServer server = TestServer.start(TestServer.config(folder).withAllowedHosts(List.of("mock.test")))) {
      create(server, "one");
      assertEquals(200, admin(server, "GET", "/export", Map.of("Host", "mock.test:" + server.origin().getPort()),
          null).status());
      assertEquals(204, admin(server, "POST", "/reset", Map.of("Host", "mock.test", "Origin", "http://mock.test:"
          + server.origin().getPort()), null).status());
      assertEquals(403, admin(server, "GET", "/export", Map.of("Host", "other.test"), null).status());
    }
  }

  @Test
  void aCorsOriginMayChangeState() throws IOException {
    try (TestServer server = TestServer.start(TestServer.config(folder).withCorsOrigins(
        List.of("http://localhost:3000")))) {
      create(server, "one");
      assertEquals(204, admin(server, "POST", "/reset", Map.of("Origin", "http://localhost:3000"), null).status());
      assertEquals(0, server.count());
    }
  }

  @Test
  void underAuthNoneGraphCallsGetTheHostRuleToo() throws IOException {
    try (TestServer server = TestServer.start(TestServer.config(folder).withAuth(AuthMode.NONE))) {
      create(server, "secret-event");
      String events = "/beta" + TestServer.COLLECTION;
      RawHttp.Answer rebound = RawHttp.send(server.origin(), "GET", events, Map.of("Host", "attacker.example"), null);
      assertRefused(rebound, 403, "Forbidden", "attacker.example");
      assertFalse(rebound.body().contains("secret-event"));
      assertEquals(200, RawHttp.send(server.origin(), "GET", events, Map.of("Host", "localhost"), null).status());
    }
    try (TestServer server = TestServer.start(folder)) {
      // With a token required, a page cannot send one cross-origin without a preflight: the name is not checked.
      assertEquals(200, RawHttp.send(server.origin(), "GET", "/beta" + TestServer.COLLECTION,
          Map.of("Host", "attacker.example", "Authorization", "Bearer t"), null).status());
    }
  }
}
