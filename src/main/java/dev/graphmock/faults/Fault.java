package dev.graphmock.faults;

/**
 * What to do to one request instead of (or before) serving it. A rule that only delays does not stop the throttle
 * from refusing the request: then the fault is the throttle's, with the rule's delay ({@link #throttled}), and the
 * request waits first and is refused after, as one that a slow Graph answers with 429.
 *
 * @param source the id of the rule that fired, or {@value #THROTTLE}
 * @param status the status to answer instead of serving the request, or 0 to serve it (after the delay)
 * @param retryAfterSeconds the Retry-After to send with that status, or null for none
 * @param latencyMs how long to wait first
 * @param drop close the connection without an answer (after the delay)
 */
public record Fault(String source, int status, Integer retryAfterSeconds, long latencyMs, boolean drop) {
  /** The source of the throttle's refusals. */
  public static final String THROTTLE = "throttle";

  /** The throttle's refusal, 429 with Retry-After, after the delay of a rule that only delays (or 0). */
  public static Fault throttled(int retryAfterSeconds, long latencyMs) {
    return new Fault(THROTTLE, 429, retryAfterSeconds, latencyMs, false);
  }

  /** Whether the request is still served, only later. */
  public boolean servesRequest() {
    return status == 0 && !drop;
  }
}
