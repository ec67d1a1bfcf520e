package dev.graphmock.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphmock.faults.FaultRule;
import dev.graphmock.faults.Faults;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The fault rules' endpoints:
 * <pre>
 * POST   /__admin/faults        {"status":429,"retryAfterSeconds":1,"times":2,"method":"GET"} → 201 the rule, with its id
 * GET    /__admin/faults        200 {"value":[…]}: the rules in the order they apply, each with its hits
 * DELETE /__admin/faults        204: every rule is gone
 * DELETE /__admin/faults/{id}   204, or 404
 * </pre>
 */
final class FaultEndpoints {
  /** Made on first use rather than at start-up, which a JVM's first ObjectMapper slows by a tenth of a second. */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
        .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());
  }
  /** The largest rule body read: a rule is a few hundred bytes. */
  private static final int MAX_BODY = 64 * 1024;

  private final Faults faults;

  FaultEndpoints(Faults faults) {
    this.faults = faults;
  }

  AdminResponse handle(AdminRequest request) {
    if (!request.parameters().isEmpty()) {
      return AdminApi.error(400, "BadRequest", "/__admin/faults takes no parameters.", request);
    }
    String rest = request.path().substring("/faults".length());
    if (rest.isEmpty() || rest.equals("/")) {
      return switch (request.method()) {
        case "GET" -> json(200, Map.of("value", faults.rules().stream().map(FaultRule::describe).toList()));
        case "POST" -> add(request);
        case "DELETE" -> {
          faults.clear();
          yield AdminResponse.noContent();
        }
        default -> AdminApi.methodNotAllowed(request, "GET, POST, DELETE");
      };
    }
    if (!request.method().equals("DELETE")) {
      return AdminApi.methodNotAllowed(request, "DELETE");
    }
    String id = rest.substring(1);
    return faults.remove(id) ? AdminResponse.noContent()
        : AdminApi.error(404, "ResourceNotFound", "There is no fault rule with id '" + id + "'.", request);
  }

  private AdminResponse add(AdminRequest request) {
    String type = request.contentType() == null ? "" : request.contentType().toLowerCase(java.util.Locale.ROOT);
    if (!type.startsWith("application/json")) {
      return AdminApi.error(415, "UnsupportedMediaType", "Send the rule as application/json, not '"
          + request.contentType() + "'.", request);
    }
    JsonNode spec;
    try {
      byte[] body = request.body().readNBytes(MAX_BODY + 1);
      if (body.length > MAX_BODY) {
        return AdminApi.error(413, "RequestEntityTooLarge", "A rule is at most " + MAX_BODY + " bytes.", request);
      }
      spec = Json.MAPPER.readTree(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return AdminApi.error(400, "BadRequest", "The rule is not valid JSON: " + e.getOriginalMessage(), request);
    } catch (IOException e) {
      return AdminApi.error(400, "BadRequest", "The rule could not be read.", request);
    }
    try {
      return json(201, faults.add(spec).describe());
    } catch (IllegalArgumentException e) {
      return AdminApi.error(400, "BadRequest", e.getMessage(), request);
    }
  }

  private static AdminResponse json(int status, Object value) {
    try {
      return AdminResponse.json(status, Json.MAPPER.writeValueAsBytes(value));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("writing to memory cannot fail", e);
    }
  }

}
