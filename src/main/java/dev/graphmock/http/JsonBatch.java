package dev.graphmock.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphmock.json.JsonErrorMessages;
import dev.graphmock.odata.ErrorResponse;
import dev.graphmock.odata.GraphRequest;
import dev.graphmock.odata.GraphResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Graph's JSON batching ({@code POST {root}/$batch}, concepts/json-batching.md):
 * <pre>
 * {"requests":[{"id":"1","method":"POST","url":"/deviceManagement/autopilotEvents",
 *               "headers":{"Content-Type":"application/json"},"body":{...}},
 *              {"id":"2","method":"GET","url":"deviceManagement/autopilotEvents?$top=5","dependsOn":["1"]}]}
 * -&gt; 200 {"responses":[{"id":"1","status":201,"headers":{...},"body":{...}}, {"id":"2","status":200,...}]}
 * </pre>
 * At most 20 requests, unique ids (case-insensitive), {@code id}, {@code method} and {@code url} required, a
 * {@code body} needs a {@code Content-Type} header. Requests run one at a time, each after those it depends on;
 * one whose dependency failed gets 424. Each runs through the same pipeline as a direct call, with the batch's
 * token ({@link GraphRequest#itemHeaders}). A malformed batch is a 400 and runs nothing. Read once
 * ({@link #parse}), so that the pipeline can decide what the fault rules do to each request before any of them
 * runs, then run ({@link #run}).
 */
final class JsonBatch {
  static final int MAX_REQUESTS = 20;
  private static final com.fasterxml.jackson.core.StreamReadConstraints LIMITS =
      com.fasterxml.jackson.core.StreamReadConstraints.builder().maxNestingDepth(64).build();
  private static final ObjectMapper JSON = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
      .streamReadConstraints(LIMITS).enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build());

  private final GraphRequest batch;
  private final List<Item> items;

  private JsonBatch(GraphRequest batch, List<Item> items) {
    this.batch = batch;
    this.items = items;
  }

  /** Reads a batch; a {@link BatchException} says why it cannot be run at all (a 400, nothing run). */
  static JsonBatch parse(GraphRequest batch) throws BatchException {
    List<Item> made = new ArrayList<>();
    for (Item item : order(parse(batch.body()))) {
      made.add(item.withRequest(item.toRequest(batch)));
    }
    return new JsonBatch(batch, made);
  }

  /** The requests in the order they run (each after those it depends on), each made once. */
  List<GraphRequest> requests() {
    return items.stream().map(Item::request).toList();
  }

  /** Runs the requests in order with {@code pipeline}; one whose dependency failed gets 424 instead. */
  GraphResponse run(Function<GraphRequest, GraphResponse> pipeline) {
    Map<String, GraphResponse> done = new LinkedHashMap<>();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    try (JsonGenerator json = JSON.getFactory().createGenerator(body)) {
      json.writeStartObject();
      json.writeArrayFieldStart("responses");
      for (Item item : items) {
        GraphResponse response = failedDependency(item, done)
            ? ErrorResponse.of(424, "FailedDependency", "A request this one depends on failed.", batch)
            : pipeline.apply(item.request());
        done.put(item.key(), response);
        write(json, item.id(), response);
      }
      json.writeEndArray();
      json.writeEndObject();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("writing to memory cannot fail", e);
    }
    return new GraphResponse(200, Map.of("Content-Type", "application/json;odata.metadata=minimal;charset=utf-8"),
        body.toByteArray());
  }

  /** One request of the batch as sent, and (once made) as the pipeline runs it. */
  private record Item(String id, String method, String url, Map<String, String> headers, byte[] body,
                      List<String> dependsOn, GraphRequest request) {
    String key() {
      return id.toLowerCase(Locale.ROOT);
    }

    Item withRequest(GraphRequest made) {
      return new Item(id, method, url, headers, body, dependsOn, made);
    }

    GraphRequest toRequest(GraphRequest batch) {
      String relative = url.startsWith("/") ? url : "/" + url;
      int question = relative.indexOf('?');
      String path = question < 0 ? relative : relative.substring(0, question);
      String query = question < 0 ? null : relative.substring(question + 1);
      Map<String, List<String>> own = new HashMap<>();
      headers.forEach((name, value) -> own.put(name, List.of(value)));
      return new GraphRequest(method, batch.serviceRoot(), path, query, GraphRequest.itemHeaders(own, batch), body,
          RequestIds.newId(), batch.clientRequestId());
    }
  }

  private static List<Item> parse(byte[] body) throws BatchException {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new BatchException(JsonErrorMessages.of(e, LIMITS));
    } catch (IOException e) {
      throw new BatchException("The batch could not be read.");
    }
    if (root == null || !root.isObject() || !root.path("requests").isArray()) {
      throw new BatchException("The batch must be a JSON object with a 'requests' array.");
    }
    JsonNode requests = root.get("requests");
    if (requests.size() > MAX_REQUESTS) {
      throw new BatchException("Number of requests inside batch exceeds the limit.");
    }
    List<Item> items = new ArrayList<>();
    Map<String, Item> byKey = new HashMap<>();
    for (JsonNode request : requests) {
      Item item = item(request);
      if (byKey.put(item.key(), item) != null) {
        throw new BatchException("The batch has more than one request with id '" + item.id() + "'.");
      }
      items.add(item);
    }
    for (Item item : items) {
      for (String dependency : item.dependsOn()) {
        if (!byKey.containsKey(dependency.toLowerCase(Locale.ROOT))) {
          throw new BatchException("Request '" + item.id() + "' depends on '" + dependency
              + "', which is not in the batch.");
        }
      }
    }
    return items;
  }

  private static Item item(JsonNode request) throws BatchException {
    if (!request.isObject()) {
      throw new BatchException("Each request in the batch must be a JSON object.");
    }
    String id = text(request, "id", null);
    String method = text(request, "method", id).toUpperCase(Locale.ROOT);
    String url = text(request, "url", id);
    if (url.startsWith("http:") || url.startsWith("https:") || url.contains("$batch")) {
      throw new BatchException("Request '" + id + "': the url must be relative to the version root, such as"
          + " /deviceManagement/autopilotEvents, and not another batch.");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    JsonNode headerNode = request.path("headers");
    if (!headerNode.isMissingNode() && !headerNode.isNull()) {
      if (!headerNode.isObject()) {
        throw new BatchException("Request '" + id + "': 'headers' must be an object.");
      }
      headerNode.properties().forEach(header -> headers.put(header.getKey(), header.getValue().asText()));
    }
    byte[] body = null;
    JsonNode bodyNode = request.get("body");
    if (bodyNode != null && !bodyNode.isNull()) {
      if (headers.keySet().stream().noneMatch("Content-Type"::equalsIgnoreCase)) {
        throw new BatchException("Request '" + id + "': a request with a body needs a Content-Type header.");
      }
      body = (bodyNode.isTextual() ? bodyNode.asText() : bodyNode.toString()).getBytes(StandardCharsets.UTF_8);
    }
    List<String> dependsOn = new ArrayList<>();
    JsonNode dependencies = request.path("dependsOn");
    if (!dependencies.isMissingNode() && !dependencies.isNull()) {
      if (!dependencies.isArray()) {
        throw new BatchException("Request '" + id + "': 'dependsOn' must be an array of request ids.");
      }
      dependencies.forEach(dependency -> dependsOn.add(dependency.asText()));
    }
    return new Item(id, method, url, headers, body, dependsOn, null);
  }

  private static String text(JsonNode request, String field, String id) throws BatchException {
    JsonNode value = request.get(field);
    if (value == null || !(value.isTextual() || value.isNumber()) || value.asText().isEmpty()) {
      throw new BatchException((id == null ? "A request" : "Request '" + id + "'") + " has no '" + field + "'.");
    }
    return value.asText();
  }

  /** The requests in an order where each comes after those it depends on; the batch's order otherwise. */
  private static List<Item> order(List<Item> items) {
    List<Item> ordered = new ArrayList<>();
    Map<String, Item> pending = new LinkedHashMap<>();
    items.forEach(item -> pending.put(item.key(), item));
    while (!pending.isEmpty()) {
      Item ready = null;
      for (Item item : pending.values()) {
        if (item.dependsOn().stream().noneMatch(dependency -> pending.containsKey(dependency.toLowerCase(Locale.ROOT)))) {
          ready = item;
          break;
        }
      }
      if (ready == null) {
        // A cycle: what remains can never run after its dependencies; it fails them all with 424 below.
        ordered.addAll(pending.values());
        break;
      }
      ordered.add(ready);
      pending.remove(ready.key());
    }
    return ordered;
  }

  private static boolean failedDependency(Item item, Map<String, GraphResponse> done) {
    for (String dependency : item.dependsOn()) {
      GraphResponse response = done.get(dependency.toLowerCase(Locale.ROOT));
      if (response == null || response.status() >= 400) {
        return true;
      }
    }
    return false;
  }

  /**
   * One response of the batch. A JSON body, which the service itself wrote, goes in as it is, not parsed and
   * written again; any other body becomes a JSON string.
   */
  private static void write(JsonGenerator json, String id, GraphResponse response) throws IOException {
    json.writeStartObject();
    json.writeStringField("id", id);
    json.writeNumberField("status", response.status());
    json.writeObjectFieldStart("headers");
    for (Map.Entry<String, String> header : response.headers().entrySet()) {
      if (!header.getKey().equalsIgnoreCase("Content-Length")) {
        json.writeStringField(header.getKey(), header.getValue());
      }
    }
    json.writeEndObject();
    if (response.body().length > 0) {
      String contentType = response.headers().entrySet().stream()
          .filter(header -> header.getKey().equalsIgnoreCase("Content-Type")).map(Map.Entry::getValue)
          .findFirst().orElse("");
      String text = new String(response.body(), StandardCharsets.UTF_8);
      json.writeFieldName("body");
      if (contentType.startsWith("application/json")) {
        json.writeRawValue(text);
      } else {
        json.writeString(text);
      }
    }
    json.writeEndObject();
  }

  /** A batch that cannot be run at all. */
  static final class BatchException extends Exception {
    BatchException(String message) {
      super(message);
    }
  }
}
