package example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.graphmock.journal.JournalEntry;
import dev.graphmock.junit.GraphMockExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class InventoryClientTest {
  @RegisterExtension
  static GraphMockExtension graph = GraphMockExtension.create();

  @Test
  void retriesAThrottledRead() throws Exception {
    graph.graph().generate(5, 1);
    graph.addFault("status=429,times=1,retry-after=1,method=GET");
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest count = HttpRequest.newBuilder(URI.create(graph.baseUrl() + "/deviceManagement/autopilotEvents/$count"))
        .header("Authorization", "Bearer any").build();
    HttpResponse<String> first = client.send(count, HttpResponse.BodyHandlers.ofString());
    assertEquals(429, first.statusCode());
    assertEquals("1", first.headers().firstValue("Retry-After").orElse(""));
    assertEquals("5", client.send(count, HttpResponse.BodyHandlers.ofString()).body());
    assertEquals(List.of(200, 429), graph.requests(Map.of("method", "GET")).stream().map(JournalEntry::status)
        .toList());
  }

  @Test
  void startsEmpty() throws Exception {
    HttpResponse<String> count = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(graph.baseUrl()
        + "/deviceManagement/autopilotEvents/$count")).header("Authorization", "Bearer any").build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals("0", count.body());
  }
}
