package dev.graphmock.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphmock.engine.Fleet.Reply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A schema no code names ({@code engine/fleet.xml}) served over real HTTP with {@code --metadata}, on a real SQLite
 * file and a real PostgreSQL (issue 31, step 4): every place the container declares, at any depth, created, read,
 * paged, changed and deleted as its concrete type.
 */
class PlacesOverHttpTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path folder;

  private static final String DEVICE = "\"color\":\"red\",\"capabilities\":\"none\",\"byteValue\":0,\"sbyteValue\":0,"
      + "\"int16Value\":0,\"int32Value\":0,\"int64Value\":0,\"booleanValue\":false,"
      + "\"dateTimeOffsetValue\":\"2024-01-01T00:00:00Z\"";

  private static void created(Reply reply) {
    assertEquals(201, reply.status(), reply::toString);
  }

  private static List<String> ids(Reply reply) {
    assertEquals(200, reply.status(), reply::toString);
    List<String> ids = new ArrayList<>();
    reply.json().get("value").forEach(entity -> ids.add(entity.get("id").asText()));
    return ids;
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void entitiesAreKeptAtEveryDepthUnderTheirParentsAsTheirOwnTypes(String kind) throws IOException {
    try (Fleet fleet = new Fleet(folder, kind)) {
      Reply profile = fleet.post("/fleet/profiles", "{\"@odata.type\":\"#example.fleet.cloudProfile\",\"id\":\"p/1\","
          + "\"displayName\":\"Cloud\",\"region\":\"eu\"}");
      created(profile);
      assertEquals(fleet.beta() + "/fleet/profiles('p%2F1')", profile.header("Location"));
      assertEquals(fleet.beta() + "/$metadata#fleet/profiles/$entity", profile.json().get("@odata.context").asText());
      assertEquals("#example.fleet.cloudProfile", profile.json().get("@odata.type").asText());
      assertEquals("0001-01-01T00:00:00Z", profile.json().get("createdDateTime").asText(), "a default where left out");
      created(fleet.post("/fleet/profiles", "{\"@odata.type\":\"example.fleet.onPremisesProfile\",\"id\":\"p2\","
          + "\"domain\":\"corp\"}"));

      Reply assignment = fleet.post("/fleet/profiles/p%2F1/assignments", "{\"id\":\"a1\",\"target\":"
          + "{\"@odata.type\":\"#example.fleet.groupTarget\",\"groupId\":\"g1\"}}");
      created(assignment);
      assertEquals(fleet.beta() + "/$metadata#fleet/profiles('p%2F1')/assignments/$entity",
          assignment.json().get("@odata.context").asText());
      assertEquals(fleet.beta() + "/fleet/profiles('p%2F1')/assignments('a1')", assignment.header("Location"));
      created(fleet.post("/fleet/profiles('p2')/Assignments", "{\"id\":\"a1\"}"));
      Reply result = fleet.post("/Fleet/Profiles/p%2F1/assignments/a1/results", "{\"id\":\"r1\",\"succeeded\":true}");
      created(result);
      assertEquals(fleet.beta() + "/$metadata#fleet/profiles('p%2F1')/assignments('a1')/results/$entity",
          result.json().get("@odata.context").asText());

      fleet.restart();
      assertEquals(List.of("p/1", "p2"), ids(fleet.get("/fleet/profiles")));
      JsonNode onPremises = fleet.get("/fleet/profiles/p2").json();
      assertEquals("#example.fleet.onPremisesProfile", onPremises.get("@odata.type").asText());
      assertEquals(List.of("@odata.context", "@odata.type", "id", "displayName", "createdDateTime", "domain",
          "skipConnectivityCheck", "notes"), fieldNames(onPremises), "its own properties, not its sibling's");
      assertEquals("g1", fleet.get("/fleet/profiles('p%2F1')/assignments/a1").json().at("/target/groupId").asText());
      assertTrue(fleet.get("/fleet/profiles/p2/assignments/a1").json().get("target").isNull(),
          "the same key under another profile is another entity");
      assertEquals(List.of("r1"), ids(fleet.get("/fleet/profiles/p%2F1/assignments/a1/results")));
      assertEquals(List.of(), ids(fleet.get("/fleet/profiles/p2/assignments/a1/results")));
      assertEquals(fleet.beta() + "/$metadata#fleet/profiles('p%2F1')/assignments('a1')/results",
          fleet.get("/fleet/profiles/p%2F1/assignments/a1/results").json().get("@odata.context").asText());

      Reply missing = fleet.get("/fleet/profiles/p3/assignments");
      assertEquals(404, missing.status(), missing::toString);
      assertEquals("ResourceNotFound: No profile with id 'p3' exists.", missing.error());
      assertEquals(404, fleet.post("/fleet/profiles/p3/assignments", "{\"id\":\"a\"}").status(),
          "nothing is created under an entity that is not there");
      assertEquals(404, fleet.get("/fleet/profiles/p2/assignments/a2").status());
      created(fleet.post("/sites", "{\"id\":\"s1\",\"address\":{\"city\":\"Oslo\",\"location\":{\"latitude\":59.9,"
          + "\"longitude\":10.7}}}"));
      assertEquals(59.9, fleet.get("/sites/s1").json().at("/address/location/latitude").asDouble());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void anAbstractSetTakesOnlyConcreteTypesAndACastNarrowsIt(String kind) throws IOException {
    try (Fleet fleet = new Fleet(folder, kind)) {
      Reply abstractOne = fleet.post("/fleet/profiles", "{\"displayName\":\"x\"}");
      assertEquals(400, abstractOne.status());
      assertEquals("BadRequest: Cannot create an entity of the abstract type 'example.fleet.profile': name a concrete"
          + " type in '@odata.type' (one of: example.fleet.cloudProfile, example.fleet.onPremisesProfile).",
          abstractOne.error());
      Reply cast = fleet.post("/fleet/profiles/example.fleet.cloudProfile", "{\"id\":\"c1\"}");
      created(cast);
      assertEquals("#example.fleet.cloudProfile", cast.json().get("@odata.type").asText(),
          "the cast names the type the body need not");
      created(fleet.post("/fleet/profiles", "{\"@odata.type\":\"#example.fleet.onPremisesProfile\",\"id\":\"o1\"}"));
      assertEquals(List.of("c1", "o1"), ids(fleet.get("/fleet/profiles")));
      assertEquals(List.of("o1"), ids(fleet.get("/fleet/profiles/FLEET.onPremisesProfile")));
      assertEquals("1", fleet.get("/fleet/profiles/example.fleet.cloudProfile/$count").body());
      assertEquals(404, fleet.get("/fleet/profiles/example.fleet.cloudProfile/o1").status(), "not of that type");
      assertEquals(200, fleet.get("/fleet/profiles/example.fleet.onPremisesProfile/o1").status());
      Reply unknown = fleet.post("/fleet/profiles", "{\"@odata.type\":\"#example.fleet.cloudProfile\",\"domain\":\"x\"}");
      assertEquals(400, unknown.status());
      assertTrue(unknown.error().contains("'domain' does not exist on type 'example.fleet.cloudProfile'"),
          unknown::error);
      assertEquals(List.of("c1", "o1"), ids(fleet.get("/fleet/profiles")), "nothing stored by a refused create");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void anUpdateChangesWhatItNamesAndNeverTheTypeOrKey(String kind) throws IOException {
    try (Fleet fleet = new Fleet(folder, kind)) {
      created(fleet.post("/fleet/profiles", "{\"@odata.type\":\"#example.fleet.onPremisesProfile\",\"id\":\"o1\","
          + "\"displayName\":\"Domain\",\"domain\":\"corp\",\"skipConnectivityCheck\":true}"));
      Reply patched = fleet.patch("/fleet/profiles/o1", "{\"domain\":\"lab\"}");
      assertEquals(204, patched.status(), patched::toString);
      JsonNode read = fleet.get("/fleet/profiles/o1").json();
      assertEquals("lab", read.get("domain").asText());
      assertEquals("Domain", read.get("displayName").asText());
      assertTrue(read.get("skipConnectivityCheck").asBoolean());

      Reply changedType = fleet.patch("/fleet/profiles/o1", "{\"@odata.type\":\"#example.fleet.cloudProfile\"}");
      assertEquals(400, changedType.status());
      // ODL's words for a type not derived from the one expected (the kept type), which Graph answers.
      assertEquals("BadRequest: A resource with type 'example.fleet.cloudProfile' was found, but it is not"
          + " assignable to the expected type 'example.fleet.onPremisesProfile'.", changedType.error());
      Reply changedKey = fleet.patch("/fleet/profiles/o1", "{\"id\":\"o2\"}");
      assertEquals(400, changedKey.status());
      Reply notNull = fleet.patch("/fleet/profiles/o1", "{\"skipConnectivityCheck\":null}");
      assertEquals(400, notNull.status(), notNull::toString);
      assertTrue(notNull.error().contains("skipConnectivityCheck"), notNull::error);
      assertEquals(404, fleet.patch("/fleet/profiles/o9", "{\"domain\":\"x\"}").status());

      Reply representation = fleet.send("PATCH", "/fleet/profiles/o1", "{\"displayName\":null}", "Prefer",
          "return=representation");
      assertEquals(200, representation.status());
      assertEquals("return=representation", representation.header("Preference-Applied"));
      assertTrue(representation.json().get("displayName").isNull());
      assertEquals("lab", representation.json().get("domain").asText());
      assertEquals(fleet.beta() + "/$metadata#fleet/profiles/$entity",
          representation.json().get("@odata.context").asText());

      Reply put = fleet.send("PUT", "/fleet/profiles/o1", "{\"displayName\":\"Again\"}");
      assertEquals(204, put.status(), put::toString);
      JsonNode replaced = fleet.get("/fleet/profiles/o1").json();
      assertEquals("Again", replaced.get("displayName").asText());
      assertTrue(replaced.get("domain").isNull(), "a replace leaves out what the body leaves out");
      assertFalse(replaced.get("skipConnectivityCheck").asBoolean());

      created(fleet.post("/fleet/devices", "{\"id\":\"d1\"," + DEVICE + "}"));
      Reply badEnum = fleet.patch("/fleet/devices/d1", "{\"placements\":[{\"capabilities\":[\"wifi\",\"laser\"]}]}");
      assertEquals(400, badEnum.status());
      assertTrue(badEnum.error().contains("placements[0].capabilities[1]"), badEnum::error);
      assertEquals(204, fleet.patch("/fleet/devices/d1", "{\"capabilities\":\"wifi,cellular\",\"tags\":[\"a\"]}")
          .status());
      JsonNode device = fleet.get("/fleet/devices/d1").json();
      assertEquals("wifi,cellular", device.get("capabilities").asText());
      assertEquals("[\"a\"]", device.get("tags").toString());
      assertEquals("red", device.get("color").asText());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void aDeleteTakesEverythingTheEntityContains(String kind) throws IOException {
    try (Fleet fleet = new Fleet(folder, kind)) {
      for (String id : List.of("p1", "p10")) {
        created(fleet.post("/fleet/profiles", "{\"@odata.type\":\"#example.fleet.cloudProfile\",\"id\":\"" + id
            + "\"}"));
        created(fleet.post("/fleet/profiles/" + id + "/assignments", "{\"id\":\"a1\"}"));
        created(fleet.post("/fleet/profiles/" + id + "/assignments/a1/results", "{\"id\":\"r1\",\"succeeded\":true}"));
      }
      assertEquals(204, fleet.send("DELETE", "/fleet/profiles/p1", null).status());
      assertEquals(404, fleet.send("DELETE", "/fleet/profiles/p1", null).status());
      assertEquals(404, fleet.get("/fleet/profiles/p1/assignments").status());
      created(fleet.post("/fleet/profiles", "{\"@odata.type\":\"#example.fleet.cloudProfile\",\"id\":\"p1\"}"));
      assertEquals(List.of(), ids(fleet.get("/fleet/profiles/p1/assignments")), "its assignments went with it");
      created(fleet.post("/fleet/profiles/p1/assignments", "{\"id\":\"a1\"}"));
      assertEquals(List.of(), ids(fleet.get("/fleet/profiles/p1/assignments/a1/results")), "and their results");
      assertEquals(List.of("r1"), ids(fleet.get("/fleet/profiles/p10/assignments/a1/results")),
          "a key that starts alike is another's");
      assertEquals(204, fleet.send("DELETE", "/fleet/profiles/p10/assignments/a1/results/r1", null).status());
      assertEquals(List.of("a1"), ids(fleet.get("/fleet/profiles/p10/assignments")));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void singleValuedPlacesExistFromTheFirstReadWithTheirTypesDefaults(String kind) throws IOException {
    try (Fleet fleet = new Fleet(folder, kind)) {
      Reply settings = fleet.get("/fleet/settings");
      assertEquals(200, settings.status(), settings::toString);
      assertEquals(fleet.beta() + "/$metadata#fleet/settings", settings.json().get("@odata.context").asText());
      assertEquals("#example.fleet.fleetSettings", settings.json().get("@odata.type").asText());
      assertEquals("unknown", settings.json().get("syncColor").asText(), "the enum's lowest member");
      assertEquals("0001-01-01T00:00:00Z", settings.json().get("lastSyncDateTime").asText());
      String id = settings.json().get("id").asText();
      assertNotEquals("", id);
      assertEquals(204, fleet.patch("/fleet/settings", "{\"syncColor\":\"blue\"}").status());
      fleet.restart();
      JsonNode again = fleet.get("/fleet/settings").json();
      assertEquals("blue", again.get("syncColor").asText());
      assertEquals(id, again.get("id").asText(), "one entity, made once");
      Reply delete = fleet.send("DELETE", "/fleet/settings", null);
      assertEquals(405, delete.status());
      assertEquals("GET, HEAD, PATCH, PUT", delete.header("Allow"), "what it does answer");
      assertEquals(405, fleet.post("/fleet/settings", "{}").status());
      JsonNode root = fleet.get("/fleet").json();
      assertEquals("#example.fleet.fleet", root.get("@odata.type").asText());
      assertEquals(fleet.beta() + "/$metadata#fleet", root.get("@odata.context").asText());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void aCollectionIsPagedByKeyWithACount(String kind) throws IOException {
    try (Fleet fleet = new Fleet(folder, kind)) {
      for (String id : List.of("d4", "d2", "d5", "d1", "d3")) {
        created(fleet.post("/fleet/devices", "{\"id\":\"" + id + "\"," + DEVICE + "}"));
      }
      Reply first = fleet.get("/fleet/devices?$top=2&$count=true");
      assertEquals(List.of("d1", "d2"), ids(first));
      assertEquals(5, first.json().get("@odata.count").asInt());
      String next = first.json().get("@odata.nextLink").asText();
      assertTrue(next.startsWith(fleet.beta() + "/fleet/devices?$top=2&$count=true&$skiptoken="), next);
      Reply second = fleet.get(next);
      assertEquals(List.of("d3", "d4"), ids(second));
      Reply third = fleet.get(second.json().get("@odata.nextLink").asText());
      assertEquals(List.of("d5"), ids(third));
      assertNull(third.json().get("@odata.nextLink"));
      assertEquals("5", fleet.get("/fleet/devices/$count").body());

      Reply preferred = fleet.send("GET", "/fleet/devices", null, "Prefer", "odata.maxpagesize=3");
      assertEquals(List.of("d1", "d2", "d3"), ids(preferred));
      assertEquals("odata.maxpagesize=3", preferred.header("Preference-Applied"));
      String token = next.substring(next.indexOf("$skiptoken=") + "$skiptoken=".length());
      Reply elsewhere = fleet.get("/fleet/profiles?$skiptoken=" + token);
      assertEquals(400, elsewhere.status(), "a token is good for its own collection only");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void whatIsNotServedYetIsSaidAndNothingIsWritten(String kind) throws IOException {
    try (Fleet fleet = new Fleet(folder, kind)) {
      created(fleet.post("/fleet/devices", "{\"id\":\"d1\"," + DEVICE + "}"));
      created(fleet.post("/fleet/profiles", "{\"@odata.type\":\"#example.fleet.cloudProfile\",\"id\":\"p1\"}"));
      Reply navigation = fleet.get("/fleet/profiles/p1/assignedDevices");
      assertEquals(501, navigation.status());
      assertEquals("NotImplemented: graphmock does not serve the navigation 'assignedDevices' of fleet/profiles yet.",
          navigation.error());
      assertEquals(204, fleet.post("/__admin/reset", null).status());
      assertEquals(List.of(), ids(fleet.get("/fleet/devices")), "reset empties the engine's places");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void aChangeSetOfAMultipartBatchIsAllOrNothingAcrossPlaces(String kind) throws IOException {
    try (Fleet fleet = new Fleet(folder, kind)) {
      String batch = "--batch\r\nContent-Type: multipart/mixed;boundary=changes\r\n\r\n"
          + "--changes\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\nContent-ID: 1\r\n\r\n"
          + "POST fleet/devices HTTP/1.1\r\nContent-Type: application/json\r\n\r\n{\"id\":\"d1\"," + DEVICE + "}\r\n"
          + "--changes\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\nContent-ID: 2\r\n\r\n"
          + "POST sites HTTP/1.1\r\nContent-Type: application/json\r\n\r\n{\"id\":\"s1\",\"name\":7}\r\n"
          + "--changes--\r\n--batch--\r\n";
      Reply failed = fleet.send("POST", "/$batch", batch, "Content-Type", "multipart/mixed;boundary=batch");
      assertEquals(200, failed.status(), failed::toString);
      assertTrue(failed.body().contains("HTTP/1.1 400"), failed::body);
      assertEquals(List.of(), ids(fleet.get("/fleet/devices")), "the device went with the site that failed");
      Reply succeeded = fleet.send("POST", "/$batch", batch.replace("\"name\":7", "\"name\":\"Oslo\""),
          "Content-Type", "multipart/mixed;boundary=batch");
      assertEquals(200, succeeded.status(), succeeded::toString);
      assertFalse(succeeded.body().contains("HTTP/1.1 400"), succeeded::body);
      assertEquals(List.of("d1"), ids(fleet.get("/fleet/devices")));
      assertEquals(List.of("s1"), ids(fleet.get("/sites")));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void aNavigationToAnotherSetIsBoundFollowedAndRebound(String kind) throws IOException {
    try (Fleet fleet = new Fleet(folder, kind)) {
      for (String id : List.of("p1", "p2")) {
        created(fleet.post("/fleet/profiles", "{\"@odata.type\":\"#example.fleet.cloudProfile\",\"id\":\"" + id
            + "\"}"));
      }
      created(fleet.post("/sites", "{\"id\":\"s1\",\"name\":\"Oslo\"}"));
      created(fleet.post("/fleet/devices", "{\"id\":\"d1\"," + DEVICE + ",\"profile@odata.bind\":"
          + "\"https://graph.microsoft.com/beta/fleet/profiles('p1')\",\"site@odata.bind\":\"sites/s1\"}"));

      Reply profile = fleet.get("/fleet/devices/d1/Profile");
      assertEquals(200, profile.status(), profile::toString);
      assertEquals("p1", profile.json().get("id").asText());
      assertEquals("#example.fleet.cloudProfile", profile.json().get("@odata.type").asText());
      assertEquals(fleet.beta() + "/$metadata#fleet/profiles/$entity", profile.json().get("@odata.context").asText());
      assertEquals("Oslo", fleet.get("/fleet/devices('d1')/site").json().get("name").asText(),
          "bound by the container's NavigationPropertyBinding");
      Reply ref = fleet.get("/fleet/devices/d1/profile/$ref");
      assertEquals(200, ref.status(), ref::toString);
      assertEquals(fleet.beta() + "/$metadata#$ref", ref.json().get("@odata.context").asText());
      assertEquals(fleet.beta() + "/fleet/profiles('p1')", ref.json().get("@odata.id").asText());

      Reply missing = fleet.post("/fleet/devices", "{\"id\":\"d2\"," + DEVICE + ",\"profile@odata.bind\":"
          + "\"fleet/profiles('p9')\"}");
      assertEquals(404, missing.status(), missing::toString);
      assertEquals("ResourceNotFound: No entity with id 'p9' exists at fleet/profiles.", missing.error());
      assertEquals(404, fleet.get("/fleet/devices/d2").status(), "nothing created with a link to nothing");
      Reply elsewhere = fleet.post("/fleet/devices", "{\"id\":\"d2\"," + DEVICE + ",\"profile@odata.bind\":"
          + "\"sites('s1')\"}");
      assertEquals(400, elsewhere.status());
      assertEquals("BadRequest: The URL in 'profile@odata.bind' must name one entity of fleet/profiles, not"
          + " 'sites('s1')'.", elsewhere.error());
      Reply unknown = fleet.post("/fleet/devices", "{\"id\":\"d2\"," + DEVICE + ",\"nothing@odata.bind\":"
          + "\"sites('s1')\"}");
      assertEquals(400, unknown.status());
      assertEquals("BadRequest: The navigation property 'nothing' does not exist on type 'example.fleet.device'.",
          unknown.error());

      assertEquals(204, fleet.patch("/fleet/devices/d1", "{\"profile@odata.bind\":\"" + fleet.beta()
          + "/fleet/profiles/p2\"}").status());
      assertEquals("p2", fleet.get("/fleet/devices/d1/profile").json().get("id").asText());
      assertEquals(404, fleet.patch("/fleet/devices/d1", "{\"serialNumber\":\"S\",\"profile@odata.bind\":"
          + "\"fleet/profiles/p9\"}").status());
      assertTrue(fleet.get("/fleet/devices/d1").json().get("serialNumber").isNull(), "a refused PATCH changed nothing");

      assertEquals(204, fleet.send("DELETE", "/fleet/devices/d1/profile/$ref", null).status());
      Reply nothing = fleet.get("/fleet/devices/d1/profile");
      assertEquals(204, nothing.status(), "a navigation with nothing behind it (OData Part 1, 11.2.6)");
      assertEquals("", nothing.body());
      assertEquals(204, fleet.send("PUT", "/fleet/devices/d1/profile/$ref", "{\"@odata.id\":\""
          + fleet.beta() + "/fleet/profiles('p1')\"}").status());
      assertEquals("p1", fleet.get("/fleet/devices/d1/profile").json().get("id").asText());
      fleet.restart();
      assertEquals("p1", fleet.get("/fleet/devices/d1/profile").json().get("id").asText());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void aPageWritesEachEntityAsItWouldFromItsColumnsBeforeAndAfterAnUpdate(String kind) throws IOException {
    try (Fleet fleet = new Fleet(folder, kind)) {
      created(fleet.post("/fleet/devices", "{\"id\":\"d1\"," + DEVICE.replace("\"none\"", "\"cellular,wifi\"")
          + ",\"serialNumber\":\"S\\u00e9 \\\"1\\\"\",\"tags\":[\"a\"],\"placement\":{\"address\":{\"city\":\"Oslo\"},"
          + "\"target\":{\"@odata.type\":\"#example.fleet.groupTarget\",\"groupId\":\"g\"}},\"guidValue\":"
          + "\"0A1B2C3D-4E5F-6071-8293-A4B5C6D7E8F9\",\"binaryValue\":\"AQID\",\"singleValue\":0.1,"
          + "\"decimalValue\":12.50,\"durationValue\":\"PT90M\",\"timeOfDayValue\":\"07:08:09.5\"}"));
      created(fleet.post("/fleet/devices", "{\"id\":\"d2\"," + DEVICE + "}"));
      // $select of every property writes each entity from its columns; without it, from what was kept when it was
      // written (issue 31, step 7): the same bytes
      String every = "$select=id,serialNumber,color,capabilities,tags,colors,placement,placements,guidValue,"
          + "binaryValue,dateValue,timeOfDayValue,byteValue,sbyteValue,int16Value,int32Value,int64Value,"
          + "singleValue,doubleValue,decimalValue,booleanValue,dateTimeOffsetValue,durationValue";
      assertEquals(values(fleet.get("/fleet/devices?" + every)), values(fleet.get("/fleet/devices")));
      assertEquals(204, fleet.patch("/fleet/devices/d1", "{\"serialNumber\":\"S2\",\"tags\":[]}").status());
      String page = values(fleet.get("/fleet/devices"));
      assertTrue(page.startsWith("\"value\":[{\"@odata.type\":\"#example.fleet.device\",\"id\":\"d1\","
          + "\"serialNumber\":\"S2\",\"color\":\"red\",\"capabilities\":\"wifi,cellular\",\"tags\":[],"), page);
      assertEquals(values(fleet.get("/fleet/devices?" + every)), page);
      Reply one = fleet.get("/fleet/devices/d1");
      assertEquals(200, one.status(), one::toString);
      assertEquals(fleet.get("/fleet/devices/d1?" + every).body().replaceFirst("^.*?,\"@odata.type\"", ""),
          one.body().replaceFirst("^.*?,\"@odata.type\"", ""), "read by id");
      assertTrue(one.body().contains("\"serialNumber\":\"S2\""), one::body);
    }
  }

  @org.junit.jupiter.api.Test
  void aPageAndAReadByIdCopyTheRenderingKeptWithTheEntity() throws Exception {
    try (Fleet fleet = new Fleet(folder, "sqlite")) {
      created(fleet.post("/fleet/devices", "{\"id\":\"d1\"," + DEVICE + "}"));
      // What the server wrote when it kept the entity, changed behind its back: a page and a read copy it. Its
      // form: a format byte (2), then each property's value in the type's order after its length, without names.
      byte[] kept = rendering(folder.resolve("fleet.db"));
      assertEquals(2, kept[0]);
      assertEquals("\u0004\"d1\"\u0004null", new String(kept, 1, 10, java.nio.charset.StandardCharsets.UTF_8),
          "the key, then serialNumber's null");
      java.io.ByteArrayOutputStream poked = new java.io.ByteArrayOutputStream();
      poked.write(kept, 0, 6);
      poked.writeBytes("\u0006\"kept\"".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      poked.write(kept, 11, kept.length - 11);
      poke(folder.resolve("fleet.db"), poked.toByteArray());
      assertTrue(fleet.get("/fleet/devices").body().contains("{\"@odata.type\":\"#example.fleet.device\","
          + "\"id\":\"d1\",\"serialNumber\":\"kept\",\"color\":\"red\","), "a page");
      assertTrue(fleet.get("/fleet/devices/d1").body().contains(",\"@odata.type\":\"#example.fleet.device\","
          + "\"id\":\"d1\",\"serialNumber\":\"kept\","), "a read by id");
      assertTrue(fleet.get("/fleet/devices?$select=id,serialNumber").body()
          .contains("\"id\":\"d1\",\"serialNumber\":null}"), "not with $select");
      assertTrue(fleet.get("/fleet/devices?$format=application/json;odata.metadata=full").body()
          .contains("\"serialNumber\":null"), "not with full metadata");
      // The previous release's form (format 1: names and values), or one that does not hold each of the type's
      // properties, is not used: the entity is written from its columns.
      poke(folder.resolve("fleet.db"), "\u0001\"id\":\"d1\",\"serialNumber\":\"kept\""
          .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      assertTrue(fleet.get("/fleet/devices").body().contains("\"id\":\"d1\",\"serialNumber\":null,"), "format 1");
      poke(folder.resolve("fleet.db"), java.util.Arrays.copyOf(poked.toByteArray(), poked.size() - 1));
      assertTrue(fleet.get("/fleet/devices/d1").body().contains("\"id\":\"d1\",\"serialNumber\":null,"), "cut");
    }
  }

  private static byte[] rendering(java.nio.file.Path file) throws java.sql.SQLException {
    try (java.sql.Connection db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
         java.sql.ResultSet row = db.createStatement().executeQuery("SELECT \"@rendering\" FROM \"device\"")) {
      assertTrue(row.next());
      return row.getBytes(1);
    }
  }

  private static void poke(java.nio.file.Path file, byte[] rendering) throws java.sql.SQLException {
    try (java.sql.Connection db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
         java.sql.PreparedStatement poke = db.prepareStatement("UPDATE \"device\" SET \"@rendering\" = ?")) {
      poke.setBytes(1, rendering);
      assertEquals(1, poke.executeUpdate());
    }
  }

  /** A page's body from its entities on. */
  private static String values(Reply reply) {
    assertEquals(200, reply.status(), reply::toString);
    return reply.body().substring(reply.body().indexOf("\"value\":"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void aPropertyIsReadAtAnyDepth(String kind) throws IOException {
    try (Fleet fleet = new Fleet(folder, kind)) {
      created(fleet.post("/fleet/devices", "{\"id\":\"d1\"," + DEVICE + ",\"serialNumber\":\"S-1\",\"placement\":"
          + "{\"room\":\"r1\",\"target\":{\"@odata.type\":\"#example.fleet.groupTarget\",\"groupId\":\"g\"}}}"));
      Reply serial = fleet.get("/fleet/devices/d1/SerialNumber");
      assertEquals(200, serial.status(), serial::toString);
      assertEquals("{\"@odata.context\":\"" + fleet.beta() + "/$metadata#fleet/devices('d1')/serialNumber\","
          + "\"value\":\"S-1\"}", serial.body());
      assertEquals("S-1", fleet.get("/fleet/devices/d1/serialNumber/$value").body());
      Reply target = fleet.get("/fleet/devices/d1/placement/target");
      assertEquals("{\"@odata.context\":\"" + fleet.beta() + "/$metadata#fleet/devices('d1')/placement/target\","
          + "\"@odata.type\":\"#example.fleet.groupTarget\",\"filterId\":null,\"groupId\":\"g\"}", target.body(),
          "a derived complex value names its type; members left out are null");
      assertEquals("r1", fleet.get("/fleet/devices/d1/placement/room").json().get("value").asText());
      assertEquals(204, fleet.get("/fleet/devices/d1/placement/address").status(), "null is 204");
      assertEquals("[]", fleet.get("/fleet/devices/d1/tags").json().get("value").toString(),
          "a collection left out is empty, never null");
      assertEquals(404, fleet.get("/fleet/devices/d2/serialNumber").status());
      assertEquals(405, fleet.send("PUT", "/fleet/devices/d1/serialNumber", "{\"value\":\"x\"}").status());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void aBoundOperationIsRoutedAndItsParametersCheckedBeforeItIsRefusedAsNotImplemented(String kind)
      throws IOException {
    try (Fleet fleet = new Fleet(folder, kind)) {
      created(fleet.post("/fleet/devices", "{\"id\":\"d1\"," + DEVICE + "}"));
      Reply missing = fleet.post("/fleet/devices/d1/assignUser", "{}");
      assertEquals(400, missing.status(), missing::toString);
      assertEquals("BadRequest: One or more parameters of the operation 'assignUser' are missing from the request"
          + " payload. The missing parameters are: userPrincipalName.", missing.error(),
          "addressableUserName declares no Nullable, so it may be left out");
      Reply unknown = fleet.post("/fleet/devices/d1/example.fleet.assignUser", "{\"userPrincipalName\":\"a@b\","
          + "\"bogus\":1}");
      assertEquals(400, unknown.status());
      assertEquals("BadRequest: The parameter 'bogus' in the request payload is not a valid parameter for the"
          + " operation 'assignUser'.", unknown.error());
      Reply mistyped = fleet.post("/fleet/devices/d1/FLEET.AssignUser", "{\"userPrincipalName\":5}");
      assertEquals(400, mistyped.status());
      assertTrue(mistyped.error().contains("'userPrincipalName'"), mistyped::error);
      Reply notImplemented = fleet.post("/fleet/devices/d1/assignUser", "{\"userPrincipalName\":\"a@b\"}");
      assertEquals(501, notImplemented.status(), notImplemented::toString);
      assertEquals("NotImplemented: graphmock does not implement the action 'example.fleet.assignUser' bound to"
          + " example.fleet.device yet.", notImplemented.error());
      assertEquals(404, fleet.post("/fleet/devices/d9/assignUser", "{\"userPrincipalName\":\"a@b\"}").status());

      Reply sync = fleet.post("/fleet/settings/sync", null);
      assertEquals(501, sync.status());
      assertEquals("NotImplemented: graphmock does not implement the action 'example.fleet.sync' bound to"
          + " example.fleet.fleetSettings yet.", sync.error());
      Reply imported = fleet.post("/fleet/devices/import", "{\"devices\":[]}");
      assertEquals(501, imported.status(), "bound to the collection: a name, not a key");
      assertEquals("NotImplemented: graphmock does not implement the action 'example.fleet.import' bound to"
          + " Collection(example.fleet.device) yet.", imported.error());
      Reply function = fleet.get("/fleet/devices/example.fleet.countByColor(color=example.fleet.color'red')");
      assertEquals(501, function.status(), function::toString);
      assertEquals("NotImplemented: graphmock does not implement the function 'example.fleet.countByColor' bound to"
          + " Collection(example.fleet.device) yet.", function.error());
      Reply get = fleet.get("/fleet/devices/d1/assignUser");
      assertEquals(405, get.status());
      assertEquals("POST", get.header("Allow"));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void selectAndExpandShapeWhatIsWrittenAndTheContextUrlNamesThem(String kind) throws IOException {
    try (Fleet fleet = new Fleet(folder, kind)) {
      created(fleet.post("/fleet/profiles", "{\"@odata.type\":\"#example.fleet.cloudProfile\",\"id\":\"p1\","
          + "\"displayName\":\"Cloud\"}"));
      created(fleet.post("/fleet/profiles", "{\"@odata.type\":\"#example.fleet.onPremisesProfile\",\"id\":\"p2\"}"));
      created(fleet.post("/fleet/profiles/p1/assignments", "{\"id\":\"a2\"}"));
      created(fleet.post("/fleet/profiles/p1/assignments", "{\"id\":\"a1\"}"));
      created(fleet.post("/fleet/devices", "{\"id\":\"d1\"," + DEVICE + ",\"profile@odata.bind\":\"fleet/profiles/p1\"}"));
      created(fleet.post("/fleet/devices", "{\"id\":\"d2\"," + DEVICE + "}"));

      JsonNode selected = fleet.get("/fleet/profiles?$select=displayName").json();
      assertEquals(fleet.beta() + "/$metadata#fleet/profiles(displayName)", selected.get("@odata.context").asText());
      assertEquals(List.of("@odata.type", "id", "displayName"), fieldNames(selected.at("/value/0")),
          "the key is always written");

      JsonNode profiles = fleet.get("/fleet/profiles?$expand=assignments").json();
      assertEquals(fleet.beta() + "/$metadata#fleet/profiles(assignments())", profiles.get("@odata.context").asText());
      JsonNode first = profiles.at("/value/0");
      assertEquals(fleet.beta() + "/$metadata#fleet/profiles('p1')/assignments",
          first.get("assignments@odata.context").asText());
      assertEquals("[\"a1\",\"a2\"]", JSON.writeValueAsString(List.of(first.at("/assignments/0/id").asText(),
          first.at("/assignments/1/id").asText())), "in key order");
      assertTrue(profiles.at("/value/1/assignments").isArray(), profiles::toString);
      assertEquals(0, profiles.at("/value/1/assignments").size(), "none is an empty array");

      Reply device = fleet.get("/fleet/devices/d1?$expand=profile($select=id,displayName),site");
      assertEquals(200, device.status(), device::toString);
      assertEquals(fleet.beta() + "/$metadata#fleet/devices(profile(id,displayName),site())/$entity",
          device.json().get("@odata.context").asText());
      assertEquals(List.of("@odata.type", "id", "displayName"), fieldNames(device.json().get("profile")));
      assertEquals("#example.fleet.cloudProfile", device.json().at("/profile/@odata.type").asText());
      assertTrue(device.json().get("site").isNull(), "a link that points nowhere is null");

      JsonNode all = fleet.get("/fleet/devices?$expand=*&$select=id").json();
      assertEquals(fleet.beta() + "/$metadata#fleet/devices(id,profile(),site())", all.get("@odata.context").asText());
      assertEquals(List.of("@odata.type", "id", "profile", "site"), fieldNames(all.at("/value/0")));
      assertTrue(all.at("/value/1/profile").isNull());

      JsonNode root = fleet.get("/fleet?$expand=settings,profiles($select=displayName)").json();
      assertEquals("#example.fleet.fleetSettings", root.at("/settings/@odata.type").asText(),
          "a single-valued contained place is there from the start");
      assertEquals(2, root.get("profiles").size());

      Reply foldedReply = fleet.get("/fleet/Devices/d1?$Expand=PROFILE($Select=DisplayName)&$SELECT=ID");
      assertEquals(200, foldedReply.status(), foldedReply::toString);
      JsonNode folded = foldedReply.json();
      assertEquals(fleet.beta() + "/$metadata#fleet/devices(id,profile(displayName))/$entity",
          folded.get("@odata.context").asText(), "names in any letter case, as Graph resolves them");
      assertEquals("Cloud", folded.at("/profile/displayName").asText());

      Reply nested = fleet.get("/fleet/devices?$expand=profile($top=1)");
      assertEquals(501, nested.status());
      assertEquals("NotImplemented: graphmock does not serve $top inside $expand of the single-valued 'profile' yet.",
          nested.error());
      Reply collectionLink = fleet.get("/fleet/profiles?$expand=assignedDevices");
      assertEquals(501, collectionLink.status());
      assertEquals("NotImplemented: graphmock does not serve $expand of the navigation 'assignedDevices' of"
          + " fleet/profiles yet.", collectionLink.error());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void eachTenantSeesItsOwnEntitiesAtEveryPlace(String kind) throws IOException {
    try (Fleet fleet = new Fleet(folder, kind, dev.graphmock.http.AuthMode.JWT)) {
      String contoso = "Bearer " + token("11111111-1111-1111-1111-111111111111");
      String fabrikam = "Bearer " + token("22222222-2222-2222-2222-222222222222");
      assertEquals(201, fleet.send("POST", "/fleet/profiles", "{\"@odata.type\":\"#example.fleet.cloudProfile\","
          + "\"id\":\"p1\",\"displayName\":\"Contoso\"}", "Authorization", contoso).status());
      assertEquals(201, fleet.send("POST", "/fleet/profiles", "{\"@odata.type\":\"#example.fleet.cloudProfile\","
          + "\"id\":\"p1\",\"displayName\":\"Fabrikam\"}", "Authorization", fabrikam).status(),
          "the same key in another tenant");
      assertEquals(201, fleet.send("POST", "/fleet/profiles/p1/assignments", "{\"id\":\"a1\"}", "Authorization",
          contoso).status());
      assertEquals("Contoso", fleet.send("GET", "/fleet/profiles/p1", null, "Authorization", contoso).json()
          .get("displayName").asText());
      assertEquals("Fabrikam", fleet.send("GET", "/fleet/profiles/p1", null, "Authorization", fabrikam).json()
          .get("displayName").asText());
      assertEquals(List.of(), ids(fleet.send("GET", "/fleet/profiles/p1/assignments", null, "Authorization",
          fabrikam)));
      assertEquals(401, fleet.patch("/fleet/settings", "{\"syncColor\":\"green\"}").status(), "no token");
      assertEquals(403, fleet.send("POST", "/fleet/profiles", "{\"@odata.type\":\"#example.fleet.cloudProfile\"}",
          "Authorization", "Bearer " + dev.graphmock.http.Tokens.issue(List.of(
              "DeviceManagementServiceConfig.Read.All"), true, java.time.Duration.ofHours(1), java.time.Instant.now(),
              "11111111-1111-1111-1111-111111111111")).status(), "a create needs ReadWrite, as the settings say");
      assertEquals(204, fleet.send("PATCH", "/fleet/settings", "{\"syncColor\":\"green\"}", "Authorization",
          contoso).status());
      assertEquals("unknown", fleet.send("GET", "/fleet/settings", null, "Authorization", fabrikam).json()
          .get("syncColor").asText(), "each tenant has its own single-valued places");
    }
  }

  /**
   * A body is read as the bundled collection's is: Graph's plain words for malformed JSON (no parser internals), at
   * most 64 levels of nesting, duplicate names refused; a type named by its schema's alias; a write to a property's
   * own URL is a 405 naming the methods it has.
   */
  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void bodiesAreReadAsTheBundledCollectionReadsThemAndAPropertyIsReadOnly(String kind) throws IOException {
    try (Fleet fleet = new Fleet(folder, kind)) {
      assertEquals("BadRequest: The request body is not valid JSON (line 1, column 11).",
          fleet.post("/sites", "{\"id\":\"s1\"]").error());
      assertEquals("BadRequest: The request body is empty; send the entity as a JSON object.",
          fleet.post("/sites", "").error());
      assertEquals("BadRequest: The request body must hold exactly one JSON object.",
          fleet.post("/sites", "{\"id\":\"s1\"} {}").error());
      String deep = "[".repeat(70) + "]".repeat(70);
      Reply nested = fleet.post("/fleet/devices", "{\"id\":\"d1\"," + DEVICE + ",\"tags@odata.x\":" + deep + "}");
      assertEquals(400, nested.status(), nested::toString);
      assertEquals("BadRequest: The JSON is nested more deeply than 64 levels.", nested.error());
      assertEquals("BadRequest: Invalid value for property 'dateTimeOffsetValue': Edm.DateTimeOffset expects a"
          + " date-time string such as '2024-05-31T13:45:00Z'.", fleet.post("/fleet/devices", "{\"id\":\"d1\","
          + DEVICE.replaceFirst("\"dateTimeOffsetValue\":\"[^\"]*\"", "\"dateTimeOffsetValue\":1") + "}").error());
      assertEquals("BadRequest: Invalid value for property 'durationValue': Edm.Duration expects an ISO 8601"
          + " duration string such as 'PT1H30M'.", fleet.post("/fleet/devices", "{\"id\":\"d1\"," + DEVICE
          + ",\"durationValue\":90}").error());
      Reply twice = fleet.post("/sites", "{\"id\":\"s1\",\"id\":\"s2\"}");
      assertEquals(400, twice.status(), twice::toString);
      assertTrue(fleet.post("/fleet/settings/sync", "{\"user\":").error()
          .startsWith("BadRequest: The request body is not valid JSON"), "an action's parameters too");
      assertEquals(List.of(), ids(fleet.get("/sites")), "nothing kept");

      created(fleet.post("/fleet/profiles", "{\"@odata.type\":\"#fleet.cloudProfile\",\"id\":\"p1\"}"));
      assertEquals("#example.fleet.cloudProfile", fleet.get("/fleet/profiles/p1").json().get("@odata.type").asText(),
          "named by its schema's alias");
      // an unpaired surrogate is kept as the databases keep it, and answered so by a read and a page alike
      created(fleet.post("/sites", "{\"id\":\"lone\",\"name\":\"a\\ud800b\"}"));
      assertEquals("a?b", fleet.get("/sites/lone").json().get("name").asText());
      assertEquals("a?b", fleet.get("/sites").json().get("value").get(0).get("name").asText());
      assertEquals(List.of("lone"), ids(fleet.get("/sites?$filter=name%20eq%20'a%3Fb'")));
      for (String method : List.of("PATCH", "PUT", "DELETE")) {
        Reply write = fleet.send(method, "/fleet/profiles/p1/displayName", method.equals("DELETE") ? null
            : "{\"value\":\"x\"}", "Content-Type", "application/json");
        assertEquals(405, write.status(), write::toString);
        assertEquals("GET, HEAD", write.header("Allow"));
        assertEquals("MethodNotAllowed: The HTTP method '" + method + "' is not allowed for this resource.",
            write.error());
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void generateMakesEntitiesInEveryCollectionFromTheSchemaTheSameForTheSameSeed(String kind) throws IOException {
    try (Fleet fleet = new Fleet(folder, kind)) {
      Reply generated = fleet.post("/__admin/generate", "{\"count\":6,\"seed\":3}");
      assertEquals(200, generated.status(), generated::toString);
      JsonNode places = fleet.get("/__admin/export").json().get("places");
      int all = 0;
      for (JsonNode entities : places) {
        all += entities.size();
      }
      assertEquals(all, generated.json().get("generated").asInt(), "every entity it made, kept");
      assertEquals(6, places.get("fleet/devices").size(), "count in each collection no entity contains");
      assertEquals(6, places.get("sites").size());
      assertEquals(6, fleet.get("/fleet/profiles?$count=true").json().get("@odata.count").asInt());
      assertTrue(places.get("fleet/profiles/assignments").size() > 0, "up to two under each profile");
      assertTrue(places.get("fleet/profiles/assignments").size() <= 12);
      java.util.Set<String> types = new java.util.HashSet<>();
      places.get("fleet/profiles").forEach(profile -> types.add(profile.get("@odata.type").asText()));
      assertEquals(java.util.Set.of("#example.fleet.cloudProfile", "#example.fleet.onPremisesProfile"), types,
          "concrete types of the abstract one");
      Reply devices = fleet.get("/fleet/devices?$expand=profile&$filter=placement/address/city%20ne%20null");
      assertEquals(200, devices.status(), devices::toString);
      assertTrue(devices.json().get("value").size() > 0, devices::body);
      boolean linked = false;
      for (JsonNode device : devices.json().get("value")) {
        linked |= device.get("profile").isObject();
        assertTrue(device.get("serialNumber").asText().startsWith("serialNumber "), device::toString);
      }
      assertTrue(linked, "links point at entities of their target place: " + devices.body());

      Reply again = fleet.post("/__admin/generate", "{\"count\":6,\"seed\":3}");
      assertEquals(409, again.status(), "the same seed makes the same keys");
      String first = fleet.get("/__admin/export").body();
      assertEquals(204, fleet.post("/__admin/reset", null).status());
      assertEquals(200, fleet.post("/__admin/generate", "{\"count\":6,\"seed\":3}").status());
      assertEquals(first, fleet.get("/__admin/export").body(), "the same document for the same seed");
      Reply tooMany = fleet.post("/__admin/generate", "{\"count\":10001}");
      assertEquals(400, tooMany.status());
      assertEquals("BadRequest: count must be a whole number from 1 to 10000 for a schema whose places are"
          + " generated (count entities in each collection).", tooMany.error());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void anExportOfEveryPlaceImportsBackByteForByteAndABadImportKeepsNothing(String kind) throws IOException {
    try (Fleet fleet = new Fleet(folder, kind)) {
      String empty = fleet.get("/__admin/export").body();
      // The schema's places depth first, so that an entity's parents come before it.
      assertEquals("{\"places\":{\"fleet\":[],\"fleet/devices\":[],\"fleet/profiles\":[],"
          + "\"fleet/profiles/assignments\":[],\"fleet/profiles/assignments/results\":[],\"fleet/settings\":[],"
          + "\"sites\":[]}}", empty);
      created(fleet.post("/fleet/profiles", "{\"@odata.type\":\"#example.fleet.onPremisesProfile\",\"id\":\"p/1\","
          + "\"domain\":\"corp\"}"));
      created(fleet.post("/fleet/profiles/p%2F1/assignments", "{\"id\":\"a1\",\"target\":{\"@odata.type\":"
          + "\"#example.fleet.groupTarget\",\"groupId\":\"g\"}}"));
      created(fleet.post("/fleet/profiles/p%2F1/assignments/a1/results", "{\"id\":\"r1\",\"succeeded\":true}"));
      created(fleet.post("/sites", "{\"id\":\"s1\"}"));
      created(fleet.post("/fleet/devices", "{\"id\":\"d1\"," + DEVICE + ",\"decimalValue\":1.10,"
          + "\"profile@odata.bind\":\"fleet/profiles('p%2F1')\",\"site@odata.bind\":\"sites/s1\"}"));
      assertEquals(204, fleet.patch("/fleet/settings", "{\"syncColor\":\"blue\"}").status());

      Reply exported = fleet.get("/__admin/export");
      assertEquals(200, exported.status(), exported::toString);
      JsonNode places = exported.json().get("places");
      assertEquals("[\"p/1\"]", places.at("/fleet~1profiles~1assignments/0/@graphmock.parents").toString());
      assertEquals("[\"p/1\"]", places.at("/fleet~1devices/0/profile@graphmock.link").toString());
      assertEquals("#example.fleet.onPremisesProfile", places.at("/fleet~1profiles/0/@odata.type").asText());
      assertEquals(List.of("d1"), ids(places.get("fleet/devices")));

      assertEquals(204, fleet.post("/__admin/reset", null).status());
      assertEquals(empty, fleet.get("/__admin/export").body());
      Reply imported = fleet.post("/__admin/import", exported.body());
      assertEquals(200, imported.status(), imported::toString);
      assertEquals(6, imported.json().get("imported").asInt(), "settings, profile, assignment, result, site, device"
          + " (the fleet singleton, never read, was never made)");
      assertEquals(exported.body(), fleet.get("/__admin/export").body(), "byte for byte");
      assertEquals("p/1", fleet.get("/fleet/devices/d1/profile").json().get("id").asText());

      assertEquals(204, fleet.post("/__admin/reset", null).status());
      String withoutParent = "{\"places\":{\"sites\":[{\"id\":\"s2\"}],\"fleet/profiles/assignments\":"
          + "[{\"@graphmock.parents\":[\"p9\"],\"id\":\"a1\"}]}}";
      Reply orphan = fleet.post("/__admin/import", withoutParent);
      assertEquals(404, orphan.status(), orphan::toString);
      assertEquals("ResourceNotFound: fleet/profiles/assignments[0]: the entity it is kept under is not at"
          + " fleet/profiles.", orphan.error());
      Reply bad = fleet.post("/__admin/import", "{\"places\":{\"sites\":[{\"id\":\"s2\"},{\"id\":\"s3\","
          + "\"name\":7}]}}");
      assertEquals(400, bad.status());
      assertTrue(bad.error().startsWith("BadRequest: sites[1]: "), bad::error);
      Reply dangling = fleet.post("/__admin/import", "{\"places\":{\"fleet/devices\":[{\"id\":\"d1\"," + DEVICE
          + ",\"site@graphmock.link\":[\"s9\"]}]}}");
      assertEquals(404, dangling.status(), dangling::toString);
      Reply unknown = fleet.post("/__admin/import", "{\"places\":{\"nowhere\":[]}}");
      assertEquals("BadRequest: 'nowhere' is not a place of the schema.", unknown.error());
      assertEquals(empty, fleet.get("/__admin/export").body(), "a refused import keeps nothing");
      assertEquals(400, fleet.get("/__admin/export?set=nowhere").status());

      assertEquals(200, fleet.post("/__admin/import", exported.body()).status());
      assertEquals(204, fleet.patch("/fleet/devices/d1", "{\"serialNumber\":\"changed\"}").status());
      assertEquals(204, fleet.send("DELETE", "/fleet/devices/d1/site/$ref", null).status());
      Reply again = fleet.post("/__admin/import", exported.body());
      assertEquals(409, again.status(), again::toString);
      Reply upsert = fleet.post("/__admin/import?mode=upsert", exported.body());
      assertEquals(200, upsert.status(), upsert::toString);
      assertEquals(exported.body(), fleet.get("/__admin/export").body(), "every value and link replaced");
      assertEquals(400, fleet.post("/__admin/import?mode=merge", exported.body()).status());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void onePlaceExportsAsGraphsPageAndImportsFromOneOrFromLines(String kind) throws IOException {
    try (Fleet fleet = new Fleet(folder, kind)) {
      created(fleet.post("/fleet/profiles", "{\"@odata.type\":\"#example.fleet.onPremisesProfile\",\"id\":\"p1\","
          + "\"domain\":\"corp\"}"));
      created(fleet.post("/fleet/profiles/p1/assignments", "{\"id\":\"a1\",\"target\":{\"@odata.type\":"
          + "\"#example.fleet.groupTarget\",\"groupId\":\"g\"}}"));
      created(fleet.post("/fleet/profiles/p1/assignments/a1/results", "{\"id\":\"r1\",\"succeeded\":true}"));
      created(fleet.post("/fleet/devices", "{\"id\":\"d1\"," + DEVICE + ",\"profile@odata.bind\":"
          + "\"fleet/profiles('p1')\"}"));
      Reply sites = fleet.get("/__admin/export?set=SITES");
      assertEquals("{\"value\":[]}", sites.body(), "one place: Graph's page");
      Reply devices = fleet.get("/__admin/export?set=fleet/devices");
      assertEquals(200, devices.status(), devices::toString);
      JsonNode device = devices.json().at("/value/0");
      assertNull(device.get("@odata.type"), "the place's own type is not named: " + device);
      assertEquals("[\"p1\"]", device.get("profile@graphmock.link").toString());
      assertEquals("red", device.get("color").asText());
      String profiles = fleet.get("/__admin/export?set=fleet/profiles").body();
      assertTrue(profiles.startsWith("{\"value\":[{\"@odata.type\":\"#example.fleet.onPremisesProfile\",\"id\":"
          + "\"p1\","), "a derived type is named: " + profiles);
      String results = fleet.get("/__admin/export?set=fleet/profiles/assignments/results").body();
      assertTrue(results.startsWith("{\"value\":[{\"@graphmock.parents\":[\"p1\",\"a1\"],\"id\":\"r1\","), results);
      String document = fleet.get("/__admin/export").body();

      // Back in another tenant, place by place, parents first: the same document byte for byte.
      String other = "?tenant=other&set=";
      for (String place : List.of("fleet/profiles", "fleet/profiles/assignments",
          "fleet/profiles/assignments/results", "fleet/devices")) {
        Reply imported = fleet.post("/__admin/import" + other + place,
            fleet.get("/__admin/export?set=" + place).body());
        assertEquals(200, imported.status(), imported::toString);
        assertEquals(1, imported.json().get("imported").asInt());
      }
      assertEquals(document, fleet.get("/__admin/export?tenant=other").body());

      // A saved Graph response imports as it is: its annotations are skipped.
      Reply page = fleet.get("/fleet/devices");
      assertTrue(page.body().contains("@odata.context"), page::body);
      Reply saved = fleet.post("/__admin/import?tenant=third&set=fleet/devices", page.body());
      assertEquals(200, saved.status(), saved::toString);
      assertEquals(List.of("d1"), ids(fleet.get("/__admin/export?tenant=third&set=fleet/devices")));

      // NDJSON: one entity a line, blank lines skipped; a bad one is named by its position and nothing is kept.
      Reply lines = fleet.send("POST", "/__admin/import?tenant=lines&set=sites", "{\"id\":\"s1\"}\n\n"
          + "{\"id\":\"s2\",\"name\":\"two\"}\n", "Content-Type", "application/x-ndjson");
      assertEquals(200, lines.status(), lines::toString);
      assertEquals("{\"value\":[{\"id\":\"s1\",\"name\":null,\"address\":null,\"visits\":[],\"kind\":null},"
          + "{\"id\":\"s2\",\"name\":\"two\",\"address\":null,\"visits\":[],\"kind\":null}]}",
          fleet.get("/__admin/export?tenant=lines&set=sites").body());
      Reply bad = fleet.send("POST", "/__admin/import?tenant=bad&set=sites", "{\"id\":\"s1\"}\n{\"id\":\"s2\","
          + "\"name\":7}\n", "Content-Type", "application/x-ndjson");
      assertEquals(400, bad.status(), bad::toString);
      assertTrue(bad.error().startsWith("BadRequest: Entity 1: "), bad::error);
      assertTrue(bad.error().endsWith(". Nothing was imported."), bad::error);
      Reply malformed = fleet.post("/__admin/import?tenant=bad&set=sites", "{\"value\":[{\"id\":\"s1\"},{\"id\":");
      assertEquals(400, malformed.status(), malformed::toString);
      assertTrue(malformed.error().startsWith("BadRequest: Entity 1: "), malformed::error);
      Reply bind = fleet.post("/__admin/import?tenant=bad&set=fleet/devices", "{\"value\":[{\"id\":\"d2\"," + DEVICE
          + ",\"site@odata.bind\":\"sites/s1\"}]}");
      assertEquals("BadRequest: Entity 0: an import sets a link with site@graphmock.link (the target's keys,"
          + " outermost first), not site@odata.bind. Nothing was imported.", bind.error());
      Reply parentless = fleet.post("/__admin/import?tenant=bad&set=fleet/profiles/assignments/results",
          "{\"value\":[{\"@graphmock.parents\":[\"a1\"],\"id\":\"r1\",\"succeeded\":true}]}");
      assertEquals(400, parentless.status(), parentless::toString);
      assertEquals("BadRequest: Entity 0: @graphmock.parents must hold the keys of the entities"
          + " fleet/profiles/assignments/results is kept under, outermost first. Nothing was imported.",
          parentless.error());
      assertEquals(400, fleet.post("/__admin/import?tenant=bad&set=fleet/profiles/assignments",
          "{\"value\":[{\"id\":\"a1\"}]}").status(), "no parents where there must be one");
      assertEquals(400, fleet.post("/__admin/import?tenant=bad&set=sites",
          "{\"value\":[{\"@graphmock.parents\":[\"x\"],\"id\":\"s9\"}]}").status(), "a parent where there is none");
      Reply orphan = fleet.post("/__admin/import?tenant=bad&set=fleet/profiles/assignments",
          "{\"value\":[{\"@graphmock.parents\":[\"p9\"],\"id\":\"a1\"}]}");
      assertEquals(404, orphan.status(), orphan::toString);
      assertEquals("ResourceNotFound: Entity 0: the entity it is kept under is not at fleet/profiles. Nothing was"
          + " imported.", orphan.error());
      assertEquals("{\"places\":{\"fleet\":[],\"fleet/devices\":[],\"fleet/profiles\":[],"
          + "\"fleet/profiles/assignments\":[],\"fleet/profiles/assignments/results\":[],\"fleet/settings\":[],"
          + "\"sites\":[]}}", fleet.get("/__admin/export?tenant=bad").body(), "a refused import keeps nothing");
      Reply media = fleet.send("POST", "/__admin/import?set=sites", "x", "Content-Type", "text/plain");
      assertEquals(415, media.status());
      assertEquals("BadRequest: set must name a place of the schema, such as fleet/devices; 'nowhere' names none.",
          fleet.post("/__admin/import?set=nowhere", "{\"value\":[]}").error());

      // A taken key: 409, or with upsert the entity replaced, what it contains kept.
      String changed = "{\"value\":[{\"@odata.type\":\"#example.fleet.cloudProfile\",\"id\":\"p1\","
          + "\"region\":\"west\"}]}";
      Reply taken = fleet.post("/__admin/import?set=fleet/profiles", changed);
      assertEquals(409, taken.status(), taken::toString);
      assertEquals("Conflict: Entity 0: an entity with id 'p1' already exists; nothing was imported (send"
          + " ?mode=upsert to replace existing entities).", taken.error());
      Reply replaced = fleet.post("/__admin/import?set=fleet/profiles&mode=upsert", changed);
      assertEquals(200, replaced.status(), replaced::toString);
      JsonNode profile = fleet.get("/fleet/profiles/p1").json();
      assertEquals("#example.fleet.cloudProfile", profile.get("@odata.type").asText());
      assertEquals("west", profile.get("region").asText());
      assertNull(profile.get("domain"), profile::toString);
      assertEquals(List.of("a1"), ids(fleet.get("/fleet/profiles/p1/assignments")));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void aLinkNeverOutlivesItsTargetAndBadRequestsKeepNothing(String kind) throws Exception {
    try (Fleet fleet = new Fleet(folder, kind)) {
      created(fleet.post("/sites", "{\"id\":\"s1\"}"));
      created(fleet.post("/fleet/profiles", "{\"@odata.type\":\"#example.fleet.cloudProfile\",\"id\":\"p1\"}"));
      created(fleet.post("/fleet/devices", "{\"id\":\"d1\"," + DEVICE + ",\"site@odata.bind\":\"sites/s1\","
          + "\"profile@odata.bind\":\"fleet/profiles/p1\"}"));
      assertEquals(204, fleet.send("DELETE", "/sites/s1", null).status());
      assertEquals(204, fleet.get("/fleet/devices/d1/site").status(), "its target is gone");
      created(fleet.post("/sites", "{\"id\":\"s1\"}"));
      assertEquals(204, fleet.get("/fleet/devices/d1/site/$ref").status(), "a new s1 is not linked by chance");
      assertEquals("p1", fleet.get("/fleet/devices/d1/profile").json().get("id").asText(), "other links stay");

      Reply cast = fleet.post("/fleet/devices", "{\"id\":\"d2\"," + DEVICE + ",\"profile@odata.bind\":"
          + "\"fleet/profiles('p1')/example.fleet.onPremisesProfile\"}");
      assertEquals(404, cast.status(), "p1 is a cloudProfile, not the type the URL casts to");
      assertEquals(404, fleet.get("/fleet/devices/d2").status());

      Reply nul = fleet.post("/fleet/devices", "{\"id\":\"d3\"," + DEVICE + ",\"tags\":[\"a\\u0000b\"]}");
      if (kind.equals("postgresql")) {
        assertEquals(400, nul.status(), "PostgreSQL's jsonb cannot keep U+0000: a 400, not a 500");
        assertEquals(404, fleet.get("/fleet/devices/d3").status());
      } else {
        created(nul);
        assertEquals("a\u0000b", fleet.get("/fleet/devices/d3").json().at("/tags/0").asText());
      }

      Reply plain = fleet.send("POST", "/fleet/devices/d1/assignUser", "userPrincipalName=a", "Content-Type",
          "text/plain");
      assertEquals(415, plain.status(), plain::toString);
      assertEquals(400, fleet.get("/fleet/devices/countByColor(color=example.fleet.color'red')?$filter=true").status(),
          "Olingo: no $filter on a primitive");
      Reply topped = fleet.post("/fleet/devices/import?$top=1", "{\"devices\":[]}");
      assertEquals(501, topped.status(), topped::toString);
      assertEquals("NotImplemented: graphmock does not serve $top on the result of 'example.fleet.import' yet.",
          topped.error(), "refused by name, not dropped");
      Reply twice = fleet.get("/fleet/devices?$expand=profile,profile");
      assertEquals(400, twice.status(), twice::toString);
    }
  }

  /**
   * A change that reads the entity before it writes waits for SQLite's write lock while another connection holds it
   * (a backup, or sqlite3 at a prompt), as a create does: SQLite calls no busy handler for a transaction that read
   * and then wants to write, so the write lock is taken first.
   */
  @org.junit.jupiter.api.Test
  void aChangeWaitsForTheWriteLockAnotherConnectionHolds() throws Exception {
    try (Fleet fleet = new Fleet(folder, "sqlite")) {
      created(fleet.post("/sites", "{\"id\":\"s1\"}"));
      created(fleet.post("/fleet/profiles", "{\"@odata.type\":\"#example.fleet.cloudProfile\",\"id\":\"p1\"}"));
      created(fleet.post("/fleet/devices", "{\"id\":\"d1\"," + DEVICE + "}"));
      created(fleet.post("/fleet/devices", "{\"id\":\"d2\"," + DEVICE + "}"));
      // Each alone, so that it is the first write of its transaction: an update, a link, a contained create.
      List<java.util.function.Supplier<Reply>> writes = List.of(
          () -> fleet.patch("/fleet/devices/d1", "{\"serialNumber\":\"S9\",\"site@odata.bind\":\"sites/s1\"}"),
          () -> fleet.send("PUT", "/fleet/devices/d2/profile/$ref", "{\"@odata.id\":\"fleet/profiles/p1\"}"),
          () -> fleet.post("/fleet/profiles/p1/assignments", "{\"id\":\"a1\"}"));
      List<Integer> statuses = new ArrayList<>();
      for (java.util.function.Supplier<Reply> write : writes) {
        try (java.sql.Connection other = java.sql.DriverManager.getConnection("jdbc:sqlite:" + folder.resolve(
            "fleet.db"))) {
          other.createStatement().execute("BEGIN IMMEDIATE");
          java.util.concurrent.CompletableFuture<Reply> waiting = java.util.concurrent.CompletableFuture
              .supplyAsync(write);
          Thread.sleep(400);
          assertFalse(waiting.isDone(), () -> "waiting for the lock, not " + waiting.join());
          other.createStatement().execute("ROLLBACK");
          statuses.add(waiting.get(30, java.util.concurrent.TimeUnit.SECONDS).status());
        }
      }
      assertEquals(List.of(204, 204, 201), statuses);
      JsonNode device = fleet.get("/fleet/devices/d1?$expand=site").json();
      assertEquals("S9", device.get("serialNumber").asText());
      assertEquals("s1", device.at("/site/id").asText());
      assertEquals("p1", fleet.get("/fleet/devices/d2/profile").json().get("id").asText());
      assertEquals(List.of("a1"), ids(fleet.get("/fleet/profiles/p1/assignments")));
    }
  }

  /** Two servers on one PostgreSQL database make a single-valued place's entity at once: one entity, one id. */
  @org.junit.jupiter.api.Test
  void aSingleValuedPlaceIsMadeOnceWhateverReadsItAtOnce() throws Exception {
    try (Fleet fleet = new Fleet(folder, "postgresql")) {
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
      try {
        List<java.util.concurrent.Future<String>> ids = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
          ids.add(pool.submit(() -> fleet.get("/fleet/settings").json().get("id").asText()));
        }
        java.util.Set<String> distinct = new java.util.HashSet<>();
        for (var id : ids) {
          distinct.add(id.get());
        }
        assertEquals(1, distinct.size(), distinct::toString);
        assertEquals(1, fleet.get("/__admin/export?set=fleet/settings").json().get("value").size());
      } finally {
        pool.shutdownNow();
      }
    }
  }

  private static List<String> ids(JsonNode entities) {
    List<String> ids = new ArrayList<>();
    entities.forEach(entity -> ids.add(entity.get("id").asText()));
    return ids;
  }

  private static String token(String tenant) {
    return dev.graphmock.http.Tokens.issue(List.of("DeviceManagementServiceConfig.ReadWrite.All"), true,
        java.time.Duration.ofHours(1), java.time.Instant.now(), tenant);
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
