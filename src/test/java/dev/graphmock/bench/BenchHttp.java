package dev.graphmock.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the query benchmarks share: a server's ready line, plain HTTP calls that fail on a wrong status, its RSS. */
final class BenchHttp {
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  /** A server that stops answering fails the run instead of hanging it. */
  private static final java.time.Duration TIMEOUT = java.time.Duration.ofSeconds(60);

  private BenchHttp() {
  }

  /** GETs {@code url} with a bearer token; anything but 200 is an error. */
  static String get(String url) throws Exception {
    HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
        .header("Authorization", "Bearer bench").build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(url + " -> " + response.statusCode() + " " + response.body());
    }
    return response.body();
  }

  /**
   * GETs {@code url} and drops the body as it arrives: what a latency measurement calls, so that the client's own
   * decoding of a megabyte page into a String (and collecting it) is not counted as the server's time on a machine
   * the two share. Anything but 200 is an error.
   */
  static void getAndDrop(String url) throws Exception {
    HttpResponse<Void> response = CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
        .header("Authorization", "Bearer bench").build(), HttpResponse.BodyHandlers.discarding());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(url + " -> " + response.statusCode() + " (its body dropped unread)");
    }
  }

  /** POSTs JSON to {@code url}; anything but 201 is an error. */
  static void post(String url, String json) throws Exception {
    HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
        .header("Authorization", "Bearer bench").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 201) {
      throw new IllegalStateException(url + " -> " + response.statusCode() + " " + response.body());
    }
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Waits for graphmock's ready line and returns the version root it names. */
  static String awaitReady(Process server) throws Exception {
    BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    Matcher m = Pattern.compile("graphmock serving (\\S+) .*").matcher(line == null ? "" : line);
    if (!m.matches()) {
      throw new IllegalStateException("server did not start: " + line);
    }
    return m.group(1);
  }

  static String peakRss(long pid) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmHWM:")) {
        return line.substring(6).trim();
      }
    }
    return "?";
  }
}
