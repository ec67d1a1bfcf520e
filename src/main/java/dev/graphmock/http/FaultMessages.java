package dev.graphmock.http;

import dev.graphmock.faults.Fault;

/** The error message a faulted request is answered with, worded as Graph words that status. */
final class FaultMessages {
  private FaultMessages() {
  }

  static String message(Fault fault) {
    return switch (fault.status()) {
      case 429 -> fault.retryAfterSeconds() == null ? "Too many requests. Please retry again later."
          : "Too many requests. Please retry after " + fault.retryAfterSeconds() + " seconds.";
      case 502 -> "The service received an invalid response from an upstream service.";
      case 503 -> "The service is temporarily unavailable. Please retry again later.";
      case 504 -> "The service did not answer in time.";
      case 507 -> "There is not enough storage to complete the request; nothing was saved.";
      default -> "An unexpected error occurred.";
    };
  }
}
