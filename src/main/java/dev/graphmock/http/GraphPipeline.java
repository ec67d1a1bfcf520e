package dev.graphmock.http;

import dev.graphmock.errors.Failure;
import dev.graphmock.errors.GraphError;
import dev.graphmock.faults.Fault;
import dev.graphmock.faults.Faults;
import dev.graphmock.journal.Journal;
import dev.graphmock.journal.JournalEntry;
import dev.graphmock.journal.Redaction;
import dev.graphmock.odata.ErrorResponse;
import dev.graphmock.odata.GraphRequest;
import dev.graphmock.odata.GraphResponse;
import dev.graphmock.odata.MultipartBatch;
import dev.graphmock.odata.ODataService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every request goes through, in order, whichever way it arrived (directly or inside either {@code $batch}
 * form): the version root, the token and its permissions, the fault rules and the throttle, then OData. Each
 * request is recorded in the journal, the requests inside a {@code $batch} as entries of their own linked to it.
 * {@code /beta} serves the schema as Graph's beta does and {@code /v1} (the seed's example URL) the same;
 * {@code /v1.0} serves it as Graph's v1.0 does, without the beta-only collection. A {@code HEAD} is answered as
 * its {@code GET} would be, without the body. A {@code $batch} itself is never faulted or throttled; the requests
 * inside it are, each on its own, as Graph throttles them.
 */
public final class GraphPipeline {
  private static final Logger LOG = LoggerFactory.getLogger(GraphPipeline.class);

  private final Map<String, java.util.function.Supplier<ODataService>> services;
  private final AccessCheck access;
  private final UnitOfWork units;
  private final Faults faults;
  private final Journal journal;

  /** Runs work as one transaction, kept only if the predicate accepts its result (a multipart change set). */
  public interface UnitOfWork {
    <T> T run(java.util.function.Supplier<T> work, java.util.function.Predicate<T> keep);
  }

  /** A request's answer, with what the faults did to it and the tenant it acted in, for the journal. */
  private record Outcome(GraphResponse response, Fault fault, String tenant) {
  }

  /**
   * @param services the service behind each version root, by the root's path segment; asked for per request
   * @param permissions what {@code --auth jwt} accepts for each operation, by the operation's key
   */
  public GraphPipeline(Map<String, java.util.function.Supplier<ODataService>> services, AuthMode auth,
                       Map<String, List<String>> permissions, UnitOfWork units, Faults faults, Journal journal) {
    this.services = Map.copyOf(services);
    this.access = new AccessCheck(auth, permissions, java.time.Clock.systemUTC());
    this.units = units;
    this.faults = faults;
    this.journal = journal;
  }

  /**
   * Answers a request that came directly, and records it. {@code root} is the first path segment, which
   * {@code request.serviceRoot()} ends with. Throws {@link DroppedConnection} when a fault rule drops it.
   */
  GraphResponse handle(String root, GraphRequest request) {
    Instant time = Instant.now();
    long start = System.nanoTime();
    List<JournalEntry> items = new ArrayList<>();
    Outcome outcome;
    try {
      outcome = serve(root, request, items);
    } catch (Dropped dropped) {
      record(request, time, start, new Outcome(null, dropped.fault, dropped.tenant), null, items);
      throw new DroppedConnection();
    } catch (RuntimeException e) {
      LOG.warn("request {} failed: {} {}{}: {}", request.requestId(), request.method(), request.serviceRoot(),
          request.path(), GraphError.summary(e));
      outcome = new Outcome(ErrorResponse.of(Failure.of(e), request), null, AccessCheck.tenantOf(request));
    } catch (StackOverflowError e) {
      // A last resort: the query and body limits are meant to stop such input before it is parsed.
      LOG.warn("request {} nested too deeply: {} {}", request.requestId(), request.method(), request.path());
      outcome = new Outcome(ErrorResponse.of(400, "The request is nested too deeply.", request), null,
          AccessCheck.tenantOf(request));
    }
    record(request, time, start, outcome, null, items);
    return outcome.response();
  }

  /** A request inside a {@code $batch}: answered, and added to the batch's entries. */
  private GraphResponse item(String root, GraphRequest request, String batchRequestId, List<JournalEntry> items) {
    Instant time = Instant.now();
    long start = System.nanoTime();
    try {
      Outcome outcome = serve(root, request, items);
      record(request, time, start, outcome, batchRequestId, items);
      return outcome.response();
    } catch (Dropped dropped) {
      record(request, time, start, new Outcome(null, dropped.fault, dropped.tenant), batchRequestId, items);
      throw dropped;
    }
  }

  private Outcome serve(String root, GraphRequest request, List<JournalEntry> items) {
    java.util.function.Supplier<ODataService> version = services.get(root);
    String tenant = AccessCheck.tenantOf(request);
    if (version == null) {
      return new Outcome(ErrorResponse.of(404, "ResourceNotFound", "Invalid version: " + root, request), null,
          tenant);
    }
    ODataService service = version.get();
    if (request.method().equals("HEAD")) {
      Outcome get = serve(root, request.withMethod("GET"), items);
      Map<String, String> headers = new LinkedHashMap<>(get.response().headers());
      headers.put("Content-Length", String.valueOf(get.response().body().length));
      return new Outcome(new GraphResponse(get.response().status(), headers, null), get.fault(), tenant);
    }
    Optional<GraphResponse> refused = access.check(request);
    if (refused.isPresent()) {
      return new Outcome(refused.get(), null, tenant);
    }
    if (request.path().equalsIgnoreCase("/$batch") && request.method().equals("POST")) {
      String batchId = request.requestId();
      if (isJson(request.header("Content-Type"))) {
        return new Outcome(JsonBatch.handle(request, each -> item(root, each, batchId, items)), null, tenant);
      }
      if (MultipartBatch.accepts(request.header("Content-Type"))) {
        return new Outcome(MultipartBatchHandler.handle(request, each -> item(root, each, batchId, items), units),
            null, tenant);
      }
      return new Outcome(ErrorResponse.of(415, "A $batch request must be sent as application/json (Graph's"
          + " JSON batch) or multipart/mixed (OData's), not '" + request.header("Content-Type") + "'.", request),
          null, tenant);
    }
    Optional<Fault> fault = faults.decide(request.method(), request.path(), tenant,
        () -> AccessCheck.appOf(request));
    if (fault.isPresent()) {
      Optional<GraphResponse> answer = apply(fault.get(), request, tenant);
      if (answer.isPresent()) {
        return new Outcome(answer.get(), fault.get(), tenant);
      }
    }
    return new Outcome(service.handle(request, tenant), fault.orElse(null), tenant);
  }

  /** Waits as the fault says, then drops the request, answers it instead of serving it, or (empty) serves it. */
  private static Optional<GraphResponse> apply(Fault fault, GraphRequest request, String tenant) {
    if (fault.latencyMs() > 0) {
      try {
        Thread.sleep(fault.latencyMs());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (fault.drop()) {
      throw new Dropped(fault, tenant);
    }
    if (fault.status() == 0) {
      return Optional.empty();
    }
    GraphResponse error = ErrorResponse.of(fault.status(), FaultMessages.message(fault), request);
    if (fault.retryAfterSeconds() == null) {
      return Optional.of(error);
    }
    Map<String, String> headers = new LinkedHashMap<>(error.headers());
    headers.put("Retry-After", String.valueOf(fault.retryAfterSeconds()));
    return Optional.of(new GraphResponse(error.status(), headers, error.body()));
  }

  private void record(GraphRequest request, Instant time, long startNanos, Outcome outcome, String batchRequestId,
                      List<JournalEntry> items) {
    if (!journal.enabled()) {
      return;
    }
    GraphResponse response = outcome.response();
    Map<String, String> responseHeaders = new LinkedHashMap<>();
    if (batchRequestId == null) {
      responseHeaders.put(RequestIds.REQUEST_ID, request.requestId());
      responseHeaders.put(RequestIds.CLIENT_REQUEST_ID, request.clientRequestId());
    }
    if (response != null) {
      responseHeaders.putAll(response.headers());
    }
    Fault fault = outcome.fault();
    JournalEntry entry = new JournalEntry(request.requestId(), request.clientRequestId(), time, request.method(),
        Redaction.url(request.serviceRoot() + request.path()
            + (request.query() == null || request.query().isEmpty() ? "" : "?" + request.query())),
        Redaction.headers(request.headers()), JournalEntry.Body.of(request.body(), request.header("Content-Type")),
        response == null ? 0 : response.status(), responseHeaders,
        response == null ? JournalEntry.Body.NONE
            : JournalEntry.Body.of(response.body(), response.headers().get("Content-Type")),
        Math.round((System.nanoTime() - startNanos) / 1_000.0) / 1_000.0, outcome.tenant(), batchRequestId,
        fault == null ? null : new JournalEntry.Fault(fault.source(), fault.status(), fault.latencyMs(), fault.drop()));
    if (batchRequestId != null) {
      items.add(entry);
    } else {
      journal.record(entry, items);
    }
  }

  private static boolean isJson(String contentType) {
    return contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json");
  }

  /** Carries a drop, with what the journal needs of it, out of a {@code $batch} to the request that holds it. */
  private static final class Dropped extends RuntimeException {
    private final transient Fault fault;
    private final String tenant;

    Dropped(Fault fault, String tenant) {
      super(null, null, false, false);
      this.fault = fault;
      this.tenant = tenant;
    }
  }
}
