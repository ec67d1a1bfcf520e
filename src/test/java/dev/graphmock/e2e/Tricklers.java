package dev.graphmock.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hostile neighbours: clients that each announce a create of {@code Content-Length: 100000} and send its body a byte
 * a second, connecting again each time the server cuts one off, until closed. Counts the answers the server gave
 * them by status; a client's own failure (not the server's refusal) fails {@link #close}.
 */
final class Tricklers implements AutoCloseable {
  private final URI origin;
  private final ExecutorService pool;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final List<Future<?>> clients = new ArrayList<>();
  private final Map<Integer, AtomicInteger> answers = new java.util.concurrent.ConcurrentHashMap<>();
  private final AtomicInteger connections = new AtomicInteger();

  Tricklers(URI origin, int count) {
    this.origin = origin;
    this.pool = Executors.newFixedThreadPool(count);
    for (int i = 0; i < count; i++) {
      clients.add(pool.submit(this::trickle));
    }
  }

  private Void trickle() throws IOException {
    while (!stop.get()) {
      try (Socket socket = new Socket(origin.getHost(), origin.getPort())) {
        connections.incrementAndGet();
        socket.setSoTimeout(1000);
        OutputStream out = socket.getOutputStream();
        out.write(RawHttp.head(origin, "POST", "/beta" + TestServer.COLLECTION, Map.of("Authorization", "Bearer t",
            "Content-Type", "application/json"), 100_000).getBytes(StandardCharsets.ISO_8859_1));
        out.write('{');
        out.flush();
        InputStream in = socket.getInputStream();
        while (!stop.get()) {
          try {
            byte[] first = new byte[12];
            int read = in.readNBytes(first, 0, 12);
            if (read == 12) {
              String status = new String(first, StandardCharsets.ISO_8859_1).substring(9, 12);
              answers.computeIfAbsent(Integer.parseInt(status), unused -> new AtomicInteger()).incrementAndGet();
            }
            break;
          } catch (SocketTimeoutException aSecondWentBy) {
            out.write(' ');
            out.flush();
          }
        }
      } catch (IOException cutOff) {
        // The server closed the connection while a byte was on its way: connect again.
      }
    }
    return null;
  }

  /** How many times the server answered one of them with {@code status}. */
  int answered(int status) {
    AtomicInteger count = answers.get(status);
    return count == null ? 0 : count.get();
  }

  /** How many connections they opened in all. */
  int connections() {
    return connections.get();
  }

  @Override
  public void close() throws Exception {
    stop.set(true);
    pool.shutdown();
    for (Future<?> client : clients) {
      client.get(30, TimeUnit.SECONDS);
    }
  }
}
