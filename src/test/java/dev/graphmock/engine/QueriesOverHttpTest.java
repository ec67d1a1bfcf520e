package dev.graphmock.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphmock.engine.Fleet.Reply;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code $filter}, {@code $orderby}, {@code $skip} and {@code $count} on the engine's places (issue 31, points 3 and
 * 4), over real HTTP on a real SQLite file and a real PostgreSQL: values of every kind compared as their types,
 * paths into complex values, lambda operators, {@code has}, {@code isof} and casts, keyset pages in any order.
 * Each expected answer is worked out by hand from the entities below, never read from the server.
 */
class QueriesOverHttpTest {
  @TempDir
  Path folder;

  private static final String REQUIRED = "\"byteValue\":0,\"sbyteValue\":0,\"int16Value\":0,\"int64Value\":0";

  /** Five devices whose values differ in every way the tests below look at. */
  private static void devices(Fleet fleet) {
    created(fleet.post("/fleet/devices", "{\"id\":\"d1\",\"serialNumber\":\"S1\",\"color\":\"red\","
        + "\"capabilities\":\"wifi,bluetooth\",\"tags\":[\"lab\",\"x\"],\"colors\":[\"red\",\"blue\"],"
        + "\"placement\":{\"room\":\"A1\",\"address\":{\"city\":\"Oslo\",\"location\":{\"latitude\":59.9,"
        + "\"longitude\":10.7}},\"target\":{\"@odata.type\":\"#example.fleet.groupTarget\",\"groupId\":\"g1\","
        + "\"filterId\":\"f\"},\"capabilities\":[\"wifi\"]},"
        + "\"placements\":[{\"room\":\"B2\",\"capabilities\":[\"cellular\",\"wifi\"]}],"
        + "\"int32Value\":5,\"dateTimeOffsetValue\":\"2024-01-01T10:00:00Z\",\"dateValue\":\"2024-02-01\","
        + "\"guidValue\":\"0000000a-0000-0000-0000-000000000000\",\"booleanValue\":true,\"decimalValue\":1.5,"
        + REQUIRED + "}"));
    created(fleet.post("/fleet/devices", "{\"id\":\"d2\",\"serialNumber\":\"S2\",\"color\":\"blue\","
        + "\"capabilities\":\"cellular\",\"tags\":[\"lab\"],\"placement\":{\"room\":\"A2\",\"address\":{\"city\":"
        + "\"Bergen\"}},\"int32Value\":7,\"dateTimeOffsetValue\":\"2024-01-01T10:00:00+02:00\","
        + "\"booleanValue\":false,\"decimalValue\":10.25," + REQUIRED + "}"));
    created(fleet.post("/fleet/devices", "{\"id\":\"d3\",\"color\":\"green\",\"capabilities\":\"none\","
        + "\"int32Value\":6,\"dateTimeOffsetValue\":\"2023-06-01T00:00:00Z\",\"booleanValue\":false," + REQUIRED
        + "}"));
    created(fleet.post("/fleet/devices", "{\"id\":\"d4\",\"serialNumber\":\"s4\",\"color\":\"red\","
        + "\"capabilities\":\"wifi\",\"tags\":[\"x\"],\"placement\":{\"room\":\"A4\",\"address\":{\"city\":\"Oslo\"},"
        + "\"target\":{\"@odata.type\":\"#example.fleet.allDevicesTarget\",\"filterId\":\"f\"},"
        + "\"capabilities\":[\"wifiDirect\"]},\"placements\":[{\"room\":\"B2\"}],"
        + "\"int32Value\":9,\"dateTimeOffsetValue\":\"2025-01-01T00:00:00Z\",\"booleanValue\":false," + REQUIRED
        + "}"));
    created(fleet.post("/fleet/devices", "{\"id\":\"d5\",\"serialNumber\":\"S5\",\"color\":\"blue\","
        + "\"capabilities\":\"bluetooth,cellular\",\"placement\":{\"address\":{\"city\":\"Trondheim\","
        + "\"location\":{\"latitude\":63.4,\"longitude\":10.4}}},\"int32Value\":8,"
        + "\"dateTimeOffsetValue\":\"2024-01-01T00:00:00Z\",\"booleanValue\":false," + REQUIRED + "}"));
  }

  private static void created(Reply reply) {
    assertEquals(201, reply.status(), reply::toString);
  }

  /** The ids a query of {@code place} answers, in order, following every nextLink (at most 20 pages). */
  private static List<String> ids(Fleet fleet, String place, String query) {
    List<String> ids = new ArrayList<>();
    String url = fleet.beta() + place + "?" + query;
    for (int pages = 0; url != null; pages++) {
      assertTrue(pages < 20, () -> "a nextLink that never ends: " + place + "?" + query);
      Reply reply = fleet.get(url);
      assertEquals(200, reply.status(), () -> place + "?" + query + ": " + reply);
      JsonNode page = reply.json();
      page.get("value").forEach(entity -> ids.add(entity.get("id").asText()));
      url = page.hasNonNull("@odata.nextLink") ? page.get("@odata.nextLink").asText() : null;
    }
    return ids;
  }

  private static List<String> devices(Fleet fleet, String filter) {
    return ids(fleet, "/fleet/devices", "$filter=" + encode(filter));
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void primitivesAndEnumsCompareAsTheirTypes(String kind) throws IOException {
    try (Fleet fleet = new Fleet(folder, kind)) {
      devices(fleet);
      assertEquals(List.of("d1", "d4"), devices(fleet, "color eq 'red'"), "an enum member as Graph's callers write it");
      assertEquals(List.of("d1", "d3", "d4"), devices(fleet, "color in ('red','green')"));
      assertEquals(List.of("d1", "d4"), devices(fleet, "capabilities has 'wifi'"), "a flags member");
      assertEquals(List.of("d5"), devices(fleet, "capabilities has example.fleet.capability'bluetooth,cellular'"),
          "every member named");
      assertEquals(List.of("d2", "d3", "d5"), devices(fleet, "int32Value ge 6 and int32Value lt 9"));
      assertEquals(List.of("d1", "d4"), devices(fleet, "dateTimeOffsetValue gt 2024-01-01T09:00:00Z"),
          "instants, whatever their offsets (d2 is 08:00 UTC)");
      assertEquals(List.of("d1"), devices(fleet, "dateValue eq 2024-02-01"));
      assertEquals(List.of("d1"), devices(fleet, "guidValue eq 0000000A-0000-0000-0000-000000000000"),
          "a GUID in any case");
      assertEquals(List.of("d1"), devices(fleet, "booleanValue"));
      assertEquals(List.of("d2", "d3", "d4", "d5"), devices(fleet, "not booleanValue"));
      assertEquals(List.of("d1", "d2", "d5"), devices(fleet, "startswith(serialNumber,'S')"), "case-sensitive");
      assertEquals(List.of("d4"), devices(fleet, "contains(tolower(serialNumber),'s4')"));
      assertEquals(List.of("d3"), devices(fleet, "serialNumber eq null"));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void pathsIntoComplexValuesAndTheirCasts(String kind) throws IOException {
    try (Fleet fleet = new Fleet(folder, kind)) {
      devices(fleet);
      assertEquals(List.of("d1", "d4"), devices(fleet, "placement/address/city eq 'Oslo'"));
      assertEquals(List.of("d3"), devices(fleet, "placement/address/city eq null"), "no placement at all");
      assertEquals(List.of("d5"), devices(fleet, "placement/address/location/latitude gt 60"), "a double in JSON");
      assertEquals(List.of("d1"), devices(fleet, "placement/target/example.fleet.groupTarget/groupId eq 'g1'"),
          "a cast of an abstract complex value");
      assertEquals(List.of("d1", "d2", "d4"), devices(fleet, "startswith(placement/room,'A')"));
      assertEquals(List.of("d4"), devices(fleet, "placement/target/example.fleet.allDevicesTarget/filterId eq 'f'"),
          "a cast to a derived complex type: d1's groupTarget has a filterId 'f' too, which the base declares");
      assertEquals(List.of("d1", "d4"), devices(fleet, "placement/target/filterId eq 'f'"), "without the cast");
      assertEquals(List.of("d1"), devices(fleet, "endswith('abcS1', serialNumber)"), "a literal as the subject");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void lambdaOperatorsRangeOverCollectionsOfEveryKind(String kind) throws IOException {
    try (Fleet fleet = new Fleet(folder, kind)) {
      devices(fleet);
      assertEquals(List.of("d1", "d2"), devices(fleet, "tags/any(t: t eq 'lab')"), "as Graph's callers write it");
      assertEquals(List.of("d1", "d2"), devices(fleet, "tags/any( t : t eq 'lab')"));
      assertEquals(List.of("d2", "d3", "d5"), devices(fleet, "tags/all(t:t eq 'lab')"),
          "all of no tags is true");
      assertEquals(List.of("d1", "d2", "d4"), devices(fleet, "tags/any()"), "any() is 'has an element'");
      assertEquals(List.of("d1"), devices(fleet, "colors/any(c: c eq 'blue')"), "enum members in a collection");
      assertEquals(List.of("d1", "d4"), devices(fleet, "placements/any(p: p/room eq 'B2')"), "complex elements");
      assertEquals(List.of("d1"), devices(fleet, "placements/any(p: p/capabilities/any(c: c eq 'cellular'))"),
          "nested");
      assertEquals(List.of("d1"), devices(fleet, "placement/capabilities/any(c: c has 'wifi')"),
          "has on flags inside JSON: a member, not a part of one (d4's wifiDirect)");
      assertEquals(List.of("d2", "d3", "d5"), devices(fleet, "not placements/any()"));

      created(fleet.post("/sites", "{\"id\":\"s1\",\"visits\":[{\"at\":\"2024-01-01T10:00:00+02:00\",\"by\":\"a\"}]}"));
      created(fleet.post("/sites", "{\"id\":\"s2\",\"visits\":[{\"at\":\"2024-01-01T09:30:00.1234567Z\"}]}"));
      created(fleet.post("/sites", "{\"id\":\"s3\",\"visits\":[],\"kind\":\"warehouse\"}"));
      assertEquals(List.of("s3"), ids(fleet, "/sites", "$filter=" + encode("kind eq 'warehouse'")),
          "a name two enum types share in the schema is the addressed type's own");
      assertEquals(List.of("s3"), ids(fleet, "/sites", "$filter=" + encode("example.fleet.site/kind eq 'warehouse'")),
          "after a cast, the cast type's own");
      Reply counted = fleet.get("/sites/$count?$filter=" + encode("kind eq 'warehouse'"));
      assertEquals(200, counted.status(), counted::toString);
      assertEquals("1", counted.body(), "on $count too");
      assertEquals(List.of("s2"), ids(fleet, "/sites", "$filter=" + encode("visits/any(v: v/at gt "
          + "2024-01-01T09:00:00Z)")), "instants inside JSON compare as instants");
      assertEquals(List.of("s1"), ids(fleet, "/sites", "$filter=" + encode("visits/any(v: v/at eq "
          + "2024-01-01T08:00:00Z)")), "the same instant at another offset");
      assertEquals(List.of("s2"), ids(fleet, "/sites", "$filter=" + encode("visits/any(v: v/at eq "
          + "2024-01-01T09:30:00.123Z)")), "to the millisecond on both stores (09:30:00.1234567)");
      assertEquals(List.of(), ids(fleet, "/sites", "$filter=" + encode("visits/any(v: v/at gt "
          + "2024-01-01T09:30:00.1234Z)")), "to the millisecond on both stores");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void aFlagsValueIsWrittenBackInTheSchemasOrderAndComparedSo(String kind) throws IOException {
    try (Fleet fleet = new Fleet(folder, kind)) {
      created(fleet.post("/fleet/devices", "{\"id\":\"f1\",\"color\":\"red\",\"capabilities\":\"cellular,wifi\","
          + "\"placement\":{\"capabilities\":[\"cellular,none,wifi\",\"bluetooth\"]},\"int32Value\":0,"
          + "\"dateTimeOffsetValue\":\"2024-01-01T00:00:00Z\",\"booleanValue\":false," + REQUIRED + "}"));
      JsonNode device = fleet.get("/fleet/devices/f1").json();
      assertEquals("wifi,cellular", device.get("capabilities").asText(), "as Graph writes a combination");
      assertEquals("wifi,cellular", device.at("/placement/capabilities/0").asText(), "inside a complex value too");
      assertEquals(List.of("f1"), devices(fleet, "placement/capabilities/any(c: c eq 'cellular,wifi')"),
          "a combination compares whatever the order it is written in");
      assertEquals(List.of("f1"), devices(fleet, "capabilities eq 'cellular,wifi'"));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void typesAreTestedCastAndOrderedBy(String kind) throws IOException {
    try (Fleet fleet = new Fleet(folder, kind)) {
      created(fleet.post("/fleet/profiles", "{\"@odata.type\":\"#example.fleet.cloudProfile\",\"id\":\"p1\","
          + "\"displayName\":\"Cloud\",\"region\":\"eu\",\"notes\":\"n\","
          + "\"createdDateTime\":\"2024-01-01T00:00:00Z\"}"));
      created(fleet.post("/fleet/profiles", "{\"@odata.type\":\"#example.fleet.onPremisesProfile\",\"id\":\"p2\","
          + "\"displayName\":\"OnPrem\",\"domain\":\"corp\",\"notes\":\"n\",\"skipConnectivityCheck\":true,"
          + "\"createdDateTime\":\"2024-01-01T00:00:00Z\"}"));
      created(fleet.post("/fleet/profiles", "{\"@odata.type\":\"#example.fleet.cloudProfile\",\"id\":\"p3\","
          + "\"displayName\":\"Another\",\"region\":\"us\",\"createdDateTime\":\"2024-01-01T00:00:00Z\"}"));
      assertEquals(List.of("p1", "p3"), ids(fleet, "/fleet/profiles", "$filter="
          + encode("isof('example.fleet.cloudProfile')")), "the quoted form Graph's callers write");
      assertEquals(List.of("p2"), ids(fleet, "/fleet/profiles", "$filter="
          + encode("isof(example.fleet.onPremisesProfile)")), "OData's form");
      assertEquals(List.of("p2"), ids(fleet, "/fleet/profiles", "$filter="
          + encode("example.fleet.onPremisesProfile/domain eq 'corp'")));
      assertEquals(List.of("p1"), ids(fleet, "/fleet/profiles", "$filter="
          + encode("example.fleet.cloudProfile/notes eq 'n'")), "not p2's notes, which both types declare");
      assertEquals(List.of("p1"), ids(fleet, "/fleet/profiles/example.fleet.cloudProfile", "$filter="
          + encode("region eq 'eu'")), "a filter after a cast segment");
      assertEquals(List.of("p3", "p1", "p2"), ids(fleet, "/fleet/profiles", "$orderby="
          + encode("example.fleet.cloudProfile/region desc")), "p2 has no region: last, descending");
      assertEquals(List.of("p3", "p1", "p2"), ids(fleet, "/fleet/profiles", "$orderby=displayName&$top=1"));
      Reply selected = fleet.get("/fleet/profiles?$select=displayName,example.fleet.cloudProfile/region&$filter="
          + encode("id ne 'p3'"));
      assertEquals(200, selected.status(), selected::toString);
      assertEquals(fleet.beta() + "/$metadata#fleet/profiles(displayName,example.fleet.cloudProfile/region)",
          selected.json().get("@odata.context").asText(), "the cast as written, as ODL writes it");
      assertEquals("eu", selected.json().at("/value/0/region").asText());
      Reply notes = fleet.get("/fleet/profiles?$select=example.fleet.cloudProfile/notes&$filter="
          + encode("id ne 'p3'"));
      assertEquals("[@odata.type, id, notes]", fieldNames(notes.json().at("/value/0")), notes::toString);
      assertEquals("[@odata.type, id]", fieldNames(notes.json().at("/value/1")),
          "p2's notes are its own type's, which the cast does not select");
      assertEquals("[@odata.type, id, displayName]", fieldNames(selected.json().at("/value/1")),
          "a property of a type p2 is not of selects nothing of p2");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void pagesFollowAnyOrderWithSkipAndCount(String kind) throws IOException {
    try (Fleet fleet = new Fleet(folder, kind)) {
      devices(fleet);
      assertEquals(List.of("d5", "d4", "d1", "d2", "d3"), ids(fleet, "/fleet/devices", "$orderby="
          + encode("placement/address/city desc") + "&$top=2"),
          "ties by id in the last key's direction; no city last, descending; two to a page");
      assertEquals(List.of("d3", "d2", "d1", "d4", "d5"), ids(fleet, "/fleet/devices", "$orderby="
          + encode("placement/address/city") + "&$top=2"), "no city first, ascending");
      assertEquals(List.of("d5", "d2", "d3", "d4", "d1"), ids(fleet, "/fleet/devices", "$orderby="
          + encode("color desc") + "&$top=3"), "an enum by its members' values (red 1, green 2, blue 3)");
      assertEquals(List.of("d3", "d2", "d5", "d4"), ids(fleet, "/fleet/devices", "$orderby=int32Value&$skip=1&$top=2"),
          "$skip once, on the first page");
      assertEquals(List.of("d3", "d1", "d2", "d5", "d4"), ids(fleet, "/fleet/devices", "$orderby=serialNumber&$top=1"),
          "a page that ends on a null, ascending; text by its bytes (S before s)");
      assertEquals(List.of("d4", "d5", "d2", "d1", "d3"), ids(fleet, "/fleet/devices",
          "$orderby=serialNumber%20desc&$top=2"));
      assertEquals(List.of("d5", "d1", "d4", "d3", "d2"), ids(fleet, "/fleet/devices", "$orderby="
          + encode("placement/address/location/latitude desc") + "&$top=1"), "a double inside JSON, nulls last");
      assertEquals(List.of("d3", "d4", "d5", "d1", "d2"), ids(fleet, "/fleet/devices", "$orderby=decimalValue&$top=2"),
          "a decimal, its position kept as a number");

      Reply counted = fleet.get("/fleet/devices?$count=true&$top=1&$filter=" + encode("color eq 'red'"));
      assertEquals(2, counted.json().get("@odata.count").asInt(), counted::toString);
      assertEquals(1, counted.json().get("value").size());
      String next = counted.json().get("@odata.nextLink").asText();
      assertEquals("d4", fleet.get(next).json().at("/value/0/id").asText(), "the next page keeps the filter");
      assertEquals("d4", fleet.get(next + "&$skip=1").json().at("/value/0/id").asText(),
          "$skip is the first page's only");
      Reply otherFilter = fleet.get(next.replace(encode("color eq 'red'"), encode("color eq 'blue'")));
      assertEquals(400, otherFilter.status(), otherFilter::toString);
      assertEquals("BadRequest: The $skiptoken is not valid for this query: use the @odata.nextLink of the previous"
          + " page as it is.", otherFilter.error());

      Reply count = fleet.get("/fleet/devices/$count?$filter=" + encode("tags/any()"));
      assertEquals(200, count.status(), count::toString);
      assertEquals("3", count.body());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void whatCannotBeEvaluatedIsRefusedByName(String kind) throws IOException {
    try (Fleet fleet = new Fleet(folder, kind)) {
      devices(fleet);
      Reply navigation = fleet.get("/fleet/devices?$filter=" + encode("profile/displayName eq 'x'"));
      assertEquals(400, navigation.status(), navigation::toString);
      assertEquals("BadRequest: The path 'profile/displayName' is not supported in $filter.", navigation.error());
      Reply counted = fleet.get("/fleet/devices?$filter=" + encode("tags/$count gt 1"));
      assertEquals(400, counted.status(), counted::toString);
      assertEquals("BadRequest: The path 'tags/$count' is not supported in $filter.", counted.error());
      Reply notCondition = fleet.get("/fleet/devices?$filter=serialNumber");
      assertEquals(400, notCondition.status(), notCondition::toString);
      assertEquals("BadRequest: The types 'Edm.Boolean' and 'Edm.String' are not compatible.", notCondition.error());
      Reply member = fleet.get("/fleet/devices?$filter=" + encode("colors/any(c: c eq 'purple')"));
      assertEquals(400, member.status(), member::toString);
      assertEquals("BadRequest: 'purple' is not a member of example.fleet.color (one of: unknown, red, green, blue).",
          member.error());
      Reply notFlags = fleet.get("/fleet/devices?$filter=" + encode("color has example.fleet.color'red'"));
      assertEquals(400, notFlags.status(), notFlags::toString);
      assertEquals("BadRequest: 'has' compares a flags enum value with members of its own type, such as capabilities"
          + " has example.fleet.capability'wifi'.", notFlags.error());
      Reply complexType = fleet.get("/fleet/devices?$filter=" + encode("isof(example.fleet.placement)"));
      assertEquals(400, complexType.status(), complexType::toString);
      assertEquals("BadRequest: isof names an entity type here, not 'example.fleet.placement'.", complexType.error());
      Reply bytes = fleet.get("/fleet/devices?$orderby=binaryValue");
      assertEquals(400, bytes.status(), bytes::toString);
      assertEquals("BadRequest: $orderby supports properties of primitive and enum types only (enums outside complex"
          + " values), not 'binaryValue'.",
          bytes.error());
      Reply expression = fleet.get("/fleet/devices?$orderby=tolower(serialNumber)");
      assertEquals("BadRequest: $orderby supports property names only, not expressions: 'tolower(serialNumber)'.",
          expression.error());
      Reply through = fleet.get("/fleet/devices?$orderby=profile/displayName");
      assertEquals("BadRequest: The path 'profile/displayName' is not supported in $orderby.", through.error(),
          "the option it is in named");
      Reply search = fleet.get("/fleet/devices?$search=x");
      assertEquals(400, search.status(), search::toString);
      assertEquals("BadRequest: The query option '$search' is not supported by graphmock.", search.error());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void optionsNestedInAnExpansionChooseEachParentsEntities(String kind) throws IOException {
    try (Fleet fleet = new Fleet(folder, kind)) {
      for (String profile : List.of("p1", "p2")) {
        created(fleet.post("/fleet/profiles", "{\"@odata.type\":\"#example.fleet.cloudProfile\",\"id\":\""
            + profile + "\",\"createdDateTime\":\"2024-01-01T00:00:00Z\"}"));
      }
      for (String[] assignment : new String[][] {{"a1", "g1"}, {"a2", "g2"}, {"a3", null}}) {
        String target = assignment[1] == null ? "{\"@odata.type\":\"#example.fleet.allDevicesTarget\"}"
            : "{\"@odata.type\":\"#example.fleet.groupTarget\",\"groupId\":\"" + assignment[1] + "\"}";
        created(fleet.post("/fleet/profiles/p1/assignments", "{\"id\":\"" + assignment[0] + "\",\"target\":"
            + target + "}"));
      }
      created(fleet.post("/fleet/profiles/p1/assignments/a1/results", "{\"id\":\"r1\",\"succeeded\":true}"));
      created(fleet.post("/fleet/profiles/p1/assignments/a1/results", "{\"id\":\"r2\",\"succeeded\":false,"
          + "\"kind\":\"red\"}"));

      JsonNode filtered = fleet.get("/fleet/profiles?$expand=assignments($filter="
          + encode("target/example.fleet.groupTarget/groupId eq 'g2'") + ")").json();
      assertEquals("a2", filtered.at("/value/0/assignments/0/id").asText(), filtered::toString);
      assertEquals(1, filtered.at("/value/0/assignments").size());
      assertEquals(0, filtered.at("/value/1/assignments").size(), "p2 has none");

      JsonNode topped = fleet.get("/fleet/profiles?$expand=assignments($orderby=id%20desc;$top=2;$count=true)")
          .json();
      assertEquals(3, topped.at("/value/0/assignments@odata.count").asInt(), topped::toString);
      assertEquals("a3,a2", ids(topped.at("/value/0/assignments")));
      assertEquals(0, topped.at("/value/1/assignments@odata.count").asInt());

      JsonNode skipped = fleet.get("/fleet/profiles/p1?$expand=assignments($skip=5;$count=true)").json();
      assertEquals(3, skipped.at("/assignments@odata.count").asInt(), "counted, though every one is skipped");
      assertEquals(0, skipped.at("/assignments").size());
      JsonNode none = fleet.get("/fleet/profiles/p1?$expand=assignments($top=0;$count=true)").json();
      assertEquals(3, none.at("/assignments@odata.count").asInt());
      assertEquals(0, none.at("/assignments").size(), none::toString);
      assertEquals("a2,a3", ids(fleet.get("/fleet/profiles/p1?$expand=assignments($skip=1)").json()
          .at("/assignments")));

      devices(fleet);
      for (String filter : List.of("color eq 'red'", "tags/any( t : t eq 'x')", "capabilities has 'wifi'",
          "isof('example.fleet.device') and color in ('red','green') and not (color eq 'green')")) {
        Reply expanded = fleet.get("/fleet?$expand=devices($filter=" + encode(filter) + ";$select=id)");
        assertEquals(200, expanded.status(), () -> filter + ": " + expanded);
        assertEquals("d1,d4", ids(expanded.json().get("devices")), filter + ", written as at the top level");
      }
      Reply tooLong = fleet.get("/fleet?$expand=devices($filter=" + encode("true" + " or true".repeat(400)) + ")");
      assertEquals(400, tooLong.status(), tooLong::toString);
      assertEquals("BadRequest: The $filter has 400 and/or/not operators; at most 300 are supported (use 'in' for long"
          + " lists of values).", tooLong.error());

      JsonNode twoLevels = fleet.get("/fleet/profiles?$expand=assignments($expand=results($filter="
          + encode("kind eq 'red'") + ";$select=id);$filter=" + encode("id ne 'a3'") + ")").json();
      assertEquals("r2", ids(twoLevels.at("/value/0/assignments/0/results")), twoLevels::toString);
      assertEquals("a1,a2", ids(twoLevels.at("/value/0/assignments")), "the outer filter after the inner one");
      Reply cast = fleet.get("/fleet/profiles/p1?$expand=assignments/example.fleet.assignment($filter="
          + encode("id eq 'a1'") + ")");
      assertEquals(200, cast.status(), cast::toString);
      assertEquals("a1", ids(cast.json().get("assignments")));
      for (String[] refused : new String[][] {
          {"/fleet/profiles/p1/assignments?$expand=results($orderby=tolower(detail))", "BadRequest: $orderby"
              + " supports property names only, not expressions."},
          {"/fleet/profiles/p1/assignments?$expand=results($orderby=tolower(detail);$filter=kind%20eq%20'red')",
              null},
          {"/fleet/profiles?$expand=nope($top=1)", null},
          {"/?$expand=x($top=1)", null}}) {
        Reply reply = fleet.get(refused[0]);
        assertEquals(400, reply.status(), () -> refused[0] + ": " + reply);
        if (refused[1] != null) {
          assertEquals(refused[1], reply.error());
        }
      }
      Reply ofResults = fleet.get("/fleet/profiles/p1/assignments?$expand=results($filter=" + encode("kind eq 'red'")
          + ")");
      assertEquals(200, ofResults.status(), ofResults::toString);
      assertEquals("r2", ids(ofResults.json().at("/value/0/results")),
          "a nested filter's enum names are the expanded entities' own (kind is another enum on sites)");
      Reply nested = fleet.get("/fleet/profiles?$expand=assignments($expand=results($filter=succeeded))");
      assertEquals(200, nested.status(), nested::toString);
      JsonNode levels = nested.json();
      assertEquals(fleet.beta() + "/$metadata#fleet/profiles(assignments(results()))",
          levels.get("@odata.context").asText());
      assertEquals("r1", ids(levels.at("/value/0/assignments/0/results")), "a1's that succeeded");
      assertEquals(fleet.beta() + "/$metadata#fleet/profiles('p1')/assignments('a1')/results",
          levels.at("/value/0/assignments/0/results@odata.context").asText());
      assertEquals(0, levels.at("/value/0/assignments/1/results").size());
    }
  }

  private static String fieldNames(JsonNode entity) {
    List<String> names = new ArrayList<>();
    entity.fieldNames().forEachRemaining(names::add);
    return names.toString();
  }

  private static String ids(JsonNode entities) {
    List<String> ids = new ArrayList<>();
    entities.forEach(entity -> ids.add(entity.get("id").asText()));
    return String.join(",", ids);
  }
}
