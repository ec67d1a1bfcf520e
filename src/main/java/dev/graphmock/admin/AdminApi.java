package dev.graphmock.admin;

import dev.graphmock.json.EntityJsonWriter;
import dev.graphmock.json.MetadataLevel;
import dev.graphmock.odata.GraphError;
import dev.graphmock.query.Keyset;
import dev.graphmock.query.Query;
import dev.graphmock.store.EntityStore;
import java.util.List;
import java.util.Map;

/**
 * The admin endpoints, each answering in JSON or with no body, errors in Graph's shape:
 * <pre>
 * POST {origin}/__admin/reset    204: every event is gone; the schema and the tables stay
 * GET  {origin}/__admin/export   200 {"value":[…]}: every event in id order, each exactly as
 *                                GET …/autopilotEvents/{id} answers it but without annotations; streamed
 * </pre>
 * Who may call them is decided before a request gets here ({@code http.AdminAccess}).
 */
public final class AdminApi {
  static final String JSON = "application/json;charset=utf-8";
  private static final Map<String, String> ENDPOINTS = Map.of("/reset", "POST", "/export", "GET");

  private final EntityStore store;
  private final EntityJsonWriter writer;

  public AdminApi(EntityStore store) {
    this.store = store;
    this.writer = new EntityJsonWriter(store.entity());
  }

  public AdminResponse handle(AdminRequest request) {
    String method = ENDPOINTS.get(request.path());
    if (method == null) {
      return error(404, "ResourceNotFound", "There is no admin endpoint " + request.path() + "; there are "
          + String.join(", ", ENDPOINTS.keySet().stream().sorted().map(path -> "/__admin" + path).toList())
          + ".", request);
    }
    if (!method.equals(request.method())) {
      AdminResponse refused = error(405, "MethodNotAllowed", "/__admin" + request.path() + " answers " + method
          + " only.", request);
      return new AdminResponse(405, Map.of("Content-Type", JSON, "Allow", method), refused.body());
    }
    if (!request.parameters().isEmpty()) {
      return error(400, "BadRequest", "/__admin" + request.path() + " takes no parameters, not '"
          + String.join("', '", request.parameters().keySet()) + "'.", request);
    }
    return switch (request.path()) {
      case "/reset" -> reset();
      default -> export();
    };
  }

  private AdminResponse reset() {
    store.deleteAll();
    return AdminResponse.noContent();
  }

  private AdminResponse export() {
    Query everything = new Query(null, new Keyset(List.of(),
        store.entity().property(store.entity().keyName()).orElseThrow()).keys(), null, Integer.MAX_VALUE, 0);
    EntityJsonWriter.Frame frame = new EntityJsonWriter.Frame(MetadataLevel.NONE, null, null);
    return new AdminResponse(200, Map.of("Content-Type", JSON),
        out -> writer.collection(out, frame, null, sink -> store.select(everything, sink), () -> null, null));
  }

  static AdminResponse error(int status, String code, String message, AdminRequest request) {
    return AdminResponse.json(status, GraphError.body(code, message, request.requestId(),
        request.clientRequestId()));
  }
}
