package dev.graphmock.journal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The journal's two wire shapes: its own ({@code {"value":[entry, …]}}, one entry alone, or one entry a line in
 * the NDJSON file), and HAR 1.2 ({@code {"log":{…,"entries":[…]}}}), which browser tools, Dev Proxy and HAR
 * libraries read; graphmock's own fields there start with {@code _}, as HAR asks of custom fields. A body is
 * written as JSON when it is JSON (and whole), else as text.
 */
public final class JournalJson {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonFactory FACTORY = JSON.getFactory();
  private static final Map<Integer, String> REASONS = Map.ofEntries(Map.entry(200, "OK"), Map.entry(201, "Created"),
      Map.entry(204, "No Content"), Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"),
      Map.entry(403, "Forbidden"), Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"),
      Map.entry(409, "Conflict"), Map.entry(412, "Precondition Failed"), Map.entry(413, "Payload Too Large"),
      Map.entry(415, "Unsupported Media Type"), Map.entry(424, "Failed Dependency"),
      Map.entry(429, "Too Many Requests"), Map.entry(500, "Internal Server Error"), Map.entry(502, "Bad Gateway"),
      Map.entry(503, "Service Unavailable"), Map.entry(504, "Gateway Timeout"),
      Map.entry(507, "Insufficient Storage"));

  private JournalJson() {
  }

  /** {@code {"value":[…]}}. */
  public static void page(List<JournalEntry> entries, OutputStream out) throws IOException {
    try (JsonGenerator json = FACTORY.createGenerator(out)) {
      json.writeStartObject();
      json.writeArrayFieldStart("value");
      for (JournalEntry entry : entries) {
        entry(entry, json);
      }
      json.writeEndArray();
      json.writeEndObject();
    }
  }

  public static void one(JournalEntry entry, OutputStream out) throws IOException {
    try (JsonGenerator json = FACTORY.createGenerator(out)) {
      entry(entry, json);
    }
  }

  static void entry(JournalEntry entry, JsonGenerator json) throws IOException {
    json.writeStartObject();
    json.writeStringField("requestId", entry.requestId());
    json.writeStringField("clientRequestId", entry.clientRequestId());
    json.writeStringField("time", entry.time().toString());
    json.writeStringField("method", entry.method());
    json.writeStringField("url", entry.url());
    headers("requestHeaders", entry.requestHeaders(), json);
    body("requestBody", entry.requestBody(), json);
    json.writeNumberField("status", entry.status());
    headers("responseHeaders", entry.responseHeaders(), json);
    body("responseBody", entry.responseBody(), json);
    json.writeNumberField("durationMs", entry.durationMs());
    json.writeStringField("tenant", entry.tenant());
    json.writeStringField("batchRequestId", entry.batchRequestId());
    json.writeFieldName("fault");
    fault(entry.fault(), json);
    json.writeEndObject();
  }

  private static void headers(String name, Map<String, String> headers, JsonGenerator json) throws IOException {
    json.writeObjectFieldStart(name);
    for (Map.Entry<String, String> header : new java.util.TreeMap<>(headers).entrySet()) {
      json.writeStringField(header.getKey(), header.getValue());
    }
    json.writeEndObject();
  }

  private static void body(String name, JournalEntry.Body body, JsonGenerator json) throws IOException {
    json.writeFieldName(name);
    if (body.bytes().length == 0) {
      json.writeNull();
      return;
    }
    JsonNode parsed = asJson(body);
    if (parsed != null) {
      json.writeTree(parsed);
    } else {
      json.writeString(new String(body.bytes(), StandardCharsets.UTF_8));
    }
    if (body.truncated()) {
      json.writeBooleanField(name + "Truncated", true);
    }
  }

  /** The body as a JSON tree when its media type says JSON, it is whole, and it parses; else null. */
  private static JsonNode asJson(JournalEntry.Body body) {
    String type = body.contentType() == null ? "" : body.contentType().toLowerCase(java.util.Locale.ROOT);
    if (body.truncated() || !(type.startsWith("application/json") || type.contains("+json"))) {
      return null;
    }
    try {
      return JSON.readTree(body.bytes());
    } catch (IOException e) {
      return null;
    }
  }

  private static void fault(JournalEntry.Fault fault, JsonGenerator json) throws IOException {
    if (fault == null) {
      json.writeNull();
      return;
    }
    json.writeStartObject();
    json.writeStringField("source", fault.source());
    if (fault.status() != 0) {
      json.writeNumberField("status", fault.status());
    }
    if (fault.latencyMs() != 0) {
      json.writeNumberField("latencyMs", fault.latencyMs());
    }
    if (fault.dropped()) {
      json.writeBooleanField("dropped", true);
    }
    json.writeEndObject();
  }

  /** HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/), entries in the order given. */
  public static void har(List<JournalEntry> entries, String version, OutputStream out) throws IOException {
    try (JsonGenerator json = FACTORY.createGenerator(out)) {
      json.writeStartObject();
      json.writeObjectFieldStart("log");
      json.writeStringField("version", "1.2");
      json.writeObjectFieldStart("creator");
      json.writeStringField("name", "graphmock");
      json.writeStringField("version", version);
      json.writeEndObject();
      json.writeArrayFieldStart("entries");
      for (JournalEntry entry : entries) {
        harEntry(entry, json);
      }
      json.writeEndArray();
      json.writeEndObject();
      json.writeEndObject();
    }
  }

  private static void harEntry(JournalEntry entry, JsonGenerator json) throws IOException {
    json.writeStartObject();
    json.writeStringField("startedDateTime", entry.time().toString());
    json.writeNumberField("time", entry.durationMs());
    json.writeObjectFieldStart("request");
    json.writeStringField("method", entry.method());
    json.writeStringField("url", entry.url());
    json.writeStringField("httpVersion", "HTTP/1.1");
    json.writeArrayFieldStart("cookies");
    json.writeEndArray();
    harHeaders(entry.requestHeaders(), json);
    json.writeArrayFieldStart("queryString");
    int question = entry.url().indexOf('?');
    if (question >= 0) {
      for (String pair : entry.url().substring(question + 1).split("&")) {
        if (!pair.isEmpty()) {
          int equals = pair.indexOf('=');
          json.writeStartObject();
          json.writeStringField("name", decode(equals < 0 ? pair : pair.substring(0, equals)));
          json.writeStringField("value", equals < 0 ? "" : decode(pair.substring(equals + 1)));
          json.writeEndObject();
        }
      }
    }
    json.writeEndArray();
    if (entry.requestBody().bytes().length > 0) {
      json.writeObjectFieldStart("postData");
      json.writeStringField("mimeType", entry.requestBody().contentType() == null ? ""
          : entry.requestBody().contentType());
      json.writeStringField("text", new String(entry.requestBody().bytes(), StandardCharsets.UTF_8));
      json.writeEndObject();
    }
    json.writeNumberField("headersSize", -1);
    json.writeNumberField("bodySize", entry.requestBody().totalBytes());
    json.writeEndObject();

    json.writeObjectFieldStart("response");
    json.writeNumberField("status", entry.status());
    json.writeStringField("statusText", REASONS.getOrDefault(entry.status(), ""));
    json.writeStringField("httpVersion", "HTTP/1.1");
    json.writeArrayFieldStart("cookies");
    json.writeEndArray();
    harHeaders(entry.responseHeaders(), json);
    json.writeObjectFieldStart("content");
    json.writeNumberField("size", entry.responseBody().totalBytes());
    json.writeStringField("mimeType", entry.responseBody().contentType() == null ? ""
        : entry.responseBody().contentType());
    if (entry.responseBody().bytes().length > 0) {
      json.writeStringField("text", new String(entry.responseBody().bytes(), StandardCharsets.UTF_8));
    }
    json.writeEndObject();
    json.writeStringField("redirectURL", entry.responseHeaders().getOrDefault("Location", ""));
    json.writeNumberField("headersSize", -1);
    json.writeNumberField("bodySize", entry.responseBody().totalBytes());
    json.writeEndObject();

    json.writeObjectFieldStart("cache");
    json.writeEndObject();
    json.writeObjectFieldStart("timings");
    json.writeNumberField("send", 0);
    json.writeNumberField("wait", entry.durationMs());
    json.writeNumberField("receive", 0);
    json.writeEndObject();
    json.writeStringField("_requestId", entry.requestId());
    json.writeStringField("_clientRequestId", entry.clientRequestId());
    json.writeStringField("_tenant", entry.tenant());
    json.writeStringField("_batchRequestId", entry.batchRequestId());
    json.writeFieldName("_fault");
    fault(entry.fault(), json);
    json.writeEndObject();
  }

  private static void harHeaders(Map<String, String> headers, JsonGenerator json) throws IOException {
    json.writeArrayFieldStart("headers");
    for (Map.Entry<String, String> header : new java.util.TreeMap<>(headers).entrySet()) {
      json.writeStartObject();
      json.writeStringField("name", header.getKey());
      json.writeStringField("value", header.getValue());
      json.writeEndObject();
    }
    json.writeEndArray();
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return text;
    }
  }
}
