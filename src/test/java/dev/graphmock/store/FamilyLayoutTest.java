package dev.graphmock.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graphmock.model.EdmPrimitive;
import dev.graphmock.model.Property;
import dev.graphmock.model.StructuredType;
import dev.graphmock.model.TypeGraph;
import dev.graphmock.model.ValueType;
import dev.graphmock.odata.GraphModel;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The table of each type family of the test schema ({@code engine/fleet.xml}, which no code names), where every
 * entity type derives from an abstract {@code entity} as Graph's derive from {@code microsoft.graph.entity}.
 */
class FamilyLayoutTest {
  private static TypeGraph fleet;

  @BeforeAll
  static void read() throws IOException {
    try (InputStream in = FamilyLayoutTest.class.getResourceAsStream("/engine/fleet.xml")) {
      fleet = GraphModel.typeGraph("fleet", in.readAllBytes());
    }
  }

  private static StructuredType type(String name) {
    return fleet.type("example.fleet." + name).orElseThrow();
  }

  /** Whether a navigation points anywhere from some place that holds its type, as the engine will ask. */
  private static boolean pointsSomewhere(StructuredType type, dev.graphmock.model.Navigation navigation) {
    return fleet.paths().stream().filter(path -> type.isA(path.type()))
        .anyMatch(path -> path.target(navigation.name()).isPresent());
  }

  private static FamilyLayout layout(String root) {
    return FamilyLayout.of(type(root), FamilyLayoutTest::pointsSomewhere);
  }

  private static String columns(FamilyLayout layout) {
    return layout.columns().stream().map(column -> column.name() + ":" + column.holds()
        + (column.required() ? "!" : "")).collect(Collectors.joining(" "));
  }

  @Test
  void eachTypeASetDeclaresHeadsAFamilyButNotTheBaseEveryTypeShares() {
    assertEquals(List.of("fleet", "device", "profile", "assignment", "result", "fleetSettings", "site"),
        FamilyLayout.roots(fleet).stream().map(StructuredType::name).toList());
  }

  @Test
  void anAbstractSetTypeAndItsDerivedTypesShareOneTable() {
    FamilyLayout profiles = layout("profile");
    assertEquals("profile", profiles.table());
    assertEquals("id:PRIMITIVE! displayName:PRIMITIVE createdDateTime:PRIMITIVE! region:PRIMITIVE notes:PRIMITIVE"
        + " domain:PRIMITIVE skipConnectivityCheck:PRIMITIVE", columns(profiles), "notes: one column both declare");
    StructuredType onPremises = type("onPremisesProfile");
    assertSame(onPremises, profiles.column(onPremises, "skipConnectivityCheck").orElseThrow().declaredBy());
    assertFalse(profiles.column(onPremises, "skipConnectivityCheck").orElseThrow().required(),
        "a derived type's column is empty in its siblings' rows");
    assertEquals("displayName", profiles.column(onPremises, "displayName").orElseThrow().name(), "inherited");
    assertTrue(profiles.column(type("cloudProfile"), "domain").isEmpty(), "a sibling's property");
    assertThrows(IllegalArgumentException.class, () -> profiles.column(type("device"), "id"));
  }

  @Test
  void complexAndCollectionValuesAreJsonAndSingleLinksAColumn() {
    assertEquals("id:PRIMITIVE! serialNumber:PRIMITIVE color:ENUM! capabilities:ENUM! tags:JSON colors:JSON"
        + " placement:JSON placements:JSON guidValue:PRIMITIVE binaryValue:PRIMITIVE dateValue:PRIMITIVE"
        + " timeOfDayValue:PRIMITIVE byteValue:PRIMITIVE! sbyteValue:PRIMITIVE! int16Value:PRIMITIVE!"
        + " int32Value:PRIMITIVE! int64Value:PRIMITIVE! singleValue:PRIMITIVE doubleValue:PRIMITIVE"
        + " decimalValue:PRIMITIVE booleanValue:PRIMITIVE! dateTimeOffsetValue:PRIMITIVE! durationValue:PRIMITIVE"
        + " profile@id:LINK site@id:LINK", columns(layout("device")));
    assertEquals("id:PRIMITIVE! displayName:PRIMITIVE", columns(layout("fleet")),
        "contained navigations have no column: their rows name their parent");
  }

  @Test
  void clashingNamesAreKeptApart() {
    TypeGraph.Builder graph = new TypeGraph.Builder();
    StructuredType base = graph.type("t.base", StructuredType.Kind.ENTITY, true);
    graph.property(base, new Property("id", new ValueType.Primitive(EdmPrimitive.STRING), false));
    graph.property(base, new Property("Tenant", new ValueType.Primitive(EdmPrimitive.STRING), true));
    graph.key(base, "id");
    StructuredType first = graph.type("t.first", StructuredType.Kind.ENTITY, false);
    graph.derive(first, base);
    graph.property(first, new Property("size", new ValueType.Primitive(EdmPrimitive.INT32), false));
    StructuredType second = graph.type("t.second", StructuredType.Kind.ENTITY, false);
    graph.derive(second, base);
    graph.property(second, new Property("size", new ValueType.Primitive(EdmPrimitive.STRING), true));
    StructuredType third = graph.type("t.third", StructuredType.Kind.ENTITY, false);
    graph.derive(third, base);
    graph.property(third, new Property("size", new ValueType.Primitive(EdmPrimitive.INT32), true));
    graph.entitySet("things", base);
    graph.entitySet("firsts", first);
    TypeGraph built = graph.build();
    assertEquals(List.of(built.type("t.base").orElseThrow()), FamilyLayout.roots(built),
        "a set of a derived type keeps its entities in the base's family");
    FamilyLayout layout = FamilyLayout.of(built.type("t.base").orElseThrow(), (type, navigation) -> false);
    assertEquals("id:PRIMITIVE! base_Tenant:PRIMITIVE size:PRIMITIVE second_size:PRIMITIVE", columns(layout));
    assertEquals("size", layout.column(built.type("t.third").orElseThrow(), "size").orElseThrow().name(),
        "the same name and value type share a column");
  }
}
