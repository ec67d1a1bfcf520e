package dev.graphmock.store;

/**
 * A value this store cannot hold, though the other can: PostgreSQL's text has no place for U+0000 (NUL), which
 * SQLite keeps. Nothing was written; the client's request is what must change (400).
 */
public final class UnstorableValueException extends StoreException {
  UnstorableValueException(String message, Throwable cause) {
    super(message, cause);
  }
}
