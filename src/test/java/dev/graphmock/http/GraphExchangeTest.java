package dev.graphmock.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphmock.odata.GraphResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How a Graph answer is written, over real HTTP with a stand-in answer, for what no Graph request can make the real
 * pipeline do: a response whose headers Jetty could not send is still answered, as a small 500, never by closing
 * the connection.
 */
class GraphExchangeTest {
  private static final int HEADER_LIMIT = HttpServer.RESPONSE_HEADER_BYTES;
  private Server jetty;

  private URI start(GraphResponse answer) throws Exception {
    jetty = new Server();
    HttpConfiguration http = new HttpConfiguration();
    http.setResponseHeaderSize(HEADER_LIMIT);
    ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    jetty.addConnector(connector);
    jetty.setHandler(new RequestIds(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        GraphExchange.write(response, callback, answer, GraphExchange.graphRequest(request, new byte[0]));
        return true;
      }
    }));
    jetty.start();
    return URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/beta/deviceManagement");
  }

  @AfterEach
  void stop() throws Exception {
    jetty.stop();
  }

  private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void headersTooLargeToSendBecomeAGraphShaped500() throws Exception {
    URI uri = start(new GraphResponse(200, Map.of("Location", "x".repeat(3 * HEADER_LIMIT)), "{}".getBytes()));
    HttpResponse<String> response = get(uri);
    assertEquals(500, response.statusCode());
    JsonNode error = new ObjectMapper().readTree(response.body()).get("error");
    assertEquals("InternalServerError", error.get("code").asText());
    assertEquals("The response headers are too large to send.", error.get("message").asText());
    assertEquals(response.headers().firstValue("request-id").orElseThrow(),
        error.get("innerError").get("request-id").asText());
    assertTrue(response.headers().firstValue("Location").isEmpty());
  }

  @Test
  void headersThatFitAreSentAsTheyAre() throws Exception {
    String location = "y".repeat(HEADER_LIMIT / 2);
    HttpResponse<String> response = get(start(new GraphResponse(201, Map.of("Location", location), null)));
    assertEquals(201, response.statusCode());
    assertEquals(location, response.headers().firstValue("Location").orElseThrow());
  }
}
