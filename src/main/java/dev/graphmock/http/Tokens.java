package dev.graphmock.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Makes tokens that {@code --auth jwt} accepts, shaped like Entra ID's v1 access tokens for Graph: audience
 * {@code https://graph.microsoft.com}, a tenant, and {@code scp} (delegated) or {@code roles} (application).
 * They are not signed; graphmock does not check signatures.
 */
public final class Tokens {
  /** The tenant graphmock's tokens name by default: a work or school one, never the personal-accounts tenant. */
  public static final String TENANT = dev.graphmock.model.Tenants.DEFAULT;
  private static final ObjectMapper JSON = new ObjectMapper();

  private Tokens() {
  }

  /**
   * @param application true for application permissions ({@code roles}), false for delegated ones ({@code scp})
   */
  public static String issue(List<String> permissions, boolean application, Duration lifetime, Instant now) {
    return issue(permissions, application, lifetime, now, TENANT);
  }

  /** @param tenant the {@code tid} the token names: the tenant whose events its requests see */
  public static String issue(List<String> permissions, boolean application, Duration lifetime, Instant now,
                             String tenant) {
    ObjectNode header = JSON.createObjectNode().put("typ", "JWT").put("alg", "none");
    ObjectNode claims = JSON.createObjectNode()
        .put("aud", "https://graph.microsoft.com")
        .put("iss", "https://sts.windows.net/" + tenant + "/")
        .put("iat", now.getEpochSecond())
        .put("nbf", now.getEpochSecond())
        .put("exp", now.plus(lifetime).getEpochSecond())
        .put("tid", tenant)
        .put("oid", UUID.randomUUID().toString())
        .put("appid", "graphmock")
        .put("ver", "1.0");
    if (application) {
      claims.putArray("roles").addAll(permissions.stream().map(JSON.getNodeFactory()::textNode).toList());
    } else {
      claims.put("scp", String.join(" ", permissions));
    }
    Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
    return base64.encodeToString(header.toString().getBytes(StandardCharsets.UTF_8)) + "."
        + base64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8)) + "."
        + base64.encodeToString("unsigned".getBytes(StandardCharsets.UTF_8));
  }
}
