package dev.graphmock.store;

/**
 * The keys of the entities that contain an entity, outermost first, as one text a column holds and an index
 * orders: each key with {@code %} and {@code /} percent-encoded, joined by {@code /}; empty at the container. So the
 * entities an entity contains, at any depth, are exactly the rows whose parent keys are its own keys, or start with
 * them and a {@code /}.
 */
final class ParentKeys {
  private ParentKeys() {
  }

  /** The parent keys of what the entity of {@code key} under {@code parentKey} contains. */
  static String child(String parentKey, String key) {
    String encoded = key.replace("%", "%25").replace("/", "%2F");
    return parentKey.isEmpty() ? encoded : parentKey + "/" + encoded;
  }

  /** Where the last key of {@code keys} starts, less one (the separator before it), or -1 for a single key. */
  static int lastSeparator(String keys) {
    return keys.lastIndexOf('/');
  }

  /** One key as it was before {@link #child} encoded it. */
  static String decode(String encoded) {
    StringBuilder key = new StringBuilder(encoded.length());
    for (int i = 0; i < encoded.length(); i++) {
      if (encoded.startsWith("%25", i)) {
        key.append('%');
        i += 2;
      } else if (encoded.startsWith("%2F", i)) {
        key.append('/');
        i += 2;
      } else {
        key.append(encoded.charAt(i));
      }
    }
    return key.toString();
  }
}
