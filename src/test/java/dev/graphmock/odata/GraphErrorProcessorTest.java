package dev.graphmock.odata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.olingo.commons.api.format.ContentType;
import org.apache.olingo.server.api.ODataRequest;
import org.apache.olingo.server.api.ODataResponse;
import org.apache.olingo.server.api.ODataServerError;
import org.junit.jupiter.api.Test;

class GraphErrorProcessorTest {
  private final GraphRequest request = new GraphRequest("GET", "http://h/beta", "/x", null, Map.of(), null,
      "req-1", "client-1");

  private String process(ODataServerError error, ODataResponse response) throws IOException {
    new GraphErrorProcessor(request).processError(new ODataRequest(), response, error, ContentType.APPLICATION_JSON);
    return new String(response.getContent().readAllBytes(), StandardCharsets.UTF_8);
  }

  @Test
  void anUnexpectedFailureIsAGeneric500WithoutDetail() throws IOException {
    ODataServerError error = new ODataServerError().setStatusCode(500).setMessage("Index 3 out of bounds in /secret/path")
        .setException(new IllegalStateException("Index 3 out of bounds in /secret/path"));
    ODataResponse response = new ODataResponse();
    String body = process(error, response);
    assertEquals(500, response.getStatusCode());
    assertTrue(body.startsWith("{\"error\":{\"code\":\"InternalServerError\",\"message\":\"An unexpected error occurred.\""), body);
    assertFalse(body.contains("secret") || body.contains("Index") || body.contains("Exception"), body);
    assertTrue(body.contains("\"request-id\":\"req-1\"") && body.contains("\"client-request-id\":\"client-1\""), body);
  }

  @Test
  void anApplicationErrorKeepsItsCodeAndMessage() throws IOException {
    ODataServerError error = new ODataServerError().setStatusCode(409).setCode("Conflict").setMessage("taken");
    ODataResponse response = new ODataResponse();
    String body = process(error, response);
    assertEquals(409, response.getStatusCode());
    assertTrue(body.startsWith("{\"error\":{\"code\":\"Conflict\",\"message\":\"taken\",\"innerError\":{\"date\":\""), body);
  }
}
