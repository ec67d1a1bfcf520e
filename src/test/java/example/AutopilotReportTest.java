package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.graph.beta.models.DeviceManagementAutopilotEvent;
import com.microsoft.graph.beta.models.DeviceManagementAutopilotEventCollectionResponse;
import com.microsoft.graph.beta.serviceclient.GraphServiceClient;
import com.microsoft.kiota.authentication.AccessTokenProvider;
import com.microsoft.kiota.authentication.AllowedHostsValidator;
import com.microsoft.kiota.authentication.BaseBearerTokenAuthenticationProvider;
import dev.graphmock.journal.JournalEntry;
import dev.graphmock.junit.GraphMockExtension;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Written exactly as a user of graphmock writes a test (public API only, the README shows the same): Microsoft's
 * Graph SDK against {@code graph.baseUrl()}, a fault injected, the journal asserted.
 */
class AutopilotReportTest {
  @RegisterExtension
  static GraphMockExtension graph = GraphMockExtension.builder(options -> options.schema("current"));

  static GraphServiceClient client(String baseUrl) {
    AccessTokenProvider token = new AccessTokenProvider() {
      @Override
      public String getAuthorizationToken(URI uri, Map<String, Object> context) {
        return "any-token";
      }

      @Override
      public AllowedHostsValidator getAllowedHostsValidator() {
        return new AllowedHostsValidator("localhost", "127.0.0.1");
      }
    };
    GraphServiceClient client = new GraphServiceClient(new BaseBearerTokenAuthenticationProvider(token));
    client.getRequestAdapter().setBaseUrl(baseUrl);
    return client;
  }

  @Test
  void theReportSurvivesThrottlingAndSendsWhatItShould() {
    graph.graph().generate(30, 7);
    graph.addFault("status=429,times=2,retry-after=1,method=GET,path=autopilotEvents$");

    GraphServiceClient client = client(graph.baseUrl());
    DeviceManagementAutopilotEventCollectionResponse page = client.deviceManagement().autopilotEvents()
        .get(request -> {
          request.queryParameters.filter = "deploymentState eq 'failure'";
          request.queryParameters.top = 10;
        });

    for (DeviceManagementAutopilotEvent event : page.getValue()) {
      assertEquals("failure", event.getDeploymentState().getValue());
    }
    List<JournalEntry> calls = graph.requests(Map.of("method", "GET", "path", "autopilotEvents$"));
    assertEquals(List.of(200, 429, 429), calls.stream().map(JournalEntry::status).toList(),
        "two throttled attempts, then the one that worked, newest first");
    assertTrue(calls.get(0).url().contains("$filter=deploymentState"), calls.get(0).url());
  }

  @Test
  void eachTestStartsFromNothing() {
    assertEquals(List.of(), graph.requests(), "the journal was emptied before this test");
    assertEquals(0, client(graph.baseUrl()).deviceManagement().autopilotEvents().count().get());
  }
}
