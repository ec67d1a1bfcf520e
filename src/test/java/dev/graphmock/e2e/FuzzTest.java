package dev.graphmock.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random bodies and query strings, thousands of them, within a bounded time. Invariants: no status of
 * 500 or above, Graph's error shape on every 4xx, and the row count changes only with a 2xx write.
 * The seed is printed on failure; rerun with -Dgraphmock.fuzz.seed=N to reproduce.
 */
class FuzzTest extends SharedServerTest {
  static final int CASES = Integer.getInteger("graphmock.fuzz.cases", 2_000);
  static final long SEED = Long.getLong("graphmock.fuzz.seed", 20261128L);
  static final List<String> PROPERTIES = List.of("id", "deviceId", "osVersion", "eventDateTime", "enrollmentState",
      "deploymentState", "deploymentDuration", "deviceSetupDuration", "targetedAppCount", "userId", "bogus",
      "@odata.type", "@odata.context", "deviceId@odata.type", "", "\u0000", "enrollment State");
  static final List<String> VALUES = List.of("null", "true", "0", "-1", "2147483648", "1e308", "1.5", "\"\"",
      "\"x\"", "\"enrolled\"", "\"failed\"", "\"success\"", "\"PT1M\"", "\"-PT1.5S\"", "\"PT-1M-2S\"", "\"P1Y\"",
      "\"2024-01-01T00:00:00Z\"", "\"2024-01-01T00:00Z\"", "\"2024-02-30T00:00:00Z\"", "\"2024-01-01\"", "[]", "{}",
      "[1,2]", "{\"a\":{\"b\":[]}}", "\"#microsoft.graph.deviceManagementAutopilotEvent\"", "\"#x.y\"",
      "\"\\u0000\"", "\"\\ud800\"", "\"it's\"", "\"' or 1=1 --\"");
  static final List<String> OPTIONS = List.of("$filter", "$orderby", "$top", "$skip", "$count", "$select",
      "$skiptoken", "filter", "$Top", "%24orderby", "$expand", "$search", "$format", "x");
  static final List<String> FRAGMENTS = List.of("deviceId", "eq", "ne", "gt", "and", "or", "not", "(", ")", "'x'",
      "'enrolled'", "enrollmentState", "eventDateTime", "2024-01-01T00:00:00Z", "duration'PT1M'", "null", "in", ",",
      "startswith(deviceId,'d')", "tolower(", "length(osVersion)", "desc", "asc", "1", "-5", "999999999999",
      "true", "microsoft.graph.enrollmentState'failed'", "%", "%2", "'", "$it", "/", "*", "id", "\u00e9");


  @Test
  void randomBodiesAndQueriesNeverBreakTheInvariants() {
    Random random = new Random(SEED);
    long deadline = System.nanoTime() + 60_000_000_000L;
    int count = server.count();
    int writesAnswered = 0;
    int queriesAnswered = 0;
    int queriesRefused = 0;
    for (int ran = 0; ran < CASES && System.nanoTime() < deadline; ran++) {
      String description;
      TestServer.Reply reply;
      boolean write = random.nextInt(3) > 0;
      if (write) {
        byte[] body = mutate(random, body(random));
        description = "POST " + new String(body, StandardCharsets.UTF_8);
        reply = server.send(random.nextInt(10) == 0 ? "PATCH" : "POST",
            random.nextInt(10) == 0 ? TestServer.COLLECTION + "/" + count : TestServer.COLLECTION,
            TestServer.withJson(TestServer.AUTH), body);
      } else {
        String query = query(random);
        description = "GET ?" + query;
        try {
          reply = server.get(TestServer.COLLECTION + "?" + query);
        } catch (IllegalArgumentException rejectedByTheClient) {
          // java.net.URI refuses some of these (a '%' without two hex digits) before anything is sent: the server
          // never saw the case, so it is not counted as one that held the invariants.
          queriesRefused++;
          continue;
        }
      }
      String context = "seed " + SEED + ", case " + ran + ": " + description + " -> " + reply;
      assertTrue(reply.status() < 500, context);
      if (reply.status() >= 400) {
        JsonNode error = reply.json().get("error");
        assertTrue(error != null && error.hasNonNull("code") && error.hasNonNull("message"), context);
      }
      int now = server.count();
      boolean created = write && reply.status() == 201;
      assertEquals(created ? count + 1 : count, now, context);
      count = now;
      if (write) {
        writesAnswered++;
      } else {
        queriesAnswered++;
      }
    }
    // Only cases the server answered count: enough of them in the time allowed (four in five of those asked for,
    // room for the refused queries), and most of the queries among them. A body is always sent (the client cannot
    // refuse bytes), so the queries, one case in three, are what a client could leave out while bodies made up the
    // number.
    int answered = writesAnswered + queriesAnswered;
    int queries = queriesAnswered + queriesRefused;
    assertTrue(answered >= Math.min(CASES, 500) * 4 / 5, "the server answered " + answered + " cases");
    assertTrue(queriesAnswered * 5 >= queries * 4, "the client sent " + queriesAnswered + " of " + queries + " queries");
    System.out.printf("fuzz: %d bodies and %d queries answered, %d queries the client refused to send (seed %d),"
        + " %d rows created%n", writesAnswered, queriesAnswered, queriesRefused, SEED, count);
  }

  private static String body(Random random) {
    StringBuilder body = new StringBuilder("{");
    int properties = random.nextInt(6);
    for (int i = 0; i < properties; i++) {
      if (i > 0) {
        body.append(',');
      }
      body.append(TestServer.JSON.valueToTree(PROPERTIES.get(random.nextInt(PROPERTIES.size()))).toString())
          .append(':').append(VALUES.get(random.nextInt(VALUES.size())));
    }
    return body.append('}').toString();
  }

  /** Sometimes breaks the body: cuts it, flips a byte, or inserts one. */
  private static byte[] mutate(Random random, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    switch (random.nextInt(6)) {
      case 0 -> {
        return java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
      }
      case 1 -> {
        if (bytes.length > 0) {
          bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
        }
        return bytes;
      }
      case 2 -> {
        int at = random.nextInt(bytes.length + 1);
        byte[] longer = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, longer, 0, at);
        longer[at] = (byte) "{}[]\",:\\'\u0000".charAt(random.nextInt(10));
        System.arraycopy(bytes, at, longer, at + 1, bytes.length - at);
        return longer;
      }
      default -> {
        return bytes;
      }
    }
  }

  private static String query(Random random) {
    StringBuilder query = new StringBuilder();
    int options = 1 + random.nextInt(3);
    for (int i = 0; i < options; i++) {
      if (i > 0) {
        query.append('&');
      }
      StringBuilder value = new StringBuilder();
      int fragments = random.nextInt(6);
      for (int f = 0; f < fragments; f++) {
        value.append(FRAGMENTS.get(random.nextInt(FRAGMENTS.size()))).append(random.nextBoolean() ? " " : "");
      }
      String encoded = random.nextInt(4) == 0 ? value.toString().replace(" ", "%20")
          : URLEncoder.encode(value.toString(), StandardCharsets.UTF_8).replace("+", "%20");
      query.append(OPTIONS.get(random.nextInt(OPTIONS.size()))).append('=').append(encoded);
    }
    return query.toString();
  }
}
