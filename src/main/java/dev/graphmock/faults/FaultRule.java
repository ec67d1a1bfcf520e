package dev.graphmock.faults;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * One fault rule: which requests it matches ({@code method}, {@code path} searched as a regular expression in the
 * path after the version root, {@code tenant}; each optional), what it does ({@code status} with
 * {@code retryAfterSeconds}, {@code latencyMs} fixed or {@code [min, max]}, or {@code drop}), and when: on the
 * next {@code times} matching requests, on every {@code every}-th, or with probability {@code rate} drawn from a
 * generator seeded with {@code seed} (one is chosen and shown when none is given), so a failing test reproduces.
 * {@code times} also caps {@code every} and {@code rate}. Its counters are its own and change under its lock, which
 * is held for nothing else: a request is matched first, so no request waits on another's match.
 * What it keeps from its JSON is bounded: {@code path} ({@link PathPattern}) and {@code tenant} are at most
 * {@value PathPattern#MAX_LENGTH} characters, and all else is numbers.
 */
public final class FaultRule {
  /** The statuses Graph's guidance on random errors lists; 507 only for writes. */
  static final Set<Integer> STATUSES = Set.of(429, 500, 502, 503, 504, 507);
  /** HEAD is not among them: a HEAD is answered as its GET, and rules for GET apply to it. */
  static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
  private static final Set<String> FIELDS = Set.of("method", "path", "tenant", "status", "retryAfterSeconds",
      "latencyMs", "drop", "times", "every", "rate", "seed");
  static final long MAX_LATENCY_MS = 60_000;

  private final String id;
  private final String method;
  private final PathPattern path;
  private final String tenant;
  private final int status;
  private final Integer retryAfterSeconds;
  private final long latencyMin;
  private final long latencyMax;
  private final boolean drop;
  private final Integer times;
  private final Integer every;
  private final Double rate;
  private final long seed;
  private final SplittableRandom random;
  private long matched;
  private long hits;

  private FaultRule(String id, JsonNode spec) {
    for (String field : (Iterable<String>) spec::fieldNames) {
      if (!FIELDS.contains(field)) {
        throw new IllegalArgumentException("Unknown field '" + field + "': a rule takes " + String.join(", ",
            FIELDS.stream().sorted().toList()) + ".");
      }
    }
    this.id = id;
    this.method = text(spec, "method") == null ? null : text(spec, "method").toUpperCase(Locale.ROOT);
    if (method != null && !METHODS.contains(method)) {
      throw new IllegalArgumentException("method must be one of " + String.join(", ", METHODS.stream().sorted()
          .toList()) + ", not '" + text(spec, "method") + "'.");
    }
    String pathText = text(spec, "path");
    this.path = pathText == null ? null : PathPattern.compile(pathText);
    this.tenant = text(spec, "tenant");
    if (tenant != null && tenant.isBlank()) {
      throw new IllegalArgumentException("tenant must name a tenant.");
    }
    if (tenant != null && tenant.length() > PathPattern.MAX_LENGTH) {
      throw new IllegalArgumentException("tenant is at most " + PathPattern.thousands(PathPattern.MAX_LENGTH)
          + " characters, not " + PathPattern.thousands(tenant.length()) + ".");
    }
    Long statusValue = whole(spec, "status", 0, 999);
    this.status = statusValue == null ? 0 : statusValue.intValue();
    if (statusValue != null && !STATUSES.contains(status)) {
      throw new IllegalArgumentException("status must be one of 429, 500, 502, 503, 504 or 507, not " + status + ".");
    }
    if (status == 507 && method != null && !isWrite(method)) {
      throw new IllegalArgumentException("status 507 (InsufficientStorage) answers writes only, not " + method + ".");
    }
    Long retryAfter = whole(spec, "retryAfterSeconds", 0, 86_400);
    this.retryAfterSeconds = retryAfter == null ? null : retryAfter.intValue();
    if (retryAfterSeconds != null && status == 0) {
      throw new IllegalArgumentException("retryAfterSeconds goes with a status, which the rule does not give.");
    }
    JsonNode latency = spec.path("latencyMs");
    if (latency.isMissingNode() || latency.isNull()) {
      latencyMin = 0;
      latencyMax = 0;
    } else if (latency.isArray() && latency.size() == 2 && latency.get(0).canConvertToLong()
        && latency.get(0).isIntegralNumber() && latency.get(1).isIntegralNumber()) {
      latencyMin = latency.get(0).asLong();
      latencyMax = latency.get(1).asLong();
    } else if (latency.isIntegralNumber()) {
      latencyMin = latency.asLong();
      latencyMax = latencyMin;
    } else {
      throw new IllegalArgumentException("latencyMs must be a whole number of milliseconds or [min, max].");
    }
    if (latencyMin < 0 || latencyMax < latencyMin || latencyMax > MAX_LATENCY_MS) {
      throw new IllegalArgumentException("latencyMs must lie from 0 to " + MAX_LATENCY_MS + " ms, with min <= max.");
    }
    JsonNode dropNode = spec.path("drop");
    if (!dropNode.isMissingNode() && !dropNode.isBoolean()) {
      throw new IllegalArgumentException("drop must be true or false.");
    }
    this.drop = dropNode.asBoolean(false);
    if (drop && status != 0) {
      throw new IllegalArgumentException("drop closes the connection without an answer, so it takes no status.");
    }
    if (!drop && status == 0 && latencyMax == 0) {
      throw new IllegalArgumentException("A rule must do something: give a status, latencyMs or drop: true.");
    }
    Long timesValue = whole(spec, "times", 1, Integer.MAX_VALUE);
    this.times = timesValue == null ? null : timesValue.intValue();
    Long everyValue = whole(spec, "every", 1, Integer.MAX_VALUE);
    this.every = everyValue == null ? null : everyValue.intValue();
    JsonNode rateNode = spec.path("rate");
    if (rateNode.isMissingNode() || rateNode.isNull()) {
      this.rate = null;
    } else if (rateNode.isNumber() && rateNode.asDouble() > 0 && rateNode.asDouble() <= 1) {
      this.rate = rateNode.asDouble();
    } else {
      throw new IllegalArgumentException("rate must be a number greater than 0 and at most 1, such as 0.1.");
    }
    if (every != null && rate != null) {
      throw new IllegalArgumentException("Give every or rate, not both: one schedule a rule.");
    }
    Long seedValue = whole(spec, "seed", Long.MIN_VALUE, Long.MAX_VALUE);
    // A chosen seed stays within 2^53, so that JSON readers holding numbers as doubles (JavaScript, jq) show it
    // exactly and can send it back.
    this.seed = seedValue != null ? seedValue : new SplittableRandom().nextLong() >>> 11;
    this.random = new SplittableRandom(seed);
  }

  /** Reads a rule from its JSON; an {@link IllegalArgumentException} says what is wrong with it. */
  static FaultRule parse(String id, JsonNode spec) {
    if (spec == null || !spec.isObject()) {
      throw new IllegalArgumentException("A rule must be a JSON object such as {\"status\":429,\"times\":2}.");
    }
    return new FaultRule(id, spec);
  }

  public String id() {
    return id;
  }

  /** The characters of its path, 0 without one. */
  int pathLength() {
    return path == null ? 0 : path.text().length();
  }

  /** The instructions its path compiled into, 0 without one. */
  int pathInstructions() {
    return path == null ? 0 : path.instructions();
  }

  static boolean isWrite(String method) {
    return !method.equals("GET") && !method.equals("HEAD");
  }

  /** Whether the rule matches the request, and if so whether it fires now: then what to do. */
  Optional<Fault> consider(String requestMethod, String requestPath, String requestTenant) {
    // Tenants are compared exactly: they are case-sensitive, so tenant-x and TENANT-X are two tenants.
    if ((method != null && !method.equals(requestMethod)) || (tenant != null && !tenant.equals(requestTenant))
        || (status == 507 && !isWrite(requestMethod)) || (path != null && !path.foundIn(requestPath))) {
      return Optional.empty();
    }
    return fire();
  }

  /** Counts a matching request and decides whether the rule fires on it; the only work done under the lock. */
  private synchronized Optional<Fault> fire() {
    if (times != null && hits >= times) {
      return Optional.empty();
    }
    matched++;
    boolean fires = every != null ? matched % every == 0 : rate == null || random.nextDouble() < rate;
    if (!fires) {
      return Optional.empty();
    }
    hits++;
    long latency = latencyMin == latencyMax ? latencyMin : latencyMin + random.nextLong(latencyMax - latencyMin + 1);
    return Optional.of(new Fault(id, status, retryAfterSeconds, latency, drop));
  }

  /** The rule as {@code GET /__admin/faults} shows it: what it was given, its id and seed, and its hits. */
  public synchronized Map<String, Object> describe() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("id", id);
    put(fields, "method", method);
    put(fields, "path", path == null ? null : path.text());
    put(fields, "tenant", tenant);
    put(fields, "status", status == 0 ? null : status);
    put(fields, "retryAfterSeconds", retryAfterSeconds);
    put(fields, "latencyMs", latencyMax == 0 ? null : latencyMin == latencyMax ? (Object) latencyMin
        : List.of(latencyMin, latencyMax));
    put(fields, "drop", drop ? true : null);
    put(fields, "times", times);
    put(fields, "every", every);
    put(fields, "rate", rate);
    fields.put("seed", seed);
    fields.put("hits", hits);
    return fields;
  }

  private static void put(Map<String, Object> fields, String name, Object value) {
    if (value != null) {
      fields.put(name, value);
    }
  }

  private static String text(JsonNode spec, String field) {
    JsonNode value = spec.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new IllegalArgumentException(field + " must be a string.");
    }
    return value.asText();
  }

  private static Long whole(JsonNode spec, String field, long min, long max) {
    JsonNode value = spec.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < min || value.asLong() > max) {
      throw new IllegalArgumentException(field + " must be a whole number"
          + (min == Long.MIN_VALUE ? "" : " from " + min + (max >= Integer.MAX_VALUE ? " up" : " to " + max)) + ".");
    }
    return value.asLong();
  }
}
