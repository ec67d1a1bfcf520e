package dev.graphmock.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * The fault rules in force and the throttle, asked once per request (each request inside a {@code $batch} on
 * its own). Rules are tried in the order they were added; the first that fires decides, and the rules after it
 * do not see the request. A rule that answers (a status) or drops the connection answers instead of the throttle,
 * which does not count the request; when no rule fired, or the one that fired only delays, the throttle decides,
 * and its refusal keeps the delay ({@link Fault#throttled}). Thread-safe.
 *
 * <p>What the rules hold is bounded, whatever is added: at most {@value #MAX_RULES} rules, and their paths together
 * at most {@value #MAX_PATH_CHARACTERS} characters and {@value #MAX_PATH_INSTRUCTIONS} instructions once RE2J
 * compiles them. RE2J keeps a path's program, one matching machine the size of the program for each request
 * matching it at the same moment, and a table of a few KiB for each Unicode class such as {@code \pL}; within
 * these limits that is a few tens of MiB at worst, and a few KiB for the rules tests write. Nothing is kept per
 * request beyond each rule's two counters.
 */
public final class Faults {
  static final int MAX_RULES = 100;
  static final int MAX_PATH_CHARACTERS = 10_000;
  /** Also what matching a path costs at worst: a step per instruction and character, some 0.1 s a 1 KiB path. */
  static final int MAX_PATH_INSTRUCTIONS = 10_000;

  /** Made on first use rather than at start-up, which a JVM's first ObjectMapper slows by a tenth of a second. */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }
  /** A --fault option's fields, split at each comma that starts another {@code name=}; a path may hold commas. */
  private static final Pattern OPTION_FIELDS = Pattern.compile(
      ",(?=\\s*(status|rate|retry-after|retryAfterSeconds|method|path|tenant|seed|times|every|latency|latencyMs|drop)=)");

  private final List<FaultRule> rules = new CopyOnWriteArrayList<>();
  private final Throttle throttle;

  /** @param throttle the throttle, or null for none */
  public Faults(Throttle throttle) {
    this.throttle = throttle;
  }

  /** Adds a rule from its JSON; an {@link IllegalArgumentException} says what is wrong with it. */
  public synchronized FaultRule add(JsonNode spec) {
    if (rules.size() >= MAX_RULES) {
      throw new IllegalArgumentException("There are " + MAX_RULES + " rules already, the most there may be: delete"
          + " one first (DELETE /__admin/faults/{id}).");
    }
    FaultRule rule = FaultRule.parse(UUID.randomUUID().toString(), spec);
    int characters = rules.stream().mapToInt(FaultRule::pathLength).sum();
    if (characters + rule.pathLength() > MAX_PATH_CHARACTERS) {
      throw new IllegalArgumentException("All rules' paths together may hold "
          + PathPattern.thousands(MAX_PATH_CHARACTERS) + " characters; this path has "
          + PathPattern.thousands(rule.pathLength()) + " and the rules already added "
          + PathPattern.thousands(characters) + ".");
    }
    int instructions = rules.stream().mapToInt(FaultRule::pathInstructions).sum();
    if (instructions + rule.pathInstructions() > MAX_PATH_INSTRUCTIONS) {
      throw new IllegalArgumentException("All rules' paths together may take "
          + PathPattern.thousands(MAX_PATH_INSTRUCTIONS) + " instructions " + PathPattern.EXPANDED
          + "; this path takes " + PathPattern.thousands(rule.pathInstructions()) + " and the rules already added "
          + PathPattern.thousands(instructions) + ".");
    }
    rules.add(rule);
    return rule;
  }

  public List<FaultRule> rules() {
    return List.copyOf(rules);
  }

  public boolean remove(String id) {
    return rules.removeIf(rule -> rule.id().equals(id));
  }

  public void clear() {
    rules.clear();
  }

  /**
   * What to do to a request, if anything.
   *
   * @param path the path after the version root, such as {@code /deviceManagement/autopilotEvents}
   * @param app the calling app's id (a JWT's appid, or a fixed name for callers without one), asked for only when
   *     the throttle needs it
   */
  public Optional<Fault> decide(String method, String path, String tenant, java.util.function.Supplier<String> app) {
    Fault fired = firstToFire(method, path, tenant);
    if (fired != null && !fired.servesRequest()) {
      return Optional.of(fired);
    }
    // A rule that only delays leaves the request to the throttle: before issue 30 it switched the throttle off, and
    // with --throttle 2/60s and {"latencyMs":50} five GETs in a row were all served.
    Optional<Fault> refused = throttle(method, tenant, app, fired == null ? 0 : fired.latencyMs());
    return refused.isPresent() ? refused : Optional.ofNullable(fired);
  }

  private Fault firstToFire(String method, String path, String tenant) {
    for (FaultRule rule : rules) {
      Optional<Fault> fault = rule.consider(method, path, tenant);
      if (fault.isPresent()) {
        return fault.get();
      }
    }
    return null;
  }

  /** The throttle's refusal of a request that has been let wait {@code latencyMs}, or empty when it is admitted. */
  private Optional<Fault> throttle(String method, String tenant, java.util.function.Supplier<String> app,
                                   long latencyMs) {
    if (throttle == null) {
      return Optional.empty();
    }
    OptionalLong waitMillis = throttle.admit(tenant, app.get(), FaultRule.isWrite(method), System.nanoTime());
    if (waitMillis.isEmpty()) {
      return Optional.empty();
    }
    int seconds = (int) Math.max(1, (waitMillis.getAsLong() + 999) / 1000);
    return Optional.of(Fault.throttled(seconds, latencyMs));
  }

  /**
   * A rule from the command line, {@code status=429,rate=0.1,retry-after=2,method=GET,path=REGEX,seed=7}, as JSON
   * ({@code retry-after} and {@code latency} name retryAfterSeconds and latencyMs; a latency range is
   * {@code latency=50-200}; {@code drop} alone means drop=true).
   */
  public static JsonNode parseOption(String option) {
    ObjectNode spec = Json.MAPPER.createObjectNode();
    for (String field : OPTION_FIELDS.split(option.trim())) {
      String trimmed = field.trim();
      int equals = trimmed.indexOf('=');
      String name = equals < 0 ? trimmed : trimmed.substring(0, equals).trim();
      String value = equals < 0 ? null : trimmed.substring(equals + 1);
      switch (name) {
        case "drop" -> spec.put("drop", value == null || Boolean.parseBoolean(value.trim()));
        case "method", "path", "tenant" -> spec.put(name, required(name, value));
        case "retry-after", "retryAfterSeconds" -> spec.set("retryAfterSeconds", number(name, value));
        case "latency", "latencyMs" -> {
          String range = required(name, value).trim();
          int dash = range.indexOf('-', 1);
          if (dash < 0) {
            spec.set("latencyMs", number(name, range));
          } else {
            spec.putArray("latencyMs").add(number(name, range.substring(0, dash)))
                .add(number(name, range.substring(dash + 1)));
          }
        }
        case "status", "rate", "seed", "times", "every" -> spec.set(name, number(name, value));
        default -> throw new IllegalArgumentException("--fault: unknown field '" + name + "' (fields: status,"
            + " retry-after, latency, drop, method, path, tenant, times, every, rate, seed)");
      }
    }
    return spec;
  }

  private static String required(String name, String value) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("--fault: " + name + " needs a value, such as " + name + "=…");
    }
    return value;
  }

  private static JsonNode number(String name, String value) {
    try {
      return Json.MAPPER.readTree(required(name, value).trim()).isNumber() ? Json.MAPPER.readTree(value.trim())
          : failNumber(name, value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return failNumber(name, value);
    }
  }

  private static JsonNode failNumber(String name, String value) {
    throw new IllegalArgumentException("--fault: " + name + " must be a number, not '" + value + "'");
  }
}
