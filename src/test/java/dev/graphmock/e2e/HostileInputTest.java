package dev.graphmock.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A corpus of malformed requests, sent byte for byte over a socket: each gets a 4xx in Graph's error shape with
 * nothing internal in it, the stored data is unchanged after each, and the server still answers normally.
 */
class HostileInputTest extends SharedServerTest {
  static final String EVENTS = "/beta/deviceManagement/autopilotEvents";
  static final String AUTH = "Authorization: Bearer t\r\n";
  static final String JSON = "Content-Type: application/json\r\n";

  static String snapshot;

  @BeforeAll
  static void loadFixtures() {
    for (int i = 0; i < 5; i++) {
      assertEquals(201, server.post(TestServer.COLLECTION, "{\"id\":\"h" + i + "\",\"deviceId\":\"d" + i + "\"}").status());
    }
    snapshot = snapshot();
  }

  static String snapshot() {
    return server.get(TestServer.COLLECTION + "?$top=999").json().get("value").toString();
  }

  static Arguments request(String name, String method, String target, String headers, byte[] body) {
    return Arguments.of(name, method, target, headers, body);
  }

  static Arguments request(String name, String method, String target, String headers, String body) {
    return request(name, method, target, headers, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
  }

  static Arguments create(String name, String body) {
    return request(name, "POST", EVENTS, AUTH + JSON, body);
  }

  static Arguments query(String name, String options) {
    return request(name, "GET", EVENTS + "?" + options, AUTH, (byte[]) null);
  }

  static Arguments batch(String name, String body) {
    return request(name, "POST", "/beta/$batch", AUTH + JSON, body);
  }

  static Stream<Arguments> corpus() {
    List<Arguments> corpus = new ArrayList<>();
    // Create bodies
    corpus.add(create("enum as a number", "{\"enrollmentState\":1}"));
    corpus.add(create("truncated JSON", "{\"deviceId\":\"x"));
    corpus.add(create("truncated after a key", "{\"deviceId\""));
    corpus.add(create("deeply nested JSON", "{\"deviceId\":" + "[".repeat(5000) + "]".repeat(5000) + "}"));
    corpus.add(create("10,000-element array", "{\"deviceId\":[" + "1,".repeat(9999) + "1]}"));
    corpus.add(create("huge number", "{\"deploymentDuration\":1e999999}"));
    corpus.add(create("huge integer", "{\"enrollmentState\":" + "9".repeat(5000) + "}"));
    corpus.add(create("raw control character in a string", "{\"deviceId\":\"a\u0001b\"}"));
    corpus.add(create("raw newline in a string", "{\"deviceId\":\"a\nb\"}"));
    corpus.add(create("unknown key", "{\"notAProperty\":true}"));
    corpus.add(create("duplicate key", "{\"osVersion\":\"1\",\"osVersion\":\"2\"}"));
    corpus.add(create("empty body", ""));
    corpus.add(create("JSON array", "[{\"deviceId\":\"x\"}]"));
    corpus.add(create("bare number", "42"));
    corpus.add(create("bare null", "null"));
    corpus.add(create("impossible date", "{\"eventDateTime\":\"2024-13-45T99:99:99Z\"}"));
    corpus.add(create("malformed duration", "{\"deploymentDuration\":\"P-1D-\"}"));
    corpus.add(create("unresolvable @odata.type", "{\"@odata.type\":\"#Evil.Type\"}"));
    corpus.add(create("object for a string", "{\"osVersion\":{\"$ne\":null}}"));
    corpus.add(create("single quotes", "{'deviceId':'x'}"));
    corpus.add(create("comment in JSON", "{/* x */\"deviceId\":\"x\"}"));
    corpus.add(create("trailing comma", "{\"deviceId\":\"x\",}"));
    corpus.add(create("NaN literal", "{\"deploymentDuration\":NaN}"));
    corpus.add(request("invalid UTF-8", "POST", EVENTS, AUTH + JSON,
        new byte[] {'{', '"', 'o', 's', 'V', 'e', 'r', 's', 'i', 'o', 'n', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}));
    corpus.add(request("text/plain body", "POST", EVENTS, AUTH + "Content-Type: text/plain\r\n", "{}"));
    corpus.add(request("no Content-Type", "POST", EVENTS, AUTH, "{}"));
    corpus.add(request("doubled Content-Type", "POST", EVENTS, AUTH + "Content-Type: text/plain\r\n" + JSON, "{}"));
    // Announced, not sent: the 413 comes before the body is read, and a client still sending could see a reset.
    corpus.add(request("body over 4 MiB", "POST", EVENTS, AUTH + JSON + "Expect: 100-continue\r\n"
        + "Content-Length: 4200000\r\n", (byte[]) null));
    // Updates
    corpus.add(request("wrong type on PATCH", "PATCH", EVENTS + "/h1", AUTH + JSON, "{\"osVersion\":5}"));
    corpus.add(request("id change on PATCH", "PATCH", EVENTS + "/h1", AUTH + JSON, "{\"id\":\"other\"}"));
    corpus.add(request("array on PATCH", "PATCH", EVENTS + "/h1", AUTH + JSON, "[]"));
    corpus.add(request("null for non-nullable on PUT", "PUT", EVENTS + "/h1", AUTH + JSON, "{\"enrollmentState\":null}"));
    corpus.add(request("PATCH on the collection", "PATCH", EVENTS, AUTH + JSON, "{}"));
    corpus.add(request("PUT on the collection", "PUT", EVENTS, AUTH + JSON, "{}"));
    corpus.add(request("DELETE on the collection", "DELETE", EVENTS, AUTH, (byte[]) null));
    corpus.add(request("PATCH text/plain", "PATCH", EVENTS + "/h1", AUTH + "Content-Type: text/plain\r\n", "{}"));
    corpus.add(request("DELETE unknown id", "DELETE", EVENTS + "/nope", AUTH, (byte[]) null));
    // Query options
    corpus.add(query("empty $filter", "$filter="));
    corpus.add(query("incomplete $filter", "$filter=deviceId%20eq"));
    corpus.add(query("absurd nesting", "$filter=" + "(".repeat(200) + "deviceId%20eq%20'x'" + ")".repeat(200)));
    corpus.add(query("absurd not chain", "$filter=" + "not%20".repeat(2000) + "(deviceId%20eq%20'x')"));
    corpus.add(query("1,000 ors", "$filter=" + "deviceId%20eq%20'x'%20or%20".repeat(999) + "deviceId%20eq%20'x'"));
    corpus.add(query("negative $top", "$top=-1"));
    corpus.add(query("$top past int", "$top=2147483648"));
    corpus.add(query("$skip past long", "$skip=99999999999999999999"));
    corpus.add(query("non-numeric $top", "$top=abc"));
    corpus.add(query("unknown $orderby property", "$orderby=nope"));
    corpus.add(query("unknown $select property", "$select=nope"));
    corpus.add(query("$expand", "$expand=nope"));
    corpus.add(query("$search", "$search=foo"));
    corpus.add(query("$apply", "$apply=aggregate(x)"));
    corpus.add(query("repeated $filter", "$filter=deviceId%20eq%20'a'&$filter=deviceId%20eq%20'b'"));
    corpus.add(query("garbage $skiptoken", "$skiptoken=%00%01garbage"));
    corpus.add(query("unknown enum member", "$filter=enrollmentState%20eq%20'nope'"));
    corpus.add(query("wrong arity", "$filter=startswith(deviceId)"));
    corpus.add(query("unterminated string literal", "$filter=deviceId%20eq%20'x''%20or%201=1"));
    corpus.add(query("broken percent-encoding in query", "$filter=deviceId%20eq%20%zz"));
    corpus.add(query("unknown system option", "$bogus=1"));
    // URLs
    corpus.add(request("broken percent-encoding in path", "GET", EVENTS + "/%G1", AUTH, (byte[]) null));
    corpus.add(request("unknown version root", "GET", "/gamma/deviceManagement", AUTH, (byte[]) null));
    corpus.add(request("unknown segment", "GET", "/beta/deviceManagement/nope", AUTH, (byte[]) null));
    corpus.add(request("segment after an entity", "GET", EVENTS + "('h1')/nope", AUTH, (byte[]) null));
    corpus.add(request("unterminated key", "GET", EVENTS + "('h1", AUTH, (byte[]) null));
    corpus.add(request("URL over 16 KiB", "GET", EVENTS + "?$filter=" + "x".repeat(17_000), AUTH, (byte[]) null));
    corpus.add(request("path traversal", "GET", "/beta/../../etc/passwd", AUTH, (byte[]) null));
    corpus.add(request("encoded path traversal", "GET", "/beta/%2e%2e/%2e%2e/etc/passwd", AUTH, (byte[]) null));
    corpus.add(request("segment after $count", "GET", EVENTS + "/$count/x", AUTH, (byte[]) null));
    corpus.add(request("POST on an entity", "POST", EVENTS + "/h1", AUTH + JSON, "{}"));
    // Headers
    corpus.add(request("no Authorization", "GET", EVENTS, "", (byte[]) null));
    corpus.add(request("empty bearer token", "GET", EVENTS, "Authorization: Bearer \r\n", (byte[]) null));
    corpus.add(request("Basic credentials", "GET", EVENTS, "Authorization: Basic dXNlcjpwYXNz\r\n", (byte[]) null));
    corpus.add(request("headers over 32 KiB", "GET", EVENTS, AUTH + "X-Padding: " + "p".repeat(40_000) + "\r\n", (byte[]) null));
    corpus.add(request("OData-Version 3.0", "GET", EVENTS, AUTH + "OData-Version: 3.0\r\n", (byte[]) null));
    corpus.add(request("OData-MaxVersion 2.0", "GET", EVENTS, AUTH + "OData-MaxVersion: 2.0\r\n", (byte[]) null));
    corpus.add(request("XML only", "GET", EVENTS, AUTH + "Accept: application/xml\r\n", (byte[]) null));
    corpus.add(request("unknown method", "BREW", EVENTS, AUTH, (byte[]) null));
    // $batch
    corpus.add(batch("batch not JSON", "{{{"));
    corpus.add(batch("batch requests not an array", "{\"requests\":\"all\"}"));
    corpus.add(batch("batch of 21", "{\"requests\":[" + String.join(",", java.util.Collections.nCopies(21,
        "{\"id\":\"%s\",\"method\":\"GET\",\"url\":\"/deviceManagement\"}")).formatted((Object[]) ids(21)) + "]}"));
    corpus.add(batch("batch duplicate ids", "{\"requests\":[{\"id\":\"1\",\"method\":\"DELETE\",\"url\":\"/deviceManagement/autopilotEvents/h1\"},"
        + "{\"id\":\"1\",\"method\":\"GET\",\"url\":\"/deviceManagement\"}]}"));
    corpus.add(batch("batch item without url", "{\"requests\":[{\"id\":\"1\",\"method\":\"GET\"}]}"));
    corpus.add(batch("batch unknown dependency", "{\"requests\":[{\"id\":\"1\",\"method\":\"DELETE\","
        + "\"url\":\"/deviceManagement/autopilotEvents/h1\",\"dependsOn\":[\"2\"]}]}"));
    corpus.add(batch("batch body without Content-Type", "{\"requests\":[{\"id\":\"1\",\"method\":\"POST\","
        + "\"url\":\"/deviceManagement/autopilotEvents\",\"body\":{}}]}"));
    corpus.add(batch("batch deeply nested", "{\"requests\":[" + "[".repeat(3000) + "]".repeat(3000) + "]}"));
    corpus.add(request("multipart without boundary", "POST", "/beta/$batch", AUTH + "Content-Type: multipart/mixed\r\n",
        "--x\r\n\r\n--x--"));
    corpus.add(request("multipart garbage", "POST", "/beta/$batch", AUTH + "Content-Type: multipart/mixed;boundary=b\r\n",
        "--b\r\nContent-Type: application/http\r\n\r\nGARBAGE\r\n--b--"));
    return corpus.stream();
  }

  static String[] ids(int count) {
    String[] ids = new String[count];
    for (int i = 0; i < count; i++) {
      ids[i] = String.valueOf(i);
    }
    return ids;
  }

  static int corpusSize() {
    return (int) corpus().count();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void eachMalformedRequestGetsAGraphShaped4xxAndChangesNothing(String name, String method, String target,
                                                                 String headers, byte[] body) throws IOException {
    String response = send(method, target, headers, body);
    int status = Integer.parseInt(response.substring(9, 12));
    assertTrue(status >= 400 && status < 500, () -> name + ": " + response.substring(0, Math.min(300, response.length())));
    String payload = response.substring(response.indexOf("\r\n\r\n") + 4);
    JsonNode error = TestServer.JSON.readTree(payload).get("error");
    assertTrue(error != null && error.hasNonNull("code") && error.hasNonNull("message")
        && error.get("innerError").hasNonNull("request-id"), () -> name + ": " + payload);
    assertNoInternals(name, payload);
    assertEquals(snapshot, snapshot(), name + " changed the data");
    assertEquals(200, server.get(TestServer.COLLECTION + "/h1").status(), "still serving after " + name);
  }

  @Test
  void theCorpusHasAtLeastSixtyRequests() {
    assertTrue(corpusSize() >= 60, "corpus size " + corpusSize());
  }

  static void assertNoInternals(String name, String body) {
    for (String leak : new String[] {"Exception", "\tat ", "at org.", "at java.", "dev.graphmock", "org.apache",
        "org.eclipse", "SELECT ", "INSERT ", "sqlite", "SQLITE", "/tmp/", ".java", "graph.db"}) {
      assertFalse(body.contains(leak), () -> name + " leaks '" + leak + "': " + body);
    }
  }

  static String send(String method, String target, String headers, byte[] body) throws IOException {
    try (Socket socket = new Socket(server.origin().getHost(), server.origin().getPort())) {
      socket.setSoTimeout(10_000);
      ByteArrayOutputStream request = new ByteArrayOutputStream();
      request.writeBytes((method + " " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n" + headers
          + (body == null ? "" : "Content-Length: " + body.length + "\r\n") + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      if (body != null) {
        request.writeBytes(body);
      }
      try {
        socket.getOutputStream().write(request.toByteArray());
        socket.getOutputStream().flush();
      } catch (IOException e) {
        // The server may answer and close before a large body is sent; its answer is still there to read.
      }
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
