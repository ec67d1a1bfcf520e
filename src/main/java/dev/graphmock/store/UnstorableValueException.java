package dev.graphmock.store;

/**
 * A value this store cannot hold, though SQLite could: PostgreSQL's text has no place for U+0000 (NUL), and its
 * indexes take no entry over about 2,700 bytes, so an indexed string property longer than that cannot be stored.
 * Nothing was written; the client's request is what must change (400), and {@link #reason} says how, in words fit
 * for the client (the exception's message names the SQL, for the log).
 */
public final class UnstorableValueException extends StoreException {
  private final String reason;

  UnstorableValueException(String message, String reason, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  /** What is wrong with the request's values, for its client. */
  public String reason() {
    return reason;
  }
}
