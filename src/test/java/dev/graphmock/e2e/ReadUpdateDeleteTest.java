package dev.graphmock.e2e;

import static dev.graphmock.e2e.GraphErrorAssert.assertGraphError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** GET, PATCH, PUT and DELETE on the collection and its entities, by both key forms. */
class ReadUpdateDeleteTest extends SharedServerTest {

  static String create(String id, String extra) {
    TestServer.Reply reply = server.post(TestServer.COLLECTION,
        "{\"id\":" + TestServer.JSON.valueToTree(id) + (extra.isEmpty() ? "" : "," + extra) + "}");
    assertEquals(201, reply.status(), reply::toString);
    return id;
  }

  static String segment(String id) {
    return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Test
  void listsTheCollectionWithItsContext() {
    create("list-1", "\"deviceId\":\"d-list\"");
    TestServer.Reply reply = server.get(TestServer.COLLECTION);
    assertEquals(200, reply.status());
    JsonNode body = reply.json();
    assertEquals(server.beta() + "/$metadata#deviceManagement/autopilotEvents", body.get("@odata.context").asText());
    boolean found = false;
    for (JsonNode event : body.get("value")) {
      assertEquals("#microsoft.graph.deviceManagementAutopilotEvent", event.get("@odata.type").asText());
      found |= event.get("id").asText().equals("list-1");
    }
    assertTrue(found, body::toString);
  }

  @ParameterizedTest
  @ValueSource(strings = {"it's", "a/b", "with space", "a'/ b+c", "ünï©ødé", "x(1)", "50%", "$notcount"})
  void readsAnyIdByEitherKeyForm(String id) {
    create(id, "\"osVersion\":\"os of " + id.replace("\"", "") + "\"");
    // segment() percent-encodes a leading $, which keeps the key apart from system segments such as $count.
    TestServer.Reply bySegment = server.get(TestServer.COLLECTION + "/" + segment(id));
    assertEquals(200, bySegment.status(), bySegment::toString);
    assertEquals(id, bySegment.json().get("id").asText());
    String literal = "'" + segment(id.replace("'", "''")).replace("%27", "'") + "'";
    TestServer.Reply inParentheses = server.get(TestServer.COLLECTION + "(" + literal + ")");
    assertEquals(200, inParentheses.status(), inParentheses::toString);
    assertEquals(id, inParentheses.json().get("id").asText());
    assertEquals(server.beta() + "/$metadata#deviceManagement/autopilotEvents/$entity",
        inParentheses.json().get("@odata.context").asText());
  }

  /** Graph's key-as-segment after a cast to the collection's type, as after the collection itself. */
  @Test
  void aKeySegmentAfterACastNamesTheEntity() {
    create("cast/1", "");
    TestServer.Reply reply = server.get(TestServer.COLLECTION + "/microsoft.graph.deviceManagementAutopilotEvent/"
        + segment("cast/1"));
    assertEquals(200, reply.status(), reply::toString);
    assertEquals("cast/1", reply.json().get("id").asText());
  }

  /** Text comes back as sent, by id and in a list: beyond the BMP, control characters, empty apart from null. */
  @Test
  void readsTextBackAsItWasSent() {
    // Every character JSON escapes, and text that reads like JSON's own; U+0000 where the store can hold it
    // (PostgreSQL's text cannot: SecurityTest checks its refusal).
    String text = "\uD83D\uDE00 ünï©ødé\u0001\ttab \u4E2D\u6587 \"q\" \\ / "
        + (TestServer.POSTGRES ? "" : "\u0000") + "\b\f\n\r\u001f\u007f\u2028\",\"]null";
    create("text-1", "\"deviceId\":" + TestServer.JSON.valueToTree(text)
        + ",\"osVersion\":\"\",\"managedDeviceName\":null,\"deviceSerialNumber\":\"null\","
        + "\"userPrincipalName\":\"-12\"");
    JsonNode byId = server.get(TestServer.COLLECTION + "/text-1").json();
    JsonNode listed = server.get(TestServer.COLLECTION + "?$filter=id%20eq%20'text-1'").json().get("value").get(0);
    for (JsonNode event : List.of(byId, listed)) {
      assertEquals(text, event.get("deviceId").textValue(), event::toString);
      assertEquals("", event.get("osVersion").textValue(), event::toString);
      assertTrue(event.get("managedDeviceName").isNull(), event::toString);
      assertEquals("null", event.get("deviceSerialNumber").textValue(), event::toString);
      assertEquals("-12", event.get("userPrincipalName").textValue(), event::toString);
    }
  }

  @Test
  void unknownIdIs404() {
    assertGraphError(server.get(TestServer.COLLECTION + "/no-such-id"), 404, "ResourceNotFound");
    assertGraphError(server.get(TestServer.COLLECTION + "('no-such-id')"), 404, "ResourceNotFound");
    assertGraphError(server.patch(TestServer.COLLECTION + "/no-such-id", "{}"), 404, "ResourceNotFound");
    assertGraphError(server.send("DELETE", TestServer.COLLECTION + "/no-such-id", TestServer.AUTH, null), 404,
        "ResourceNotFound");
  }

  @Test
  void patchChangesOnlyTheNamedPropertiesAndAnswers204() {
    create("patch-1", "\"deviceId\":\"d1\",\"osVersion\":\"10\",\"deploymentState\":\"failure\"");
    TestServer.Reply reply = server.patch(TestServer.COLLECTION + "/patch-1",
        "{\"osVersion\":\"11\",\"enrollmentState\":\"failed\",\"eventDateTime\":\"2024-01-01T00:00:00.5+01:00\"}");
    assertEquals(204, reply.status(), reply::toString);
    assertEquals(0, reply.bytes().length);
    JsonNode after = server.get(TestServer.COLLECTION + "/patch-1").json();
    assertEquals("11", after.get("osVersion").asText());
    assertEquals("failed", after.get("enrollmentState").asText());
    assertEquals("2024-01-01T00:00:00.5+01:00", after.get("eventDateTime").asText());
    assertEquals("d1", after.get("deviceId").asText());
    assertEquals("failure", after.get("deploymentState").asText());
  }

  @Test
  void patchWithReturnRepresentationAnswers200WithTheEntity() {
    create("patch-2", "\"deviceId\":\"d2\"");
    Map<String, String> headers = new HashMap<>(TestServer.withJson(TestServer.AUTH));
    headers.put("Prefer", "return=representation");
    TestServer.Reply reply = server.send("PATCH", TestServer.COLLECTION + "/patch-2", headers,
        "{\"osVersion\":\"12\"}".getBytes(StandardCharsets.UTF_8));
    assertEquals(200, reply.status(), reply::toString);
    assertEquals("return=representation", reply.header("Preference-Applied"));
    assertEquals("12", reply.json().get("osVersion").asText());
    assertEquals("d2", reply.json().get("deviceId").asText());
  }

  private static TestServer.Reply updateWithRepresentation(String method, String id, String body) {
    Map<String, String> headers = new HashMap<>(TestServer.withJson(TestServer.AUTH));
    headers.put("Prefer", "return=representation");
    return server.send(method, TestServer.COLLECTION + "/" + id, headers, body.getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @ValueSource(strings = {"PATCH", "PUT"})
  void returnRepresentationAnswersExactlyWhatAFollowingGetAnswers(String method) {
    String id = create("represented-" + method, "\"deviceId\":\"d\",\"enrollmentState\":\"enrolled\"");
    TestServer.Reply updated = updateWithRepresentation(method, id,
        "{\"osVersion\":\"12\",\"eventDateTime\":\"2024-05-06T07:08:09.1234567-02:30\"}");
    assertEquals(200, updated.status(), updated::toString);
    TestServer.Reply read = server.get(TestServer.COLLECTION + "/" + id);
    assertEquals(read.text(), updated.text());
    assertEquals(read.header("Content-Type"), updated.header("Content-Type"));
  }

  /**
   * Clients updating one entity at once each get back the entity as their own update left it: the answer is read
   * in the update's transaction, so no other client's update can land between the two.
   */
  @Test
  void concurrentUpdatesEachAnswerWhatTheyStored() throws Exception {
    String id = create("contended", "");
    int clients = 4;
    int updates = 25;
    ExecutorService threads = Executors.newFixedThreadPool(clients);
    try {
      List<Future<List<String>>> answers = new ArrayList<>();
      for (int client = 0; client < clients; client++) {
        int number = client;
        answers.add(threads.submit(() -> {
          List<String> wrong = new ArrayList<>();
          for (int update = 0; update < updates; update++) {
            String version = "client " + number + ", update " + update;
            TestServer.Reply reply = updateWithRepresentation("PATCH", id, "{\"osVersion\":\"" + version + "\"}");
            String answered = reply.status() == 200 ? reply.json().get("osVersion").asText() : reply.toString();
            if (!answered.equals(version)) {
              wrong.add(version + " was answered with " + answered);
            }
          }
          return wrong;
        }));
      }
      for (Future<List<String>> answer : answers) {
        assertEquals(List.of(), answer.get(120, TimeUnit.SECONDS));
      }
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void patchMayRepeatTheIdButNotChangeIt() {
    create("patch-3", "");
    assertEquals(204, server.patch(TestServer.COLLECTION + "/patch-3", "{\"id\":\"patch-3\",\"osVersion\":\"x\"}")
        .status());
    JsonNode error = assertGraphError(server.patch(TestServer.COLLECTION + "/patch-3", "{\"id\":\"other\"}"), 400,
        "BadRequest");
    assertTrue(error.get("message").asText().contains("cannot be changed"));
    assertEquals(404, server.get(TestServer.COLLECTION + "/other").status());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"deploymentDuration\":5}",
      "{\"enrollmentState\":\"nope\"}",
      "{\"eventDateTime\":null}",
      "{\"bogus\":1}",
      "[]"})
  void patchValidatesLikeCreateAndChangesNothing(String body) {
    create("patch-bad-" + Math.abs(body.hashCode()), "\"osVersion\":\"before\"");
    String path = TestServer.COLLECTION + "/patch-bad-" + Math.abs(body.hashCode());
    assertGraphError(server.patch(path, body), 400, "BadRequest");
    assertEquals("before", server.get(path).json().get("osVersion").asText());
  }

  @Test
  void putReplacesEverythingGivingMissingPropertiesTheirDefaults() {
    create("put-1", "\"deviceId\":\"d\",\"osVersion\":\"10\",\"deploymentDuration\":\"PT4S\",\"enrollmentState\":\"enrolled\"");
    TestServer.Reply reply = server.send("PUT", TestServer.COLLECTION + "/put-1", TestServer.withJson(TestServer.AUTH),
        "{\"osVersion\":\"11\"}".getBytes(StandardCharsets.UTF_8));
    assertEquals(204, reply.status(), reply::toString);
    JsonNode after = server.get(TestServer.COLLECTION + "/put-1").json();
    assertEquals("11", after.get("osVersion").asText());
    assertTrue(after.get("deviceId").isNull());
    assertEquals("PT0S", after.get("deploymentDuration").asText());
    assertEquals("unknown", after.get("enrollmentState").asText());
    assertEquals("put-1", after.get("id").asText());
  }

  @Test
  void deleteAnswers204AndTheEntityIsGone() {
    create("delete-1", "");
    TestServer.Reply reply = server.send("DELETE", TestServer.COLLECTION + "/delete-1", TestServer.AUTH, null);
    assertEquals(204, reply.status());
    assertGraphError(server.get(TestServer.COLLECTION + "/delete-1"), 404, "ResourceNotFound");
    assertGraphError(server.send("DELETE", TestServer.COLLECTION + "('delete-1')", TestServer.AUTH, null), 404,
        "ResourceNotFound");
  }

  @ParameterizedTest
  @CsvSource({
      "DELETE, /deviceManagement/autopilotEvents",
      "PUT, /deviceManagement/autopilotEvents",
      "PATCH, /deviceManagement/autopilotEvents",
      "POST, /deviceManagement/autopilotEvents/some-id",
      "POST, /deviceManagement",
      "DELETE, /deviceManagement",
      "OPTIONS, /deviceManagement/autopilotEvents"})
  void unsupportedMethodsAre405(String method, String path) {
    int count = server.count();
    TestServer.Reply reply = server.send(method, path, TestServer.withJson(TestServer.AUTH),
        "{}".getBytes(StandardCharsets.UTF_8));
    assertGraphError(reply, 405, "MethodNotAllowed");
    assertEquals(count, server.count());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "deviceId            | \"dev-9\"",
      "eventDateTime       | \"2024-02-03T04:05:06.7-08:00\"",
      "enrollmentState     | \"failed\"",
      "deviceSetupDuration | \"-PT1M2S\""})
  void readsOneProperty(String property, String json) {
    String id = "prop-" + property;
    create(id, "\"deviceId\":\"dev-9\",\"eventDateTime\":\"2024-02-03T04:05:06.7-08:00\","
        + "\"enrollmentState\":\"failed\",\"deviceSetupDuration\":\"-PT1M2S\"");
    TestServer.Reply reply = server.get(TestServer.COLLECTION + "/" + id + "/" + property);
    assertEquals(200, reply.status(), reply::toString);
    assertEquals(server.beta() + "/$metadata#deviceManagement/autopilotEvents('" + id + "')/" + property,
        reply.json().get("@odata.context").asText());
    assertEquals(json, reply.json().get("value").toString());
    TestServer.Reply raw = server.get(TestServer.COLLECTION + "('" + id + "')/" + property + "/$value");
    assertEquals(200, raw.status(), raw::toString);
    assertTrue(raw.header("Content-Type").startsWith("text/plain"));
    assertEquals(json.substring(1, json.length() - 1), raw.text());
  }

  @Test
  void aNullPropertyIs204AndAMissingEntity404() {
    create("prop-2", "");
    assertEquals(204, server.get(TestServer.COLLECTION + "/prop-2/osVersion").status());
    assertEquals(204, server.get(TestServer.COLLECTION + "/prop-2/osVersion/$value").status());
    assertGraphError(server.get(TestServer.COLLECTION + "/nope/osVersion"), 404, "ResourceNotFound");
    assertGraphError(server.get(TestServer.COLLECTION + "/prop-2/nope"), 400, "BadRequest");
    assertGraphError(server.patch(TestServer.COLLECTION + "/prop-2/osVersion", "{\"value\":\"x\"}"), 405,
        "MethodNotAllowed");
  }

  @Test
  void readsTheSingleton() {
    TestServer.Reply reply = server.get("/deviceManagement");
    assertEquals(200, reply.status());
    assertEquals(server.beta() + "/$metadata#deviceManagement", reply.json().get("@odata.context").asText());
    assertEquals("#microsoft.graph.deviceManagement", reply.json().get("@odata.type").asText());
    assertTrue(reply.json().get("id").isTextual());
  }
}
