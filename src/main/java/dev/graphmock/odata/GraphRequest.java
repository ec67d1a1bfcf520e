package dev.graphmock.odata;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One request as the service sees it, whichever transport brought it.
 *
 * @param serviceRoot the absolute URL of the version root the request came in on, e.g. {@code http://h:1/beta}
 * @param path the rest of the path, still percent-encoded, starting with {@code /} (or empty)
 * @param query the raw query string without {@code ?}, or null
 * @param headers header values by name, case-insensitive
 */
public record GraphRequest(String method, String serviceRoot, String path, String query,
                           Map<String, List<String>> headers, byte[] body, String requestId,
                           String clientRequestId) {

  public GraphRequest {
    TreeMap<String, List<String>> caseInsensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    caseInsensitive.putAll(headers);
    headers = caseInsensitive;
    body = body == null ? new byte[0] : body;
  }

  /**
   * The headers a request inside a {@code $batch} runs with: its own, except that the batch's
   * {@code Authorization} replaces any it carries (Graph authenticates the batch, and each request acts with that
   * token; an item's own token is not looked at, so it cannot reach another tenant), and the batch's
   * {@code client-request-id} unless it sends its own.
   */
  public static Map<String, List<String>> itemHeaders(Map<String, List<String>> own, GraphRequest batch) {
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.putAll(own);
    headers.remove("Authorization");
    if (batch.header("Authorization") != null) {
      headers.put("Authorization", List.of(batch.header("Authorization")));
    }
    if (!headers.containsKey("client-request-id") && batch.header("client-request-id") != null) {
      headers.put("client-request-id", List.of(batch.header("client-request-id")));
    }
    return headers;
  }

  public GraphRequest withMethod(String newMethod) {
    return new GraphRequest(newMethod, serviceRoot, path, query, headers, body, requestId, clientRequestId);
  }

  public String header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
