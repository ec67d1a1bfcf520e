package dev.graphmock.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphmock.model.Tenants;
import dev.graphmock.odata.ErrorResponse;
import dev.graphmock.odata.GraphRequest;
import dev.graphmock.odata.GraphResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Graph's authentication and authorization checks, in the order Graph makes them: a bearer token at all
 * ({@code $metadata} and the service document excepted), then, in {@code jwt} mode, a well-formed JWT, its
 * audience, its lifetime, a work or school tenant, and one of the permissions the operation accepts among its
 * {@code scp} (delegated) or {@code roles} (application). The signature is not verified: this is a mock.
 */
final class AccessCheck {
  static final String PERSONAL_ACCOUNTS_TENANT = "9188040d-6c67-4c5b-b112-36a304b66dad";
  /** Graph's challenge on a 401: its authority and its own application id ({@link #GRAPH_AUDIENCES}). */
  static final String CHALLENGE = "Bearer realm=\"\", authorization_uri=\"https://login.microsoftonline.com/common"
      + "/oauth2/authorize\", client_id=\"00000003-0000-0000-c000-000000000000\"";
  static final Set<String> GRAPH_AUDIENCES = Set.of("https://graph.microsoft.com", "https://graph.microsoft.com/",
      "00000003-0000-0000-c000-000000000000");
  /** Made on first use rather than at start-up, which a JVM's first ObjectMapper slows by a tenth of a second. */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  private final AuthMode mode;
  private final Map<String, List<String>> permissions;
  private final Clock clock;

  AccessCheck(AuthMode mode, Map<String, List<String>> permissions, Clock clock) {
    this.mode = mode;
    this.permissions = permissions;
    this.clock = clock;
    if (mode == AuthMode.JWT) {
      for (Operation operation : Operation.values()) {
        if (!permissions.containsKey(operation.key())) {
          throw new dev.graphmock.odata.SchemaException("--auth jwt needs the schema's settings to name the"
              + " permissions of '" + operation.key() + "'");
        }
      }
    }
  }

  /** A refusal to send instead of handling the request, or empty to go on. */
  Optional<GraphResponse> check(GraphRequest request) {
    if (isAnonymous(request.path())) {
      return Optional.empty();
    }
    String badTenant = tenantProblem(request);
    if (badTenant != null) {
      // In every mode: the tenant decides whose data a request sees, and a default stood in for what it could not
      // read (an object, an empty string), so one tenant's client could reach another's events by mistake.
      return refuse(401, "InvalidAuthenticationToken", "Access token validation failure. The token's tid claim "
          + badTenant + ".", request);
    }
    if (mode == AuthMode.NONE) {
      return Optional.empty();
    }
    String authorization = request.header("Authorization");
    String token = null;
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      token = authorization.substring(7).trim();
    }
    if (token == null || token.isEmpty()) {
      return refuse(401, "InvalidAuthenticationToken", "Access token is empty.", request);
    }
    if (mode == AuthMode.BEARER || request.path().equalsIgnoreCase("/$batch")) {
      // A batch's requests are checked one by one, each with this token.
      return Optional.empty();
    }
    return checkJwt(token, Operation.of(request.method(), request.path()), request);
  }

  private Optional<GraphResponse> checkJwt(String token, Operation operation, GraphRequest request) {
    JsonNode claims = claims(token);
    if (claims == null) {
      return refuse(401, "InvalidAuthenticationToken", token.indexOf('.') < 0
          ? "IDX14100: JWT is not well formed, there are no dots (.)."
          : "Access token validation failure. The token is not a well-formed JWT.", request);
    }
    if (!audienceIsGraph(claims.path("aud"))) {
      return refuse(401, "InvalidAuthenticationToken", "Access token validation failure. Invalid audience.", request);
    }
    JsonNode expires = claims.path("exp");
    if (expires.isNumber() && expires.asLong() <= clock.instant().getEpochSecond()) {
      return refuse(401, "InvalidAuthenticationToken", "Lifetime validation failed, the token is expired.", request);
    }
    Set<String> granted = new HashSet<>();
    boolean delegated = claims.hasNonNull("scp");
    if (delegated) {
      granted.addAll(List.of(claims.path("scp").asText().trim().split("\\s+")));
    }
    claims.path("roles").forEach(role -> granted.add(role.asText()));
    if (delegated && PERSONAL_ACCOUNTS_TENANT.equalsIgnoreCase(claims.path("tid").asText())) {
      return refuse(403, "Forbidden", "Delegated permissions for personal Microsoft accounts are not supported by"
          + " this API.", request);
    }
    List<String> accepted = permissions.get(operation.key());
    for (String permission : accepted) {
      if (granted.contains(permission)) {
        return Optional.empty();
      }
    }
    return refuse(403, "Forbidden", "Application is not authorized to perform this operation. Application must"
        + " have one of the following scopes: " + String.join(", ", accepted), request);
  }

  /**
   * The tenant a request belongs to: its bearer token's {@code tid} when the token is a JWT that names one, in
   * every {@code --auth} mode; else (no token, one that is not a JWT, a JWT without {@code tid}) the default
   * tenant. A {@code tid} that cannot name a tenant is refused by {@link #check} first.
   */
  static String tenantOf(GraphRequest request) {
    JsonNode tid = tid(request);
    return tid == null || tenantProblem(tid) != null ? Tenants.DEFAULT : tid.asText().trim();
  }

  /** The {@code tid} claim of the request's bearer JWT, or null when there is none. */
  private static JsonNode tid(GraphRequest request) {
    String authorization = request.header("Authorization");
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    JsonNode claims = claims(authorization.substring(7).trim());
    return claims == null ? null : claims.get("tid");
  }

  /** Why the token's {@code tid} cannot name a tenant, or null when it can or there is none. */
  private static String tenantProblem(GraphRequest request) {
    JsonNode tid = tid(request);
    return tid == null ? null : tenantProblem(tid);
  }

  private static String tenantProblem(JsonNode tid) {
    if (!tid.isTextual()) {
      return "must be a string, not " + (tid.isNull() ? "null" : tid.isObject() ? "an object"
          : tid.isArray() ? "an array" : "a " + tid.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
    }
    return Tenants.problem(tid.asText().trim());
  }

  /** The app a request comes from: its JWT's {@code appid} (or {@code azp}), else {@link #ANONYMOUS_APP}. */
  static String appOf(GraphRequest request) {
    String authorization = request.header("Authorization");
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return ANONYMOUS_APP;
    }
    JsonNode claims = claims(authorization.substring(7).trim());
    String app = claims == null ? "" : claims.path("appid").asText(claims.path("azp").asText("")).trim();
    return app.isEmpty() ? ANONYMOUS_APP : app;
  }

  /** The app of callers whose token names none: they count as one app. */
  static final String ANONYMOUS_APP = "(no app id)";

  /** The payload of a JWT (three base64url parts, the first two JSON objects), or null when it is not one. */
  static JsonNode claims(String token) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
      return null;
    }
    try {
      Base64.Decoder base64 = Base64.getUrlDecoder();
      JsonNode header = Json.MAPPER.readTree(base64.decode(parts[0]));
      JsonNode payload = Json.MAPPER.readTree(base64.decode(parts[1]));
      base64.decode(parts[2]);
      return header != null && header.isObject() && payload != null && payload.isObject() ? payload : null;
    } catch (IllegalArgumentException | IOException e) {
      return null;
    }
  }

  private static boolean audienceIsGraph(JsonNode audience) {
    List<String> values = new ArrayList<>();
    if (audience.isArray()) {
      audience.forEach(value -> values.add(value.asText()));
    } else {
      values.add(audience.asText());
    }
    return values.stream().anyMatch(GRAPH_AUDIENCES::contains);
  }

  private static boolean isAnonymous(String path) {
    // Segments resolve without regard to case (odata.PathSegments), so /$Metadata is the metadata document too.
    return path.isEmpty() || path.equals("/") || path.equalsIgnoreCase("/$metadata");
  }

  /**
   * Refuses; a 401 carries the challenge Graph sends, which names where a token is had (learn.microsoft.com,
   * "Claims challenges, claims requests and client capabilities": {@code Bearer realm="", authorization_uri=…}),
   * so that clients that read it (MSAL's claims-challenge handling, curl -v users) find what they expect.
   */
  private static Optional<GraphResponse> refuse(int status, String code, String message, GraphRequest request) {
    GraphResponse refusal = ErrorResponse.of(status, code, message, request);
    if (status != 401) {
      return Optional.of(refusal);
    }
    Map<String, String> headers = new java.util.LinkedHashMap<>(refusal.headers());
    headers.put("WWW-Authenticate", CHALLENGE);
    return Optional.of(new GraphResponse(401, headers, refusal.body()));
  }
}
