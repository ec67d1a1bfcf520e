package dev.graphmock.e2e;

import static dev.graphmock.e2e.GraphErrorAssert.assertGraphError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphmock.http.AuthMode;
import dev.graphmock.http.Tokens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Graph's JSON $batch: every request through the same pipeline as a direct call. */
class JsonBatchTest extends SharedServerTest {

  static TestServer.Reply batch(String json) {
    return server.send("POST", "/$batch", TestServer.withJson(TestServer.AUTH), json.getBytes(StandardCharsets.UTF_8));
  }

  static Map<String, JsonNode> byId(TestServer.Reply reply) {
    assertEquals(200, reply.status(), reply::toString);
    Map<String, JsonNode> responses = new HashMap<>();
    reply.json().get("responses").forEach(response -> responses.put(response.get("id").asText(), response));
    return responses;
  }

  @Test
  void runsRequestsInDependencyOrderThroughThePipeline() {
    int before = server.count();
    Map<String, JsonNode> responses = byId(batch("""
        {"requests":[
          {"id":"read","method":"GET","url":"/deviceManagement/autopilotEvents/batch-1?$select=deviceId","dependsOn":["create"]},
          {"id":"create","method":"POST","url":"/deviceManagement/autopilotEvents",
           "headers":{"Content-Type":"application/json"},"body":{"id":"batch-1","deviceId":"batch-device"}},
          {"id":"list","method":"GET","url":"deviceManagement/autopilotEvents?$filter=deviceId eq 'batch-device'&$count=true","dependsOn":["create"]},
          {"id":"count","method":"GET","url":"/deviceManagement/autopilotEvents/$count","dependsOn":["create"]},
          {"id":"missing","method":"GET","url":"/deviceManagement/autopilotEvents/nope"},
          {"id":"patch","method":"PATCH","url":"/deviceManagement/autopilotEvents/batch-1",
           "headers":{"Content-Type":"application/json"},"body":{"osVersion":"11"},"dependsOn":["read"]}
        ]}"""));
    assertEquals(201, responses.get("create").get("status").asInt());
    assertEquals("batch-device", responses.get("create").get("body").get("deviceId").asText());
    assertEquals(server.beta() + "/deviceManagement/autopilotEvents('batch-1')",
        responses.get("create").get("headers").get("Location").asText());
    assertEquals(200, responses.get("read").get("status").asInt());
    assertEquals(server.beta() + "/$metadata#deviceManagement/autopilotEvents(deviceId)/$entity",
        responses.get("read").get("body").get("@odata.context").asText());
    assertEquals(1, responses.get("list").get("body").get("@odata.count").asInt());
    assertEquals(before + 1, responses.get("count").get("body").asInt(), "the count after the create");
    assertEquals(404, responses.get("missing").get("status").asInt());
    assertEquals("ResourceNotFound", responses.get("missing").get("body").get("error").get("code").asText());
    assertEquals(204, responses.get("patch").get("status").asInt());
    assertEquals("11", server.get(TestServer.COLLECTION + "/batch-1").json().get("osVersion").asText());
  }

  @Test
  void aRequestWhoseDependencyFailedGets424() {
    int count = server.count();
    Map<String, JsonNode> responses = byId(batch("""
        {"requests":[
          {"id":"1","method":"POST","url":"/deviceManagement/autopilotEvents","headers":{"Content-Type":"application/json"},
           "body":{"enrollmentState":"bogus"}},
          {"id":"2","method":"POST","url":"/deviceManagement/autopilotEvents","headers":{"Content-Type":"application/json"},
           "body":{},"dependsOn":["1"]},
          {"id":"3","method":"GET","url":"/deviceManagement/autopilotEvents","dependsOn":["2"]}
        ]}"""));
    assertEquals(400, responses.get("1").get("status").asInt());
    assertEquals(424, responses.get("2").get("status").asInt());
    assertEquals(424, responses.get("3").get("status").asInt());
    assertEquals(count, server.count());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "not json",
      "[]",
      "{}",
      "{\"requests\":{}}",
      "{\"requests\":[{\"method\":\"GET\",\"url\":\"/deviceManagement\"}]}",
      "{\"requests\":[{\"id\":\"1\",\"url\":\"/deviceManagement\"}]}",
      "{\"requests\":[{\"id\":\"1\",\"method\":\"GET\"}]}",
      "{\"requests\":[{\"id\":\"a\",\"method\":\"GET\",\"url\":\"/deviceManagement\"},{\"id\":\"A\",\"method\":\"GET\",\"url\":\"/deviceManagement\"}]}",
      "{\"requests\":[{\"id\":\"1\",\"method\":\"POST\",\"url\":\"/deviceManagement/autopilotEvents\",\"body\":{}}]}",
      "{\"requests\":[{\"id\":\"1\",\"method\":\"GET\",\"url\":\"/deviceManagement\",\"dependsOn\":[\"9\"]}]}",
      "{\"requests\":[{\"id\":\"1\",\"method\":\"GET\",\"url\":\"https://graph.microsoft.com/beta/deviceManagement\"}]}",
      "{\"requests\":[{\"id\":\"1\",\"method\":\"POST\",\"url\":\"/$batch\",\"headers\":{\"Content-Type\":\"application/json\"},\"body\":{}}]}"})
  void aMalformedBatchIs400AndRunsNothing(String body) {
    int count = server.count();
    String withCreate = body;
    assertGraphError(batch(withCreate), 400, "BadRequest");
    assertEquals(count, server.count());
  }

  @Test
  void moreThanTwentyRequestsIs400() {
    StringBuilder requests = new StringBuilder();
    for (int i = 0; i < 21; i++) {
      requests.append(i == 0 ? "" : ",").append("{\"id\":\"").append(i)
          .append("\",\"method\":\"POST\",\"url\":\"/deviceManagement/autopilotEvents\",\"headers\":"
              + "{\"Content-Type\":\"application/json\"},\"body\":{}}");
    }
    int count = server.count();
    JsonNode error = assertGraphError(batch("{\"requests\":[" + requests + "]}"), 400, "BadRequest");
    assertEquals("Number of requests inside batch exceeds the limit.", error.get("message").asText());
    assertEquals(count, server.count());
  }

  @Test
  void theBatchesTokenAppliesToEveryRequest() {
    String body = "{\"requests\":[{\"id\":\"1\",\"method\":\"GET\",\"url\":\"/deviceManagement/autopilotEvents\"}]}";
    assertGraphError(server.send("POST", "/$batch", Map.of("Content-Type", "application/json"),
        body.getBytes(StandardCharsets.UTF_8)), 401, "InvalidAuthenticationToken");
  }

  @Test
  void permissionsAreCheckedPerRequest(@TempDir Path other) throws IOException {
    try (TestServer jwt = TestServer.start(TestServer.config(other).withAuth(AuthMode.JWT))) {
      String token = Tokens.issue(List.of("DeviceManagementManagedDevices.Read.All"), false, Duration.ofHours(1),
          Instant.now());
      TestServer.Reply reply = jwt.send("POST", "/$batch", Map.of("Content-Type", "application/json",
          "Authorization", "Bearer " + token), """
          {"requests":[
            {"id":"1","method":"GET","url":"/deviceManagement/autopilotEvents"},
            {"id":"2","method":"POST","url":"/deviceManagement/autopilotEvents","headers":{"Content-Type":"application/json"},"body":{}}
          ]}""".getBytes(StandardCharsets.UTF_8));
      assertEquals(200, reply.status());
      Map<String, JsonNode> responses = new HashMap<>();
      reply.json().get("responses").forEach(response -> responses.put(response.get("id").asText(), response));
      assertEquals(200, responses.get("1").get("status").asInt());
      assertEquals(403, responses.get("2").get("status").asInt());
    }
  }
}
