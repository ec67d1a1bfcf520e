package dev.graphmock.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphmock.app.ServerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No Java class lists the properties: a property added to the EDMX is stored, validated and returned. */
class SchemaDrivenTest {
  @TempDir
  Path folder;

  static String seedWith(String extraProperties) throws IOException {
    try (InputStream in = SchemaDrivenTest.class.getResourceAsStream("/metadata/" + TestServer.SCHEMA + ".xml")) {
      String seed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      String anchor = "<EntityType Name=\"deviceManagementAutopilotEvent\" BaseType=\"graph.entity\">";
      assertTrue(seed.contains(anchor));
      return seed.replace(anchor, anchor + extraProperties);
    }
  }

  @Test
  void aPropertyAddedToTheEdmxIsStoredAndReturned() throws IOException {
    Path edmx = folder.resolve("extended.xml");
    Files.writeString(edmx, seedWith("<Property Name=\"batteryLevel\" Type=\"Edm.Int32\" Nullable=\"false\"/>"
        + "<Property Name=\"isCompliant\" Type=\"Edm.Boolean\"/>"
        + "<Property Name=\"lastSeenDateTime\" Type=\"Edm.DateTimeOffset\"/>"
        + "<Property Name=\"retries\" Type=\"Edm.Int64\"/><Property Name=\"idleFor\" Type=\"Edm.Duration\"/>"
        + "<Property Name=\"lastState\" Type=\"graph.enrollmentState\"/>"
        + "<Property Name=\"score\" Type=\"Edm.Double\"/>"
        + "<Property Name=\"ratio\" Type=\"Edm.Double\" Nullable=\"false\"/>"));
    ServerConfig config = TestServer.config(folder).withDatabase(folder.resolve("extended.db")).withMetadataFile(edmx);
    try (TestServer server = TestServer.start(config)) {
      TestServer.Reply created = server.post(TestServer.COLLECTION, "{\"id\":\"x1\",\"batteryLevel\":87,"
          + "\"isCompliant\":true,\"lastSeenDateTime\":\"2024-05-01T08:00:00.1234567+02:00\",\"deviceId\":\"d\","
          + "\"retries\":-9223372036854775807,\"score\":0.30000000000000004,\"ratio\":-2.5E-300}");
      assertEquals(201, created.status(), created::toString);
      server.restart();
      JsonNode stored = server.get(TestServer.COLLECTION + "/x1").json();
      assertEquals(87, stored.get("batteryLevel").asInt(), stored::toString);
      assertTrue(stored.get("isCompliant").asBoolean());
      assertEquals("2024-05-01T08:00:00.1234567+02:00", stored.get("lastSeenDateTime").asText());
      assertEquals("d", stored.get("deviceId").asText());
      // Whole numbers and doubles come back exactly: an Int64 a double cannot hold, doubles that need 17 digits.
      assertEquals("-9223372036854775807", stored.get("retries").toString(), stored::toString);
      assertEquals(0.30000000000000004, stored.get("score").doubleValue(), stored::toString);
      assertEquals(-2.5E-300, stored.get("ratio").doubleValue(), stored::toString);

      JsonNode defaults = server.post(TestServer.COLLECTION, "{}").json();
      assertEquals(0, defaults.get("batteryLevel").asInt());
      assertTrue(defaults.get("isCompliant").isNull());
      // Stored nulls read back as nulls, not as the column's 0, by id and in a list.
      String id = defaults.get("id").asText();
      JsonNode byId = server.get(TestServer.COLLECTION + "/" + id).json();
      JsonNode listed = server.get(TestServer.COLLECTION + "?$filter=id%20eq%20'" + id + "'").json().get("value")
          .get(0);
      for (JsonNode event : List.of(byId, listed)) {
        for (String nullable : List.of("isCompliant", "lastSeenDateTime", "retries", "idleFor", "lastState", "score")) {
          assertTrue(event.get(nullable).isNull(), nullable + " in " + event);
        }
        assertEquals("0", event.get("batteryLevel").toString(), event::toString);
        assertEquals("0.0", event.get("ratio").toString(), event::toString);
      }
      assertEquals(400, server.post(TestServer.COLLECTION, "{\"batteryLevel\":\"high\"}").status());
      assertEquals(400, server.post(TestServer.COLLECTION, "{\"isCompliant\":1}").status());
    }
  }

  @Test
  void aPropertyRemovedFromTheEdmxIsUnknown() throws IOException {
    Path edmx = folder.resolve("reduced.xml");
    Files.writeString(edmx, seedWith("").replaceAll(
        "<Property Name=\"osVersion\"[^>]*>\\s*<Annotation[^>]*/>\\s*</Property>", ""));
    ServerConfig config = TestServer.config(folder).withDatabase(folder.resolve("reduced.db")).withMetadataFile(edmx);
    try (TestServer server = TestServer.start(config)) {
      assertEquals(400, server.post(TestServer.COLLECTION, "{\"osVersion\":\"1\"}").status());
      JsonNode created = server.post(TestServer.COLLECTION, "{}").json();
      assertTrue(created.get("osVersion") == null, created::toString);
      assertTrue(created.get("deviceId").isNull());
    }
  }
}
