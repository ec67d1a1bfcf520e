package dev.graphmock.http;

/**
 * A fault rule said to close the connection without an answer: thrown from the pipeline up to the servlet,
 * which closes it. Inside a {@code $batch} it ends the whole batch, as a lost connection would.
 */
final class DroppedConnection extends RuntimeException {
  DroppedConnection() {
    super("the connection is dropped on purpose", null, false, false);
  }
}
