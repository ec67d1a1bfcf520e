package dev.graphmock.e2e;

import static dev.graphmock.e2e.GraphErrorAssert.assertGraphError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A body the JSON parser refuses → Graph's 400 with a plain message, which names none of the libraries behind it,
 * and nothing written. (Jackson's own string limit, 20,000,000 characters, lies beyond the 4 MiB body limit, whose
 * 413 comes first.)
 */
class BodyErrorMessagesTest extends SharedServerTest {
  private static final List<String> INTERNALS = List.of("jackson", "streamreadconstraints", "com.fasterxml",
      "olingo", "exception", "`");
  private static final String DUPLICATE = "The property 'deviceId' appears more than once (line 1, column 27);"
      + " OData allows each property once in an object.";

  static Stream<Arguments> bodies() {
    String deepArrays = "{\"x@odata.note\":" + "[".repeat(1000) + "]".repeat(1000) + "}";
    String deepObjects = "{\"x@odata.note\":" + "{\"a\":".repeat(1000) + "1" + "}".repeat(1000) + "}";
    String longNumber = "{\"targetedAppCount\":" + "9".repeat(2000) + "}";
    return Stream.of(
        Arguments.of("POST", "arrays 1,000 deep", deepArrays, "The JSON is nested more deeply than 64 levels."),
        Arguments.of("POST", "objects 1,000 deep", deepObjects, "The JSON is nested more deeply than 64 levels."),
        Arguments.of("PATCH", "arrays 1,000 deep", deepArrays, "The JSON is nested more deeply than 64 levels."),
        Arguments.of("POST", "a number of 2,000 digits", longNumber,
            "A number in the body is longer than 1,000 characters."),
        Arguments.of("PUT", "a number of 2,000 digits", longNumber,
            "A number in the body is longer than 1,000 characters."),
        Arguments.of("POST", "a name of 50,001 characters", "{\"" + "k".repeat(50_001) + "\":1}",
            "A property name in the body is longer than 50,000 characters."),
        Arguments.of("POST", "a bracket for a brace", "{\"deviceId\":\"x\"]",
            "The request body is not valid JSON (line 1, column 16)."),
        Arguments.of("PATCH", "NaN", "{\"targetedAppCount\":NaN}",
            "The request body is not valid JSON (line 1, column 24)."),
        Arguments.of("POST", "cut short", "{\"deviceId\":",
            "The request body is not valid JSON: it ends at line 1, column 13 before its last value is complete."),
        Arguments.of("POST", "a property twice", "{\"deviceId\":\"a\",\"deviceId\":\"b\"}", DUPLICATE),
        Arguments.of("PATCH", "a property twice", "{\"deviceId\":\"a\",\"deviceId\":\"b\"}", DUPLICATE));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("bodies")
  void refusesWithAPlainMessageAndWritesNothing(String method, String what, String body, String message) {
    String id = "body-error-" + method + "-" + Math.abs(what.hashCode());
    ReadUpdateDeleteTest.create(id, "\"osVersion\":\"before\"");
    String before = server.get(TestServer.COLLECTION + "/" + id).text();
    int count = server.count();
    String path = method.equals("POST") ? TestServer.COLLECTION : TestServer.COLLECTION + "/" + id;
    var error = assertGraphError(server.send(method, path, TestServer.withJson(TestServer.AUTH),
        body.getBytes(StandardCharsets.UTF_8)), 400, "BadRequest");
    String told = error.get("message").asText();
    assertEquals(message, told);
    INTERNALS.forEach(internal -> assertFalse(told.toLowerCase(Locale.ROOT).contains(internal), told));
    assertEquals(count, server.count(), "nothing was created");
    assertEquals(before, server.get(TestServer.COLLECTION + "/" + id).text(), "nothing was changed");
  }
}
