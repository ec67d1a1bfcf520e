package dev.graphmock.model;

/** A literal that is not a valid value of its EDM type; the message says why, in words a client can act on. */
public class InvalidValueException extends RuntimeException {
  public InvalidValueException(String message) {
    super(message);
  }
}
