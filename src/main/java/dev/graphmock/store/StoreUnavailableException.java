package dev.graphmock.store;

/**
 * The database server cannot be reached (connection refused or lost, shutting down, starting up): nothing of the
 * call was committed, and the same call may succeed once the server is back, which needs no restart of graphmock.
 */
public final class StoreUnavailableException extends StoreException {
  StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
