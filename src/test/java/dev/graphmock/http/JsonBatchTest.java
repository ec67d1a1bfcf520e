package dev.graphmock.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graphmock.odata.GraphRequest;
import dev.graphmock.odata.GraphResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * JSON batches run against a stand-in pipeline that records what it was asked to run and fails every url under
 * /fail/ with a 404. In the first table a batch is written as its requests: {@code 2<1,3} is request 2 depending
 * on 1 and 3, and a request whose id starts with x is sent to /fail/.
 */
class JsonBatchTest {
  static final ObjectMapper JSON = new ObjectMapper();
  final List<GraphRequest> calls = new ArrayList<>();

  GraphResponse pipeline(GraphRequest request) {
    calls.add(request);
    return new GraphResponse(request.path().startsWith("/fail/") ? 404 : 200, Map.of(), null);
  }

  JsonNode run(String body) throws IOException {
    GraphRequest batch = new GraphRequest("POST", "http://localhost/beta", "/$batch", null,
        Map.of("Authorization", List.of("Bearer t"), "Content-Type", List.of("application/json")),
        body.getBytes(StandardCharsets.UTF_8), "r1", "c1");
    GraphResponse response;
    try {
      response = JsonBatch.parse(batch).run(this::pipeline);
    } catch (JsonBatch.BatchException e) {
      response = dev.graphmock.odata.ErrorResponse.of(400, e.getMessage(), batch);
    }
    JsonNode json = JSON.readTree(response.body());
    return response.status() == 200 ? json : JSON.createObjectNode().put("status", response.status())
        .put("message", json.path("error").path("message").asText());
  }

  /** {@code 1 2<1} → {"requests":[{"id":"1","method":"GET","url":"/ok/1"},{…,"dependsOn":["1"]}]} */
  static String batch(String requests) {
    ObjectNode batch = JSON.createObjectNode();
    ArrayNode items = batch.putArray("requests");
    for (String request : requests.trim().split("\\s+")) {
      String[] parts = request.split("<", 2);
      ObjectNode item = items.addObject().put("id", parts[0]).put("method", "GET")
          .put("url", (parts[0].startsWith("x") ? "/fail/" : "/ok/") + parts[0]);
      if (parts.length > 1) {
        ArrayNode dependsOn = item.putArray("dependsOn");
        List.of(parts[1].split(",")).forEach(dependsOn::add);
      }
    }
    return batch.toString();
  }

  static String ids(List<String> ids) {
    return String.join(" ", ids);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "1 2 3               | 1 2 3   | ",
      "1<2 2               | 2 1     | ",
      "1<3 2<3 3           | 3 1 2   | ",
      "1<2 2<3 3           | 3 2 1   | ",
      "3 2<3 1<2,3         | 3 2 1   | ",
      "a<B b               | b a     | ",
      "x1 2                | x1 2    | ",
      "x1 2<x1 3           | x1 3    | 2",
      "x1 2<x1 3<2 4       | x1 4    | 2 3",
      "1 x2<1 3<x2         | 1 x2    | 3",
      "1<x2,3 x2 3         | x2 3    | 1",
      "1<2 2<1 3           | 3       | 1 2",
      "1<1 2               | 2       | 1",
      "4<1 1<2 2<3 3<1 5   | 5       | 4 1 2 3"})
  void runsEachRequestAfterThoseItDependsOn(String requests, String executed, String failedDependency)
      throws IOException {
    JsonNode responses = run(batch(requests)).get("responses");
    List<String> ran = new ArrayList<>();
    calls.forEach(call -> ran.add(call.path().substring(call.path().lastIndexOf('/') + 1)));
    List<String> answered = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    for (JsonNode response : responses) {
      answered.add(response.get("id").asText());
      if (response.get("status").asInt() == 424) {
        failed.add(response.get("id").asText());
      }
    }
    assertEquals(executed, ids(ran));
    assertEquals(failedDependency == null ? "" : failedDependency, ids(failed));
    assertEquals(requests.trim().split("\\s+").length, answered.size(), answered::toString);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "{'requests':[{'id':'a','method':'GET','url':'/x'},{'id':'A','method':'GET','url':'/y'}]} | The batch has more than one request with id 'A'.",
      "{'requests':[{'id':'1','method':'GET','url':'/x'},{'id':1,'method':'GET','url':'/y'}]}  | The batch has more than one request with id '1'.",
      "{'requests':[{'method':'GET','url':'/x'}]}                 | A request has no 'id'.",
      "{'requests':[{'id':'','method':'GET','url':'/x'}]}         | A request has no 'id'.",
      "{'requests':[{'id':{},'method':'GET','url':'/x'}]}         | A request has no 'id'.",
      "{'requests':[{'id':'1','url':'/x'}]}                       | Request '1' has no 'method'.",
      "{'requests':[{'id':'1','method':'GET'}]}                   | Request '1' has no 'url'.",
      "{'requests':[{'id':'1','method':'GET','url':null}]}        | Request '1' has no 'url'.",
      "{'requests':[{'id':'1','method':'POST','url':'/x','body':{}}]} | Request '1': a request with a body needs a Content-Type header.",
      "{'requests':[{'id':'1','method':'POST','url':'/x','headers':{'Accept':'*/*'},'body':'x'}]} | Request '1': a request with a body needs a Content-Type header.",
      "{'requests':[{'id':'1','method':'GET','url':'/x'},{'id':'2','method':'GET','url':'/y','dependsOn':['9']}]} | Request '2' depends on '9', which is not in the batch.",
      "{'requests':[{'id':'1','method':'GET','url':'/x','dependsOn':'2'}]} | Request '1': 'dependsOn' must be an array of request ids.",
      "{'requests':[{'id':'1','method':'GET','url':'/x','headers':[]}]}    | Request '1': 'headers' must be an object.",
      "{'requests':[{'id':'1','method':'GET','url':'https://graph.microsoft.com/beta/x'}]} | Request '1': the url must be relative to the version root, such as /deviceManagement/autopilotEvents, and not another batch.",
      "{'requests':[{'id':'1','method':'POST','url':'/$batch'}]} | Request '1': the url must be relative to the version root, such as /deviceManagement/autopilotEvents, and not another batch.",
      "{'requests':[1]}                                          | Each request in the batch must be a JSON object.",
      "{'requests':{}}                                           | The batch must be a JSON object with a 'requests' array.",
      "[]                                                        | The batch must be a JSON object with a 'requests' array.",
      "{'requests':[],'requests':[]}                             | The property 'requests' appears more than once (line 1, column 26); OData allows each property once in an object.",
      "{'requests':[                                             | The request body is not valid JSON: it ends at line 1, column 14 before its last value is complete.",
      "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[] | The JSON is nested more deeply than 64 levels."})
  void refusesAMalformedBatchAndRunsNothing(String body, String message) throws IOException {
    JsonNode refused = run(body.replace('\'', '"'));
    assertEquals(400, refused.path("status").asInt(), refused::toString);
    assertEquals(message, refused.get("message").asText());
    assertEquals(List.of(), calls);
  }

  @Test
  void runsTwentyRequestsButNotTwentyOne() throws IOException {
    String twenty = "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20";
    assertEquals(20, run(batch(twenty)).get("responses").size());
    calls.clear();
    JsonNode refused = run(batch(twenty + " 21"));
    assertEquals(400, refused.get("status").asInt());
    assertEquals("Number of requests inside batch exceeds the limit.", refused.get("message").asText());
    assertEquals(List.of(), calls);
  }

  @Test
  void eachRequestReachesThePipelineAsADirectCallWould() throws IOException {
    run("{\"requests\":[{\"id\":\"1\",\"method\":\"patch\",\"url\":\"deviceManagement/autopilotEvents/e1?$select=id\","
        + "\"headers\":{\"content-type\":\"application/json\"},\"body\":{\"osVersion\":\"1\"}}]}");
    GraphRequest call = calls.get(0);
    assertEquals("PATCH /deviceManagement/autopilotEvents/e1 $select=id", call.method() + " " + call.path() + " "
        + call.query());
    assertEquals("Bearer t", call.header("Authorization"));
    assertEquals("application/json", call.header("Content-Type"));
    assertEquals("{\"osVersion\":\"1\"}", new String(call.body(), StandardCharsets.UTF_8));
  }
}
