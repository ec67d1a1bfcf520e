package dev.graphmock.model;

/**
 * Tenants: every event belongs to one, named as Graph names them, by the GUID in a token's {@code tid} claim. A
 * request whose token names none (not a JWT, or no token checks at all) belongs to the default tenant, which is
 * also the one graphmock's own tokens name, and the one that events stored before tenants existed moved to.
 */
public final class Tenants {
  public static final String DEFAULT = "6babcaad-604b-40ac-a9d7-9fd97c0b779f";

  /** The longest tenant id accepted: a GUID is 36 characters, a verified domain name at most 255. */
  public static final int MAX_LENGTH = 256;

  private Tenants() {
  }

  /**
   * Why {@code tid} cannot name a tenant, or null when it can: it must be non-empty, at most {@link #MAX_LENGTH}
   * characters, and text that every store keeps as it is. An unpaired surrogate has no UTF-8 form, so SQLite and
   * PostgreSQL's drivers would both store it as '?', making two tenants one; a control character is no part of any
   * tenant's id.
   */
  public static String problem(String tid) {
    if (tid.isEmpty()) {
      return "is empty";
    }
    if (tid.length() > MAX_LENGTH) {
      return "is " + tid.length() + " characters long; at most " + MAX_LENGTH + " are accepted";
    }
    for (int i = 0; i < tid.length(); i++) {
      char c = tid.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < tid.length() && Character.isLowSurrogate(tid.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return "holds an unpaired surrogate (U+" + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT)
            + "), which has no UTF-8 form";
      } else if (Character.isISOControl(c)) {
        return "holds a control character (U+" + String.format("%04X", (int) c) + ")";
      }
    }
    return null;
  }
}
