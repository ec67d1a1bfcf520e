package dev.graphmock.http;

import dev.graphmock.errors.Failure;
import dev.graphmock.errors.GraphError;
import dev.graphmock.faults.Fault;
import dev.graphmock.faults.Faults;
import dev.graphmock.journal.Journal;
import dev.graphmock.journal.JournalEntry;
import dev.graphmock.odata.ClientErrorException;
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
 * form): the version root, the token and its permissions, the fault rules and the throttle ({@link #admit}, all
 * before any of it is served, so that a delay can be waited without a thread), then OData ({@link #serve}). Each
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
   * Decides everything about a request that needs no store, before any of it is served: its version root, its
   * token and permissions, and what the fault rules and the throttle do to it (for a {@code $batch}, to each request
   * inside it, in the order they will run: so that their delays, too, are waited before the batch starts, and never
   * inside a change set's transaction). {@code root} is the first path segment, which
   * {@code request.serviceRoot()} ends with.
   */
  Admission admit(String root, GraphRequest request) {
    Instant time = Instant.now();
    long start = System.nanoTime();
    GraphRequest asked = request.method().equals("HEAD") ? request.withMethod("GET") : request;
    String tenant = AccessCheck.tenantOf(asked);
    java.util.function.Supplier<ODataService> version = services.get(root);
    if (version == null) {
      return Admission.answer(request, time, start, new Admission.Decision(asked, tenant,
          ErrorResponse.of(404, "ResourceNotFound", "Invalid version: " + root, request), null));
    }
    Optional<GraphResponse> refused = access.check(asked);
    if (refused.isPresent()) {
      return Admission.answer(request, time, start, new Admission.Decision(asked, tenant, refused.get(), null));
    }
    ODataService service = version.get();
    if (asked.path().equalsIgnoreCase("/$batch") && asked.method().equals("POST")) {
      return batch(request, time, start, tenant, service);
    }
    return Admission.service(request, time, start, decide(asked, tenant), service);
  }

  /** A {@code $batch}: read once, each of its requests checked and met by the fault rules in the order they run. */
  private Admission batch(GraphRequest request, Instant time, long start, String tenant, ODataService service) {
    Admission.Decision served = new Admission.Decision(request, tenant, null, null);
    String contentType = request.header("Content-Type");
    try {
      if (isJson(contentType)) {
        JsonBatch batch = JsonBatch.parse(request);
        return Admission.jsonBatch(request, time, start, served, service, batch, decideEach(batch.requests()));
      }
      if (MultipartBatch.accepts(contentType)) {
        List<MultipartBatch.Part> parts = MultipartBatch.parse(request);
        List<GraphRequest> requests = new ArrayList<>();
        parts.forEach(part -> requests.addAll(part.requests()));
        return Admission.multipartBatch(request, time, start, served, service, parts, decideEach(requests));
      }
    } catch (JsonBatch.BatchException | ClientErrorException e) {
      return Admission.answer(request, time, start, new Admission.Decision(request, tenant,
          ErrorResponse.of(400, "BadRequest", e.getMessage(), request), null));
    }
    return Admission.answer(request, time, start, new Admission.Decision(request, tenant, ErrorResponse.of(415,
        "A $batch request must be sent as application/json (Graph's JSON batch) or multipart/mixed (OData's), not '"
        + contentType + "'.", request), null));
  }

  private Map<String, Admission.Decision> decideEach(List<GraphRequest> requests) {
    Map<String, Admission.Decision> decisions = new LinkedHashMap<>();
    for (GraphRequest item : requests) {
      String tenant = AccessCheck.tenantOf(item);
      Optional<GraphResponse> refused = access.check(item);
      decisions.put(item.requestId(), refused.isPresent()
          ? new Admission.Decision(item, tenant, refused.get(), null) : decide(item, tenant));
    }
    return decisions;
  }

  /** What the fault rules and the throttle do to one request: nothing, a delay, an answer instead, or a drop. */
  private Admission.Decision decide(GraphRequest request, String tenant) {
    Optional<Fault> fault = faults.decide(request.method(), request.path(), tenant,
        () -> AccessCheck.appOf(request));
    if (fault.isEmpty()) {
      return new Admission.Decision(request, tenant, null, null);
    }
    return new Admission.Decision(request, tenant, answer(fault.get(), request), fault.get());
  }

  /** The answer a fault gives instead of serving the request, or null when it only delays or drops it. */
  private static GraphResponse answer(Fault fault, GraphRequest request) {
    if (fault.status() == 0 || fault.drop()) {
      return null;
    }
    GraphResponse error = ErrorResponse.of(fault.status(), FaultMessages.message(fault), request);
    if (fault.retryAfterSeconds() == null) {
      return error;
    }
    Map<String, String> headers = new LinkedHashMap<>(error.headers());
    headers.put("Retry-After", String.valueOf(fault.retryAfterSeconds()));
    return new GraphResponse(error.status(), headers, error.body());
  }

  /**
   * Carries out what {@link #admit} decided, once its delay has passed, and records the request (and those inside
   * a batch) in the journal. Throws {@link DroppedConnection} when a fault rule drops it, or a request inside it.
   */
  GraphResponse serve(Admission admission) {
    GraphRequest request = admission.request;
    List<JournalEntry> items = new ArrayList<>();
    Outcome outcome;
    try {
      outcome = run(admission, items);
    } catch (Dropped dropped) {
      record(request, admission.time, admission.startNanos, new Outcome(null, dropped.fault, dropped.tenant), null,
          items);
      throw new DroppedConnection();
    } catch (RuntimeException | OutOfMemoryError e) {
      LOG.warn("request {} failed: {}: {}", request.requestId(), admission.describe(), GraphError.summary(e));
      outcome = new Outcome(ErrorResponse.of(Failure.of(e), request), null, admission.decision.tenant());
    } catch (StackOverflowError e) {
      // A last resort: the query and body limits are meant to stop such input before it is parsed.
      LOG.warn("request {} nested too deeply: {}", request.requestId(), admission.describe());
      outcome = new Outcome(ErrorResponse.of(400, "The request is nested too deeply.", request), null,
          admission.decision.tenant());
    }
    if (request.method().equals("HEAD")) {
      GraphResponse get = outcome.response();
      Map<String, String> headers = new LinkedHashMap<>(get.headers());
      headers.put("Content-Length", String.valueOf(get.body().length));
      outcome = new Outcome(new GraphResponse(get.status(), headers, null), outcome.fault(), outcome.tenant());
    }
    record(request, admission.time, admission.startNanos, outcome, null, items);
    return outcome.response();
  }

  private Outcome run(Admission admission, List<JournalEntry> items) {
    Admission.Decision decision = admission.decision;
    String batchId = admission.request.requestId();
    return switch (admission.work) {
      case ANSWER -> {
        if (decision.drops()) {
          throw new Dropped(decision.fault(), decision.tenant());
        }
        yield new Outcome(decision.answer(), decision.fault(), decision.tenant());
      }
      case SERVICE -> new Outcome(admission.service.handle(decision.request(), decision.tenant()),
          decision.fault(), decision.tenant());
      case JSON_BATCH -> new Outcome(admission.jsonBatch.run(each -> item(admission, each, batchId, items)), null,
          decision.tenant());
      case MULTIPART_BATCH -> new Outcome(MultipartBatchHandler.handle(admission.parts,
          each -> item(admission, each, batchId, items), units), null, decision.tenant());
    };
  }

  /** A request inside a {@code $batch}, as {@link #admit} decided it: answered, and added to the batch's entries. */
  private GraphResponse item(Admission admission, GraphRequest request, String batchRequestId,
                             List<JournalEntry> items) {
    Instant time = Instant.now();
    long start = System.nanoTime();
    Admission.Decision decision = admission.items.get(request.requestId());
    if (decision.drops()) {
      record(request, time, start, new Outcome(null, decision.fault(), decision.tenant()), batchRequestId, items);
      throw new Dropped(decision.fault(), decision.tenant());
    }
    GraphResponse response = decision.answer() != null ? decision.answer()
        : admission.service.handle(request, decision.tenant());
    record(request, time, start, new Outcome(response, decision.fault(), decision.tenant()), batchRequestId, items);
    return response;
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
        request.serviceRoot() + request.path()
            + (request.query() == null || request.query().isEmpty() ? "" : "?" + request.query()),
        JournalEntry.joined(request.headers()), JournalEntry.Body.of(request.body(), request.header("Content-Type")),
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
