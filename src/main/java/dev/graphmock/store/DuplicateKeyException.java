package dev.graphmock.store;

/** An insert whose key is already taken. */
public class DuplicateKeyException extends StoreException {
  public DuplicateKeyException(String key) {
    super("an entity with key '" + key + "' already exists");
  }
}
