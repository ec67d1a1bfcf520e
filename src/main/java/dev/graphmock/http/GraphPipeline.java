package dev.graphmock.http;

import dev.graphmock.odata.GraphError;
import dev.graphmock.odata.GraphRequest;
import dev.graphmock.odata.GraphResponse;
import dev.graphmock.odata.ODataService;
import java.util.Optional;
import java.util.Set;

/**
 * What every request goes through, in order, whichever way it arrived: the version root ({@code /beta} as Graph,
 * {@code /v1} as in the seed's example URL; both serve the same service), the bearer token, then OData.
 */
public final class GraphPipeline {
  static final Set<String> ROOTS = Set.of("beta", "v1");

  private final ODataService service;

  GraphPipeline(ODataService service) {
    this.service = service;
  }

  /** {@code root} is the first path segment, which {@code request.serviceRoot()} ends with. */
  GraphResponse handle(String root, GraphRequest request) {
    if (!ROOTS.contains(root)) {
      return GraphError.response(404, "ResourceNotFound", "Invalid version: " + root, request);
    }
    Optional<GraphResponse> refused = BearerTokens.check(request);
    return refused.orElseGet(() -> service.handle(request));
  }
}
