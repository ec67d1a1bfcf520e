package dev.graphmock.admin;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * An admin answer: status, headers and a body written straight to the client, so that an export of a million
 * events streams rather than being built in memory first.
 */
public record AdminResponse(int status, Map<String, String> headers, Body body) {
  /** Writes a body to the client's stream. */
  public interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  /** The message of an error answer (Graph's {@code error.message}), for callers that print it. */
  public String errorMessage() throws IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    body.writeTo(bytes);
    return new com.fasterxml.jackson.databind.ObjectMapper().readTree(bytes.toByteArray()).path("error")
        .path("message").asText();
  }

  static AdminResponse noContent() {
    return new AdminResponse(204, Map.of(), null);
  }

  static AdminResponse json(int status, byte[] json) {
    return new AdminResponse(status, Map.of("Content-Type", AdminApi.JSON), out -> out.write(json));
  }
}
