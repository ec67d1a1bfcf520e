package dev.graphmock.model;

/**
 * Tenants: every event belongs to one, named as Graph names them, by the GUID in a token's {@code tid} claim. A
 * request whose token names none (not a JWT, or no token checks at all) belongs to the default tenant, which is
 * also the one graphmock's own tokens name, and the one that events stored before tenants existed moved to.
 */
public final class Tenants {
  public static final String DEFAULT = "6babcaad-604b-40ac-a9d7-9fd97c0b779f";

  private Tenants() {
  }
}
