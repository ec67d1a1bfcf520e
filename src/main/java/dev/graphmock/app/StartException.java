package dev.graphmock.app;

/**
 * graphmock cannot start with what it was given, for a reason the user can fix and that this one line says: a
 * {@code --journal} file that cannot be opened, {@code --seed-data} that cannot be read or imported. The command
 * line exits with {@link ExitCode#UNUSABLE}.
 */
public final class StartException extends RuntimeException {
  public StartException(String message) {
    super(message);
  }

  public StartException(String message, Throwable cause) {
    super(message, cause);
  }
}
