package dev.graphmock.faults;

/**
 * What to do to one request instead of (or before) serving it.
 *
 * @param source the id of the rule that fired, or {@code throttle}
 * @param status the status to answer instead of serving the request, or 0 to serve it (after the delay)
 * @param retryAfterSeconds the Retry-After to send with that status, or null for none
 * @param latencyMs how long to wait first
 * @param drop close the connection without an answer (after the delay)
 */
public record Fault(String source, int status, Integer retryAfterSeconds, long latencyMs, boolean drop) {
  /** Whether the request is still served, only later. */
  public boolean servesRequest() {
    return status == 0 && !drop;
  }
}
