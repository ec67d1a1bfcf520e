package dev.graphmock.store;

/** An insert whose key is already taken. */
public class DuplicateKeyException extends StoreException {
  private final long position;

  public DuplicateKeyException(String key) {
    this(key, -1);
  }

  /** @param position the 0-based position of the row in a load, or -1 */
  DuplicateKeyException(String key, long position) {
    super("an entity with key '" + key + "' already exists");
    this.position = position;
  }

  /** Where in a load the row with the taken key was (0-based), or -1 when the store did not say. */
  public long position() {
    return position;
  }
}
