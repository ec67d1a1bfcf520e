package dev.graphmock.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * target/graphmock.jar as a user runs it, after mvn package (failsafe): alone in an empty folder, with nothing but
 * a Java runtime, {@code java -jar graphmock.jar}: the ready line, a created event, a sub-command, and SIGTERM
 * ending it with exit 0.
 */
class RunnableJarIT {
  @TempDir
  Path folder;

  private static Process java(Path directory, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-jar", "graphmock.jar"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
        .redirectError(directory.resolveSibling("stderr.txt").toFile());
    builder.environment().remove("CLASSPATH");
    return builder.start();
  }

  @Test
  void theJarRunsAloneWithJavaJar() throws Exception {
    Path alone = Files.createDirectory(folder.resolve("alone"));
    Files.copy(Path.of("target/graphmock.jar"), alone.resolve("graphmock.jar"), StandardCopyOption.REPLACE_EXISTING);

    Process server = java(alone, "--port", "0");
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
      String ready = out.readLine();
      Matcher m = Pattern.compile("graphmock serving (http://127\\.0\\.0\\.1:\\d+/beta) \\(database \\./data/graph\\.db,"
          + " auth bearer, admin .*").matcher(String.valueOf(ready));
      assertTrue(m.matches(), ready + " / " + Files.readString(folder.resolve("stderr.txt")));
      HttpClient client = HttpClient.newHttpClient();
      HttpResponse<String> created = client.send(HttpRequest.newBuilder(URI.create(m.group(1)
          + "/deviceManagement/autopilotEvents")).header("Authorization", "Bearer t")
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
              Files.readString(Path.of("src/test/resources/seed/create-request.json")))).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(201, created.statusCode(), created::body);
      assertTrue(created.body().contains("\"deviceId\""), created::body);

      server.destroy();
      assertTrue(server.waitFor(30, TimeUnit.SECONDS));
      assertEquals(0, server.exitValue(), "SIGTERM is a clean stop");
    } finally {
      server.destroyForcibly();
    }
    try (var files = Files.list(alone)) {
      assertEquals(List.of("data", "graphmock.jar"), files.map(file -> file.getFileName().toString()).sorted()
          .toList());
    }

    Process export = java(alone, "export");
    String events = new String(export.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(export.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, export.exitValue());
    assertTrue(events.startsWith("{\"value\":[{\"id\":"), events);
  }
}
