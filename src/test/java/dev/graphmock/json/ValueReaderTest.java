package dev.graphmock.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import dev.graphmock.model.ComplexValue;
import dev.graphmock.model.DateTimeOffsetValue;
import dev.graphmock.model.Property;
import dev.graphmock.model.StructuredType;
import dev.graphmock.model.TypeGraph;
import dev.graphmock.odata.GraphModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every kind of value the test schema ({@code engine/fleet.xml}, which no code names) declares, read from JSON and
 * written back as Graph writes it; every refusal names the value's path.
 */
class ValueReaderTest {
  private static final JsonFactory JSON = new JsonFactory();
  private static TypeGraph fleet;
  private static ValueReader reader;

  @BeforeAll
  static void read() throws IOException {
    try (InputStream in = ValueReaderTest.class.getResourceAsStream("/engine/fleet.xml")) {
      fleet = GraphModel.typeGraph("fleet", in.readAllBytes());
    }
    reader = new ValueReader(fleet);
  }

  private static StructuredType type(String name) {
    return fleet.type("example.fleet." + name).orElseThrow();
  }

  /** The value of the device's {@code property} read from {@code text}, at the path the property names. */
  private static Object device(String property, String text) throws IOException, InvalidEntityException {
    Property declared = type("device").property(property).orElseThrow();
    try (JsonParser json = JSON.createParser(text)) {
      json.nextToken();
      return reader.read(json, declared.type(), declared.nullable(), property);
    }
  }

  private static String written(String property, Object value, boolean fullMetadata) throws IOException {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(text)) {
      ValueWriter.write(json, type("device").property(property).orElseThrow().type(), value, fullMetadata);
    }
    return text.toString();
  }

  private static String refusal(String property, String text) {
    return assertThrows(InvalidEntityException.class, () -> device(property, text)).getMessage();
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "serialNumber        | `\"SN-1\"`",
      "guidValue           | `\"bf5e4c1c-0b5c-4c1b-9d8f-5c6e0a1b2c3d\"`",
      "binaryValue         | `\"AAEC/w==\"`",
      "dateValue           | `\"2024-02-29\"`",
      "timeOfDayValue      | `\"13:45:00\"`",
      "timeOfDayValue      | `\"08:00:00.1234567\"`",
      "byteValue           | 255",
      "sbyteValue          | -128",
      "int16Value          | -32768",
      "int32Value          | 2147483647",
      "int64Value          | 9223372036854775807",
      "singleValue         | 1.5",
      "singleValue         | `\"INF\"`",
      "doubleValue         | -2.5E-300",
      "doubleValue         | `\"NaN\"`",
      "doubleValue         | `\"-INF\"`",
      "decimalValue        | 12345678901234567890.123456789",
      "booleanValue        | true",
      "dateTimeOffsetValue | `\"2024-05-31T13:45:00.5Z\"`",
      "durationValue       | `\"PT1H30M\"`",
      "color               | `\"green\"`",
      "capabilities        | `\"wifi,cellular\"`",
      "tags                | `[\"a\",\"b\",\"\"]`",
      "colors              | `[\"red\",\"blue\"]`",
      "placement           | `{\"room\":\"1.01\",\"address\":{\"street\":\"Main\",\"city\":null,\"location\":{\"latitude\":1.5,\"longitude\":-2.0}}}`",
      "placement           | `{\"target\":{\"@odata.type\":\"#example.fleet.groupTarget\",\"filterId\":null,\"groupId\":\"g1\"},\"capabilities\":[\"none\",\"wifi,bluetooth\"]}`",
      "placements          | `[{\"room\":\"a\"},{\"target\":{\"@odata.type\":\"#example.fleet.allDevicesTarget\"}}]`",
      "placements          | `[]`",
  })
  void aValueIsWrittenBackAsItWasRead(String property, String text) throws Exception {
    assertEquals(text, written(property, device(property, text), false));
  }

  @Test
  void primitivesAreTheirJavaValues() throws Exception {
    assertEquals(UUID.fromString("bf5e4c1c-0b5c-4c1b-9d8f-5c6e0a1b2c3d"),
        device("guidValue", "\"BF5E4C1C-0B5C-4C1B-9D8F-5C6E0A1B2C3D\""));
    assertArrayEquals(new byte[] {0, 1, 2, -1}, (byte[]) device("binaryValue", "\"AAEC_w\""), "base64url, unpadded");
    assertEquals(LocalDate.of(2024, 2, 29), device("dateValue", "\"2024-02-29\""));
    assertEquals(LocalTime.of(8, 0), device("timeOfDayValue", "\"08:00\""));
    assertEquals(200, device("byteValue", "200"));
    assertEquals(1.5f, device("singleValue", "1.5"));
    assertEquals(new BigDecimal("0.1"), device("decimalValue", "0.1"));
    assertEquals(new BigDecimal("12.5"), device("decimalValue", "\"12.5\""), "IEEE754Compatible");
    assertEquals(Long.MIN_VALUE, device("int64Value", "-9223372036854775808"));
    assertEquals(DateTimeOffsetValue.parse("2024-05-31T13:45:00Z"), device("dateTimeOffsetValue",
        "\"2024-05-31T13:45:00Z\""));
    assertEquals(Duration.ofMinutes(90), device("durationValue", "\"PT1H30M\""));
    assertEquals(List.of("a"), device("tags", "[\"a\"]"));
    assertNull(device("serialNumber", "null"));
    assertEquals("\"08:00:00\"", written("timeOfDayValue", LocalTime.of(8, 0), false));
    assertEquals("\"AAEC/w==\"", written("binaryValue", new byte[] {0, 1, 2, -1}, false));
  }

  @Test
  void aComplexValueHasTheTypeItsODataTypeNames() throws Exception {
    String groupTarget = "{\"target\":{\"@odata.type\":\"%s\",\"groupId\":\"g1\"}}";
    for (String name : List.of("#example.fleet.groupTarget", "example.fleet.groupTarget",
        "#EXAMPLE.FLEET.GROUPTARGET")) {
      ComplexValue placement = (ComplexValue) device("placement", groupTarget.formatted(name));
      ComplexValue target = (ComplexValue) placement.values().get("target");
      assertEquals(type("groupTarget"), target.type(), name);
      assertEquals(List.of("groupId"), List.copyOf(target.values().keySet()), "only what was given");
    }
    ComplexValue placement = (ComplexValue) device("placement", "{\"address\":{\"city\":\"Oslo\"}}");
    assertEquals(type("placement"), placement.type());
    assertEquals(type("address"), ((ComplexValue) placement.values().get("address")).type());
  }

  @Test
  void theDeclaredTypeIsNotNamedUnlessMetadataIsFull() throws Exception {
    Object value = device("placement", "{\"address\":{\"city\":\"Oslo\"}}");
    assertEquals("{\"address\":{\"city\":\"Oslo\"}}", written("placement", value, false));
    assertEquals("{\"@odata.type\":\"#example.fleet.placement\",\"address\":{\"@odata.type\":"
        + "\"#example.fleet.address\",\"city\":\"Oslo\"}}", written("placement", value, true));
  }

  @Test
  void propertiesAreKeptInTheOrderTheTypeDeclaresThem() throws Exception {
    Object value = device("placement", "{\"target\":{\"@odata.type\":\"#example.fleet.groupTarget\",\"groupId\":\"g\","
        + "\"filterId\":\"f\"},\"room\":\"r\"}");
    assertEquals("{\"room\":\"r\",\"target\":{\"@odata.type\":\"#example.fleet.groupTarget\",\"filterId\":\"f\","
        + "\"groupId\":\"g\"}}", written("placement", value, false));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "placement    | `{\"address\":{\"zip\":\"1\"}}`"
          + " | The property 'placement.address.zip' does not exist on type 'example.fleet.address'. Make sure to"
          + " only use property names that are defined by the type.",
      "tags         | `[\"a\",\"b\",3]` | Invalid value for property 'tags[2]': Edm.String expects a string.",
      "colors       | `[\"red\",\"purple\"]`"
          + " | Invalid value for property 'colors[1]': 'purple' is not a member of example.fleet.color (one of:"
          + " unknown, red, green, blue).",
      "colors       | `[\"red\",\"Red\"]`"
          + " | Invalid value for property 'colors[1]': 'Red' is not a member of example.fleet.color (one of:"
          + " unknown, red, green, blue).",
      "placement    | `{\"address\":{\"location\":{\"latitude\":null}}}`"
          + " | A null value was found for the property named 'placement.address.location.latitude', which does not"
          + " allow null values.",
      "tags         | null"
          + " | A null value was found for the property named 'tags', which is a collection; send [] for none.",
      "tags         | `\"a\"` | Invalid value for property 'tags': Collection(Edm.String) expects a JSON array.",
      "placement    | `[]` | Invalid value for property 'placement': example.fleet.placement expects a JSON object.",
      "placement    | `{\"target\":{\"filterId\":\"f\"}}`"
          + " | The value of 'placement.target' is of the abstract type 'example.fleet.target': name a concrete type"
          + " in its '@odata.type' (one of: example.fleet.groupTarget, example.fleet.allDevicesTarget).",
      "placement    | `{\"target\":{\"@odata.type\":\"#example.fleet.point\"}}`"
          + " | A resource with type 'example.fleet.point' was found, but it is not assignable to the expected type"
          + " 'example.fleet.target'.",
      "placement    | `{\"target\":{\"@odata.type\":\"#example.fleet.nothing\"}}`"
          + " | A type named 'example.fleet.nothing' could not be resolved by the model. When a model is available,"
          + " each type name must resolve to a valid type.",
      "placement    | `{\"target\":{\"filterId\":\"f\",\"@odata.type\":\"#example.fleet.groupTarget\"}}`"
          + " | The '@odata.type' of 'placement.target' must come before its properties.",
      "placement    | `{\"target\":{\"@odata.type\":7}}`"
          + " | The value of 'placement.target.@odata.type' must be a string such as '#example.fleet.target'.",
      "placements   | `[{},{\"room\":1}]` | Invalid value for property 'placements[1].room': Edm.String expects a string.",
      "placement    | `{\"capabilities\":[\"wifi,laser\"]}`"
          + " | Invalid value for property 'placement.capabilities[0]': 'laser' is not a member of"
          + " example.fleet.capability (one of: none, wifi, bluetooth, cellular, wifiDirect).",
      "capabilities | `\"wifi,wifi\"` | Invalid value for property 'capabilities': 'wifi' is named twice.",
      "byteValue    | 256 | Invalid value for property 'byteValue': 256 is out of the range of Edm.Byte.",
      "byteValue    | -1 | Invalid value for property 'byteValue': -1 is out of the range of Edm.Byte.",
      "sbyteValue   | 128 | Invalid value for property 'sbyteValue': 128 is out of the range of Edm.SByte.",
      "int16Value   | 32768 | Invalid value for property 'int16Value': 32768 is out of the range of Edm.Int16.",
      "int32Value   | 1.5 | Invalid value for property 'int32Value': Edm.Int32 expects an integer.",
      "int64Value   | 9223372036854775808"
          + " | Invalid value for property 'int64Value': 9223372036854775808 is out of the range of Edm.Int64.",
      "singleValue  | 1E39 | Invalid value for property 'singleValue': 1E39 is out of the range of Edm.Single.",
      "doubleValue  | `\"Infinity\"`"
          + " | Invalid value for property 'doubleValue': Edm.Double expects a number (or \"NaN\", \"INF\", \"-INF\").",
      "decimalValue | `\"ten\"` | Invalid value for property 'decimalValue': 'ten' is not a decimal number.",
      "booleanValue | `\"true\"` | Invalid value for property 'booleanValue': Edm.Boolean expects true or false.",
      "guidValue    | `\"bf5e4c1c-0b5c-4c1b-9d8f-5c6e0a1b2c3\"`"
          + " | Invalid value for property 'guidValue': 'bf5e4c1c-0b5c-4c1b-9d8f-5c6e0a1b2c3' is not a GUID (such"
          + " as 'bf5e4c1c-0b5c-4c1b-9d8f-5c6e0a1b2c3d').",
      "guidValue    | `\"1-2-3-4-5\"`"
          + " | Invalid value for property 'guidValue': '1-2-3-4-5' is not a GUID (such as"
          + " 'bf5e4c1c-0b5c-4c1b-9d8f-5c6e0a1b2c3d').",
      "guidValue    | 12 | Invalid value for property 'guidValue': Edm.Guid expects a string such as"
          + " 'bf5e4c1c-0b5c-4c1b-9d8f-5c6e0a1b2c3d'.",
      "binaryValue  | `\"not base64!\"`"
          + " | Invalid value for property 'binaryValue': the value is not base64 (Edm.Binary is written in base64).",
      "dateValue    | `\"2023-02-29\"` | Invalid value for property 'dateValue': '2023-02-29' is not a date such as"
          + " '2024-05-31'.",
      "dateValue    | `\"2024-05-31T00:00:00Z\"` | Invalid value for property 'dateValue': '2024-05-31T00:00:00Z' is"
          + " not a date such as '2024-05-31'.",
      "timeOfDayValue | `\"25:00:00\"` | Invalid value for property 'timeOfDayValue': '25:00:00' is not a time of"
          + " day such as '13:45:00' or '08:00:00.5'.",
      "timeOfDayValue | `\"08:00:00.12345678\"` | Invalid value for property 'timeOfDayValue': '08:00:00.12345678'"
          + " is not a time of day such as '13:45:00' or '08:00:00.5'.",
      "color        | null"
          + " | A null value was found for the property named 'color', which does not allow null values.",
  })
  void aBadValueIsRefusedNamingItsPath(String property, String text, String message) {
    assertEquals(message, refusal(property, text));
  }
}
