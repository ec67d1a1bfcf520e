package dev.graphmock.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * JSON beyond a limit of Jackson's (each set low here) → the refusal in our words. The exceptions are Jackson's own,
 * so that a Jackson whose wording changes fails here rather than letting its internals reach a client.
 */
class JsonLimitMessagesTest {
  private static final JsonFactory LOW = JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
      .maxNestingDepth(3).maxNumberLength(5).maxStringLength(10).maxNameLength(8).maxDocumentLength(40)
      .maxTokenCount(6).build()).build();

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "nesting   | [[[[1]]]]                             | it is nested more than 3 levels deep.",
      "a number  | [1234567]                             | a number in it is longer than 5 characters.",
      "a string  | ['abcdefghijkl']                      | a string in it is longer than 10 characters.",
      "a name    | {'abcdefghij':1}                      | a property name in it is longer than 8 characters.",
      "tokens    | [1,2,3,4,5,6,7]                       | it holds more than 6 JSON tokens.",
      "length    | ['ab',   'cd',    'ef',   'gh',    'ij', 'kl'] | it is longer than 40 bytes."})
  void saysWhichLimitWithoutNamingTheLibrary(String what, String json, String expected) {
    StreamConstraintsException refusal = assertThrows(StreamConstraintsException.class, () -> readAll(json));
    assertTrue(refusal.getOriginalMessage().contains("StreamReadConstraints"), "what the client must not see");
    assertEquals(expected, JsonLimitMessages.describe(refusal));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"Something else went wrong", "Name length (9) is odd"})
  void anUnknownRefusalIsStillInPlainWords(String message) {
    assertEquals("it is larger or more deeply nested than JSON read here may be.",
        JsonLimitMessages.describe(new StreamConstraintsException(message)));
  }

  private static void readAll(String json) throws Exception {
    byte[] bytes = json.replace('\'', '"').getBytes(java.nio.charset.StandardCharsets.UTF_8);
    try (JsonParser parser = LOW.createParser(bytes)) {
      while (parser.nextToken() != null) {
        if (parser.currentToken().isScalarValue()) {
          parser.getText();
          if (parser.currentToken().isNumeric()) {
            parser.getNumberValue();
          }
        }
      }
    }
  }
}
