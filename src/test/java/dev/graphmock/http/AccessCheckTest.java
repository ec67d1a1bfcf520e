package dev.graphmock.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphmock.odata.GraphRequest;
import dev.graphmock.odata.GraphResponse;
import dev.graphmock.odata.SchemaException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Mode, request and Authorization header → pass, or the refusal's status, code and message. In the header,
 * {@code jwt{claims}} stands for an unsigned JWT with those claims (' for "); the clock stands at NOW.
 */
class AccessCheckTest {
  static final long NOW = 1_700_000_000L;
  static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
  static final Map<String, List<String>> PERMISSIONS = Map.of(
      "read", List.of("Read.All", "ReadWrite.All"),
      "create", List.of("ReadWrite.All"),
      "update", List.of("ReadWrite.All", "Config.ReadWrite.All"),
      "delete", List.of("ReadWrite.All", "Config.ReadWrite.All"));
  static final Pattern JWT = Pattern.compile("jwt(\\{.*\\})");
  static final ObjectMapper JSON = new ObjectMapper();

  /** Header and claims base64url-encoded as Entra ID does, with a signature nobody checks. */
  static String jwt(String claims) {
    Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
    return base64.encodeToString("{\"typ\":\"JWT\",\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
        + base64.encodeToString(claims.replace('\'', '"').getBytes(StandardCharsets.UTF_8)) + "."
        + base64.encodeToString("unsigned".getBytes(StandardCharsets.UTF_8));
  }

  static String check(AuthMode mode, String method, String path, String authorization) throws IOException {
    Map<String, List<String>> headers = Map.of();
    if (authorization != null) {
      Matcher claims = JWT.matcher(authorization);
      headers = Map.of("authorization", List.of(claims.find() ? claims.replaceFirst(jwt(claims.group(1))) : authorization));
    }
    GraphRequest request = new GraphRequest(method, "http://localhost/beta", path, null, headers, null, "r1", "c1");
    Optional<GraphResponse> refused = new AccessCheck(mode, PERMISSIONS, CLOCK).check(request);
    if (refused.isEmpty()) {
      return "pass";
    }
    JsonNode error = JSON.readTree(refused.get().body()).get("error");
    return refused.get().status() + " " + error.get("code").asText() + " " + error.get("message").asText();
  }

  @ParameterizedTest(name = "{0} {1} {2} {3}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "NONE   | GET  | /deviceManagement/autopilotEvents | | pass",
      "NONE   | POST | /deviceManagement/autopilotEvents | Basic dXNlcjpwYXNz | pass",
      "BEARER | GET  | /deviceManagement/autopilotEvents | | 401 InvalidAuthenticationToken Access token is empty.",
      "BEARER | GET  | /deviceManagement/autopilotEvents | \"\" | 401 InvalidAuthenticationToken Access token is empty.",
      "BEARER | GET  | /deviceManagement/autopilotEvents | \"Bearer \" | 401 InvalidAuthenticationToken Access token is empty.",
      "BEARER | GET  | /deviceManagement/autopilotEvents | \"Bearer    \" | 401 InvalidAuthenticationToken Access token is empty.",
      "BEARER | GET  | /deviceManagement/autopilotEvents | Bearer | 401 InvalidAuthenticationToken Access token is empty.",
      "BEARER | GET  | /deviceManagement/autopilotEvents | Bearerabc | 401 InvalidAuthenticationToken Access token is empty.",
      "BEARER | GET  | /deviceManagement/autopilotEvents | Basic dXNlcjpwYXNz | 401 InvalidAuthenticationToken Access token is empty.",
      "BEARER | GET  | /deviceManagement/autopilotEvents | Bearer anything | pass",
      "BEARER | POST | /deviceManagement/autopilotEvents | bEARER anything | pass",
      "BEARER | GET  | /$metadata                        | | pass",
      "BEARER | GET  | /$Metadata                        | | pass",
      "BEARER | GET  | /                                 | | pass",
      "BEARER | GET  | \"\"                              | | pass",
      "BEARER | GET  | /deviceManagement                 | | 401 InvalidAuthenticationToken Access token is empty.",
      "JWT    | GET  | /$metadata                        | | pass",
      "JWT    | POST | /$batch                           | | 401 InvalidAuthenticationToken Access token is empty.",
      "JWT    | POST | /$batch                           | Bearer not-a-jwt | pass",
      "JWT    | POST | /$Batch                           | Bearer not-a-jwt | pass"})
  void needsABearerTokenOutsideTheMetadata(AuthMode mode, String method, String path, String authorization,
                                           String expected) throws IOException {
    assertEquals(expected, check(mode, method, path, authorization));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "Bearer abc         | 401 InvalidAuthenticationToken IDX14100: JWT is not well formed, there are no dots (.).",
      "Bearer a.b         | 401 InvalidAuthenticationToken Access token validation failure. The token is not a well-formed JWT.",
      "Bearer a.b.c       | 401 InvalidAuthenticationToken Access token validation failure. The token is not a well-formed JWT.",
      "Bearer e30.e30.e30.e30 | 401 InvalidAuthenticationToken Access token validation failure. The token is not a well-formed JWT.",
      "Bearer .e30.       | 401 InvalidAuthenticationToken Access token validation failure. The token is not a well-formed JWT.",
      "Bearer W10.e30.    | 401 InvalidAuthenticationToken Access token validation failure. The token is not a well-formed JWT.",
      "Bearer e30.W10.    | 401 InvalidAuthenticationToken Access token validation failure. The token is not a well-formed JWT.",
      "Bearer e30.e30.!!  | 401 InvalidAuthenticationToken Access token validation failure. The token is not a well-formed JWT.",
      "Bearer e30.bm90IGpzb24.  | 401 InvalidAuthenticationToken Access token validation failure. The token is not a well-formed JWT.",
      "Bearer e30.e30.    | 401 InvalidAuthenticationToken Access token validation failure. Invalid audience.",
      "Bearer jwt{'aud':'api://someone-else','scp':'Read.All'} | 401 InvalidAuthenticationToken Access token validation failure. Invalid audience.",
      "Bearer jwt{'aud':'https://graph.microsoft.com.evil','scp':'Read.All'} | 401 InvalidAuthenticationToken Access token validation failure. Invalid audience.",
      "Bearer jwt{'aud':'https://graph.microsoft.com','scp':'Read.All'} | pass",
      "Bearer jwt{'aud':'https://graph.microsoft.com/','scp':'Read.All'} | pass",
      "Bearer jwt{'aud':'00000003-0000-0000-c000-000000000000','scp':'Read.All'} | pass",
      "Bearer jwt{'aud':['api://x','https://graph.microsoft.com'],'scp':'Read.All'} | pass",
      "Bearer jwt{'aud':['api://x'],'scp':'Read.All'} | 401 InvalidAuthenticationToken Access token validation failure. Invalid audience."})
  void needsAWellFormedJwtForGraph(String authorization, String expected) throws IOException {
    assertEquals(expected, check(AuthMode.JWT, "GET", "/deviceManagement/autopilotEvents", authorization));
  }

  @ParameterizedTest(name = "exp {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "1699999999   | 401 InvalidAuthenticationToken Lifetime validation failed, the token is expired.",
      "1700000000   | 401 InvalidAuthenticationToken Lifetime validation failed, the token is expired.",
      "1700000001   | pass",
      "'1'          | pass"})
  void refusesATokenPastItsExpiry(String exp, String expected) throws IOException {
    String token = "Bearer jwt{'aud':'https://graph.microsoft.com','scp':'Read.All','exp':" + exp + "}";
    assertEquals(expected, check(AuthMode.JWT, "GET", "/deviceManagement/autopilotEvents", token));
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "GET    | /deviceManagement/autopilotEvents     | 'scp':'Read.All'                     | pass",
      "GET    | /deviceManagement/autopilotEvents     | 'roles':['Read.All']                 | pass",
      "GET    | /deviceManagement/autopilotEvents     | 'scp':' openid  ReadWrite.All email' | pass",
      "GET    | /deviceManagement/autopilotEvents/$count | 'roles':['Other','ReadWrite.All'] | pass",
      "GET    | /deviceManagement/autopilotEvents     | 'scp':'Config.ReadWrite.All'         | 403 Forbidden Application is not authorized to perform this operation. Application must have one of the following scopes: Read.All, ReadWrite.All",
      "GET    | /deviceManagement/autopilotEvents     | 'roles':'Read.All'                   | 403 Forbidden Application is not authorized to perform this operation. Application must have one of the following scopes: Read.All, ReadWrite.All",
      "GET    | /deviceManagement/autopilotEvents     | 'scp':'read.all'                     | 403 Forbidden Application is not authorized to perform this operation. Application must have one of the following scopes: Read.All, ReadWrite.All",
      "GET    | /deviceManagement/autopilotEvents     | 'scp':''                             | 403 Forbidden Application is not authorized to perform this operation. Application must have one of the following scopes: Read.All, ReadWrite.All",
      "GET    | /deviceManagement/autopilotEvents     | 'tid':'x'                            | 403 Forbidden Application is not authorized to perform this operation. Application must have one of the following scopes: Read.All, ReadWrite.All",
      "POST   | /deviceManagement/autopilotEvents     | 'scp':'Read.All'                     | 403 Forbidden Application is not authorized to perform this operation. Application must have one of the following scopes: ReadWrite.All",
      "POST   | /deviceManagement/autopilotEvents     | 'roles':['ReadWrite.All']            | pass",
      "PATCH  | /deviceManagement/autopilotEvents/e1  | 'scp':'Config.ReadWrite.All'         | pass",
      "PUT    | /deviceManagement/autopilotEvents/e1  | 'scp':'Read.All'                     | 403 Forbidden Application is not authorized to perform this operation. Application must have one of the following scopes: ReadWrite.All, Config.ReadWrite.All",
      "DELETE | /deviceManagement/autopilotEvents/e1  | 'roles':['Read.All']                 | 403 Forbidden Application is not authorized to perform this operation. Application must have one of the following scopes: ReadWrite.All, Config.ReadWrite.All",
      "DELETE | /deviceManagement/autopilotEvents/e1  | 'roles':['Config.ReadWrite.All']     | pass",
      "GET    | /deviceManagement/autopilotEvents     | 'tid':'9188040d-6c67-4c5b-b112-36a304b66dad','scp':'Read.All' | 403 Forbidden Delegated permissions for personal Microsoft accounts are not supported by this API.",
      "GET    | /deviceManagement/autopilotEvents     | 'tid':'9188040D-6C67-4C5B-B112-36A304B66DAD','scp':'' | 403 Forbidden Delegated permissions for personal Microsoft accounts are not supported by this API.",
      "GET    | /deviceManagement/autopilotEvents     | 'tid':'9188040d-6c67-4c5b-b112-36a304b66dad','roles':['Read.All'] | pass"})
  void needsOneOfThePermissionsOfTheOperation(String method, String path, String claims, String expected)
      throws IOException {
    String token = "Bearer jwt{'aud':'https://graph.microsoft.com'," + claims + "}";
    assertEquals(expected, check(AuthMode.JWT, method, path, token));
  }

  @Test
  void acceptsTheTokensTheProjectIssues() throws IOException {
    String token = Tokens.issue(List.of("Read.All"), false, java.time.Duration.ofHours(1), Instant.ofEpochSecond(NOW));
    assertEquals("pass", check(AuthMode.JWT, "GET", "/deviceManagement/autopilotEvents", "Bearer " + token));
    String expired = Tokens.issue(List.of("Read.All"), true, java.time.Duration.ZERO, Instant.ofEpochSecond(NOW));
    assertEquals("401 InvalidAuthenticationToken Lifetime validation failed, the token is expired.",
        check(AuthMode.JWT, "GET", "/deviceManagement/autopilotEvents", "Bearer " + expired));
  }

  @Test
  void jwtModeNeedsThePermissionsOfEveryOperation() {
    Map<String, List<String>> readOnly = Map.of("read", List.of("Read.All"));
    assertEquals("--auth jwt needs the schema's settings to name the permissions of 'create'",
        assertThrows(SchemaException.class, () -> new AccessCheck(AuthMode.JWT, readOnly, CLOCK)).getMessage());
  }
}
