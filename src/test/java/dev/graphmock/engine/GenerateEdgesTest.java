package dev.graphmock.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphmock.app.GraphServer;
import dev.graphmock.app.ServerConfig;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generate on a schema whose values must stop somewhere (a complex type holding itself, alone and in a collection),
 * one it cannot fill (an abstract complex type nothing derives from: null where nullable, else a 501 naming the
 * property), and a contained collection that only a derived type declares (generated under entities of that type
 * only); and a string kept otherwise than sent, inside a complex value, answered as it is kept.
 */
class GenerateEdgesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path folder;

  private GraphServer start(String edmx) throws Exception {
    Path file = folder.resolve("edges-" + edmx.hashCode() + ".xml");
    Files.writeString(file, edmx);
    return GraphServer.start(ServerConfig.defaults().withPort(0).withMetadataFile(file)
        .withAuth(dev.graphmock.http.AuthMode.NONE).withDatabase(folder.resolve("edges-" + edmx.hashCode() + ".db")));
  }

  private static HttpResponse<String> send(GraphServer server, String method, String path, String body)
      throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.uri() + path))
        .header("Content-Type", "application/json").method(method, body == null
            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String schema() throws Exception {
    try (InputStream in = GenerateEdgesTest.class.getResourceAsStream("/engine/edges.xml")) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  private static int depth(JsonNode node) {
    int deepest = 0;
    for (JsonNode child : node) {
      deepest = Math.max(deepest, depth(child));
    }
    return node.isContainerNode() ? deepest + 1 : 0;
  }

  @Test
  void generatedValuesStopAndContainedEntitiesLiveUnderTheTypeThatDeclaresThem() throws Exception {
    try (GraphServer server = start(schema())) {
      HttpResponse<String> generated = send(server, "POST", "/__admin/generate", "{\"count\":40,\"seed\":2}");
      assertEquals(200, generated.statusCode(), generated::body);
      JsonNode places = JSON.readTree(send(server, "GET", "/__admin/export", null).body()).get("places");
      Set<String> plus = new HashSet<>();
      for (JsonNode item : places.get("items")) {
        if (item.get("@odata.type").asText().equals("#ex.edges.itemPlus")) {
          plus.add(item.get("id").asText());
        }
        assertTrue(item.get("maybeShape").isNull(), "an abstract type nothing derives from: null");
        assertTrue(depth(item.get("root")) <= 12, "a type holding itself stops: " + item.get("root"));
      }
      assertTrue(!plus.isEmpty() && plus.size() < 40, plus::toString);
      assertTrue(places.get("items/parts").size() > 0);
      for (JsonNode part : places.get("items/parts")) {
        assertTrue(plus.contains(part.get("@graphmock.parents").get(0).asText()), part::toString);
      }

      HttpResponse<String> created = send(server, "POST", "/beta/items", "{\"id\":\"lone\",\"root\":{\"name\":"
          + "\"a\\ud800b\",\"kids\":[{\"name\":\"c\\ud800d\"}]}}");
      assertEquals(201, created.statusCode(), created::body);
      JsonNode read = JSON.readTree(send(server, "GET", "/beta/items/lone", null).body());
      assertEquals("a?b", read.at("/root/name").asText(), "inside a complex value, as kept");
      assertEquals("c?d", read.at("/root/kids/0/name").asText(), "and inside a collection");
    }
  }

  @Test
  void aValueNoTypeCanMakeIsRefusedByNameAndNothingIsKept() throws Exception {
    String required = schema().replace("<Property Name=\"maybeShape\" Type=\"edges.shape\" />",
        "<Property Name=\"mustShape\" Type=\"edges.shape\" Nullable=\"false\" />");
    try (GraphServer server = start(required)) {
      HttpResponse<String> refused = send(server, "POST", "/__admin/generate", "{\"count\":3}");
      assertEquals(501, refused.statusCode(), refused::body);
      assertEquals("graphmock cannot make a value for mustShape: ex.edges.shape is abstract, and no type derives"
          + " from it; nothing was generated.", JSON.readTree(refused.body()).at("/error/message").asText());
      assertEquals(0, JSON.readTree(send(server, "GET", "/beta/items", null).body()).get("value").size());
    }
  }
}
