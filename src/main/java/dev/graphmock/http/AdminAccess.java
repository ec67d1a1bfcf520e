package dev.graphmock.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Who may call {@code /__admin/}: nobody with {@code --no-admin} (404, as if it were not there); whoever sends
 * {@code Authorization: Bearer SECRET} when {@code --admin-token SECRET} is set; otherwise anyone when the server
 * listens on a loopback address only, and nobody (403) when it listens on another, where anyone who can reach
 * it could reset its data. Graph tokens play no part: admin calls are not Graph calls.
 */
public final class AdminAccess {
  /**
   * Why a call is refused: its status and message, and for a 401 the {@code WWW-Authenticate} challenge (else
   * null).
   */
  record Refusal(int status, String code, String message, String challenge) {
    Refusal(int status, String code, String message) {
      this(status, code, message, null);
    }
  }

  private final boolean enabled;
  private final byte[] token;
  private final boolean loopback;

  /**
   * @param token the bearer token admin calls must send, or null
   * @param loopback whether the server listens on a loopback address only
   */
  public AdminAccess(boolean enabled, String token, boolean loopback) {
    this.enabled = enabled;
    this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    this.loopback = loopback;
  }

  /** The refusal for a call with this {@code Authorization} header, or null when it may go on. */
  Refusal check(String authorization) {
    if (!enabled) {
      return new Refusal(404, "ResourceNotFound", "The admin API is off (--no-admin).");
    }
    if (token == null) {
      return loopback ? null : new Refusal(403, "Forbidden", "The admin API is refused on a non-loopback address"
          + " unless the server is started with --admin-token.");
    }
    String sent = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
        ? authorization.substring(7).trim() : "";
    if (sent.isEmpty()) {
      // No credentials at all is 401 with a challenge (RFC 9110, section 15.5.2); wrong ones are 403 below.
      return new Refusal(401, "InvalidAuthenticationToken", "The admin API needs the --admin-token as a bearer"
          + " token.", "Bearer realm=\"graphmock admin\"");
    }
    // Compared in constant time, so that the secret cannot be guessed a character at a time.
    return MessageDigest.isEqual(token, sent.getBytes(StandardCharsets.UTF_8)) ? null
        : new Refusal(403, "Forbidden", "The admin API needs the --admin-token as a bearer token.");
  }
}
