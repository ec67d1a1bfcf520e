package dev.graphmock.app;

/**
 * The process's exit codes. A start that throws {@code DatabaseOpenException}, {@code SchemaException} or
 * {@link StartException} is {@link #UNUSABLE}; one whose port cannot be bound (an {@code IOException}) is
 * {@link #CANNOT_LISTEN}.
 */
public final class ExitCode {
  public static final int OK = 0;
  /** A refusal a command reports (an admin call answered with an error). */
  public static final int REFUSED = 1;
  /** A bad flag (picocli's own code for usage errors), or an unusable database, schema, journal or seed file. */
  public static final int UNUSABLE = 2;
  /** The port cannot be bound. */
  public static final int CANNOT_LISTEN = 3;

  private ExitCode() {
  }
}
