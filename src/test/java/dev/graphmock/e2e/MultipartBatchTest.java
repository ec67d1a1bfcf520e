package dev.graphmock.e2e;

import static dev.graphmock.e2e.GraphErrorAssert.assertGraphError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.olingo.client.api.ODataClient;
import org.apache.olingo.client.api.communication.request.batch.BatchManager;
import org.apache.olingo.client.api.communication.request.batch.ODataBatchRequest;
import org.apache.olingo.client.api.communication.request.batch.ODataBatchResponseItem;
import org.apache.olingo.client.api.communication.request.batch.ODataChangeset;
import org.apache.olingo.client.api.communication.request.cud.UpdateType;
import org.apache.olingo.client.api.communication.response.ODataBatchResponse;
import org.apache.olingo.client.api.communication.response.ODataResponse;
import org.apache.olingo.client.api.domain.ClientEntity;
import org.apache.olingo.client.api.domain.ClientObjectFactory;
import org.apache.olingo.client.core.ODataClientFactory;
import org.apache.olingo.commons.api.edm.FullQualifiedName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** OData 4.0 multipart $batch, driven by the Olingo client's batch API: change sets are all or nothing. */
class MultipartBatchTest extends SharedServerTest {
  static final FullQualifiedName EVENT = new FullQualifiedName("microsoft.graph", "deviceManagementAutopilotEvent");

  static ODataClient client = ODataClientFactory.getClient();

  static URI collection() {
    return client.newURIBuilder(server.beta()).appendSingletonSegment("deviceManagement")
        .appendNavigationSegment("autopilotEvents").build();
  }

  static ClientEntity event(String id, String enrollmentState) {
    ClientObjectFactory factory = client.getObjectFactory();
    ClientEntity entity = factory.newEntity(EVENT);
    if (id != null) {
      entity.getProperties().add(factory.newPrimitiveProperty("id", factory.newPrimitiveValueBuilder().buildString(id)));
    }
    entity.getProperties().add(factory.newEnumProperty("enrollmentState",
        factory.newEnumValue("microsoft.graph.enrollmentState", enrollmentState)));
    return entity;
  }

  static List<List<Integer>> statuses(ODataBatchResponse response) {
    List<List<Integer>> parts = new ArrayList<>();
    Iterator<ODataBatchResponseItem> items = response.getBody();
    while (items.hasNext()) {
      ODataBatchResponseItem item = items.next();
      List<Integer> statuses = new ArrayList<>();
      while (item.hasNext()) {
        ODataResponse each = item.next();
        statuses.add(each.getStatusCode());
      }
      parts.add(statuses);
    }
    return parts;
  }

  @Test
  void aChangeSetCommitsAndContentIdReferencesResolve() {
    server.post(TestServer.COLLECTION, "{\"id\":\"mp-existing\"}");
    ODataBatchRequest request = client.getBatchRequestFactory().getBatchRequest(server.beta());
    request.addCustomHeader("Authorization", "Bearer t");
    BatchManager payload = request.payloadManager();
    // The Olingo client numbers Content-IDs across the whole batch: the change set comes first, so its create is $1.
    ODataChangeset changeset = payload.addChangeset();
    changeset.addRequest(client.getCUDRequestFactory().getEntityCreateRequest(collection(), event("mp-new", "enrolled")));
    ClientEntity patch = client.getObjectFactory().newEntity(EVENT);
    patch.getProperties().add(client.getObjectFactory().newEnumProperty("enrollmentState",
        client.getObjectFactory().newEnumValue("microsoft.graph.enrollmentState", "failed")));
    changeset.addRequest(client.getCUDRequestFactory().getEntityUpdateRequest(URI.create("$1"), UpdateType.PATCH, patch));
    payload.addRequest(client.getRetrieveRequestFactory().getEntityRequest(
        client.newURIBuilder(server.beta()).appendSingletonSegment("deviceManagement")
            .appendNavigationSegment("autopilotEvents").appendKeySegment("mp-existing").build()));
    ODataBatchResponse response = payload.getResponse();
    assertEquals(200, response.getStatusCode());
    assertEquals(List.of(List.of(201, 204), List.of(200)), statuses(response));
    assertEquals("failed", server.get(TestServer.COLLECTION + "/mp-new").json().get("enrollmentState").asText());
  }

  @Test
  void aFailingChangeSetRollsBackEveryChangeInIt() {
    int count = server.count();
    String enrolled = TestServer.COLLECTION + "/$count?$filter=enrollmentState%20eq%20'enrolled'";
    String enrolledBefore = server.get(enrolled).text();
    ODataBatchRequest request = client.getBatchRequestFactory().getBatchRequest(server.beta());
    request.addCustomHeader("Authorization", "Bearer t");
    BatchManager payload = request.payloadManager();
    ODataChangeset changeset = payload.addChangeset();
    changeset.addRequest(client.getCUDRequestFactory().getEntityCreateRequest(collection(), event("mp-rolled-back", "enrolled")));
    changeset.addRequest(client.getCUDRequestFactory().getEntityCreateRequest(collection(), event(null, "bogus")));
    ODataBatchResponse response = payload.getResponse();
    assertEquals(200, response.getStatusCode());
    assertEquals(List.of(List.of(400)), statuses(response));
    assertEquals(count, server.count());
    assertEquals(enrolledBefore, server.get(enrolled).text(), "the count by state too (SQLite keeps it)");
    assertEquals(404, server.get(TestServer.COLLECTION + "/mp-rolled-back").status());
  }

  @Test
  void aMalformedMultipartBatchIs400() {
    TestServer.Reply reply = server.send("POST", "/$batch", Map.of("Authorization", "Bearer t",
        "Content-Type", "multipart/mixed;boundary=abc"), "--abc\r\nnot a part\r\n--abc--".getBytes(StandardCharsets.UTF_8));
    assertGraphError(reply, 400, "BadRequest");
  }

  /** What is wrong, and on which line, in the words Olingo writes for clients, not its notes to itself. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "BREW deviceManagement HTTP/1.1 | Invalid HTTP method at line '5'.",
      "GET deviceManagement HTTP/1.0  | The HTTP version must be HTTP/1.1 at line '5'."})
  void aMalformedPartIsNamedWithItsLine(String requestLine, String problem) {
    String body = "--abc\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n"
        + requestLine + "\r\n\r\n\r\n--abc--";
    TestServer.Reply reply = server.send("POST", "/$batch", Map.of("Authorization", "Bearer t",
        "Content-Type", "multipart/mixed;boundary=abc"), body.getBytes(StandardCharsets.UTF_8));
    assertEquals("The multipart batch is malformed: " + problem,
        assertGraphError(reply, 400, "BadRequest").get("message").asText());
  }

  /** A client error, as Graph answers it, and as for an entity body in another media type: 415. */
  @Test
  void aBatchInAnotherMediaTypeIsRefused() {
    TestServer.Reply reply = server.send("POST", "/$batch", Map.of("Authorization", "Bearer t",
        "Content-Type", "text/plain"), "x".getBytes(StandardCharsets.UTF_8));
    assertGraphError(reply, 415, "UnsupportedMediaType");
  }

  /**
   * OData does not nest batches: a change set holding a {@code $batch} is refused whole, before any of it runs, so
   * that nothing of it is stored (a change set inside a change set could not be all or nothing).
   */
  @Test
  void aBatchInsideABatchIs400AndNothingIsStored() {
    int count = server.count();
    String create = "Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\nContent-ID: %d\r\n"
        + "\r\nPOST deviceManagement/autopilotEvents HTTP/1.1\r\nContent-Type: application/json\r\n\r\n"
        + "{\"id\":\"%s\"}\r\n";
    String inner = "--in\r\nContent-Type: multipart/mixed;boundary=ics\r\n\r\n--ics\r\n"
        + String.format(create, 1, "mp-nested-inner") + "--ics--\r\n--in--\r\n";
    String nested = "Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\nContent-ID: 2\r\n"
        + "\r\nPOST $batch HTTP/1.1\r\nContent-Type: multipart/mixed;boundary=in\r\n\r\n" + inner + "\r\n";
    String body = "--b\r\nContent-Type: multipart/mixed;boundary=cs\r\n\r\n--cs\r\n"
        + String.format(create, 1, "mp-nested-outer") + "--cs\r\n" + nested + "--cs\r\n"
        + String.format(create, 3, "mp-nested-outer") + "--cs--\r\n--b--\r\n";
    TestServer.Reply reply = server.send("POST", "/$batch", Map.of("Authorization", "Bearer t",
        "Content-Type", "multipart/mixed;boundary=b"), body.getBytes(StandardCharsets.UTF_8));
    assertGraphError(reply, 400, "BadRequest");
    assertEquals("A request inside a batch may not be another batch.", reply.json().path("error").path("message")
        .asText());
    assertEquals(count, server.count());
    assertEquals(404, server.get(TestServer.COLLECTION + "/mp-nested-outer").status());
    assertEquals(404, server.get(TestServer.COLLECTION + "/mp-nested-inner").status());
  }
}
