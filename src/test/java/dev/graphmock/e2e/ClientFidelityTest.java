package dev.graphmock.e2e;

import static dev.graphmock.e2e.GraphErrorAssert.assertGraphError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What Microsoft's own clients and OData client generators rely on (issue 9): Graph's 400 for unknown segments
 * and the v1.0 root, durations and date-times past 100 ns, case-insensitive names, HEAD and Allow, one OData
 * version, an answer to every request, parameter aliases, metadata levels and Unicode case folding.
 */
class ClientFidelityTest extends SharedServerTest {
  private static final String EVENTS = TestServer.COLLECTION;

  @BeforeAll
  static void events() {
    create("{\"id\":\"cf-1\",\"deviceId\":\"cf-device-A\",\"enrollmentState\":\"failed\","
        + "\"deploymentEndDateTime\":\"2024-03-01T10:00:00Z\",\"eventDateTime\":\"2024-03-01T10:00:00Z\"}");
    create("{\"id\":\"cf-2\",\"deviceId\":\"cf-device-B\",\"enrollmentState\":\"enrolled\","
        + "\"deploymentEndDateTime\":\"2023-06-01T10:00:00Z\",\"eventDateTime\":\"2024-03-02T10:00:00Z\"}");
    create("{\"id\":\"cf-3\",\"deviceId\":\"ÀÉÎ-ünïcode\",\"osVersion\":\"cf-unicode\"}");
  }

  private static JsonNode create(String json) {
    TestServer.Reply reply = server.post(EVENTS, json);
    assertEquals(201, reply.status(), reply::toString);
    return reply.json();
  }

  private static List<String> ids(TestServer.Reply reply) {
    assertEquals(200, reply.status(), reply::toString);
    List<String> ids = new ArrayList<>();
    reply.json().get("value").forEach(event -> ids.add(event.get("id").asText()));
    return ids;
  }

  private static List<String> idsWhere(String filter) {
    return ids(server.get(EVENTS + "?" + query("$filter=" + filter + "&$orderby=id")));
  }

  /** {@code name=value&...} with each value percent-encoded. */
  private static String query(String options) {
    List<String> encoded = new ArrayList<>();
    for (String option : options.split("&")) {
      int equals = option.indexOf('=');
      encoded.add(option.substring(0, equals + 1) + java.net.URLEncoder.encode(option.substring(equals + 1),
          StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return String.join("&", encoded);
  }

  // 1. Unknown segments are Graph's 400; /v1.0 has no autopilotEvents.

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "/beta/noSuchThing                                        | noSuchThing",
      "/beta/deviceManagement/noSuchThing                       | noSuchThing",
      "/beta/deviceManagement/autopilotEvents/cf-1/noSuchThing  | noSuchThing",
      "/beta/deviceManagement/autopilotEvents/$count/x          | x",
      "/beta/deviceManagement/autopilotEvents/cf-1/deviceId/$value/x | x",
      "/v1.0/deviceManagement/autopilotEvents                   | autopilotEvents",
      "/v1.0/deviceManagement/autopilotEvents/cf-1              | autopilotEvents",
      "/v1.0/deviceManagement/autopilotEvents/$count            | autopilotEvents"})
  void unknownSegmentsAreBadRequestNamingTheSegment(String path, String segment) {
    JsonNode error = assertGraphError(server.get(server.origin() + path), 400, "BadRequest");
    assertEquals("Resource not found for the segment '" + segment + "'.", error.get("message").asText());
  }

  @Test
  void anUnknownIdUnderAKnownCollectionIsStillNotFound() {
    assertGraphError(server.get(EVENTS + "/no-such-id"), 404, "ResourceNotFound");
  }

  @Test
  void v1RootIsARealVersionRootWithoutTheBetaOnlyCollection() {
    String v1 = server.origin() + "/v1.0";
    TestServer.Reply singleton = server.get(v1 + "/deviceManagement");
    assertEquals(200, singleton.status(), singleton::toString);
    assertEquals(v1 + "/$metadata#deviceManagement", singleton.json().get("@odata.context").asText());
    TestServer.Reply xml = server.send("GET", v1 + "/$metadata", Map.of(), null);
    assertEquals(200, xml.status());
    assertTrue(xml.text().contains("Name=\"deviceManagement\""), xml::text);
    assertFalse(xml.text().contains("autopilotEvents"), "v1.0 has no autopilotEvents");
    assertFalse(xml.text().contains("Name=\"deviceManagementAutopilotEvent\""), "nor its entity type");
    JsonNode json = server.send("GET", v1 + "/$metadata?$format=json", Map.of(), null).json();
    assertTrue(json.get("microsoft.graph").has("deviceManagement"));
    assertFalse(json.get("microsoft.graph").has("deviceManagementAutopilotEvent"));
    assertTrue(server.get(EVENTS + "/cf-1").status() == 200, "beta still serves the collection");
  }

  @Test
  void aJsonBatchStepRepeatingTheVersionGetsItsOwn400() {
    String batch = """
        {"requests":[
          {"id":"1","method":"GET","url":"/beta/deviceManagement/autopilotEvents/cf-1"},
          {"id":"2","method":"GET","url":"/deviceManagement/autopilotEvents/cf-1"}]}""";
    TestServer.Reply reply = server.send("POST", "/$batch", TestServer.withJson(TestServer.AUTH),
        batch.getBytes(StandardCharsets.UTF_8));
    assertEquals(200, reply.status(), reply::toString);
    Map<String, JsonNode> responses = new HashMap<>();
    reply.json().get("responses").forEach(response -> responses.put(response.get("id").asText(), response));
    assertEquals(400, responses.get("1").get("status").asInt());
    assertEquals("Resource not found for the segment 'beta'.",
        responses.get("1").get("body").get("error").get("message").asText());
    assertEquals(200, responses.get("2").get("status").asInt());
  }

  // 2. Past 100 ns: durations truncated as XmlConvert.ToTimeSpan does, date-times rounded as ToDateTimeOffset.

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "PT0.30000000000000004S | PT0.3S",
      "PT0.123456789S         | PT0.1234567S",
      "-PT1M0.99999999999S    | -PT1M0.9999999S",
      "PT-2M-57.21901079S     | -PT2M57.2190107S",
      "PT1.00000001S          | PT1S"})
  void durationsArePreciseTo100NanosecondsAndTruncatedBeyond(String sent, String kept) {
    JsonNode created = create("{\"deploymentDuration\":\"" + sent + "\"}");
    assertEquals(kept, created.get("deploymentDuration").asText());
    JsonNode read = server.get(EVENTS + "/" + created.get("id").asText()).json();
    assertEquals(kept, read.get("deploymentDuration").asText());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "2024-01-01T00:00:00.123456789Z      | 2024-01-01T00:00:00.1234568Z",
      "2024-01-01T00:00:00.12345665Z       | 2024-01-01T00:00:00.1234566Z",
      "2024-01-01T00:00:00.12345675Z       | 2024-01-01T00:00:00.1234568Z",
      "2024-01-01T00:00:00.123456650001Z   | 2024-01-01T00:00:00.1234567Z",
      "2024-12-31T23:59:59.99999999+02:00  | 2025-01-01T00:00:00+02:00",
      "2024-01-01T00:00:00.1234567000000Z  | 2024-01-01T00:00:00.1234567000000Z"})
  void dateTimesAreRoundedToSevenDigitsHalfToEven(String sent, String kept) {
    JsonNode created = create("{\"eventDateTime\":\"" + sent + "\"}");
    assertEquals(kept, created.get("eventDateTime").asText());
    String id = created.get("id").asText();
    assertEquals(kept, server.get(EVENTS + "/" + id).json().get("eventDateTime").asText());
    assertTrue(idsWhere("eventDateTime eq " + sent).contains(id),
        "the same parser reads the literal in $filter");
  }

  @Test
  void aDateTimeRoundedPastYear9999IsRefused() {
    assertGraphError(server.post(EVENTS, "{\"eventDateTime\":\"9999-12-31T23:59:59.99999999Z\"}"), 400,
        "BadRequest");
  }

  // 3. Names resolve without regard to case; responses spell them as $metadata does.

  @Test
  void pathSegmentsResolveWithoutRegardToCase() {
    TestServer.Reply collection = server.get("/DeviceManagement/AutopilotEvents?$top=1");
    assertEquals(200, collection.status(), collection::toString);
    assertEquals(server.beta() + "/$metadata#deviceManagement/autopilotEvents",
        collection.json().get("@odata.context").asText());
    TestServer.Reply property = server.get("/DEVICEMANAGEMENT/autopilotevents/cf-1/DeviceID");
    assertEquals(200, property.status(), property::toString);
    assertEquals("cf-device-A", property.json().get("value").asText());
    assertTrue(property.json().get("@odata.context").asText().endsWith("/deviceId"));
    assertEquals("cf-device-A", server.get("/deviceManagement/autopilotEvents('cf-1')/DeviceId/$Value").text());
    assertEquals(200, server.send("GET", "/$Metadata", Map.of(), null).status());
    assertGraphError(server.get(EVENTS + "/CF-1"), 404, "ResourceNotFound");
  }

  @Test
  void selectNamesResolveWithoutRegardToCaseAndAreAnsweredInTheSchemasSpelling() {
    TestServer.Reply reply = server.get(EVENTS + "/cf-1?$select=DeviceId,EVENTDATETIME");
    assertEquals(200, reply.status(), reply::toString);
    assertTrue(reply.json().get("@odata.context").asText().endsWith("autopilotEvents(deviceId,eventDateTime)/$entity"));
    assertEquals("cf-device-A", reply.json().get("deviceId").asText());
    assertFalse(reply.text().contains("DeviceId"), reply::text);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "microsoft.graph.DeviceManagementAutopilotEvent/deploymentEndDateTime ge 2024-01-01T00:00:00Z | cf-1",
      "Microsoft.Graph.deviceManagementautopilotevent/DeploymentEndDateTime ge 2024-01-01T00:00:00Z | cf-1",
      "graph.DEVICEMANAGEMENTAUTOPILOTEVENT/deviceId eq 'cf-device-B'                                | cf-2",
      "DeviceId eq 'cf-device-A' OR DEVICEID Eq 'cf-device-B'                                      | cf-1 cf-2",
      "startsWith(DeviceId,'cf-device-') and EnrollmentState eq 'failed'                           | cf-1",
      "NOT (deviceId ne 'cf-device-B')                                                             | cf-2",
      "enrollmentState eq Microsoft.Graph.EnrollmentState'FAILED' and startswith(deviceId,'cf-')   | cf-1",
      "enrollmentState in ('FAILED','Enrolled') and startswith(deviceId,'cf-device')               | cf-1 cf-2"})
  void filterNamesKeywordsAndFunctionsResolveWithoutRegardToCase(String filter, String expected) {
    assertEquals(List.of(expected.split(" ")), idsWhere(filter));
  }

  @Test
  void aPlainEnumStringStaysCaseSensitiveAsInOdl() {
    JsonNode error = assertGraphError(server.get(EVENTS + "?$filter=enrollmentState%20eq%20%27Failed%27"), 400,
        "BadRequest");
    assertTrue(error.get("message").asText().contains("'Failed' is not a member"), error::toString);
  }

  @Test
  void orderByNamesAndDirectionsResolveWithoutRegardToCase() {
    List<String> ids = ids(server.get(EVENTS + "?$filter=startswith(deviceId,%27cf-device%27)"
        + "&$orderby=EventDateTime%20DESC"));
    assertEquals(List.of("cf-2", "cf-1"), ids);
  }

  // 4. HEAD wherever GET works; every 405 says what is allowed.

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      EVENTS + "?$top=2 | 200",
      EVENTS + "/cf-1   | 200",
      EVENTS + "/$count | 200",
      EVENTS + "/cf-1/deviceId | 200",
      "/deviceManagement | 200",
      "/$metadata        | 200",
      EVENTS + "/nope    | 404",
      "/noSuchThing      | 400"})
  void headAnswersAsGetWouldWithoutTheBody(String path, int status) {
    TestServer.Reply get = server.get(path);
    TestServer.Reply head = server.send("HEAD", path, TestServer.AUTH, null);
    assertEquals(status, get.status(), get::toString);
    assertEquals(status, head.status());
    assertEquals(0, head.bytes().length);
    assertEquals(get.header("Content-Type"), head.header("Content-Type"));
    assertEquals(String.valueOf(get.bytes().length), head.header("Content-Length"));
    assertTrue(head.header("request-id") != null && !head.header("request-id").equals(get.header("request-id")));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "DELETE | " + EVENTS + "                 | GET, HEAD, POST",
      "PATCH  | " + EVENTS + "                 | GET, HEAD, POST",
      "POST   | " + EVENTS + "/cf-1            | GET, HEAD, PATCH, PUT, DELETE",
      "MERGE  | " + EVENTS + "/cf-1            | GET, HEAD, PATCH, PUT, DELETE",
      "PUT    | " + EVENTS + "/$count          | GET, HEAD",
      "DELETE | /deviceManagement              | GET, HEAD, PATCH, PUT",
      "POST   | /$metadata                     | GET, HEAD",
      "GET    | /$batch                        | POST",
      "PUT    | " + EVENTS + "/cf-1/deviceId   | GET, HEAD",
      "DELETE | " + EVENTS + "/cf-1/deviceId/$value | GET, HEAD"})
  void every405NamesTheAllowedMethods(String method, String path, String allowed) {
    TestServer.Reply reply = server.send(method, path, TestServer.withJson(TestServer.AUTH),
        method.equals("GET") ? null : "{}".getBytes(StandardCharsets.UTF_8));
    assertGraphError(reply, 405, "MethodNotAllowed");
    assertEquals(allowed, reply.header("Allow"));
  }

  // 5. One OData version.

  @Test
  void jsonCsdlSaysTheSameVersionAsTheXmlAndTheHeaders() {
    TestServer.Reply json = server.send("GET", "/$metadata?$format=json", Map.of(), null);
    assertEquals("4.0", json.json().get("$Version").asText());
    assertEquals("4.0", json.header("OData-Version"));
    assertTrue(server.send("GET", "/$metadata", Map.of(), null).text().contains("Version=\"4.0\""));
  }

  // 6. Every request gets an answer.

  @Test
  void aClientRequestIdTooLongToEchoIsRefusedNamingTheHeader() {
    String longId = "x".repeat(20_000);
    TestServer.Reply reply = server.send("GET", EVENTS, Map.of("Authorization", "Bearer t", "client-request-id",
        longId), null);
    JsonNode error = assertGraphError(reply, 400, "BadRequest");
    assertTrue(error.get("message").asText().startsWith("The client-request-id header is 20000 characters long"),
        error::toString);
    assertEquals(reply.header("request-id"), reply.header("client-request-id"), "not echoed");
    String longest = "y".repeat(1024);
    TestServer.Reply echoed = server.send("GET", EVENTS + "?$top=1", Map.of("Authorization", "Bearer t",
        "client-request-id", longest), null);
    assertEquals(200, echoed.status());
    assertEquals(longest, echoed.header("client-request-id"));
  }

  @Test
  void anIdNoUrlCouldHoldIsRefusedBeforeItIsStored() {
    int before = server.count();
    JsonNode error = assertGraphError(server.post(EVENTS, "{\"id\":\"" + "z".repeat(10_000) + "\"}"), 400,
        "BadRequest");
    assertTrue(error.get("message").asText().contains("too long"), error::toString);
    assertEquals(before, server.count());
    assertEquals(201, server.post(EVENTS, "{\"id\":\"" + "z".repeat(8_000) + "\"}").status());
  }

  // 7. Parameter aliases, metadata levels, Unicode case folding.

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "deviceId eq @d&@d='cf-device-B'                                          | cf-2",
      "enrollmentState eq @s and startswith(deviceId,'cf-device')&@s='failed'   | cf-1",
      "@p&@p=deviceId eq 'cf-device-A' or deviceId eq 'cf-device-B'             | cf-1 cf-2",
      "deviceId eq @d or deviceId eq @e&@e='cf-device-A'&@d='cf-device-B'       | cf-1 cf-2"})
  void parameterAliasesStandForTheirValues(String query, String expected) {
    assertEquals(List.of(expected.split(" ")), ids(server.get(EVENTS + "?" + query("$filter=" + query
        + "&$orderby=id"))));
  }

  @Test
  void anAliasGivenNoValueIsNull() {
    List<String> ids = ids(server.get(EVENTS + "?$filter=osVersion%20eq%20@missing%20and%20id%20eq%20%27cf-1%27"));
    assertEquals(List.of("cf-1"), ids);
  }

  @Test
  void metadataNoneLeavesOutControlInformationButPaging() {
    TestServer.Reply reply = server.send("GET", EVENTS + "?$top=1&$count=true&$filter=startswith(deviceId,%27cf-device%27)",
        Map.of("Authorization", "Bearer t", "Accept", "application/json;odata.metadata=none"), null);
    assertEquals(200, reply.status(), reply::toString);
    assertTrue(reply.header("Content-Type").startsWith("application/json;odata.metadata=none;"));
    JsonNode body = reply.json();
    assertNull(body.get("@odata.context"));
    assertNull(body.get("value").get(0).get("@odata.type"));
    assertEquals(2, body.get("@odata.count").asInt());
    assertTrue(body.get("@odata.nextLink").asText().contains("$skiptoken="));
    TestServer.Reply one = server.get(EVENTS + "/cf-1?" + query("$format=application/json;odata.metadata=none"));
    assertEquals(200, one.status(), one::toString);
    assertFalse(one.text().contains("@odata"), one::text);
  }

  @Test
  void metadataFullAddsIdsEditLinksAndTheTypesJsonCannotShow() {
    TestServer.Reply reply = server.send("GET", EVENTS + "/cf-1",
        Map.of("Authorization", "Bearer t", "Accept", "application/json;odata.metadata=full"), null);
    assertEquals(200, reply.status(), reply::toString);
    assertTrue(reply.header("Content-Type").startsWith("application/json;odata.metadata=full;"));
    JsonNode event = reply.json();
    String url = server.beta() + "/deviceManagement/autopilotEvents('cf-1')";
    assertEquals(url, event.get("@odata.id").asText());
    assertEquals(url, event.get("@odata.editLink").asText());
    assertEquals("#microsoft.graph.deviceManagementAutopilotEvent", event.get("@odata.type").asText());
    assertEquals("#DateTimeOffset", event.get("eventDateTime@odata.type").asText());
    assertEquals("#Duration", event.get("deploymentDuration@odata.type").asText());
    assertEquals("#microsoft.graph.enrollmentState", event.get("enrollmentState@odata.type").asText());
    assertNull(event.get("deviceId@odata.type"), "strings need no type");
    assertNull(event.get("osVersion@odata.type"), "nor do nulls");
  }

  @Test
  void tolowerAndToupperFoldEveryLetterNotOnlyAscii() {
    assertEquals(List.of("cf-3"), idsWhere("tolower(deviceId) eq 'àéî-ünïcode'"));
    assertEquals(List.of("cf-3"), idsWhere("toupper(deviceId) eq 'ÀÉÎ-ÜNÏCODE'"));
    assertEquals(List.of("cf-3"), idsWhere("contains(tolower(deviceId),'éî-ü')"));
  }
}
