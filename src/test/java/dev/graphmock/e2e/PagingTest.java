package dev.graphmock.e2e;

import static dev.graphmock.e2e.GraphErrorAssert.assertGraphError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Server-driven paging as Graph does it: $top is the page size, nextLinks are followed to the end. */
class PagingTest {
  static final int EVENTS = 250;

  @TempDir
  static Path folder;
  static TestServer server;

  /** One loaded event, as the test's own oracle of the order needs it. */
  record Event(String id, String deviceId, Instant eventDateTime, boolean failed, Duration deviceSetupDuration) {
  }

  /** The events loaded, to compute expected orders from. */
  static final List<Event> LOADED = new ArrayList<>();

  @BeforeAll
  static void start() throws IOException {
    server = TestServer.start(TestServer.config(folder).withPageSizes(100, 120));
    for (int i = 0; i < EVENTS; i++) {
      String id = String.format("p%03d", i);
      String deviceId = i % 7 == 0 ? null : "dev-" + (i % 5);
      // Each pair of events shares an instant, written once in UTC and once at +01:00: ties that cross offsets.
      int minute = (i / 2) % 60;
      String eventDateTime = i % 2 == 0 ? String.format("2024-01-01T00:%02d:00Z", minute)
          : String.format("2024-01-01T01:%02d:00+01:00", minute);
      boolean failed = i % 3 == 0;
      Duration deviceSetupDuration = Duration.ofSeconds(i % 10);
      String body = "{\"id\":\"" + id + "\",\"deviceId\":" + (deviceId == null ? "null" : "\"" + deviceId + "\"")
          + ",\"eventDateTime\":\"" + eventDateTime + "\",\"enrollmentState\":\"" + (failed ? "failed" : "enrolled")
          + "\",\"deviceSetupDuration\":\"" + deviceSetupDuration + "\"}";
      assertEquals(201, server.post(TestServer.COLLECTION, body).status());
      LOADED.add(new Event(id, deviceId, OffsetDateTime.parse(eventDateTime).toInstant(), failed, deviceSetupDuration));
    }
  }

  /**
   * The ids in the order {@code orderby} asks for, computed here rather than by the server: each key ascending or
   * descending, nulls first ascending and last descending (OData leaves it to the service; SQLite and Graph's
   * services do this), DateTimeOffsets by instant whatever their offset, ties broken by id in the direction of the
   * last key, and by id alone without $orderby. Strings compare by code unit, as SQLite's binary collation does for
   * these ASCII values.
   */
  static List<String> expectedOrder(String orderby, Predicate<Event> filter) {
    Comparator<Event> order = null;
    boolean lastDescending = false;
    for (String clause : orderby.isEmpty() ? new String[0] : orderby.split(",")) {
      String[] parts = clause.trim().split(" +");
      boolean descending = parts.length > 1 && parts[1].equals("desc");
      Comparator<Event> key = descending ? ascending(parts[0]).reversed() : ascending(parts[0]);
      order = order == null ? key : order.thenComparing(key);
      lastDescending = descending;
    }
    Comparator<Event> byId = lastDescending ? Comparator.comparing(Event::id).reversed() : Comparator.comparing(Event::id);
    order = order == null ? byId : order.thenComparing(byId);
    return LOADED.stream().filter(filter).sorted(order).map(Event::id).toList();
  }

  static Comparator<Event> ascending(String property) {
    return switch (property) {
      case "deviceId" -> Comparator.comparing(Event::deviceId, Comparator.nullsFirst(Comparator.naturalOrder()));
      case "eventDateTime" -> Comparator.comparing(Event::eventDateTime);
      case "deviceSetupDuration" -> Comparator.comparing(Event::deviceSetupDuration);
      default -> throw new IllegalArgumentException("no oracle for " + property);
    };
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** Follows nextLinks from {@code first} and returns each page's ids. */
  static List<List<String>> pages(String first, Map<String, String> headers) {
    List<List<String>> pages = new ArrayList<>();
    String url = first;
    while (url != null) {
      TestServer.Reply reply = server.send("GET", url, headers, null);
      assertEquals(200, reply.status(), reply::toString);
      JsonNode body = reply.json();
      List<String> ids = new ArrayList<>();
      body.get("value").forEach(event -> ids.add(event.get("id").asText()));
      pages.add(ids);
      url = body.hasNonNull("@odata.nextLink") ? body.get("@odata.nextLink").asText() : null;
      assertTrue(url == null || url.startsWith(server.beta() + "/deviceManagement/autopilotEvents?"), url);
      assertTrue(pages.size() < 1000, "paging must end");
    }
    return pages;
  }

  static List<String> all(List<List<String>> pages) {
    List<String> ids = new ArrayList<>();
    pages.forEach(ids::addAll);
    return ids;
  }

  @Test
  void withoutTopTheDefaultPageSizeApplies() {
    List<List<String>> pages = pages(TestServer.COLLECTION, TestServer.AUTH);
    assertEquals(List.of(100, 100, 50), pages.stream().map(List::size).toList());
    List<String> ids = all(pages);
    assertEquals(EVENTS, new HashSet<>(ids).size());
    assertEquals(ids.stream().sorted().toList(), ids, "default order is by id");
  }

  @ParameterizedTest(name = "$orderby={0}, failed only: {1}")
  @CsvSource(delimiter = '|', value = {
      "'' | false",
      "eventDateTime | false",
      "eventDateTime desc | false",
      "deviceId | false",
      "deviceId desc | false",
      "deviceId desc,eventDateTime | false",
      "deviceId,eventDateTime desc | false",
      "deviceSetupDuration desc,deviceId asc | false",
      "eventDateTime desc,deviceSetupDuration,deviceId desc | false",
      "eventDateTime | true",
      "deviceId desc | true"})
  void topSetsThePageSizeAndTheNextLinksYieldExactlyTheExpectedOrder(String orderby, boolean failedOnly) {
    String options = (failedOnly ? "&$filter=enrollmentState eq 'failed'" : "")
        + (orderby.isEmpty() ? "" : "&$orderby=" + orderby);
    String first = TestServer.COLLECTION + "?$top=7" + options.replace(" ", "%20").replace("'", "%27");
    List<List<String>> pages = pages(first, TestServer.AUTH);
    List<String> ids = all(pages);
    for (int i = 0; i < pages.size() - 1; i++) {
      assertEquals(7, pages.get(i).size());
    }
    assertEquals(expectedOrder(orderby, failedOnly ? Event::failed : event -> true), ids);
    String unpaged = TestServer.COLLECTION + "?$top=120" + options.replace(" ", "%20").replace("'", "%27");
    assertEquals(all(pages(unpaged, TestServer.AUTH)), ids, "the same order as with larger pages");
  }

  @Test
  void nextLinkCarriesTheOriginalOptions() {
    JsonNode body = server.get(TestServer.COLLECTION + "?$filter=deviceSetupDuration%20ge%20duration'PT5S'"
        + "&$orderby=eventDateTime&$select=id,deviceId&$count=true&$top=10").json();
    String next = body.get("@odata.nextLink").asText();
    for (String part : new String[] {"$filter=deviceSetupDuration%20ge%20duration", "$orderby=eventDateTime",
        "$select=id,deviceId", "$count=true", "$top=10", "$skiptoken="}) {
      assertTrue(next.contains(part), () -> part + " in " + next);
    }
    assertEquals(125, body.get("@odata.count").asInt());
    JsonNode second = server.send("GET", next, TestServer.AUTH, null).json();
    assertEquals(125, second.get("@odata.count").asInt());
    assertEquals(10, second.get("value").size());
    assertEquals(server.beta() + "/$metadata#deviceManagement/autopilotEvents(id,deviceId)",
        second.get("@odata.context").asText());
  }

  @Test
  void aTopAboveTheMaximumIsCapped() {
    assertEquals(120, server.get(TestServer.COLLECTION + "?$top=500").json().get("value").size());
  }

  @Test
  void preferMaxPageSizeIsHonoured() {
    TestServer.Reply reply = server.send("GET", TestServer.COLLECTION, Map.of("Authorization", "Bearer t",
        "Prefer", "odata.maxpagesize=30"), null);
    assertEquals(30, reply.json().get("value").size());
    assertEquals("odata.maxpagesize=30", reply.header("Preference-Applied"));
    List<List<String>> pages = pages(TestServer.COLLECTION, Map.of("Authorization", "Bearer t",
        "Prefer", "odata.maxpagesize=30"));
    assertEquals(9, pages.size());
    assertEquals(EVENTS, new HashSet<>(all(pages)).size());
  }

  @Test
  void skipAppliesToTheFirstPageOnly() {
    List<String> ids = all(pages(TestServer.COLLECTION + "?$skip=240&$top=4", TestServer.AUTH));
    assertEquals(List.of("p240", "p241", "p242", "p243", "p244", "p245", "p246", "p247", "p248", "p249"), ids);
  }

  @Test
  void topZeroGivesAnEmptyPageAndNoNextLink() {
    JsonNode body = server.get(TestServer.COLLECTION + "?$top=0&$count=true").json();
    assertEquals(0, body.get("value").size());
    assertNull(body.get("@odata.nextLink"));
    assertEquals(EVENTS, body.get("@odata.count").asInt());
  }

  @Test
  void insertsBetweenPagesNeverRepeatARow() {
    String url = TestServer.COLLECTION + "?$top=20&$orderby=eventDateTime%20desc&$filter=startswith(deviceId,'dev-1')";
    Set<String> seen = new HashSet<>();
    int inserted = 0;
    try {
      while (url != null) {
        JsonNode body = server.send("GET", url, TestServer.AUTH, null).json();
        for (JsonNode event : body.get("value")) {
          assertTrue(seen.add(event.get("id").asText()), () -> "twice: " + event);
        }
        for (String time : new String[] {"00:00:30Z", "00:59:59Z", "00:10:00+01:00"}) {
          assertEquals(201, server.post(TestServer.COLLECTION, "{\"id\":\"late-" + inserted++ + "\",\"deviceId\":"
              + "\"dev-1x\",\"eventDateTime\":\"2024-01-01T" + time + "\"}").status());
        }
        url = body.hasNonNull("@odata.nextLink") ? body.get("@odata.nextLink").asText() : null;
      }
      for (int i = 1; i < EVENTS; i += 5) {
        if (i % 7 != 0) {
          assertTrue(seen.contains(String.format("p%03d", i)), "every row that matched throughout is seen: " + i);
        }
      }
    } finally {
      for (int i = 0; i < inserted; i++) {
        server.send("DELETE", TestServer.COLLECTION + "/late-" + i, TestServer.AUTH, null);
      }
    }
  }

  @Test
  void aTamperedOrForeignSkipTokenIs400() {
    String next = server.get(TestServer.COLLECTION + "?$top=5&$orderby=eventDateTime").json()
        .get("@odata.nextLink").asText();
    String token = next.substring(next.indexOf("$skiptoken=") + "$skiptoken=".length());
    char flipped = token.charAt(3) == 'A' ? 'B' : 'A';
    String tampered = next.replace(token, token.substring(0, 3) + flipped + token.substring(4));
    assertGraphError(server.send("GET", tampered, TestServer.AUTH, null), 400, "BadRequest");
    String otherQuery = server.beta() + TestServer.COLLECTION + "?$top=5&$orderby=deviceId&$skiptoken=" + token;
    assertGraphError(server.send("GET", otherQuery, TestServer.AUTH, null), 400, "BadRequest");
    assertEquals(200, server.send("GET", next, TestServer.AUTH, null).status());
  }
}
