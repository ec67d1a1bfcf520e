package dev.graphmock.e2e;

import static dev.graphmock.e2e.GraphErrorAssert.assertGraphError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphmock.http.ServerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Server-driven paging as Graph does it: $top is the page size, nextLinks are followed to the end. */
class PagingTest {
  static final int EVENTS = 250;

  @TempDir
  static Path folder;
  static TestServer server;

  @BeforeAll
  static void start() throws IOException {
    server = TestServer.start(TestServer.config(folder).withPageSizes(100, 120));
    for (int i = 0; i < EVENTS; i++) {
      String deviceId = i % 7 == 0 ? "null" : "\"dev-" + (i % 5) + "\"";
      String body = "{\"id\":\"p" + String.format("%03d", i) + "\",\"deviceId\":" + deviceId
          + ",\"eventDateTime\":\"2024-01-01T00:" + String.format("%02d", i % 60) + ":00" + (i % 2 == 0 ? "Z" : "+01:00")
          + "\",\"enrollmentState\":\"" + (i % 3 == 0 ? "failed" : "enrolled") + "\",\"deviceSetupDuration\":\"PT"
          + (i % 10) + "S\"}";
      assertEquals(201, server.post(TestServer.COLLECTION, body).status());
    }
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

  @ParameterizedTest
  @ValueSource(strings = {"", "&$orderby=eventDateTime desc", "&$orderby=deviceId", "&$orderby=deviceId desc,eventDateTime",
      "&$orderby=deviceSetupDuration desc,deviceId asc", "&$filter=enrollmentState eq 'failed'&$orderby=eventDateTime"})
  void topSetsThePageSizeAndEveryRowComesExactlyOnce(String options) {
    String first = TestServer.COLLECTION + "?$top=7" + options.replace(" ", "%20").replace("'", "%27");
    List<List<String>> pages = pages(first, TestServer.AUTH);
    List<String> ids = all(pages);
    for (int i = 0; i < pages.size() - 1; i++) {
      assertEquals(7, pages.get(i).size());
    }
    assertEquals(ids.size(), new HashSet<>(ids).size(), "no row twice");
    int expected = options.contains("failed") ? (EVENTS + 2) / 3 : EVENTS;
    assertEquals(expected, ids.size());
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
