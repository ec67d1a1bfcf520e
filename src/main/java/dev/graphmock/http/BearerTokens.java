package dev.graphmock.http;

import dev.graphmock.odata.GraphError;
import dev.graphmock.odata.GraphRequest;
import dev.graphmock.odata.GraphResponse;
import java.util.Optional;

/**
 * Graph's first check: a request needs {@code Authorization: Bearer <token>}, except for {@code $metadata} and
 * the service document, which Graph serves anonymously. Any non-empty token is accepted (this is a mock).
 */
final class BearerTokens {
  private BearerTokens() {
  }

  static Optional<GraphResponse> check(GraphRequest request) {
    if (isAnonymous(request.path())) {
      return Optional.empty();
    }
    String authorization = request.header("Authorization");
    String token = null;
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      token = authorization.substring(7).trim();
    }
    if (token == null || token.isEmpty()) {
      return Optional.of(GraphError.response(401, "InvalidAuthenticationToken", "Access token is empty.", request));
    }
    return Optional.empty();
  }

  private static boolean isAnonymous(String path) {
    return path.isEmpty() || path.equals("/") || path.equals("/$metadata");
  }
}
