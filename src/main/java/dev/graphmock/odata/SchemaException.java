package dev.graphmock.odata;

/** The EDMX file cannot serve as this server's schema; the message says what is wrong with it. */
public class SchemaException extends RuntimeException {
  public SchemaException(String message) {
    super(message);
  }

  public SchemaException(String message, Throwable cause) {
    super(message, cause);
  }
}
