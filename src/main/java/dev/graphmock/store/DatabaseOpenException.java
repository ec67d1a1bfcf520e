package dev.graphmock.store;

/** The database file cannot be used: not SQLite, made for another schema, or not readable/writable. */
public class DatabaseOpenException extends StoreException {
  public DatabaseOpenException(String message) {
    super(message);
  }

  public DatabaseOpenException(String message, Throwable cause) {
    super(message, cause);
  }
}
