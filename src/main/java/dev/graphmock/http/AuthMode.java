package dev.graphmock.http;

/** How requests are authenticated: {@code --auth none|bearer|jwt}. */
public enum AuthMode {
  /** No checks at all. */
  NONE,
  /** Any non-empty bearer token, as in Graph's first check. */
  BEARER,
  /** A JWT whose audience, lifetime, tenant and scopes or roles are checked (its signature is not: a mock). */
  JWT
}
