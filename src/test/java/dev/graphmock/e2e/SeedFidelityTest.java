package dev.graphmock.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The seed document's example: its request body gives back its response body, string for string, except id. */
class SeedFidelityTest extends SharedServerTest {

  static String resource(String name) throws IOException {
    try (InputStream in = SeedFidelityTest.class.getResourceAsStream("/seed/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void seedRequestGivesSeedResponseExceptId() throws IOException {
    org.junit.jupiter.api.Assumptions.assumeTrue(TestServer.isSeed(), "the seed document's example is of the seed schema");
    TestServer.Reply created = server.post(TestServer.COLLECTION, resource("create-request.json"));
    assertEquals(201, created.status(), created::toString);
    assertTrue(created.header("Content-Type").startsWith("application/json;odata.metadata=minimal"));

    ObjectNode expected = (ObjectNode) TestServer.JSON.readTree(resource("create-response.json"));
    ObjectNode actual = (ObjectNode) created.json();
    String id = actual.path("id").asText();
    assertTrue(id.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), id);
    assertEquals(server.beta() + "/$metadata#deviceManagement/autopilotEvents/$entity",
        actual.remove("@odata.context").asText());
    expected.put("id", id);
    assertEquals(fieldNames(expected), fieldNames(actual), "the same properties in the seed's order");
    assertEquals(expected, actual);
    assertEquals(server.beta() + "/deviceManagement/autopilotEvents('" + id + "')", created.header("Location"));
    assertEquals(created.header("Location"), created.header("OData-EntityId"));

    TestServer.Reply read = server.get(TestServer.COLLECTION + "/" + id);
    assertEquals(200, read.status());
    ObjectNode again = (ObjectNode) read.json();
    again.remove("@odata.context");
    assertEquals(expected, again, "a later GET returns the same");
  }

  @Test
  void dateTimeOffsetsKeepOffsetAndDigitsAndDurationsKeepSign() {
    String body = "{\"eventDateTime\":\"2016-12-31T23:59:23.3984020-08:00\",\"deploymentStartDateTime\":"
        + "\"2020-06-01T10:00:00+05:30\",\"deviceSetupDuration\":\"-PT1M32.1347897S\",\"deploymentDuration\":\"P1DT2H\"}";
    JsonNode created = server.post(TestServer.COLLECTION, body).json();
    JsonNode read = server.get(TestServer.COLLECTION + "/" + created.get("id").asText()).json();
    for (JsonNode entity : List.of(created, read)) {
      assertEquals("2016-12-31T23:59:23.3984020-08:00", entity.get("eventDateTime").asText());
      assertEquals("2020-06-01T10:00:00+05:30", entity.get("deploymentStartDateTime").asText());
      assertEquals("-PT1M32.1347897S", entity.get("deviceSetupDuration").asText());
      assertEquals("P1DT2H", entity.get("deploymentDuration").asText());
    }
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
