package dev.graphmock.store;

/** A link to an entity that is not where the navigation finds its targets. */
public class MissingTargetException extends StoreException {
  private final String place;
  private final String targetKeys;

  MissingTargetException(String place, String targetKeys) {
    super("no entity with key '" + targetKeys + "' is at " + place);
    this.place = place;
    this.targetKeys = targetKeys;
  }

  /** The place the target was looked for at. */
  public String place() {
    return place;
  }

  /** The target's keys, outermost first, each encoded as a parent key is. */
  public String targetKeys() {
    return targetKeys;
  }
}
