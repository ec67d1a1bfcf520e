package dev.graphmock.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graphmock.app.GraphServer;
import dev.graphmock.app.ServerConfig;
import dev.graphmock.http.AuthMode;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.olingo.client.api.ODataClient;
import org.apache.olingo.client.api.domain.ClientCollectionValue;
import org.apache.olingo.client.api.domain.ClientComplexValue;
import org.apache.olingo.client.api.domain.ClientEntity;
import org.apache.olingo.client.api.domain.ClientObjectFactory;
import org.apache.olingo.client.api.domain.ClientProperty;
import org.apache.olingo.client.api.domain.ClientValue;
import org.apache.olingo.client.core.ODataClientFactory;
import org.apache.olingo.commons.api.edm.Edm;
import org.apache.olingo.commons.api.edm.EdmEntityType;
import org.apache.olingo.commons.api.edm.EdmPrimitiveTypeKind;
import org.apache.olingo.commons.api.edm.FullQualifiedName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Olingo's own client ({@code odata-client-core}) against a schema no code names ({@code engine/fleet.xml}): it reads
 * the {@code $metadata}, creates a device holding a value of every kind the engine serves (each EDM primitive, an
 * enum, a flags enum, collections of strings, enums and complex values, a complex value holding a nested one and a
 * value of a derived complex type), and reads back exactly what it sent, on a real SQLite and a real PostgreSQL.
 */
class OlingoClientRoundTripTest {
  private static final String NS = "example.fleet";

  @TempDir
  Path folder;

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void olingosClientReadsTheMetadataAndRoundTripsAValueOfEveryKind(String kind) throws Exception {
    Path edmx = folder.resolve("fleet.xml");
    try (InputStream in = OlingoClientRoundTripTest.class.getResourceAsStream("/engine/fleet.xml")) {
      Files.write(edmx, in.readAllBytes());
    }
    ServerConfig base = ServerConfig.defaults().withPort(0).withMetadataFile(edmx).withAuth(AuthMode.NONE);
    ServerConfig config = kind.equals("sqlite") ? base.withDatabase(folder.resolve("fleet.db"))
        : base.withDatabase(dev.graphmock.store.DatabaseLocation.parse(
            dev.graphmock.e2e.PostgresServer.shared().newDatabaseUrl()));
    try (GraphServer server = GraphServer.start(config)) {
      String root = server.uri() + "/beta";
      ODataClient client = ODataClientFactory.getClient();
      Edm edm = client.getRetrieveRequestFactory().getMetadataRequest(root).execute().getBody();
      EdmEntityType device = edm.getEntityType(new FullQualifiedName(NS, "device"));
      assertNotNull(device);
      assertTrue(edm.getEntityType(new FullQualifiedName(NS, "profile")).isAbstract());
      assertNotNull(edm.getEnumType(new FullQualifiedName(NS, "capability")));
      assertTrue(edm.getEnumType(new FullQualifiedName(NS, "capability")).isFlags());

      ClientObjectFactory factory = client.getObjectFactory();
      ClientEntity sent = factory.newEntity(new FullQualifiedName(NS, "device"));
      List<ClientProperty> properties = sent.getProperties();
      properties.add(primitive(factory, "id", EdmPrimitiveTypeKind.String, "olingo-1"));
      properties.add(primitive(factory, "serialNumber", EdmPrimitiveTypeKind.String, "SN-ü-1"));
      properties.add(factory.newEnumProperty("color", factory.newEnumValue(NS + ".color", "green")));
      properties.add(factory.newEnumProperty("capabilities", factory.newEnumValue(NS + ".capability",
          "wifi,cellular")));
      ClientCollectionValue<ClientValue> tags = factory.newCollectionValue("Collection(Edm.String)");
      tags.add(factory.newPrimitiveValueBuilder().buildString("a"));
      tags.add(factory.newPrimitiveValueBuilder().buildString("b"));
      properties.add(factory.newCollectionProperty("tags", tags));
      ClientCollectionValue<ClientValue> colors = factory.newCollectionValue("Collection(" + NS + ".color)");
      colors.add(factory.newEnumValue(NS + ".color", "red"));
      colors.add(factory.newEnumValue(NS + ".color", "blue"));
      properties.add(factory.newCollectionProperty("colors", colors));
      properties.add(factory.newComplexProperty("placement", placement(factory, "Room 1", "g1")));
      ClientCollectionValue<ClientValue> placements = factory.newCollectionValue("Collection(" + NS + ".placement)");
      placements.add(placement(factory, "Room 2", "g2"));
      properties.add(factory.newCollectionProperty("placements", placements));
      properties.add(primitive(factory, "guidValue", EdmPrimitiveTypeKind.Guid,
          UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e")));
      properties.add(primitive(factory, "binaryValue", EdmPrimitiveTypeKind.Binary, new byte[] {0, 1, -2, 127}));
      properties.add(primitive(factory, "dateValue", EdmPrimitiveTypeKind.Date, java.time.LocalDate.of(2024, 2, 29)));
      properties.add(primitive(factory, "timeOfDayValue", EdmPrimitiveTypeKind.TimeOfDay,
          java.time.LocalTime.of(23, 59, 58, 123_000_000)));
      properties.add(primitive(factory, "byteValue", EdmPrimitiveTypeKind.Byte, (short) 255));
      properties.add(primitive(factory, "sbyteValue", EdmPrimitiveTypeKind.SByte, (byte) -128));
      properties.add(primitive(factory, "int16Value", EdmPrimitiveTypeKind.Int16, (short) -32768));
      properties.add(primitive(factory, "int32Value", EdmPrimitiveTypeKind.Int32, Integer.MIN_VALUE));
      properties.add(primitive(factory, "int64Value", EdmPrimitiveTypeKind.Int64, Long.MAX_VALUE));
      properties.add(primitive(factory, "singleValue", EdmPrimitiveTypeKind.Single, 1.5f));
      properties.add(primitive(factory, "doubleValue", EdmPrimitiveTypeKind.Double, 0.30000000000000004));
      // Olingo's client reads a JSON number through a double (Jackson's default), so a decimal that a double cannot
      // hold comes back changed on its side; the store keeps every digit (ValueColumnsTest).
      properties.add(primitive(factory, "decimalValue", EdmPrimitiveTypeKind.Decimal, new BigDecimal("1234.5")));
      properties.add(primitive(factory, "booleanValue", EdmPrimitiveTypeKind.Boolean, true));
      properties.add(primitive(factory, "dateTimeOffsetValue", EdmPrimitiveTypeKind.DateTimeOffset,
          java.sql.Timestamp.from(java.time.Instant.parse("2024-05-01T06:00:00.123Z"))));
      properties.add(primitive(factory, "durationValue", EdmPrimitiveTypeKind.Duration, new BigDecimal("3723.5")));

      URI devices = client.newURIBuilder(root).appendSingletonSegment("fleet").appendNavigationSegment("devices")
          .build();
      var created = client.getCUDRequestFactory().getEntityCreateRequest(devices, sent).execute();
      assertEquals(201, created.getStatusCode());

      URI one = client.newURIBuilder(root).appendSingletonSegment("fleet").appendNavigationSegment("devices")
          .appendKeySegment("olingo-1").build();
      ClientEntity read = client.getRetrieveRequestFactory().getEntityRequest(one).execute().getBody();
      assertEquals(new FullQualifiedName(NS, "device"), read.getTypeName());
      for (ClientProperty property : sent.getProperties()) {
        ClientProperty back = read.getProperty(property.getName());
        assertNotNull(back, property.getName());
        assertEquals(describe(property.getValue()), describe(back.getValue()), property.getName());
      }
      assertEquals(EdmPrimitiveTypeKind.Guid, read.getProperty("guidValue").getPrimitiveValue().getTypeKind(),
          "typed by the full metadata the client asks for");
      assertEquals(EdmPrimitiveTypeKind.Int64, read.getProperty("int64Value").getPrimitiveValue().getTypeKind());
      assertEquals(NS + ".groupTarget", read.getProperty("placement").getComplexValue().get("target")
          .getComplexValue().getTypeName(), "a derived complex value comes back as its own type");
    }
  }

  private static ClientProperty primitive(ClientObjectFactory factory, String name, EdmPrimitiveTypeKind kind,
                                          Object value) {
    return factory.newPrimitiveProperty(name, factory.newPrimitiveValueBuilder().setType(kind).setValue(value)
        .build());
  }

  /** A placement: a room, a nested address, a target of the derived type groupTarget, a flags collection. */
  private static ClientComplexValue placement(ClientObjectFactory factory, String room, String group) {
    ClientComplexValue placement = factory.newComplexValue(NS + ".placement");
    placement.add(factory.newPrimitiveProperty("room", factory.newPrimitiveValueBuilder().buildString(room)));
    ClientComplexValue address = factory.newComplexValue(NS + ".address");
    address.add(factory.newPrimitiveProperty("city", factory.newPrimitiveValueBuilder().buildString("Oslo")));
    ClientComplexValue point = factory.newComplexValue(NS + ".point");
    point.add(factory.newPrimitiveProperty("latitude", factory.newPrimitiveValueBuilder().buildDouble(59.9)));
    point.add(factory.newPrimitiveProperty("longitude", factory.newPrimitiveValueBuilder().buildDouble(10.75)));
    address.add(factory.newComplexProperty("location", point));
    placement.add(factory.newComplexProperty("address", address));
    ClientComplexValue target = factory.newComplexValue(NS + ".groupTarget");
    target.add(factory.newPrimitiveProperty("groupId", factory.newPrimitiveValueBuilder().buildString(group)));
    placement.add(factory.newComplexProperty("target", target));
    ClientCollectionValue<ClientValue> capabilities = factory.newCollectionValue("Collection(" + NS
        + ".capability)");
    capabilities.add(factory.newEnumValue(NS + ".capability", "bluetooth"));
    placement.add(factory.newCollectionProperty("capabilities", capabilities));
    return placement;
  }

  /**
   * A value as text, the same for what was sent and what came back: primitives by their literal, enums by member,
   * complex values by their members in name order (left-out members, which come back null, are left out).
   */
  private static String describe(ClientValue value) {
    if (value == null || value.isPrimitive() && value.asPrimitive().toValue() == null) {
      return "null";
    }
    if (value.isPrimitive()) {
      return value.asPrimitive().toString();
    }
    if (value.isEnum()) {
      return value.asEnum().getValue();
    }
    if (value.isCollection()) {
      List<String> items = new ArrayList<>();
      value.asCollection().forEach(item -> items.add(describe(item)));
      return items.toString();
    }
    List<String> members = new ArrayList<>();
    for (ClientProperty member : value.asComplex()) {
      String text = describe(member.getValue());
      if (!text.equals("null") && !text.equals("[]")) {
        members.add(member.getName() + "=" + text);
      }
    }
    members.sort(null);
    return members.toString();
  }
}
