package dev.graphmock.e2e;

import static dev.graphmock.e2e.GraphErrorAssert.assertGraphError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad journal queries and bad fault rules, each a 400 saying why, against one shared server. */
class JournalAndFaultInputTest extends SharedServerTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "?path=(unclosed| path must be a regular expression",
      "?status=teapot| status must be a whole number from 100 to 599",
      "?since=yesterday| since must be a date and time",
      "?limit=0| limit must be a whole number from 1 up",
      "?format=xml| format must be json (the default) or har",
      "?colour=red| /__admin/requests takes only format"})
  void aBadFilterIs400NamingIt(String query, String message) throws Exception {
    {
      JsonNode error = assertGraphError(JournalTest.admin(server, "GET", "/requests" + query), 400, "BadRequest");
      assertTrue(error.get("message").asText().contains(message.strip()), error::toString);
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"status\":418}| status must be one of 429, 500, 502, 503, 504 or 507",
      "{\"status\":507,\"method\":\"GET\"}| status 507 (InsufficientStorage) answers writes only",
      "{\"status\":429,\"every\":2,\"rate\":0.5}| Give every or rate, not both",
      "{\"status\":429,\"drop\":true}| drop closes the connection without an answer, so it takes no status",
      "{\"times\":3}| A rule must do something",
      "{\"status\":429,\"colour\":\"red\"}| Unknown field 'colour'",
      "{\"status\":429,\"path\":\"(\"}| path must be a regular expression",
      "{\"status\":429,\"path\":\"(?<=a)b\"}| path must be a regular expression in RE2's syntax, which has no"
          + " backreferences, lookahead or lookbehind, atomic groups or possessive quantifiers: lookbehind `(?<=` is"
          + " not supported.",
      "{\"status\":429,\"path\":\"(a)\\\\1\"}| backreference `\\1` is not supported.",
      "{\"status\":429,\"path\":\"((a{1000}){1000}){1000}\"}| path is too large once repetitions are expanded",
      "{\"latencyMs\":[5,1]}| latencyMs must lie from 0 to 60000 ms, with min <= max",
      "{\"latencyMs\":\"slow\"}| latencyMs must be a whole number of milliseconds or [min, max]",
      "{\"status\":429,\"rate\":1.5}| rate must be a number greater than 0 and at most 1",
      "{\"status\":429,\"times\":0}| times must be a whole number from 1 up",
      "{\"status\":429,\"method\":\"TRACE\"}| method must be one of",
      "{\"retryAfterSeconds\":2,\"latencyMs\":1}| retryAfterSeconds goes with a status",
      "[1]| A rule must be a JSON object",
      "{\"status\":| The rule is not valid JSON"})
  void aBadRuleIs400SayingWhyAndAddsNothing(String rule, String message) throws Exception {
    {
      JsonNode error = assertGraphError(FaultsTest.addRule(server, rule), 400, "BadRequest");
      assertTrue(error.get("message").asText().contains(message.strip()), error::toString);
      assertEquals("{\"value\":[]}", server.send("GET", server.origin() + "/__admin/faults", Map.of(), null).text());
      assertGraphError(server.send("POST", server.origin() + "/__admin/faults", Map.of("Content-Type", "text/plain"),
          "{\"status\":429}".getBytes(StandardCharsets.UTF_8)), 415, "UnsupportedMediaType");
    }
  }
}
