package dev.graphmock.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What no Graph request can be made to do on cue: a request whose response was sent before the stop began but
 * which ends only after the stop's pass over the connections (the pass skipped its connection as busy) still has its
 * kept-alive connection closed soon, so that it does not hold the stop for the whole grace period.
 */
class DrainingConnectorTest {
  private static final long GRACE_MILLIS = 10_000;
  private final ExecutorService threads = Executors.newFixedThreadPool(2);
  private final Server server = new Server();

  @AfterEach
  void stop() throws Exception {
    server.stop();
    threads.shutdownNow();
  }

  @Test
  void aConnectionWhoseRequestEndsAfterTheStopBeganIsClosedSoon() throws Exception {
    DrainingConnector connector = new DrainingConnector(server, 50, new HttpConnectionFactory());
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    CountDownLatch release = new CountDownLatch(1);
    server.setHandler(connector.tracking(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 2);
        // The response goes out whole; the request ends only when the test lets it.
        response.write(true, ByteBuffer.wrap("ok".getBytes(StandardCharsets.US_ASCII)), Callback.from(
            () -> threads.execute(() -> {
              try {
                release.await();
                callback.succeeded();
              } catch (InterruptedException e) {
                callback.failed(e);
              }
            }), callback::failed));
        return true;
      }
    }));
    server.setStopTimeout(GRACE_MILLIS);
    server.start();
    try (Socket client = new Socket("127.0.0.1", connector.getLocalPort())) {
      client.setSoTimeout(20_000);
      client.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      InputStream in = client.getInputStream();
      String head = new String(in.readNBytes(4), StandardCharsets.ISO_8859_1);
      while (!head.endsWith("\r\n\r\n")) {
        head += (char) in.read();
      }
      assertTrue(head.startsWith("HTTP/1.1 200 "), head);
      assertTrue(!head.toLowerCase(java.util.Locale.ROOT).contains("connection: close"), "kept alive: " + head);
      assertEquals("ok", new String(in.readNBytes(2), StandardCharsets.US_ASCII));
      long start = System.nanoTime();
      Future<?> stopped = threads.submit(() -> {
        server.stop();
        return null;
      });
      while (!connector.isShutdown() && System.nanoTime() - start < 10_000_000_000L) {
        Thread.sleep(1);
      }
      assertTrue(connector.isShutdown(), "the stop began");
      release.countDown();
      stopped.get(20, TimeUnit.SECONDS);
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(millis < GRACE_MILLIS / 2, "the stop took " + millis + " ms");
      assertEquals(-1, in.read(), "the server closed the connection");
    }
  }
}
