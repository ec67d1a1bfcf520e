package dev.graphmock.odata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graphmock.model.EdmPrimitive;
import dev.graphmock.model.EntitySetPath;
import dev.graphmock.model.Navigation;
import dev.graphmock.model.Operation;
import dev.graphmock.model.Property;
import dev.graphmock.model.StructuredType;
import dev.graphmock.model.TypeGraph;
import dev.graphmock.model.ValueType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The type graph of a schema no code names ({@code src/test/resources/engine/fleet.xml}), read as the engine reads
 * every schema: each construct it holds, as values; and what the engine cannot serve, named in one line.
 */
class TypeGraphReaderTest {
  private static TypeGraph fleet;

  @BeforeAll
  static void read() throws IOException {
    fleet = GraphModel.typeGraph("fleet", fleetSchema());
  }

  static byte[] fleetSchema() throws IOException {
    try (InputStream in = TypeGraphReaderTest.class.getResourceAsStream("/engine/fleet.xml")) {
      return in.readAllBytes();
    }
  }

  private static StructuredType type(String name) {
    return fleet.type("example.fleet." + name).orElseThrow();
  }

  private static ValueType typeOf(String type, String property) {
    return type(type).property(property).orElseThrow().type();
  }

  @Test
  void inheritanceIsReadWithAbstractBasesAndTheirDerivedTypes() {
    StructuredType profile = type("profile");
    assertTrue(profile.isAbstract() && profile.isEntity());
    assertEquals(List.of("example.fleet.cloudProfile", "example.fleet.onPremisesProfile"),
        profile.derivedTypes().stream().map(StructuredType::qualifiedName).toList());
    StructuredType onPremises = type("onPremisesProfile");
    assertTrue(onPremises.isA(profile) && onPremises.isA(type("entity")) && !profile.isA(onPremises));
    assertEquals(List.of("id", "displayName", "createdDateTime", "domain", "skipConnectivityCheck", "notes"),
        onPremises.properties().stream().map(Property::name).toList(), "the base's properties first");
    assertEquals("id", onPremises.keyName(), "the key of the family's root");
    StructuredType target = type("target");
    assertTrue(target.isAbstract() && !target.isEntity());
    assertEquals(List.of("example.fleet.groupTarget", "example.fleet.allDevicesTarget"),
        target.derivedTypes().stream().map(StructuredType::qualifiedName).toList());
  }

  @Test
  void everyKindOfValueIsReadWithItsType() {
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("tags", "Collection(Edm.String)");
    expected.put("colors", "Collection(example.fleet.color)");
    expected.put("placement", "example.fleet.placement");
    expected.put("placements", "Collection(example.fleet.placement)");
    expected.put("capabilities", "example.fleet.capability");
    for (Map.Entry<String, String> property : expected.entrySet()) {
      assertEquals(property.getValue(), typeOf("device", property.getKey()).qualifiedName(), property.getKey());
    }
    assertTrue(typeOf("device", "placements") instanceof ValueType.Collection collection
        && collection.element() instanceof ValueType.Complex);
    assertTrue(fleet.enums().get("example.fleet.capability").flags());
    assertFalse(fleet.enums().get("example.fleet.color").flags());
    ValueType.Complex placement = (ValueType.Complex) typeOf("device", "placement");
    assertEquals("example.fleet.address", placement.type().property("address").orElseThrow().type().qualifiedName());
    assertEquals("example.fleet.point", type("address").property("location").orElseThrow().type().qualifiedName(),
        "a complex value inside a complex value inside a complex value");
    assertEquals("example.fleet.target", placement.type().property("target").orElseThrow().type().qualifiedName());
  }

  @ParameterizedTest
  @CsvSource({"guidValue, GUID", "binaryValue, BINARY", "dateValue, DATE", "timeOfDayValue, TIME_OF_DAY",
      "byteValue, BYTE", "sbyteValue, SBYTE", "int16Value, INT16", "int32Value, INT32", "int64Value, INT64",
      "singleValue, SINGLE", "doubleValue, DOUBLE", "decimalValue, DECIMAL", "booleanValue, BOOLEAN",
      "dateTimeOffsetValue, DATE_TIME_OFFSET", "durationValue, DURATION", "serialNumber, STRING"})
  void everyPrimitiveIsRead(String property, EdmPrimitive primitive) {
    assertEquals(new ValueType.Primitive(primitive), typeOf("device", property));
  }

  @Test
  void thePathsAreTheContainersAndEveryContainedNavigationBelowThem() {
    Map<String, EntitySetPath.Kind> paths = new LinkedHashMap<>();
    fleet.paths().forEach(path -> paths.put(path.name(), path.kind()));
    Map<String, EntitySetPath.Kind> expected = new LinkedHashMap<>();
    expected.put("fleet", EntitySetPath.Kind.SINGLETON);
    expected.put("fleet/devices", EntitySetPath.Kind.CONTAINED_COLLECTION);
    expected.put("fleet/profiles", EntitySetPath.Kind.CONTAINED_COLLECTION);
    expected.put("fleet/profiles/assignments", EntitySetPath.Kind.CONTAINED_COLLECTION);
    expected.put("fleet/profiles/assignments/results", EntitySetPath.Kind.CONTAINED_COLLECTION);
    expected.put("fleet/settings", EntitySetPath.Kind.CONTAINED_SINGLE);
    expected.put("sites", EntitySetPath.Kind.ENTITY_SET);
    assertEquals(expected, paths);
    EntitySetPath results = fleet.path("FLEET/Profiles/assignments/results").orElseThrow();
    assertEquals("fleet/profiles/assignments", results.parent().orElseThrow().name());
    assertEquals("example.fleet.result", results.type().qualifiedName());
  }

  @Test
  void aNavigationThatContainsNothingPointsAtTheBoundSetOrTheOneCollectionOfItsType() {
    EntitySetPath devices = fleet.path("fleet/devices").orElseThrow();
    assertEquals("sites", devices.target("site").orElseThrow().name(), "the container's binding");
    assertEquals("fleet/profiles", devices.target("profile").orElseThrow().name(), "the one collection of profiles");
    assertEquals("fleet/devices", fleet.path("fleet/profiles").orElseThrow().target("assignedDevices")
        .orElseThrow().name());
    Navigation profile = type("device").navigation("profile").orElseThrow();
    assertTrue(!profile.collection() && !profile.contained());
  }

  @Test
  void boundOperationsAreReadWithTheirParametersAndResults() {
    Operation assign = fleet.operations("ASSIGNUSER", type("device"), false).get(0);
    assertTrue(assign.action());
    assertEquals(List.of("userPrincipalName", "addressableUserName"),
        assign.parameters().stream().map(Operation.Parameter::name).toList());
    assertFalse(assign.parameter("userPrincipalName").orElseThrow().nullable());
    assertNull(assign.returnType());
    assertEquals(1, fleet.operations("sync", type("fleetSettings"), false).size());
    Operation importing = fleet.operations("import", type("device"), true).get(0);
    assertEquals("Collection(example.fleet.device)", importing.returnType().qualifiedName());
    assertEquals(List.of(), fleet.operations("import", type("device"), false), "bound to the collection only");
    Operation count = fleet.operations("countByColor", type("device"), true).get(0);
    assertFalse(count.action());
    assertEquals("Edm.Int32", count.returnType().qualifiedName());
  }

  /** A navigation to a type the document does not declare is left out, as Graph's slicing tools leave it. */
  @Test
  void aNavigationToATypeNotInTheDocumentIsLeftOut() throws IOException {
    String schema = new String(fleetSchema(), StandardCharsets.UTF_8).replace(
        "<NavigationProperty Name=\"site\" Type=\"fleet.site\" />",
        "<NavigationProperty Name=\"site\" Type=\"fleet.site\" /><NavigationProperty Name=\"owner\" Type=\"fleet.user\" />"
            + "<NavigationProperty Name=\"owners\" Type=\"Collection(other.user)\" />");
    TypeGraph graph = GraphModel.typeGraph("fleet", schema.getBytes(StandardCharsets.UTF_8));
    StructuredType device = graph.type("example.fleet.device").orElseThrow();
    assertTrue(device.navigation("site").isPresent());
    assertTrue(device.navigation("owner").isEmpty() && device.navigation("owners").isEmpty());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "<Property Name=\"serialNumber\" Type=\"Edm.String\" />|<Property Name=\"serialNumber\" Type=\"Edm.Stream\" />"
          + "|example.fleet.device/serialNumber: Edm.Stream is not served",
      "<PropertyRef Name=\"id\" />|<PropertyRef Name=\"id\" /><PropertyRef Name=\"serial\" /></Key><Property Name="
          + "\"serial\" Type=\"Edm.String\" Nullable=\"false\" /><Key>|example.fleet.entity has a key of 2 properties",
      "<Property Name=\"id\" Type=\"Edm.String\" Nullable=\"false\" />|<Property Name=\"id\" Type=\"Edm.Int32\""
          + " Nullable=\"false\" />|example.fleet.entity: its key id must be a non-nullable Edm.String",
      "<Property Name=\"succeeded\" Type=\"Edm.Boolean\" Nullable=\"false\" />|<NavigationProperty Name=\"again\""
          + " Type=\"Collection(fleet.profile)\" ContainsTarget=\"true\" />|example.fleet.profile contains itself",
      "<NavigationProperty Name=\"devices\" Type=\"Collection(fleet.device)\" ContainsTarget=\"true\" />"
          + "|<NavigationProperty Name=\"devices\" Type=\"Collection(fleet.device)\" ContainsTarget=\"true\" />"
          + "<NavigationProperty Name=\"spares\" Type=\"Collection(fleet.device)\" ContainsTarget=\"true\" />"
          + "|fleet/profiles/assignedDevices refers to example.fleet.device, which several collections hold",
      "<Property Name=\"street\" Type=\"Edm.String\" />|<Property Name=\"street\" Type=\"fleet.street\" />"
          + "|example.fleet.address/street: its type is not declared in the schema"})
  void whatTheEngineCannotServeIsNamedInOneLine(String original, String replacement, String message)
      throws IOException {
    String schema = new String(fleetSchema(), StandardCharsets.UTF_8);
    assertTrue(schema.contains(original), original);
    SchemaException refused = assertThrows(SchemaException.class, () -> GraphModel.typeGraph("fleet",
        schema.replace(original, replacement).getBytes(StandardCharsets.UTF_8)));
    assertTrue(refused.getMessage().contains(message), refused.getMessage());
    assertFalse(refused.getMessage().contains("\n"), "one line");
  }
}
