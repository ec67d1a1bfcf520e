package dev.graphmock.http;

import dev.graphmock.odata.GraphError;
import dev.graphmock.odata.GraphRequest;
import dev.graphmock.odata.GraphResponse;
import dev.graphmock.odata.MultipartBatch;
import dev.graphmock.odata.ODataService;
import java.util.Optional;
import java.util.Set;

/**
 * What every request goes through, in order, whichever way it arrived: the version root ({@code /beta} as Graph,
 * {@code /v1} as in the seed's example URL; both serve the same service), the token and its permissions, then
 * OData.
 */
public final class GraphPipeline {
  static final Set<String> ROOTS = Set.of("beta", "v1");

  private final ODataService service;
  private final AccessCheck access;
  private final MultipartBatchHandler.UnitOfWork units;

  GraphPipeline(ODataService service, AccessCheck access, MultipartBatchHandler.UnitOfWork units) {
    this.service = service;
    this.access = access;
    this.units = units;
  }

  /** {@code root} is the first path segment, which {@code request.serviceRoot()} ends with. */
  GraphResponse handle(String root, GraphRequest request) {
    if (!ROOTS.contains(root)) {
      return GraphError.response(404, "ResourceNotFound", "Invalid version: " + root, request);
    }
    Optional<GraphResponse> refused = access.check(request);
    if (refused.isPresent()) {
      return refused.get();
    }
    if (request.path().equals("/$batch") && request.method().equals("POST")) {
      if (isJson(request.header("Content-Type"))) {
        return JsonBatch.handle(request, each -> handle(root, each));
      }
      if (MultipartBatch.accepts(request.header("Content-Type"))) {
        return MultipartBatchHandler.handle(request, each -> handle(root, each), units);
      }
    }
    return service.handle(request);
  }

  private static boolean isJson(String contentType) {
    return contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json");
  }
}
