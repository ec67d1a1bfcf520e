package dev.graphmock.odata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** $filter with @a and @b (a blank column: the alias is not given) → the filter with their values in place. */
class ParameterAliasesTest {

  static String substitute(String filter, String a, String b) throws ClientErrorException {
    Map<String, String> values = new HashMap<>();
    if (a != null) {
      values.put("@a", a);
    }
    if (b != null) {
      values.put("@b", b);
    }
    return FilterToken.join(ParameterAliases.substitute(FilterToken.scan(filter), values));
  }

  @ParameterizedTest(name = "{0} with @a={1} @b={2}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "deviceId eq @a                           | 'd1'      |          | deviceId eq 'd1'",
      "deviceId eq @a and enrollmentState eq @b | 'd1'      | 'failed' | deviceId eq 'd1' and enrollmentState eq 'failed'",
      "@a                                       | deviceId eq 'd1' or deviceId eq 'd2' | | (deviceId eq 'd1' or deviceId eq 'd2')",
      "not @a                                   | a eq 1    |          | not (a eq 1)",
      "deviceId eq @a                           |           |          | deviceId eq null",
      "deviceId eq @A                           | 'x'       |          | deviceId eq null",
      "deviceId eq @a                           | \"  'd1' \" |        | deviceId eq 'd1'",
      "@a eq @a                                 | 5         |          | 5 eq 5",
      "targetedAppCount gt @a                   | -5        |          | targetedAppCount gt -5",
      "deviceId eq @a                           | 'it''s'   |          | deviceId eq 'it''s'",
      "@a                                       | @b        | 'x'      | @b",
      "deviceId eq '@a'                         | 'x'       |          | deviceId eq '@a'",
      "deploymentDuration gt @a                 | duration'PT1M' |     | deploymentDuration gt duration'PT1M'",
      "eventDateTime lt @a                      | 2024-01-01T00:00:00Z | | eventDateTime lt 2024-01-01T00:00:00Z",
      "deviceId eq 'x'                          | 'y'       |          | deviceId eq 'x'"})
  void putsEachValueInPlace(String filter, String a, String b, String substituted) throws ClientErrorException {
    assertEquals(substituted, substitute(filter, a, b));
  }

  @ParameterizedTest(name = "@a={0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "\"\"         | \"The value of the parameter alias '@a' is not a valid expression: \"",
      "\"   \"      | \"The value of the parameter alias '@a' is not a valid expression:    \"",
      "'d1          | The value of the parameter alias '@a' is not a valid expression: 'd1",
      "deviceId eq 'x | The value of the parameter alias '@a' is not a valid expression: deviceId eq 'x"})
  void refusesAValueThatIsNoExpression(String a, String message) {
    assertEquals(message, assertThrows(ClientErrorException.class, () -> substitute("deviceId eq @a", a, null))
        .getMessage());
  }
}
