package dev.graphmock.store;

/** A failure of the database itself (I/O, corruption, a full disk); the message names what was being done. */
public class StoreException extends RuntimeException {
  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
