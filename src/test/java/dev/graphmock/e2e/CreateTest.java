package dev.graphmock.e2e;

import static dev.graphmock.e2e.GraphErrorAssert.assertGraphError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** POST {root}/deviceManagement/autopilotEvents: what is accepted, what it defaults, and every refusal. */
class CreateTest extends SharedServerTest {

  @Test
  void missingPropertiesGetTheirTypesDefaults() {
    JsonNode created = server.post(TestServer.COLLECTION, "{}").json();
    assertEquals("0001-01-01T00:00:00Z", created.get("eventDateTime").asText());
    assertEquals("PT0S", created.get("deploymentDuration").asText());
    assertEquals("unknown", created.get("enrollmentState").asText());
    assertEquals("unknown", created.get("enrollmentType").asText());
    assertEquals("unknown", created.get("deploymentState").asText());
    assertTrue(created.get("deviceId").isNull());
    if (TestServer.isSeed()) {
      assertEquals(0, created.get("targetedAppCount").asInt());
      assertTrue(created.get("targetedAppCount").isInt());
      assertEquals(29, created.size(), "context, type, id and 26 properties: " + created);
    } else {
      assertEquals(27, created.size(), "context, type, id and 24 properties: " + created);
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "#microsoft.graph.deviceManagementAutopilotEvent",
      "#graph.deviceManagementAutopilotEvent"})
  void acceptsTheTypeByNamespaceOrAlias(String type) {
    TestServer.Reply reply = server.post(TestServer.COLLECTION, "{\"@odata.type\":\"" + type + "\"}");
    assertEquals(201, reply.status(), reply::toString);
    assertEquals("#microsoft.graph.deviceManagementAutopilotEvent", reply.json().get("@odata.type").asText());
  }

  @Test
  void keepsAClientSuppliedIdAndRefusesItTwice() {
    TestServer.Reply first = server.post(TestServer.COLLECTION, "{\"id\":\"fixture-1\",\"deviceId\":\"d\"}");
    assertEquals(201, first.status());
    assertEquals("fixture-1", first.json().get("id").asText());
    int count = server.count();
    assertGraphError(server.post(TestServer.COLLECTION, "{\"id\":\"fixture-1\"}"), 409, "Conflict");
    assertEquals(count, server.count());
    assertEquals("d", server.get(TestServer.COLLECTION + "/fixture-1").json().get("deviceId").asText());
  }

  @Test
  void generatesANewGuidForEachCreate() {
    String first = server.post(TestServer.COLLECTION, "{}").json().get("id").asText();
    String second = server.post(TestServer.COLLECTION, "{}").json().get("id").asText();
    assertTrue(first.matches("[0-9a-f-]{36}") && second.matches("[0-9a-f-]{36}") && !first.equals(second));
  }

  @Test
  void returnMinimalGives204WithLocation() {
    Map<String, String> headers = new HashMap<>(TestServer.withJson(TestServer.AUTH));
    headers.put("Prefer", "return=minimal");
    TestServer.Reply reply = server.send("POST", TestServer.COLLECTION, headers,
        "{\"id\":\"minimal-1\"}".getBytes(StandardCharsets.UTF_8));
    assertEquals(204, reply.status());
    assertEquals("return=minimal", reply.header("Preference-Applied"));
    assertEquals(server.beta() + "/deviceManagement/autopilotEvents('minimal-1')", reply.header("Location"));
    assertEquals(0, reply.bytes().length);
    assertEquals(200, server.get(TestServer.COLLECTION + "/minimal-1").status());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "application/json;odata.metadata=minimal",
      "application/json; charset=utf-8",
      "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false"})
  void acceptsJsonWithParameters(String contentType) {
    TestServer.Reply reply = server.send("POST", TestServer.COLLECTION,
        Map.of("Authorization", "Bearer t", "Content-Type", contentType), "{}".getBytes(StandardCharsets.UTF_8));
    assertEquals(201, reply.status(), reply::toString);
  }

  static Stream<Arguments> badBodies() {
    Stream<Arguments> int32 = Stream.of(
        Arguments.of("property of the current schema only", "{\"userId\":\"u\"}", "The property 'userId' does not exist"));
    Stream<Arguments> current = Stream.of(
        Arguments.of("property of the seed schema only", "{\"targetedAppCount\":1}",
            "The property 'targetedAppCount' does not exist"),
        Arguments.of("duration of the seed schema only", "{\"devicePreparationDuration\":\"PT1S\"}",
            "The property 'devicePreparationDuration' does not exist"));
    return Stream.concat(TestServer.isSeed() ? int32 : current, common());
  }

  static Stream<Arguments> common() {
    return Stream.of(
        Arguments.of("unknown enum member", "{\"enrollmentState\":\"bogus\"}", "'bogus' is not a member"),
        Arguments.of("enum member in the wrong case", "{\"enrollmentState\":\"Enrolled\"}", "not a member"),
        Arguments.of("enum as a number", "{\"enrollmentState\":1}", "enrollmentState"),
        Arguments.of("malformed duration", "{\"deploymentDuration\":\"PT1X\"}", "not a valid Edm.Duration"),
        Arguments.of("duration without components", "{\"deploymentDuration\":\"P\"}", "not a valid Edm.Duration"),
        Arguments.of("duration in years", "{\"deploymentDuration\":\"P1Y\"}", "not a valid Edm.Duration"),
        Arguments.of("date-time without offset", "{\"eventDateTime\":\"2016-12-31T23:59:23\"}", "Edm.DateTimeOffset"),
        Arguments.of("date only", "{\"eventDateTime\":\"2016-12-31\"}", "Edm.DateTimeOffset"),
        Arguments.of("impossible date", "{\"eventDateTime\":\"2016-02-30T00:00:00Z\"}", "Edm.DateTimeOffset"),
        Arguments.of("offset out of range", "{\"eventDateTime\":\"2016-01-01T00:00:00+19:00\"}", "Edm.DateTimeOffset"),
        Arguments.of("number into DateTimeOffset", "{\"eventDateTime\":1}", "expects a date-time string"),
        Arguments.of("number into String", "{\"deviceId\":9}", "Edm.String expects a string"),
        Arguments.of("object into String", "{\"deviceId\":{\"a\":1}}", "Edm.String expects a string"),
        Arguments.of("array into String", "{\"deviceId\":[\"a\"]}", "Edm.String expects a string"),
        Arguments.of("null for non-nullable enum", "{\"enrollmentState\":null}", "does not allow null"),
        Arguments.of("null for non-nullable date-time", "{\"eventDateTime\":null}", "does not allow null"),
        Arguments.of("unknown property", "{\"bogus\":1}", "The property 'bogus' does not exist"),
        Arguments.of("number into Duration", "{\"deploymentDuration\":5}", "expects an ISO 8601 duration string"),
        Arguments.of("duration with mixed sign styles", "{\"deploymentDuration\":\"-PT-1S\"}", "not a valid Edm.Duration"),
        Arguments.of("duplicate key", "{\"deviceId\":\"a\",\"deviceId\":\"b\"}",
            "The property 'deviceId' appears more than once"),
        Arguments.of("malformed JSON", "{\"deviceId\":", "not valid JSON"),
        Arguments.of("trailing garbage", "{} {}", "exactly one JSON object"),
        Arguments.of("an array", "[{}]", "must be a JSON object"),
        Arguments.of("a string", "\"x\"", "must be a JSON object"),
        Arguments.of("an empty body", "", "empty"),
        Arguments.of("unresolvable @odata.type", "{\"@odata.type\":\"#microsoft.graph.nope\"}",
            "A type named 'microsoft.graph.nope' could not be resolved by the model."),
        Arguments.of("unrelated @odata.type", "{\"@odata.type\":\"#microsoft.graph.deviceManagement\"}",
            "not assignable to the expected type"),
        Arguments.of("@odata.type not a string", "{\"@odata.type\":1}", "must be a string"),
        Arguments.of("id not a string", "{\"id\":5}", "Edm.String expects a string"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badBodies")
  void refusesBadBodiesAndStoresNothing(String what, String body, String message) {
    int count = server.count();
    JsonNode error = assertGraphError(server.post(TestServer.COLLECTION, body), 400, "BadRequest");
    assertTrue(error.get("message").asText().contains(message), () -> what + ": " + error);
    assertEquals(count, server.count(), "nothing stored");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "PT-2M-57.2190107S   | -PT2M57.2190107S",
      "PT25H               | P1DT1H",
      "P1DT2H              | P1DT2H",
      "PT0.5S              | PT0.5S"})
  void acceptsDurationsAsKiotaWritesThemAndAnswersCanonically(String sent, String canonical) {
    JsonNode created = server.post(TestServer.COLLECTION, "{\"deviceSetupDuration\":\"" + sent + "\"}").json();
    assertEquals(canonical, created.get("deviceSetupDuration").asText());
    assertEquals(canonical, server.get(TestServer.COLLECTION + "/" + created.get("id").asText()).json()
        .get("deviceSetupDuration").asText());
  }

  @Test
  void acceptsDateTimesWithoutSecondsAsKiotaWritesThem() {
    JsonNode created = server.post(TestServer.COLLECTION, "{\"eventDateTime\":\"2024-01-01T00:00Z\","
        + "\"deploymentStartDateTime\":\"2024-01-01T10:30+02:00\"}").json();
    assertEquals("2024-01-01T00:00:00Z", created.get("eventDateTime").asText());
    assertEquals("2024-01-01T10:30:00+02:00", created.get("deploymentStartDateTime").asText());
  }

  @Test
  void currentSchemaHasUserIdAndSuccessOnRetry() {
    org.junit.jupiter.api.Assumptions.assumeFalse(TestServer.isSeed());
    JsonNode created = server.post(TestServer.COLLECTION, "{\"userId\":\"u-1\",\"deploymentState\":\"successOnRetry\"}")
        .json();
    assertEquals("u-1", created.get("userId").asText());
    assertEquals("successOnRetry", created.get("deploymentState").asText());
  }

  @Test
  void seedSchemaHasNoSuccessOnRetry() {
    org.junit.jupiter.api.Assumptions.assumeTrue(TestServer.isSeed());
    assertGraphError(server.post(TestServer.COLLECTION, "{\"deploymentState\":\"successOnRetry\"}"), 400, "BadRequest");
  }

  @Test
  void refusesInvalidUtf8() {
    int count = server.count();
    byte[] body = {'{', '"', 'd', 'e', 'v', 'i', 'c', 'e', 'I', 'd', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'};
    JsonNode error = assertGraphError(server.send("POST", TestServer.COLLECTION, TestServer.withJson(TestServer.AUTH),
        body), 400, "BadRequest");
    assertTrue(error.get("message").asText().contains("UTF-8"), error::toString);
    assertEquals(count, server.count());
  }

  @ParameterizedTest
  @CsvSource({"text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"})
  void refusesOtherMediaTypesWith415(String contentType) {
    int count = server.count();
    assertGraphError(server.send("POST", TestServer.COLLECTION, Map.of("Authorization", "Bearer t",
        "Content-Type", contentType), "{}".getBytes(StandardCharsets.UTF_8)), 415, "UnsupportedMediaType");
    assertEquals(count, server.count());
  }

  @Test
  void refusesABodyWithoutContentTypeWith415() {
    assertGraphError(server.send("POST", TestServer.COLLECTION, TestServer.AUTH,
        "{}".getBytes(StandardCharsets.UTF_8)), 415, "UnsupportedMediaType");
  }

  @Test
  void refusesBodiesOverFourMebibytesWith413() throws Exception {
    int count = server.count();
    // Only the headers are sent: a body announced over the limit is refused before it is read, and a client
    // still writing it could see the connection reset before the answer (which is why uploaders send
    // Expect: 100-continue, as here). HostileInputTest also sends such a body whole.
    String reply = server.raw("POST /beta/deviceManagement/autopilotEvents HTTP/1.1\r\nHost: x\r\n"
        + "Authorization: Bearer t\r\nContent-Type: application/json\r\nExpect: 100-continue\r\n"
        + "Content-Length: " + (4 * 1024 * 1024 + 1) + "\r\n\r\n");
    assertTrue(reply.startsWith("HTTP/1.1 413"), reply);
    JsonNode error = TestServer.JSON.readTree(reply.substring(reply.indexOf("\r\n\r\n") + 4)).get("error");
    assertEquals("RequestEntityTooLarge", error.get("code").asText());
    assertEquals(count, server.count());
  }

  @Test
  void acceptsABodyJustUnderTheLimit() {
    String padding = " ".repeat(4 * 1024 * 1024 - 100);
    assertEquals(201, server.post(TestServer.COLLECTION, "{" + padding + "}").status());
  }
}
