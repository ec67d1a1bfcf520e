package dev.graphmock.http;

import dev.graphmock.faults.Fault;
import dev.graphmock.odata.GraphRequest;
import dev.graphmock.odata.GraphResponse;
import dev.graphmock.odata.MultipartBatch;
import dev.graphmock.odata.ODataService;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What {@link GraphPipeline#admit} decided about a request before any of it is served, for
 * {@link GraphPipeline#serve} to carry out: an answer already (a refused token, a fault's status, the throttle's
 * 429, a malformed batch), a drop, or the work itself; and how long to wait first, which the fault rules' latency
 * says (for a {@code $batch}, the sum of its requests' delays, since they run one after another). The waiting is
 * the caller's, so that a delayed request holds no thread and no place among the requests served at once.
 */
final class Admission {
  /** What serving the admitted request means. */
  enum Work { ANSWER, SERVICE, JSON_BATCH, MULTIPART_BATCH }

  /**
   * What was decided for one request (the admitted one, or one inside its batch) before it runs.
   *
   * @param answer the answer instead of serving it, or null
   * @param fault what a fault rule or the throttle did to it, or null
   */
  record Decision(GraphRequest request, String tenant, GraphResponse answer, Fault fault) {
    boolean drops() {
      return fault != null && fault.drop();
    }

    long delayMillis() {
      return fault == null ? 0 : fault.latencyMs();
    }
  }

  final GraphRequest request;
  final Instant time;
  final long startNanos;
  final Work work;
  final Decision decision;
  final ODataService service;
  final JsonBatch jsonBatch;
  final List<MultipartBatch.Part> parts;
  /** The decisions for the requests inside a batch, by request id. */
  final Map<String, Decision> items;

  private Admission(GraphRequest request, Instant time, long startNanos, Work work, Decision decision,
                    ODataService service, JsonBatch jsonBatch, List<MultipartBatch.Part> parts,
                    Map<String, Decision> items) {
    this.request = request;
    this.time = time;
    this.startNanos = startNanos;
    this.work = work;
    this.decision = decision;
    this.service = service;
    this.jsonBatch = jsonBatch;
    this.parts = parts;
    this.items = items;
  }

  static Admission answer(GraphRequest request, Instant time, long startNanos, Decision decision) {
    return new Admission(request, time, startNanos, Work.ANSWER, decision, null, null, null, Map.of());
  }

  static Admission service(GraphRequest request, Instant time, long startNanos, Decision decision,
                           ODataService service) {
    boolean served = decision.answer() == null && !decision.drops();
    return new Admission(request, time, startNanos, served ? Work.SERVICE : Work.ANSWER, decision, service, null,
        null, Map.of());
  }

  static Admission jsonBatch(GraphRequest request, Instant time, long startNanos, Decision decision,
                             ODataService service, JsonBatch batch, Map<String, Decision> items) {
    return new Admission(request, time, startNanos, Work.JSON_BATCH, decision, service, batch, null, items);
  }

  static Admission multipartBatch(GraphRequest request, Instant time, long startNanos, Decision decision,
                                  ODataService service, List<MultipartBatch.Part> parts,
                                  Map<String, Decision> items) {
    return new Admission(request, time, startNanos, Work.MULTIPART_BATCH, decision, service, null, parts, items);
  }

  /** Whether serving it needs the store (and so one of the places for requests served at once). */
  boolean needsService() {
    return work != Work.ANSWER;
  }

  /** How long to wait before serving or answering it. */
  long delayMillis() {
    long delay = decision.delayMillis();
    for (Decision item : items.values()) {
      delay += item.delayMillis();
    }
    return delay;
  }

  /** The request as the client sent it, for the log: method and path. */
  String describe() {
    return request.method() + " " + request.serviceRoot() + request.path();
  }
}
