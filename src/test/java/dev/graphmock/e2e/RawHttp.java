package dev.graphmock.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 written by hand on a socket, for what client libraries refuse to send (a {@code Host} of our choosing, a
 * body trickled a byte at a time) and for reading the answer as the bytes came.
 */
final class RawHttp {
  private RawHttp() {
  }

  /** An answer: status, headers (names in lower case) and body. */
  record Answer(int status, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /**
   * Sends {@code method path} with {@code headers} (a {@code Host} among them, else the server's own) and
   * {@code body} (null for none), with {@code Connection: close}, and reads the answer to the end.
   */
  static Answer send(URI origin, String method, String path, Map<String, String> headers, String body)
      throws IOException {
    try (Socket socket = new Socket(origin.getHost(), origin.getPort())) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      out.write(head(origin, method, path, headers, body == null ? -1 : body.getBytes(StandardCharsets.UTF_8).length)
          .getBytes(StandardCharsets.ISO_8859_1));
      if (body != null) {
        out.write(body.getBytes(StandardCharsets.UTF_8));
      }
      out.flush();
      return read(socket.getInputStream());
    }
  }

  /** The request line and headers, with {@code Content-Length} when {@code length} is not negative. */
  static String head(URI origin, String method, String path, Map<String, String> headers, long length) {
    StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n");
    if (headers.keySet().stream().noneMatch("Host"::equalsIgnoreCase)) {
      head.append("Host: ").append(origin.getHost()).append(':').append(origin.getPort()).append("\r\n");
    }
    headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
    if (length >= 0) {
      head.append("Content-Length: ").append(length).append("\r\n");
    }
    return head.append("Connection: close\r\n\r\n").toString();
  }

  /** Reads one answer to the end of the connection. */
  static Answer read(InputStream in) throws IOException {
    String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    int end = text.indexOf("\r\n\r\n");
    if (!text.startsWith("HTTP/1.1 ") || end < 0) {
      throw new IOException("not an HTTP answer: " + text);
    }
    String[] lines = text.substring(0, end).split("\r\n");
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
    }
    return new Answer(Integer.parseInt(lines[0].substring(9, 12)), headers, text.substring(end + 4));
  }
}
