package dev.graphmock.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graphmock.app.GraphServer;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A stop (a server's close, as on SIGTERM) closes idle kept-alive connections at once but lets a request in flight
 * finish, also one whose body pauses for longer than an idle connection is kept: over plain HTTP and over TLS, whose
 * connections wrap the network's.
 */
class GracefulStopTest {
  @TempDir
  Path folder;

  private final ExecutorService stopper = Executors.newSingleThreadExecutor();

  /** A stop that a failed assertion left running is waited for, so that no server outlives its test. */
  @AfterEach
  void awaitStops() throws InterruptedException {
    stopper.shutdown();
    assertTrue(stopper.awaitTermination(30, TimeUnit.SECONDS), "a server's stop did not end");
  }

  private static Socket connect(GraphServer server, boolean https) throws Exception {
    URI origin = server.uri();
    Socket socket = https
        ? HttpsTest.trustingContext(server.certificateFile()).getSocketFactory().createSocket(origin.getHost(),
            origin.getPort())
        : new Socket(origin.getHost(), origin.getPort());
    socket.setSoTimeout(20_000);
    return socket;
  }

  @ParameterizedTest(name = "https {0}")
  @ValueSource(booleans = {false, true})
  void aCreateWhoseBodyPausesDuringTheStopIsFinished(boolean https) throws Exception {
    byte[] body = "{\"id\":\"paused-across-the-stop\"}".getBytes(StandardCharsets.UTF_8);
    GraphServer server = GraphServer.start(TestServer.config(folder).withHttps(https));
    Future<?> stopped = null;
    String answer;
    // Jetty asks for the body once the server reads it: from then on the request is in flight.
    try (Socket request = ResilienceTest.startedCreate(connect(server, https), body.length)) {
      stopped = stopper.submit(server::close);
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (ResilienceTest.accepting(server.uri()) && System.nanoTime() < deadline) {
        Thread.sleep(2);
      }
      assertFalse(ResilienceTest.accepting(server.uri()), "the stop has begun");
      // Ten times as long as a stop keeps an idle connection open.
      Thread.sleep(500);
      request.getOutputStream().write(body);
      request.getOutputStream().flush();
      answer = new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      stopped.get(20, TimeUnit.SECONDS);
    } finally {
      if (stopped == null) {
        server.close();
      }
    }
    assertTrue(answer.startsWith("HTTP/1.1 201 "), answer);
    assertTrue(answer.contains("\"id\":\"paused-across-the-stop\""), answer);
  }

  @ParameterizedTest(name = "https {0}")
  @ValueSource(booleans = {false, true})
  void anIdleKeptAliveConnectionDoesNotHoldTheStop(boolean https) throws Exception {
    GraphServer server = GraphServer.start(TestServer.config(folder).withHttps(https));
    Future<?> stopped = null;
    try (Socket client = connect(server, https)) {
      client.getOutputStream().write("GET /beta/$metadata HTTP/1.1\r\nHost: x\r\n\r\n"
          .getBytes(StandardCharsets.ISO_8859_1));
      client.getOutputStream().flush();
      InputStream in = client.getInputStream();
      String head = ResilienceTest.head(in);
      assertTrue(head.startsWith("HTTP/1.1 200 "), head);
      int length = Integer.parseInt(head.replaceAll("(?si).*\r\ncontent-length: *(\\d+)\r\n.*", "$1"));
      assertEquals(length, in.readNBytes(length).length);
      long start = System.nanoTime();
      stopped = stopper.submit(server::close);
      stopped.get(20, TimeUnit.SECONDS);
      long millis = (System.nanoTime() - start) / 1_000_000;
      // Left open, the connection would hold the stop for its whole grace period before being cut.
      assertTrue(millis < GraphServer.STOP_TIMEOUT_MILLIS / 2, "the stop took " + millis + " ms");
      assertEquals(-1, in.read(), "the server closed the idle connection");
    } finally {
      if (stopped == null) {
        server.close();
      }
    }
  }
}
