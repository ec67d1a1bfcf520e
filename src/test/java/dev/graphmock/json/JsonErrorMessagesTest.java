package dev.graphmock.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A body Jackson refuses → what the client is told. Each body is read by a real parser with the limits given, as
 * {@link EntityJsonReader} reads one: nesting at most 64, else Jackson's defaults (and, for the string row alone,
 * strings of at most 100 characters, which also caps numbers).
 */
class JsonErrorMessagesTest {
  private static final StreamReadConstraints LIMITS = StreamReadConstraints.builder().maxNestingDepth(64).build();
  /** Strings of at most 100 characters: Jackson's own limit is 20,000,000. */
  private static final StreamReadConstraints SHORT_STRINGS = StreamReadConstraints.builder().maxStringLength(100)
      .build();
  /** What no message may contain: Jackson's and Olingo's names, Java's exception classes, Jackson's code quotes. */
  private static final List<String> INTERNALS = List.of("jackson", "streamreadconstraints", "com.fasterxml",
      "olingo", "exception", "`");

  static Stream<Arguments> bodies() {
    return Stream.of(
        Arguments.of("nested 65 deep", "{\"a@odata.x\":" + "[".repeat(65) + "]".repeat(65) + "}",
            "The JSON is nested more deeply than 64 levels."),
        Arguments.of("nested 1,000 deep", "[".repeat(1000) + "]".repeat(1000),
            "The JSON is nested more deeply than 64 levels."),
        Arguments.of("a number of 1,001 digits", "{\"n\":" + "9".repeat(1001) + "}",
            "A number in the body is longer than 1,000 characters."),
        Arguments.of("a fraction of 2,000 digits", "{\"n\":0." + "1".repeat(2000) + "}",
            "A number in the body is longer than 1,000 characters."),
        Arguments.of("a string of 101 characters", "{\"s\":\"" + "s".repeat(101) + "\"}",
            "A string in the body is longer than 100 characters."),
        Arguments.of("a name of 50,001 characters", "{\"" + "k".repeat(50_001) + "\":1}",
            "A property name in the body is longer than 50,000 characters."),
        Arguments.of("a property twice", "{\"a\":1,\"a\":2}",
            "The property 'a' appears more than once (line 1, column 11); OData allows each property once in an"
                + " object."),
        Arguments.of("cut short after a comma", "{\"a\":1,",
            "The request body is not valid JSON: it ends at line 1, column 8 before its last value is complete."),
        Arguments.of("cut short in a string", "{\"a\":\"b",
            "The request body is not valid JSON: it ends at line 1, column 8 before its last value is complete."),
        Arguments.of("a bracket for a brace", "{\"a\":1]", "The request body is not valid JSON (line 1, column 7)."),
        Arguments.of("NaN", "{\"a\":NaN}", "The request body is not valid JSON (line 1, column 9)."),
        Arguments.of("a comment", "{\"a\":1 /* c */}", "The request body is not valid JSON (line 1, column 8)."),
        Arguments.of("single quotes", "{'a':1}", "The request body is not valid JSON (line 1, column 2)."),
        Arguments.of("a leading zero", "{\"a\":01}", "The request body is not valid JSON (line 1, column 7)."),
        Arguments.of("a tab in a string", "{\"a\":\"x\ty\"}",
            "The request body is not valid JSON (line 1, column 8)."),
        Arguments.of("a misspelt literal on line 2", "{\n \"a\": tru}",
            "The request body is not valid JSON (line 2, column 7)."),
        Arguments.of("a broken escape", "{\"a\":\"\\uZZZZ\"}",
            "The request body is not valid JSON (line 1, column 9)."));
  }

  private static String messageFor(byte[] body, StreamReadConstraints limits) throws IOException {
    JsonFactory json = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .streamReadConstraints(limits).build();
    try (JsonParser parser = json.createParser(body)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        parser.getText();
      }
    } catch (JsonProcessingException e) {
      return JsonErrorMessages.of(e, limits);
    }
    throw new AssertionError("Jackson read the body");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bodies")
  void tellsPlainlyWhatIsWrong(String what, String body, String message) throws IOException {
    String told = messageFor(body.getBytes(StandardCharsets.UTF_8), what.startsWith("a string") ? SHORT_STRINGS
        : LIMITS);
    assertEquals(message, told);
    INTERNALS.forEach(internal -> assertFalse(told.toLowerCase(Locale.ROOT).contains(internal), told));
  }

  @ParameterizedTest(name = "byte {0}")
  @MethodSource("malformedUtf8")
  void tellsThatTheBodyIsNotUtf8(int bad, String message) throws IOException {
    assertEquals(message, messageFor(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) bad, '"', '}'}, LIMITS));
  }

  static Stream<Arguments> malformedUtf8() {
    return Stream.of(
        Arguments.of(0xFF, "The request body is not valid UTF-8 (line 1, column 8)."),
        Arguments.of(0xC3, "The request body is not valid UTF-8 (line 1, column 9)."));
  }
}
