package dev.graphmock.json;

/** A body that is not a valid entity of its type, with a message that says why, in Graph's words where known. */
public final class InvalidEntityException extends Exception {
  public InvalidEntityException(String message) {
    super(message);
  }
}
