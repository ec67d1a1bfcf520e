package dev.graphmock.http;

import dev.graphmock.odata.GraphError;
import dev.graphmock.odata.GraphRequest;
import dev.graphmock.odata.GraphResponse;
import dev.graphmock.odata.MultipartBatch;
import dev.graphmock.odata.ODataService;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What every request goes through, in order, whichever way it arrived: the version root, the token and its
 * permissions, then OData. {@code /beta} serves the schema as Graph's beta does and {@code /v1} (the seed's
 * example URL) the same; {@code /v1.0} serves it as Graph's v1.0 does, without the beta-only collection. A
 * {@code HEAD} is answered as its {@code GET} would be, without the body.
 */
public final class GraphPipeline {
  private final Map<String, java.util.function.Supplier<ODataService>> services;
  private final AccessCheck access;
  private final MultipartBatchHandler.UnitOfWork units;

  /** @param services the service behind each version root, by the root's path segment; asked for per request */
  GraphPipeline(Map<String, java.util.function.Supplier<ODataService>> services, AccessCheck access,
                MultipartBatchHandler.UnitOfWork units) {
    this.services = Map.copyOf(services);
    this.access = access;
    this.units = units;
  }

  /** {@code root} is the first path segment, which {@code request.serviceRoot()} ends with. */
  GraphResponse handle(String root, GraphRequest request) {
    java.util.function.Supplier<ODataService> version = services.get(root);
    if (version == null) {
      return GraphError.response(404, "ResourceNotFound", "Invalid version: " + root, request);
    }
    ODataService service = version.get();
    String tenant = AccessCheck.tenantOf(request);
    if (request.method().equals("HEAD")) {
      GraphResponse response = handle(root, request.withMethod("GET"));
      Map<String, String> headers = new LinkedHashMap<>(response.headers());
      headers.put("Content-Length", String.valueOf(response.body().length));
      return new GraphResponse(response.status(), headers, null);
    }
    Optional<GraphResponse> refused = access.check(request);
    if (refused.isPresent()) {
      return refused.get();
    }
    if (request.path().equalsIgnoreCase("/$batch") && request.method().equals("POST")) {
      if (isJson(request.header("Content-Type"))) {
        return JsonBatch.handle(request, each -> handle(root, each));
      }
      if (MultipartBatch.accepts(request.header("Content-Type"))) {
        return MultipartBatchHandler.handle(request, each -> handle(root, each), units);
      }
      return GraphError.response(415, "A $batch request must be sent as application/json (Graph's JSON batch) or"
          + " multipart/mixed (OData's), not '" + request.header("Content-Type") + "'.", request);
    }
    return service.handle(request, tenant);
  }

  private static boolean isJson(String contentType) {
    return contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json");
  }
}
