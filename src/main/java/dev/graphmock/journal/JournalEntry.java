package dev.graphmock.journal;

import java.time.Instant;
import java.util.Map;

/**
 * One recorded request and its answer. Bodies are the first {@link #BODY_LIMIT} bytes as sent. The journal removes
 * secrets from every field of an entry as it records it ({@link Redaction}); an entry read from it holds none.
 *
 * @param url the URL as received (for a request inside a {@code $batch}: the version root plus its relative url)
 * @param requestHeaders header values by name, several values of one name joined with ", "
 * @param status the status answered, or 0 when the connection was closed without an answer
 * @param tenant the tenant the request acted in
 * @param batchRequestId the enclosing {@code $batch} request's id, for a request inside one; else null
 * @param fault what graphmock did to the request on purpose (a fault rule or the throttle), or null
 */
public record JournalEntry(String requestId, String clientRequestId, Instant time, String method, String url,
                           Map<String, String> requestHeaders, Body requestBody, int status,
                           Map<String, String> responseHeaders, Body responseBody, double durationMs,
                           String tenant, String batchRequestId, Fault fault) {
  /** The most bytes of a body kept. */
  public static final int BODY_LIMIT = 64 * 1024;

  public JournalEntry {
    requestHeaders = Map.copyOf(requestHeaders);
    responseHeaders = Map.copyOf(responseHeaders);
  }

  /** Headers as an entry holds them: each name once, its values joined with ", " (RFC 9110 section 5.3). */
  public static Map<String, String> joined(Map<String, java.util.List<String>> headers) {
    Map<String, String> joined = new java.util.LinkedHashMap<>();
    headers.forEach((name, values) -> joined.put(name, String.join(", ", values)));
    return joined;
  }

  /** The path of {@link #url}, without scheme, authority or query. */
  public String path() {
    String pathAndQuery = pathAndQuery();
    int query = pathAndQuery.indexOf('?');
    return query < 0 ? pathAndQuery : pathAndQuery.substring(0, query);
  }

  /** {@link #url} without scheme and authority. */
  public String pathAndQuery() {
    int start = url.indexOf("://");
    int pathStart = start < 0 ? 0 : url.indexOf('/', start + 3);
    return pathStart < 0 ? "/" : url.substring(pathStart);
  }

  /**
   * A body as recorded: its first bytes, its media type, and whether it was cut short.
   *
   * @param totalBytes how long the whole body was
   */
  public record Body(byte[] bytes, String contentType, long totalBytes) {
    public static final Body NONE = new Body(new byte[0], null, 0);

    /** Keeps the first {@link #BODY_LIMIT} bytes of {@code body}. */
    public static Body of(byte[] body, String contentType) {
      if (body == null || body.length == 0) {
        return NONE;
      }
      byte[] kept = body.length > BODY_LIMIT ? java.util.Arrays.copyOf(body, BODY_LIMIT) : body;
      return new Body(kept, contentType, body.length);
    }

    public boolean truncated() {
      return totalBytes > BODY_LIMIT;
    }
  }

  /**
   * What graphmock did on purpose: a fault rule's answer or delay, or the throttle's 429.
   *
   * @param source the id of the fault rule, or {@code throttle}
   * @param status the status answered instead of the real one, or 0 when the request went on (a delay only)
   * @param latencyMs the delay added, in milliseconds
   * @param dropped whether the connection was closed without an answer
   */
  public record Fault(String source, int status, long latencyMs, boolean dropped) {
  }
}
