package dev.graphmock.errors;

import dev.graphmock.store.StoreFullException;
import dev.graphmock.store.StoreUnavailableException;
import dev.graphmock.store.UnstorableValueException;

/**
 * What a client is told when serving its request threw: 507 while the store is out of space (the write was not
 * saved), 503 with {@code Retry-After} while the database cannot be reached or the heap ran short, 400 for a value
 * the store cannot hold, and 500 for anything else, whose message says nothing of the cause (which goes to the log as
 * {@link GraphError#summary}). The one mapping for Graph calls, batch items and admin calls alike.
 *
 * @param retryAfterSeconds the Retry-After to send, or null
 */
public record Failure(int status, String message, Integer retryAfterSeconds) {
  /** Seconds a client is asked to wait, in {@code Retry-After}, while the database cannot be reached. */
  public static final int STORE_UNAVAILABLE_RETRY_SECONDS = 2;
  private static final Failure UNEXPECTED = new Failure(500, "An unexpected error occurred.", null);

  public String code() {
    return GraphError.codeFor(status);
  }

  /** Whether the client can act on it (a store failure), rather than an unexpected fault of graphmock's. */
  public boolean expected() {
    return status != 500;
  }

  /** The answer to {@code failure}: a store failure found among its causes, else a plain 500. */
  public static Failure of(Throwable failure) {
    if (failure instanceof OutOfMemoryError) {
      // The heap was short for this request (others go on, and it held nothing afterwards): as for an unreachable
      // store, nothing was saved and a retry may succeed.
      return new Failure(503, "The server ran out of memory serving this request, so it was not carried out;"
          + " nothing of it was saved. Retry after the time in Retry-After.", STORE_UNAVAILABLE_RETRY_SECONDS);
    }
    for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (cause instanceof StoreFullException) {
        return new Failure(507, "The store is out of space, so this change was not saved. Reads go on; writes"
            + " succeed again once space is freed.", null);
      }
      if (cause instanceof UnstorableValueException unstorable) {
        return new Failure(400, unstorable.reason(), null);
      }
      if (cause instanceof StoreUnavailableException) {
        return new Failure(503, "The database cannot be reached, so this request was not carried out; nothing"
            + " of it was saved. Retry after the time in Retry-After.", STORE_UNAVAILABLE_RETRY_SECONDS);
      }
    }
    return UNEXPECTED;
  }
}
