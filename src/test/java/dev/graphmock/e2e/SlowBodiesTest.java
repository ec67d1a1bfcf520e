package dev.graphmock.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A request body that arrives slowly holds no place among the {@code --max-concurrent} requests served at once, and
 * one that arrives slower than the minimum rate is cut off: 40 clients trickling a byte a second (more than the 32
 * places) leave an ordinary client's create, read, {@code $metadata} and admin call answered as always.
 */
class SlowBodiesTest {
  @TempDir
  Path folder;

  @org.junit.jupiter.api.BeforeEach
  void onceAnExecution() {
    org.junit.jupiter.api.Assumptions.assumeTrue(TestServer.isSeed() && !TestServer.POSTGRES,
        "about the HTTP layer, not schemas or stores: in the default execution only");
  }

  @Test
  void clientsTricklingBodiesHoldNoPlace() throws Exception {
    try (TestServer server = TestServer.start(folder); Tricklers tricklers = new Tricklers(server.origin(), 40)) {
      while (tricklers.connections() < 40) {
        Thread.sleep(50);
      }
      Thread.sleep(1500);
      assertEquals(201, server.post(TestServer.COLLECTION, "{\"id\":\"ordinary\"}").status());
      assertEquals(200, server.get(TestServer.COLLECTION + "/ordinary").status());
      assertEquals(200, server.send("GET", server.beta() + "/$metadata", Map.of(), null).status());
      assertEquals(204, server.send("POST", server.origin() + "/__admin/reset", Map.of(), null).status());
      assertEquals(0, server.count());
    }
  }

  @Test
  void aBodySlowerThanTheMinimumRateIsCutOffWith408() throws Exception {
    try (TestServer server = TestServer.start(folder);
         Socket socket = new Socket(server.origin().getHost(), server.origin().getPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(RawHttp.head(server.origin(), "POST", "/beta" + TestServer.COLLECTION, Map.of("Authorization",
          "Bearer t", "Content-Type", "application/json"), 100_000).getBytes(StandardCharsets.ISO_8859_1));
      out.write('{');
      out.flush();
      socket.setSoTimeout(20_000);
      InputStream in = socket.getInputStream();
      long started = System.nanoTime();
      for (int second = 0; second < 10 && in.available() == 0; second++) {
        Thread.sleep(1000);
        out.write(' ');
        out.flush();
      }
      RawHttp.Answer answer = RawHttp.read(in);
      assertEquals(408, answer.status(), answer::body);
      assertTrue(answer.body().contains("\"code\":\"RequestTimeout\""), answer::body);
      assertTrue(answer.body().contains("too slowly"), answer::body);
      assertTrue((System.nanoTime() - started) / 1_000_000_000 < 10, "cut off within seconds");
      assertEquals(0, server.count(), "nothing was stored");
    }
  }
}
