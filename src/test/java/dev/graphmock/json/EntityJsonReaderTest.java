package dev.graphmock.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A JSON body (written with ' for ") → the model values it holds, each as Type:value, or the 400's message.
 * The entity is the seed schema's deviceManagementAutopilotEvent.
 */
class EntityJsonReaderTest {
  static final dev.graphmock.odata.GraphModel SEED = seed();
  static final EntityJsonReader READER =
      new EntityJsonReader(SEED.earlierCollection().orElseThrow().entity(), SEED::resolveTypeName);
  static final String NOT_NULL = "A null value was found for the property named '%s', which does not allow null values.";

  private static dev.graphmock.odata.GraphModel seed() {
    try {
      return dev.graphmock.odata.GraphModel.load("seed", java.nio.file.Files.readAllBytes(
          java.nio.file.Path.of("metadata/seed.xml")), null);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static Map<String, Object> read(String body) throws InvalidEntityException {
    return READER.read(body.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
  }

  static String show(Map<String, Object> values) {
    return values.entrySet().stream()
        .map(entry -> entry.getKey() + "=" + (entry.getValue() == null ? "null"
            : entry.getValue().getClass().getSimpleName() + ":" + entry.getValue()))
        .collect(Collectors.joining(" "));
  }

  static String refusal(String body) {
    return assertThrows(InvalidEntityException.class, () -> read(body)).getMessage();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "{}                                              | \"\"",
      "{'id':'e1','deviceId':null,'osVersion':'é ✓'}   | id=String:e1 deviceId=null osVersion=String:é ✓",
      "{'osVersion':'10.0','deviceId':''}              | osVersion=String:10.0 deviceId=String:",
      "{'targetedAppCount':2147483647}                 | targetedAppCount=Integer:2147483647",
      "{'targetedAppCount':-2147483648}                | targetedAppCount=Integer:-2147483648",
      "{'targetedPolicyCount':0}                       | targetedPolicyCount=Integer:0",
      "{'enrollmentState':'failed'}                    | enrollmentState=String:failed",
      "{'deploymentState':'successWithTimeout'}        | deploymentState=String:successWithTimeout",
      "{'deploymentDuration':'PT1M30S'}                | deploymentDuration=Duration:PT1M30S",
      "{'deploymentDuration':'-P1DT2H'}                | deploymentDuration=Duration:PT-26H",
      "{'deploymentDuration':'PT0.00000019S'}          | deploymentDuration=Duration:PT0.0000001S",
      "{'eventDateTime':'2024-01-01T00:00Z'}           | eventDateTime=DateTimeOffsetValue:2024-01-01T00:00:00Z",
      "{'eventDateTime':'2016-12-31T23:59:23.3984029-08:00'} | eventDateTime=DateTimeOffsetValue:2016-12-31T23:59:23.3984029-08:00",
      "{'eventDateTime':'2024-01-01T00:00:00.123456789Z'}    | eventDateTime=DateTimeOffsetValue:2024-01-01T00:00:00.1234568Z",
      "{'@odata.type':'#microsoft.graph.deviceManagementAutopilotEvent','id':'a'} | id=String:a",
      "{'@odata.type':'#graph.deviceManagementAutopilotEvent'}   | \"\"",
      "{'@odata.type':'microsoft.graph.deviceManagementAutopilotEvent'} | \"\"",
      "{'@odata.context':'x','@odata.etag':'W/1','deviceId@odata.type':'#String','nope@x':{'a':[1,{}]},'id':'b'} | id=String:b"})
  void readsTheValuesTheBodyNames(String body, String values) throws InvalidEntityException {
    assertEquals(values, show(read(body)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "{'nope':1}           | The property 'nope' does not exist on type 'microsoft.graph.deviceManagementAutopilotEvent'. Make sure to only use property names that are defined by the type.",
      "{'DeviceId':'x'}     | The property 'DeviceId' does not exist on type 'microsoft.graph.deviceManagementAutopilotEvent'. Make sure to only use property names that are defined by the type.",
      "{'deviceId':1}       | Invalid value for property 'deviceId': Edm.String expects a string.",
      "{'deviceId':true}    | Invalid value for property 'deviceId': Edm.String expects a string.",
      "{'deviceId':['x']}   | Invalid value for property 'deviceId': Edm.String expects a string.",
      "{'targetedAppCount':'5'}   | Invalid value for property 'targetedAppCount': Edm.Int32 expects an integer.",
      "{'targetedAppCount':1.0}   | Invalid value for property 'targetedAppCount': Edm.Int32 expects an integer.",
      "{'targetedAppCount':false} | Invalid value for property 'targetedAppCount': Edm.Int32 expects an integer.",
      "{'enrollmentState':3}      | Invalid value for property 'enrollmentState': microsoft.graph.enrollmentState expects a member name.",
      "{'deploymentDuration':60}  | Invalid value for property 'deploymentDuration': Edm.Duration expects an ISO 8601 duration string.",
      "{'eventDateTime':0}        | Invalid value for property 'eventDateTime': Edm.DateTimeOffset expects a date-time string."})
  void refusesTheWrongJsonTypeForEachEdmKind(String body, String message) {
    assertEquals(message, refusal(body));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "{'targetedAppCount':2147483648}           | Invalid value for property 'targetedAppCount': 2147483648 is out of the range of Edm.Int32.",
      "{'targetedAppCount':-2147483649}          | Invalid value for property 'targetedAppCount': -2147483649 is out of the range of Edm.Int32.",
      "{'targetedAppCount':99999999999999999999} | Invalid value for property 'targetedAppCount': 99999999999999999999 is out of the range of Edm.Int32.",
      "{'enrollmentState':'Failed'}              | Invalid value for property 'enrollmentState': 'Failed' is not a member of microsoft.graph.enrollmentState (one of: unknown, enrolled, pendingReset, failed, notContacted, blocked).",
      "{'enrollmentState':''}                    | Invalid value for property 'enrollmentState': '' is not a member of microsoft.graph.enrollmentState (one of: unknown, enrolled, pendingReset, failed, notContacted, blocked).",
      "{'deploymentDuration':'P1Y'}              | Invalid value for property 'deploymentDuration': 'P1Y' is not a valid Edm.Duration: expected an ISO 8601 duration such as PT3M21.5549443S or -P1DT2H.",
      "{'deploymentDuration':'P9223372036854775807D'} | Invalid value for property 'deploymentDuration': 'P9223372036854775807D' is out of the range of Edm.Duration.",
      "{'eventDateTime':'2024-01-01T00:00:00'}   | Invalid value for property 'eventDateTime': '2024-01-01T00:00:00' is not a valid Edm.DateTimeOffset: expected yyyy-MM-ddTHH:mm[:ss[.fffffff]] followed by Z or an offset such as -08:00.",
      "{'eventDateTime':'2024-01-01'}            | Invalid value for property 'eventDateTime': '2024-01-01' is not a valid Edm.DateTimeOffset: expected yyyy-MM-ddTHH:mm[:ss[.fffffff]] followed by Z or an offset such as -08:00.",
      "{'eventDateTime':'2024-01-01T00:00:00+5:00'} | Invalid value for property 'eventDateTime': '2024-01-01T00:00:00+5:00' is not a valid Edm.DateTimeOffset: expected yyyy-MM-ddTHH:mm[:ss[.fffffff]] followed by Z or an offset such as -08:00."})
  void refusesValuesOutsideTheirType(String body, String message) {
    assertEquals(message, refusal(body));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "{'id':null}                | id",
      "{'targetedAppCount':null}  | targetedAppCount",
      "{'enrollmentState':null}   | enrollmentState",
      "{'deploymentDuration':null}| deploymentDuration",
      "{'eventDateTime':null}     | eventDateTime"})
  void refusesNullForANonNullableProperty(String body, String property) {
    assertEquals(String.format(NOT_NULL, property), refusal(body));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "{'@odata.type':'#microsoft.graph.entity'}           | A resource with type 'microsoft.graph.entity' was found, but it is not assignable to the expected type 'microsoft.graph.deviceManagementAutopilotEvent'.",
      "{'@odata.type':'#graph.deviceManagement'}           | A resource with type 'microsoft.graph.deviceManagement' was found, but it is not assignable to the expected type 'microsoft.graph.deviceManagementAutopilotEvent'.",
      "{'@odata.type':'#microsoft.graph.enrollmentState'}  | A resource with type 'microsoft.graph.enrollmentState' was found, but it is not assignable to the expected type 'microsoft.graph.deviceManagementAutopilotEvent'.",
      "{'@odata.type':'#Edm.String'}                       | A resource with type 'Edm.String' was found, but it is not assignable to the expected type 'microsoft.graph.deviceManagementAutopilotEvent'.",
      "{'@odata.type':'#microsoft.graph.nothing'}          | A type named 'microsoft.graph.nothing' could not be resolved by the model. When a model is available, each type name must resolve to a valid type.",
      "{'@odata.type':'deviceManagementAutopilotEvent'}    | A type named 'deviceManagementAutopilotEvent' could not be resolved by the model. When a model is available, each type name must resolve to a valid type.",
      "{'@odata.type':'#'}                                 | A type named '' could not be resolved by the model. When a model is available, each type name must resolve to a valid type.",
      "{'@odata.type':1}                                   | The value of '@odata.type' must be a string such as '#microsoft.graph.deviceManagementAutopilotEvent'.",
      "{'@odata.type':null}                                | The value of '@odata.type' must be a string such as '#microsoft.graph.deviceManagementAutopilotEvent'."})
  void refusesAnotherODataType(String body, String message) {
    assertEquals(message, refusal(body));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "\"\"                         | The request body is empty; send the entity as a JSON object.",
      "[]                           | The request body must be a JSON object.",
      "null                         | The request body must be a JSON object.",
      "'x'                          | The request body must be a JSON object.",
      "{} {}                        | The request body must hold exactly one JSON object.",
      "{}[]                         | The request body must hold exactly one JSON object."})
  void refusesWhatIsNotOneJsonObject(String body, String message) {
    assertEquals(message, refusal(body));
  }

  /** Malformed JSON, told in graphmock's words (JsonErrorMessagesTest has the whole table). */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "{'deviceId':'a','deviceId':'b'}       | The property 'deviceId' appears more than once (line 1, column 27); OData allows each property once in an object.",
      "{'id':'a','osVersion':'x','id':'c'}   | The property 'id' appears more than once (line 1, column 31); OData allows each property once in an object.",
      "{'@odata.type':'#graph.deviceManagementAutopilotEvent','@odata.type':'x'} | The property '@odata.type' appears more than once (line 1, column 69); OData allows each property once in an object.",
      "{} x                                  | The request body is not valid JSON (line 1, column 4).",
      "{'id':'a'                             | The request body is not valid JSON: it ends at line 1, column 10 before its last value is complete.",
      "{'id':'a',}                           | The request body is not valid JSON (line 1, column 11).",
      "{'id':'a' 'osVersion':'b'}            | The request body is not valid JSON (line 1, column 11)."})
  void refusesMalformedJson(String body, String message) {
    assertEquals(message, refusal(body));
  }

  @Test
  void refusesBodiesBeyondItsLimits() {
    assertEquals("The JSON is nested more deeply than 64 levels.",
        refusal("{'a@odata.x':" + "[".repeat(65) + "]".repeat(65) + "}"));
    assertEquals("A number in the body is longer than 1,000 characters.",
        refusal("{'targetedAppCount':" + "9".repeat(1001) + "}"));
  }

  @Test
  void refusesMalformedUtf8() {
    byte[] body = {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xC3, '"', '}'};
    assertEquals("The request body is not valid UTF-8 (line 1, column 10).",
        assertThrows(InvalidEntityException.class, () -> READER.read(body)).getMessage());
  }
}
