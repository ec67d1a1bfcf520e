package dev.graphmock.e2e;

import static dev.graphmock.e2e.GraphErrorAssert.assertGraphError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Accept header against the answers that have content and those that have none (RFC 9110, section 12.5.1):
 * JSON whenever the header allows it, 406 before anything is written when it does not, and a 204 whatever it says.
 */
class ContentNegotiationTest extends SharedServerTest {
  private static final AtomicInteger IDS = new AtomicInteger();

  private static TestServer.Reply send(String method, String id, String prefer, String accept) {
    Map<String, String> headers = new HashMap<>(TestServer.withJson(TestServer.AUTH));
    if (prefer != null) {
      headers.put("Prefer", prefer);
    }
    headers.put("Accept", accept);
    String path = method.equals("POST") ? TestServer.COLLECTION : TestServer.COLLECTION + "/" + id;
    String body = method.equals("POST") ? "{\"id\":\"" + id + "\",\"osVersion\":\"sent\"}" : "{\"osVersion\":\"sent\"}";
    return server.send(method, path, headers, method.equals("DELETE") || method.equals("GET") ? null
        : body.getBytes(StandardCharsets.UTF_8));
  }

  /** A new entity for a request to change (its osVersion "before"), or only a new id for a POST to create. */
  private static String target(String method) {
    String id = "negotiated-" + IDS.incrementAndGet();
    if (!method.equals("POST")) {
      ReadUpdateDeleteTest.create(id, "\"osVersion\":\"before\"");
    }
    return id;
  }

  @ParameterizedTest(name = "{0} {1} Accept: {2}")
  @CsvSource(delimiter = '|', nullValues = "none", value = {
      "PATCH | return=representation | application/xml",
      "PATCH | return=representation | application/atom+xml",
      "PATCH | return=representation | text/html",
      "PATCH | return=representation | application/xml, text/html;q=0.5",
      "PUT   | return=representation | application/xml",
      "POST  | none                  | application/xml",
      "POST  | return=representation | application/xml",
      "POST  | none                  | text/plain"})
  void anAnswerThatCannotBeGivenIs406AndNothingIsWritten(String method, String prefer, String accept) {
    String id = target(method);
    TestServer.Reply before = server.get(TestServer.COLLECTION + "/" + id);
    var error = assertGraphError(send(method, id, prefer, accept), 406, "NotAcceptable");
    assertTrue(error.get("message").asText().contains(accept), error::toString);
    TestServer.Reply after = server.get(TestServer.COLLECTION + "/" + id);
    if (method.equals("POST")) {
      assertEquals(404, after.status(), "nothing was created: " + after);
    } else {
      assertEquals(before.text(), after.text(), "the entity is as it was");
    }
  }

  @ParameterizedTest(name = "{0} {1} Accept: {2}")
  @CsvSource(delimiter = '|', nullValues = "none", value = {
      "GET   | none                  | application/xml;q=0.9, */*;q=0.1",
      "GET   | none                  | application/json;q=0.5, application/xml;q=0.9",
      "GET   | none                  | text/html, application/json;q=0.1",
      "POST  | none                  | application/json;q=0.5, application/xml;q=0.9",
      "POST  | return=representation | application/xml;q=0.9, */*;q=0.1",
      "PATCH | return=representation | application/json;q=0.5, application/xml;q=0.9",
      "PATCH | return=representation | application/xml;q=0.9, */*;q=0.1",
      "PUT   | return=representation | text/html, application/*;q=0.1",
      "GET   | none                  | */*",
      "GET   | none                  | application/*",
      "GET   | none                  | application/json",
      "GET   | none                  | application/json;odata.metadata=minimal",
      "GET   | none                  | application/json;odata.metadata=none",
      "GET   | none                  | application/json;odata.metadata=full",
      "GET   | none                  | application/json;charset=utf-8",
      "GET   | none                  | application/json;IEEE754Compatible=false",
      "POST  | none                  | application/json;odata.metadata=minimal",
      "PATCH | return=representation | application/json;odata.metadata=full"})
  void answersInJsonWheneverAcceptAllowsIt(String method, String prefer, String accept) {
    String id = target(method);
    TestServer.Reply reply = send(method, id, prefer, accept);
    assertEquals(method.equals("POST") ? 201 : 200, reply.status(), reply::toString);
    assertTrue(reply.header("Content-Type").startsWith("application/json;odata.metadata="),
        () -> reply.header("Content-Type"));
    assertEquals(id, reply.json().path("id").asText(), reply::toString);
  }

  @ParameterizedTest(name = "{0} {1} Accept: {2}")
  @CsvSource(delimiter = '|', nullValues = "none", value = {
      "PATCH  | none           | text/plain",
      "PATCH  | return=minimal | application/xml",
      "PATCH  | none           | application/xml",
      "PUT    | none           | text/html",
      "POST   | return=minimal | application/xml",
      "POST   | return=minimal | text/plain",
      "DELETE | none           | application/xml"})
  void anAnswerWithoutContentIsGivenWhateverAcceptSays(String method, String prefer, String accept) {
    String id = target(method);
    TestServer.Reply reply = send(method, id, prefer, accept);
    assertEquals(204, reply.status(), reply::toString);
    TestServer.Reply after = server.get(TestServer.COLLECTION + "/" + id);
    if (method.equals("DELETE")) {
      assertEquals(404, after.status(), after::toString);
    } else {
      assertEquals("sent", after.json().path("osVersion").asText(), after::toString);
    }
  }
}
