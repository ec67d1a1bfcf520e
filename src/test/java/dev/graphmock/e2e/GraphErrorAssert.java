package dev.graphmock.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;

/** Checks that a reply is Graph's error body with the expected status and code. */
final class GraphErrorAssert {
  private GraphErrorAssert() {
  }

  static JsonNode assertGraphError(TestServer.Reply reply, int status, String code) {
    assertEquals(status, reply.status(), () -> "status of " + reply);
    JsonNode error = reply.json().get("error");
    assertNotNull(error, () -> "no error object in " + reply);
    assertEquals(code, error.path("code").asText(), () -> "code of " + reply);
    assertTrue(error.path("message").isTextual() && !error.path("message").asText().isBlank(), () -> "message of " + reply);
    JsonNode inner = error.get("innerError");
    assertNotNull(inner, () -> "no innerError in " + reply);
    assertTrue(inner.path("date").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d"), () -> "date of " + reply);
    assertEquals(reply.header("request-id"), inner.path("request-id").asText(), "innerError request-id");
    assertEquals(reply.header("client-request-id"), inner.path("client-request-id").asText(), "innerError client-request-id");
    String text = reply.text();
    assertTrue(!text.contains("at org.") && !text.contains("Exception") && !text.contains("dev.graphmock"),
        () -> "internals leak in " + reply);
    return error;
  }
}
