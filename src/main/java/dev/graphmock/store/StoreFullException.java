package dev.graphmock.store;

/**
 * The store has no space left for a write (SQLite's {@code SQLITE_FULL}, PostgreSQL's {@code disk_full}): the
 * write was rolled back, reads go on, and writes succeed again once space returns.
 */
public final class StoreFullException extends StoreException {
  StoreFullException(String message, Throwable cause) {
    super(message, cause);
  }
}
