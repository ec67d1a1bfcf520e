package dev.graphmock.odata;

import java.util.LinkedHashMap;
import java.util.Map;

/** A complete response: status, headers (in the order they were set) and body bytes. */
public record GraphResponse(int status, Map<String, String> headers, byte[] body) {

  public GraphResponse {
    headers = new LinkedHashMap<>(headers);
    body = body == null ? new byte[0] : body;
  }
}
