package dev.graphmock.odata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphmock.json.ValueJsonCodec;
import dev.graphmock.model.ComplexValue;
import dev.graphmock.model.DateTimeOffsetValue;
import dev.graphmock.model.DefaultValues;
import dev.graphmock.store.Database;
import dev.graphmock.store.DatabaseLocation;
import dev.graphmock.store.FamilyStore;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Handlers registered by qualified name and binding type do what an operation of a schema no code names
 * ({@code engine/fleet.xml}) does; the engine reads their parameters as the schema declares them and writes their
 * results as the declared return type: a collection of entities, a primitive, nothing (204).
 */
class OperationHandlersTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path folder;

  private Database database;
  private ODataService service;
  private final List<String> calls = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    GraphModel model;
    try (InputStream in = OperationHandlersTest.class.getResourceAsStream("/engine/fleet.xml")) {
      model = GraphModel.load("fleet", in.readAllBytes(), null);
    }
    database = Database.open(DatabaseLocation.sqlite(folder.resolve("fleet.db")), "fleet", model.typeGraph());
    FamilyStore store = new FamilyStore(database, model.typeGraph(), new ValueJsonCodec(model.typeGraph()));
    store.createTables();
    OperationHandlers handlers = new OperationHandlers()
        .register("example.fleet.import", "Collection(example.fleet.device)", call -> {
          calls.add("import");
          List<FamilyStore.Kept> imported = new ArrayList<>();
          for (Object item : (List<?>) call.parameters().get("devices")) {
            ComplexValue given = (ComplexValue) item;
            Map<String, Object> values = DefaultValues.of(given.type());
            values.putAll(given.values());
            call.store().insert(call.tenant(), "fleet/devices", "", given.type(), values);
            imported.add(new FamilyStore.Kept(given.type(), (String) values.get("id"), values, Map.of()));
          }
          return imported;
        })
        .register("example.fleet.countByColor", "Collection(example.fleet.device)", call -> {
          calls.add("countByColor " + call.parameters());
          return (int) call.store().page(call.tenant(), "fleet/devices", "", null, null, 1000).entities().stream()
              .filter(kept -> kept.values().get("color").equals(call.parameters().get("color"))).count();
        })
        .register("example.fleet.sync", "example.fleet.fleetSettings", call -> {
          calls.add("sync " + call.entity().type().name());
          call.store().update(call.tenant(), "fleet/settings", "", call.entity().key(), concrete ->
              FamilyStore.Changes.of(Map.of("lastSyncDateTime", DateTimeOffsetValue.parse("2026-12-07T10:00:00Z"))));
          return null;
        })
        // Registered for another binding type: never called for the device.
        .register("example.fleet.assignUser", "example.fleet.site", call -> {
          calls.add("assignUser on a site");
          return null;
        });
    service = new ODataService(model, store, handlers, 100, 1000);
  }

  @AfterEach
  void stop() {
    database.close();
  }

  private GraphResponse send(String method, String path, String body) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    if (body != null) {
      headers.put("Content-Type", List.of("application/json"));
    }
    int question = path.indexOf('?');
    return service.handle(new GraphRequest(method, "http://localhost/beta", question < 0 ? path
        : path.substring(0, question), question < 0 ? null : path.substring(question + 1), headers,
        body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8), "r", "r"), "t");
  }

  private static JsonNode json(GraphResponse response) throws Exception {
    return JSON.readTree(response.body());
  }

  @Test
  void aHandlerDoesTheWorkAndItsResultIsWrittenAsTheReturnTypeSays() throws Exception {
    String device = "{\"@odata.type\":\"example.fleet.device\",\"id\":\"%s\",\"color\":\"%s\",\"capabilities\":"
        + "\"wifi\"}";
    GraphResponse imported = send("POST", "/fleet/devices/import", "{\"devices\":[" + device.formatted("d1", "red")
        + "," + device.formatted("d2", "blue") + "," + device.formatted("d3", "red") + "]}");
    assertEquals(200, imported.status(), () -> new String(imported.body(), StandardCharsets.UTF_8));
    JsonNode result = json(imported);
    assertEquals("http://localhost/beta/$metadata#Collection(example.fleet.device)",
        result.get("@odata.context").asText());
    assertEquals(3, result.get("value").size());
    assertEquals("#example.fleet.device", result.at("/value/0/@odata.type").asText());
    assertEquals("wifi", result.at("/value/1/capabilities").asText());
    assertEquals(3, json(send("GET", "/fleet/devices?$count=true", null)).get("@odata.count").asInt());

    GraphResponse counted = send("GET", "/fleet/devices/countByColor(color=example.fleet.color'red')", null);
    assertEquals(200, counted.status(), () -> new String(counted.body(), StandardCharsets.UTF_8));
    assertEquals("{\"@odata.context\":\"http://localhost/beta/$metadata#Edm.Int32\",\"value\":2}",
        new String(counted.body(), StandardCharsets.UTF_8));

    GraphResponse synced = send("POST", "/fleet/settings/Sync", null);
    assertEquals(204, synced.status(), () -> new String(synced.body(), StandardCharsets.UTF_8));
    assertEquals("2026-12-07T10:00:00Z", json(send("GET", "/fleet/settings", null)).get("lastSyncDateTime")
        .asText());

    GraphResponse other = send("POST", "/fleet/devices/d1/assignUser", "{\"userPrincipalName\":\"a@b\"}");
    assertEquals(501, other.status(), "a handler for another binding type is not this one's");
    assertEquals(List.of("import", "countByColor {color=red}", "sync fleetSettings"), calls);
  }

  @Test
  void parametersAreCheckedBeforeAnyHandlerRuns() {
    GraphResponse refused = send("POST", "/fleet/devices/import", "{\"devices\":[{\"id\":\"d1\",\"color\":\"mauve\"}]}");
    assertEquals(400, refused.status());
    assertTrue(new String(refused.body(), StandardCharsets.UTF_8).contains("devices[0].color"),
        () -> new String(refused.body(), StandardCharsets.UTF_8));
    assertEquals(List.of(), calls);
  }
}
