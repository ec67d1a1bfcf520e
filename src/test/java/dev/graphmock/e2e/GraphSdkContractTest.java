package dev.graphmock.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.graph.beta.models.DeviceManagementAutopilotEvent;
import com.microsoft.graph.beta.models.DeviceManagementAutopilotEventCollectionResponse;
import com.microsoft.graph.beta.models.EnrollmentState;
import com.microsoft.graph.beta.models.WindowsAutopilotDeploymentState;
import com.microsoft.graph.beta.models.odataerrors.ODataError;
import com.microsoft.graph.beta.serviceclient.GraphServiceClient;
import com.microsoft.graph.core.content.BatchRequestContent;
import com.microsoft.graph.core.content.BatchResponseContent;
import com.microsoft.graph.core.requests.BatchRequestBuilder;
import com.microsoft.graph.core.tasks.PageIterator;
import com.microsoft.kiota.PeriodAndDuration;
import com.microsoft.kiota.authentication.AccessTokenProvider;
import com.microsoft.kiota.authentication.AllowedHostsValidator;
import com.microsoft.kiota.authentication.AnonymousAuthenticationProvider;
import com.microsoft.kiota.authentication.BaseBearerTokenAuthenticationProvider;
import dev.graphmock.http.AuthMode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Microsoft's Graph beta Java SDK (6.59.0), unmodified, against graphmock's current schema: what a real Graph
 * tool does, in bearer mode and in jwt mode with a token from the token command.
 */
class GraphSdkContractTest {
  static final String WRITE = "DeviceManagementManagedDevices.ReadWrite.All";

  @TempDir
  Path folder;

  static GraphServiceClient client(String beta, String token) {
    AccessTokenProvider tokens = new AccessTokenProvider() {
      @Override
      public String getAuthorizationToken(URI uri, Map<String, Object> context) {
        return token;
      }

      @Override
      public AllowedHostsValidator getAllowedHostsValidator() {
        return new AllowedHostsValidator("localhost", "127.0.0.1");
      }
    };
    GraphServiceClient graph = new GraphServiceClient(new BaseBearerTokenAuthenticationProvider(tokens));
    graph.getRequestAdapter().setBaseUrl(beta);
    return graph;
  }

  @ParameterizedTest
  @EnumSource(value = AuthMode.class, names = {"BEARER", "JWT"})
  void theSdkDrivesTheFullFlow(AuthMode auth) throws Exception {
    Assumptions.assumeFalse(TestServer.isSeed(), "the SDK is generated from the current schema");
    String token = "any-token";
    if (auth == AuthMode.JWT) {
      try (ServerProcess command = ServerProcess.start(folder, "token", "--scopes", WRITE)) {
        token = command.stdout().strip();
        assertEquals(0, command.awaitExit(), command::stderr);
      }
    }
    try (TestServer server = TestServer.start(TestServer.config(folder).withAuth(auth))) {
      String beta = server.beta().replace("127.0.0.1", "localhost");
      GraphServiceClient graph = client(beta, token);
      var events = graph.deviceManagement().autopilotEvents();

      DeviceManagementAutopilotEvent event = new DeviceManagementAutopilotEvent();
      event.setDeviceId("sdk-device");
      event.setUserId("sdk-user");
      event.setEventDateTime(OffsetDateTime.parse("2024-03-01T10:15:30.1234567-08:00"));
      event.setEnrollmentStartDateTime(OffsetDateTime.parse("2024-03-01T10:00Z"));
      event.setDeviceSetupDuration(PeriodAndDuration.ofDuration(Duration.parse("-PT2M57.2190107S")));
      event.setDeploymentTotalDuration(PeriodAndDuration.ofDuration(Duration.ofHours(25)));
      event.setEnrollmentState(EnrollmentState.Failed);
      event.setDeploymentState(WindowsAutopilotDeploymentState.SuccessOnRetry);
      DeviceManagementAutopilotEvent created = events.post(event);
      assertNotNull(created.getId());
      assertEquals("sdk-device", created.getDeviceId());

      DeviceManagementAutopilotEvent read = events.byDeviceManagementAutopilotEventId(created.getId()).get();
      assertEquals(OffsetDateTime.parse("2024-03-01T10:15:30.1234567-08:00"), read.getEventDateTime());
      assertEquals(OffsetDateTime.parse("2024-03-01T10:00Z"), read.getEnrollmentStartDateTime());
      assertEquals(Duration.parse("-PT2M57.2190107S"), read.getDeviceSetupDuration().getDuration());
      assertEquals(Duration.ofHours(25), read.getDeploymentTotalDuration().getDuration()
          .plus(Duration.ofDays(read.getDeploymentTotalDuration().getPeriod().getDays())));
      assertEquals(EnrollmentState.Failed, read.getEnrollmentState());
      assertEquals(WindowsAutopilotDeploymentState.SuccessOnRetry, read.getDeploymentState());
      assertEquals("sdk-user", read.getUserId());

      DeviceManagementAutopilotEvent patch = new DeviceManagementAutopilotEvent();
      patch.setOsVersion("10.0.26100");
      assertNull(events.byDeviceManagementAutopilotEventId(created.getId()).patch(patch), "204, as Intune answers");
      assertEquals("10.0.26100", events.byDeviceManagementAutopilotEventId(created.getId()).get().getOsVersion());

      for (int i = 0; i < 7; i++) {
        DeviceManagementAutopilotEvent page = new DeviceManagementAutopilotEvent();
        page.setDeviceId("sdk-paged");
        page.setEventDateTime(OffsetDateTime.parse("2024-01-0" + (i + 1) + "T00:00:00Z"));
        events.post(page);
      }
      DeviceManagementAutopilotEventCollectionResponse first = events.get(config -> {
        config.queryParameters.filter = "deviceId eq 'sdk-paged'";
        config.queryParameters.orderby = new String[] {"eventDateTime desc"};
        config.queryParameters.top = 3;
      });
      assertEquals(3, first.getValue().size());
      assertNotNull(first.getOdataNextLink());
      List<OffsetDateTime> times = new ArrayList<>();
      PageIterator<DeviceManagementAutopilotEvent, DeviceManagementAutopilotEventCollectionResponse> pages =
          new PageIterator.Builder<DeviceManagementAutopilotEvent, DeviceManagementAutopilotEventCollectionResponse>()
              .client(graph).collectionPage(first)
              .collectionPageFactory(DeviceManagementAutopilotEventCollectionResponse::createFromDiscriminatorValue)
              .processPageItemCallback(item -> times.add(item.getEventDateTime())).build();
      pages.iterate();
      assertEquals(7, times.size());
      for (int i = 1; i < times.size(); i++) {
        assertTrue(times.get(i - 1).isAfter(times.get(i)), times::toString);
      }

      Integer count = events.count().get(config -> config.queryParameters.filter = "deviceId eq 'sdk-paged'");
      assertEquals(7, count);

      BatchRequestContent batch = new BatchRequestContent(graph);
      String listStep = batch.addBatchRequestStep(events.toGetRequestInformation(config -> {
        config.queryParameters.filter = "deviceId eq 'sdk-device'";
      }));
      String getStep = batch.addBatchRequestStep(events.byDeviceManagementAutopilotEventId(created.getId())
          .toGetRequestInformation());
      BatchResponseContent answers = new BatchRequestBuilder(graph.getRequestAdapter()).post(batch, null);
      DeviceManagementAutopilotEventCollectionResponse listed = answers.getResponseById(listStep,
          DeviceManagementAutopilotEventCollectionResponse::createFromDiscriminatorValue);
      assertEquals(1, listed.getValue().size());
      DeviceManagementAutopilotEvent viaBatch = answers.getResponseById(getStep,
          DeviceManagementAutopilotEvent::createFromDiscriminatorValue);
      assertEquals("10.0.26100", viaBatch.getOsVersion());

      events.byDeviceManagementAutopilotEventId(created.getId()).delete();
      ODataError missing = assertThrows(ODataError.class,
          () -> events.byDeviceManagementAutopilotEventId(created.getId()).get());
      assertEquals(404, missing.getResponseStatusCode());
      assertEquals("ResourceNotFound", missing.getError().getCode());

      GraphServiceClient anonymous = new GraphServiceClient(new AnonymousAuthenticationProvider());
      anonymous.getRequestAdapter().setBaseUrl(beta);
      ODataError unauthenticated = assertThrows(ODataError.class,
          () -> anonymous.deviceManagement().autopilotEvents().get());
      assertEquals(401, unauthenticated.getResponseStatusCode());
      assertEquals("InvalidAuthenticationToken", unauthenticated.getError().getCode());
      assertEquals("Access token is empty.", unauthenticated.getError().getMessage());
    }
  }

  @org.junit.jupiter.api.Test
  void theSdksRetryHandlerRecoversFromTwoInjected429sHonouringRetryAfter() throws Exception {
    Assumptions.assumeFalse(TestServer.isSeed(), "the SDK is generated from the current schema");
    try (TestServer server = TestServer.start(folder)) {
      assertEquals(201, server.post(TestServer.COLLECTION, "{\"id\":\"retried\",\"deviceId\":\"d\"}").status());
      FaultsTest.ruleId(server, "{\"method\":\"GET\",\"path\":\"/retried$\",\"status\":429,"
          + "\"retryAfterSeconds\":1,\"times\":2}");
      GraphServiceClient graph = client(server.beta().replace("127.0.0.1", "localhost"), "any-token");

      DeviceManagementAutopilotEvent read = graph.deviceManagement().autopilotEvents()
          .byDeviceManagementAutopilotEventId("retried").get();
      assertEquals("d", read.getDeviceId(), "the SDK, unmodified, waited and tried again");

      com.fasterxml.jackson.databind.JsonNode attempts = JournalTest.entries(server, "?method=GET&path=/retried$");
      List<Integer> statuses = new ArrayList<>();
      attempts.forEach(attempt -> statuses.add(attempt.get("status").asInt()));
      assertEquals(List.of(200, 429, 429), statuses, "three attempts, newest first");
      for (int i = 0; i < 2; i++) {
        java.time.Instant later = java.time.Instant.parse(attempts.get(i).get("time").asText());
        java.time.Instant earlier = java.time.Instant.parse(attempts.get(i + 1).get("time").asText());
        long apartMs = Duration.between(earlier, later).toMillis();
        assertTrue(apartMs >= 1000 && apartMs < 5000, "about a second apart: " + apartMs + " ms");
      }
      String retryAttempt = attempts.get(0).get("requestHeaders").get("Retry-Attempt").asText();
      assertTrue(retryAttempt.endsWith("2"), "the SDK's own count of its retries (it adds one header a retry): "
          + retryAttempt);
    }
  }
}
