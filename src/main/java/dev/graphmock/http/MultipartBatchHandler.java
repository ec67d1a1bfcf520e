package dev.graphmock.http;

import dev.graphmock.odata.GraphRequest;
import dev.graphmock.odata.GraphResponse;
import dev.graphmock.odata.MultipartBatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs an OData multipart/mixed {@code $batch} (what generic OData clients send): each request through the same
 * pipeline as a direct call; a change set in one SQLite transaction, committed only if every request in it
 * succeeded, else rolled back and answered with its failing response; {@code $1}-style Content-ID references
 * in a change set resolve to the entity an earlier request in it created.
 */
final class MultipartBatchHandler {
  private MultipartBatchHandler() {
  }

  /**
   * Runs the parts {@link MultipartBatch#parse} read; {@code pipeline} answers one request (a reference to an earlier
   * request's entity already resolved, its request id kept).
   */
  static GraphResponse handle(List<MultipartBatch.Part> parts, Function<GraphRequest, GraphResponse> pipeline,
                              GraphPipeline.UnitOfWork units) {
    List<MultipartBatch.PartResponses> responses = new ArrayList<>();
    for (MultipartBatch.Part part : parts) {
      if (!part.changeSet()) {
        responses.add(new MultipartBatch.PartResponses(false, List.of(pipeline.apply(part.requests().get(0)))));
        continue;
      }
      List<GraphResponse> results = units.run(() -> changeSet(part.requests(), pipeline),
          done -> done.stream().allMatch(response -> response.status() < 400));
      GraphResponse failed = results.stream().filter(response -> response.status() >= 400).findFirst().orElse(null);
      responses.add(failed == null
          ? new MultipartBatch.PartResponses(true, results)
          : new MultipartBatch.PartResponses(false, List.of(failed)));
    }
    return MultipartBatch.respond(responses);
  }

  /** Runs a change set's requests in order until one fails; the caller commits or rolls back. */
  private static List<GraphResponse> changeSet(List<GraphRequest> requests,
                                               Function<GraphRequest, GraphResponse> pipeline) {
    Map<String, String> created = new HashMap<>();
    List<GraphResponse> results = new ArrayList<>();
    for (GraphRequest request : requests) {
      GraphRequest resolved = resolveReference(request, created);
      GraphResponse response = pipeline.apply(resolved);
      String contentId = request.header("Content-ID");
      Map<String, String> headers = new LinkedHashMap<>(response.headers());
      if (contentId != null) {
        headers.put("Content-ID", contentId);
        String location = response.headers().get("Location");
        if (location != null && location.startsWith(request.serviceRoot())) {
          created.put(contentId, location.substring(request.serviceRoot().length()));
        }
      }
      results.add(new GraphResponse(response.status(), headers, response.body()));
      if (response.status() >= 400) {
        break;
      }
    }
    return results;
  }

  /** {@code $1/...} names the entity the request with Content-ID 1 created. */
  private static GraphRequest resolveReference(GraphRequest request, Map<String, String> created) {
    String path = request.path();
    if (!path.startsWith("/$")) {
      return request;
    }
    int end = path.indexOf('/', 2);
    String reference = end < 0 ? path.substring(2) : path.substring(2, end);
    String target = created.get(reference);
    if (target == null) {
      return request;
    }
    String resolved = target + (end < 0 ? "" : path.substring(end));
    return new GraphRequest(request.method(), request.serviceRoot(), resolved, request.query(), request.headers(),
        request.body(), request.requestId(), request.clientRequestId());
  }
}
