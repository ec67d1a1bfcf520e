package dev.graphmock.odata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The settings beside a schema ({@code metadata/NAME.server.json}): what is read from them, and what is refused. */
class SchemaSettingsTest {
  private static final String EVENT = "microsoft.graph.deviceManagementAutopilotEvent";

  private static GraphModel load(String settings) throws Exception {
    return GraphModel.load("custom", Files.readAllBytes(Path.of("metadata/seed.xml")),
        settings == null ? null : settings.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theBundledSettingsGiveTheirIndexesAndPermissions() throws Exception {
    GraphModel model = GraphModel.load("seed", Files.readAllBytes(Path.of("metadata/seed.xml")),
        Files.readAllBytes(Path.of("metadata/seed.server.json")));
    List<List<String>> indexes = model.typeIndexes().get(EVENT);
    assertEquals(11, indexes.size());
    assertEquals(List.of(List.of("deviceId", "eventDateTime"), List.of("eventDateTime")), indexes.subList(0, 2));
    assertEquals(java.util.Set.of("read", "create", "update", "delete"), model.permissions().keySet());
    assertEquals(List.of("DeviceManagementManagedDevices.ReadWrite.All"), model.permissions().get("create"));
    assertEquals(List.of("DeviceManagementManagedDevices.ReadWrite.All", "DeviceManagementConfiguration.ReadWrite.All"),
        model.permissions().get("delete"));
  }

  @Test
  void membersOfOtherNamesAreIgnoredAndNoSettingsMeanNone() throws Exception {
    GraphModel model = load("{'comment':{'any':[1,{'x':null}]},'indexes':[['deviceId']],"
        + "'permissions':{'read':['A.Read','B.Read']},'later':true}");
    assertEquals(Map.of(EVENT, List.of(List.of("deviceId"))), model.typeIndexes());
    assertEquals(Map.of("read", List.of("A.Read", "B.Read")), model.permissions());

    GraphModel none = load(null);
    assertEquals(Map.of(), none.typeIndexes());
    assertEquals(Map.of(), none.permissions());
  }

  /** What a tree of the same text gave (the settings were read so before): null is none, the last of two counts. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "''                                                     | []                 | {}",
      "'  \n '                                                | []                 | {}",
      "null                                                   | []                 | {}",
      "{'indexes':null,'permissions':null}                    | []                 | {}",
      "{'permissions':{'read':null}}                          | []                 | {read=[]}",
      "{'indexes':[['deviceId']],'indexes':[['osVersion']]}   | [[osVersion]]      | {}",
      "{'permissions':{'read':['A'],'read':['B']}}            | []                 | {read=[B]}",
      "{'x':{'k':1,'k':2},'indexes':[['deviceId']]}           | [[deviceId]]       | {}"})
  void nullEmptyAndRepeatedMembersReadAsATreeReadThem(String settings, String indexes, String permissions)
      throws Exception {
    GraphModel model = load(settings);
    assertEquals(indexes, model.typeIndexes().getOrDefault(EVENT, List.of()).toString());
    assertEquals(permissions, model.permissions().toString());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "['indexes']                         | the settings of schema 'custom' are not a JSON object",
      "{'indexes':{'deviceId':1}}          | the settings of schema 'custom' have 'indexes' that is not an array of arrays",
      "{'indexes':['deviceId']}            | the settings of schema 'custom' have 'indexes' that is not an array of arrays",
      "{'indexes':[['deviceId',1]]}        | the settings of schema 'custom' have an index that is not an array of property names",
      "{'permissions':['A.Read']}          | the settings of schema 'custom' have 'permissions' that is not an object",
      "{'permissions':{'read':'A.Read'}}   | the settings of schema 'custom' have permissions of 'read' that are not an array of names",
      "{'permissions':{'read':[['A']]}}    | the settings of schema 'custom' have permissions of 'read' that are not an array of names",
      "{'indexes':[]} {}                   | the settings of schema 'custom' are not valid JSON: more follows the object",
      "{'indexes':[[                       | the settings of schema 'custom' are not valid JSON: Unexpected end-of-input"})
  void settingsOfAnotherShapeAreRefusedNamingWhatIsWrong(String settings, String message) {
    SchemaException refused = assertThrows(SchemaException.class, () -> load(settings));
    // Jackson's own messages go on with where in the text it stopped.
    assertTrue(refused.getMessage().startsWith(message), refused.getMessage());
  }

  private static GraphModel fleet(String settings) throws Exception {
    try (var in = SchemaSettingsTest.class.getResourceAsStream("/engine/fleet.xml")) {
      return GraphModel.load("fleet", in.readAllBytes(), settings.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void aSchemaTheEngineServesNamesItsIndexesByEntityType() throws Exception {
    GraphModel model = fleet("{'indexes':{'example.fleet.device':[['serialNumber'],['color','int32Value']],"
        + "'example.fleet.onPremisesProfile':[['domain']]}}");
    assertEquals("{example.fleet.device=[[serialNumber], [color, int32Value]], example.fleet.onPremisesProfile="
        + "[[domain]]}", model.typeIndexes().toString());
    assertEquals(List.of(), model.indexes());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "{'indexes':[['serialNumber']]}                           | the settings of schema 'fleet' name indexes as a list, which is kept only for the one contained collection",
      "{'indexes':{'example.fleet.point':[['latitude']]}}       | the settings of schema 'fleet' name indexes of 'example.fleet.point', which is no entity type a place of the schema holds",
      "{'indexes':{'example.fleet.nothing':[['x']]}}            | the settings of schema 'fleet' name indexes of 'example.fleet.nothing'",
      "{'indexes':{'example.fleet.device':[['serial']]}}        | index [serial] of example.fleet.device names 'serial', which it does not have",
      "{'indexes':{'example.fleet.device':[['placement']]}}     | index [placement] of example.fleet.device names 'placement' of type example.fleet.placement: only primitive and enum properties can be indexed",
      "{'indexes':{'example.fleet.device':[['tags']]}}          | index [tags] of example.fleet.device names 'tags' of type Collection(Edm.String)",
      "{'indexes':{'example.fleet.device':[[]]}}                | index [] of example.fleet.device names no property",
      "{'indexes':{'example.fleet.device':[['color','id']]}}    | index [color, id] of example.fleet.device names the key 'id', which ends every index already",
      "{'indexes':{'example.fleet.device':['serialNumber']}}    | the settings of schema 'fleet' have 'indexes' that is not an array of arrays, or an object of them by type"})
  void indexesByTypeNameWhatTheyCannotIndex(String settings, String message) {
    SchemaException refused = assertThrows(SchemaException.class, () -> fleet(settings));
    assertTrue(refused.getMessage().startsWith(message), refused.getMessage());
  }

  @Test
  void aSchemaWithOneCollectionListsItsIndexesAsBeforeOrByType() throws Exception {
    assertEquals(load("{'indexes':{'microsoft.graph.deviceManagementAutopilotEvent':[['deviceId']]}}").typeIndexes(),
        load("{'indexes':[['deviceId']]}").typeIndexes(), "a list is the one collection's type's");
    SchemaException refused = assertThrows(SchemaException.class, () -> load("{'indexes':[['nothing']]}"));
    assertTrue(refused.getMessage().startsWith("index [nothing] of " + EVENT + " names 'nothing'"),
        refused.getMessage());
  }

  @Test
  void theDefaultSetIsACollectionOfTheSchemaAndTheOneCollectionOfABundledOne() throws Exception {
    assertEquals("fleet/devices", fleet("{'defaultSet':'FLEET/Devices'}").defaultSet(), "as the schema spells it");
    assertEquals(null, fleet("{}").defaultSet(), "none: every place");
    assertEquals("deviceManagement/autopilotEvents", load(null).defaultSet(), "a bundled schema's one collection");
    assertEquals("deviceManagement/autopilotEvents", load("{'defaultSet':'deviceManagement/autopilotEvents'}")
        .defaultSet());
    assertEquals("the settings of schema 'fleet' name 'fleet/settings' as their defaultSet, which is not a collection"
        + " of the schema", assertThrows(SchemaException.class, () -> fleet("{'defaultSet':'fleet/settings'}"))
        .getMessage());
    assertEquals("the settings of schema 'fleet' name 'nowhere' as their defaultSet, which is not a collection of the"
        + " schema", assertThrows(SchemaException.class, () -> fleet("{'defaultSet':'nowhere'}")).getMessage());
    assertEquals("the settings of schema 'custom' name 'deviceManagement' as their defaultSet, which is not a"
        + " collection of the schema", assertThrows(SchemaException.class,
        () -> load("{'defaultSet':'deviceManagement'}")).getMessage());
    assertTrue(assertThrows(SchemaException.class, () -> fleet("{'defaultSet':['fleet/devices']}")).getMessage()
        .startsWith("the settings of schema 'fleet' have a 'defaultSet' that is not the path of a collection"));
  }

  @Test
  void betaOnlyNamesContainedPlacesAndABundledSchemasOneCollection() throws Exception {
    assertEquals("deviceManagement/autopilotEvents", load("{'betaOnly':['deviceManagement/autopilotEvents']}")
        .defaultSet(), "the one collection, which v1.0 always leaves out");
    assertEquals("the settings of schema 'custom' name 'deviceManagement' as beta-only, which is not a place an"
        + " entity or singleton of the schema contains",
        assertThrows(SchemaException.class, () -> load("{'betaOnly':['deviceManagement']}")).getMessage());
    assertTrue(load(null).withoutCollection().typeGraph().path("deviceManagement/autopilotEvents").isEmpty(),
        "a schema of one collection leaves it out of v1.0 unless its settings say otherwise");
    assertTrue(load("{'betaOnly':[]}").withoutCollection().typeGraph().path("deviceManagement/autopilotEvents")
        .isPresent(), "as they may");
    assertEquals("the settings of schema 'fleet' name 'sites' as beta-only, which is not a place an entity or"
        + " singleton of the schema contains", assertThrows(SchemaException.class,
        () -> fleet("{'betaOnly':['sites']}")).getMessage());
    assertTrue(assertThrows(SchemaException.class, () -> fleet("{'betaOnly':'fleet/devices'}")).getMessage()
        .startsWith("the settings of schema 'fleet' have a 'betaOnly' that is not an array of paths"));
    GraphModel fleet = fleet("{'betaOnly':['fleet/devices']}");
    assertTrue(fleet.withoutCollection().typeGraph().path("fleet/devices").isEmpty());
    assertTrue(fleet.typeGraph().path("fleet/devices").isPresent());
    assertTrue(fleet.withoutCollection().typeGraph().type("example.fleet.profile").orElseThrow()
        .navigation("assignedDevices").isEmpty(), "a link into a place v1.0 leaves out goes with it");
    String v1 = new String(fleet.withoutCollection().metadataXml(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(!v1.contains("devices/site"), "a binding through a navigation that went goes: " + v1);
    GraphModel none = fleet("{}");
    assertTrue(none == none.withoutCollection(), "nothing beta-only: the same model");
  }
}
