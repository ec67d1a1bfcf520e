package dev.graphmock.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
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
    return java(directory, Map.of(), List.of(), args);
  }

  private static Process java(Path directory, Map<String, String> environment, List<String> javaOptions,
                              String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString()));
    command.addAll(javaOptions);
    command.addAll(List.of("-jar", "graphmock.jar"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
        .redirectError(directory.resolveSibling("stderr.txt").toFile());
    builder.environment().remove("CLASSPATH");
    builder.environment().putAll(environment);
    return builder.start();
  }

  private static String beta(Process server, Path stderr) throws Exception {
    String ready = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))
        .readLine();
    Matcher m = Pattern.compile("graphmock serving (http://127\\.0\\.0\\.1:\\d+/beta) .*")
        .matcher(String.valueOf(ready));
    assertTrue(m.matches(), ready + " / " + Files.readString(stderr));
    return m.group(1);
  }

  /**
   * What a start does not do, each once a tenth of a second of it (BENCHMARKS.md): unpack SQLite's library again
   * (it is kept in the user's cache folder, XDG's), start JMX (Jetty asks it the reference size), or make an
   * ObjectMapper (nothing a first read or create needs); the second start finds the same library file.
   */
  @Test
  void aStartKeepsSqlitesLibraryAndLoadsNeitherJmxNorDatabind() throws Exception {
    Path alone = Files.createDirectory(folder.resolve("alone"));
    Files.copy(Path.of("target/graphmock.jar"), alone.resolve("graphmock.jar"), StandardCopyOption.REPLACE_EXISTING);
    Path cache = folder.resolve("cache");
    Path temporary = Files.createDirectory(folder.resolve("tmp"));
    HttpClient client = HttpClient.newHttpClient();
    BasicFileAttributes first = null;
    for (int start = 1; start <= 2; start++) {
      Path classes = folder.resolve("classes-" + start + ".txt");
      Process server = java(alone, Map.of("XDG_CACHE_HOME", cache.toString()),
          List.of("-Djava.io.tmpdir=" + temporary, "-Xlog:class+load:file=" + classes), "--port", "0");
      try {
        String beta = beta(server, folder.resolve("stderr.txt"));
        assertEquals(200, client.send(HttpRequest.newBuilder(URI.create(beta + "/$metadata")).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode());
        HttpResponse<String> created = client.send(HttpRequest.newBuilder(URI.create(beta
            + "/deviceManagement/autopilotEvents")).header("Authorization", "Bearer t")
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                Files.readString(Path.of("src/test/resources/seed/create-request.json")))).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created::body);
        HttpResponse<String> page = client.send(HttpRequest.newBuilder(URI.create(beta
            + "/deviceManagement/autopilotEvents?$top=5")).header("Authorization", "Bearer t").build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode(), page::body);
        try (var files = Files.list(temporary)) {
          // the driver's own copy would be there as long as the server runs
          assertEquals(List.of(), files.toList(), "nothing unpacked into the temporary folder");
        }
        server.destroy();
        assertTrue(server.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, server.exitValue(), "SIGTERM is a clean stop");
      } finally {
        server.destroyForcibly();
      }

      List<String> loaded = Files.readAllLines(classes);
      assertTrue(loaded.stream().anyMatch(line -> line.contains(" org.eclipse.jetty.server.Server ")), "logged");
      assertTrue(loaded.stream().noneMatch(line -> line.contains(" java.lang.management.ManagementFactory ")),
          "Jetty started JMX");
      assertTrue(loaded.stream().noneMatch(line -> line.contains(" com.fasterxml.jackson.databind.ObjectMapper ")),
          "an ObjectMapper was made");
      assertTrue(Files.isDirectory(cache), "no cache folder was made");
      List<Path> libraries;
      try (var files = Files.walk(cache)) {
        libraries = files.filter(file -> file.getFileName().toString().endsWith(".so")).toList();
      }
      assertEquals(1, libraries.size(), libraries::toString);
      assertTrue(libraries.get(0).getFileName().toString().contains("sqlitejdbc"), libraries::toString);
      BasicFileAttributes library = Files.readAttributes(libraries.get(0), BasicFileAttributes.class);
      if (first == null) {
        first = library;
      } else {
        assertEquals(first.fileKey(), library.fileKey(), "the second start loads the first one's copy");
        assertEquals(first.lastModifiedTime(), library.lastModifiedTime());
      }
    }

    // A copy that is not whole is unpacked again; one that is whole by its checksum but does not load (as on a
    // noexec mount; here another machine's build) leaves the driver to unpack its own into the temporary folder.
    // Neither costs a word on stderr.
    Path library;
    try (var files = Files.walk(cache)) {
      library = files.filter(file -> file.getFileName().toString().endsWith(".so")).findFirst().orElseThrow();
    }
    Path checksum = library.resolveSibling(library.getFileName() + ".crc32");
    byte[] whole = Files.readAllBytes(library);
    // another machine's build of the library: a whole ELF file that this one cannot load
    String elsewhere = System.getProperty("os.arch").equals("aarch64") ? "x86_64" : "aarch64";
    byte[] foreign;
    try (var in = org.sqlite.SQLiteJDBCLoader.class.getResourceAsStream("/org/sqlite/native/Linux/" + elsewhere
        + "/libsqlitejdbc.so")) {
      foreign = in.readAllBytes();
    }
    for (boolean checksummed : new boolean[] {false, true}) {
      byte[] spoilt = checksummed ? foreign : "not a library".getBytes(StandardCharsets.US_ASCII);
      Files.write(library, spoilt);
      if (checksummed) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(spoilt);
        Files.writeString(checksum, Long.toHexString(crc.getValue()));
      }
      Process server = java(alone, Map.of("XDG_CACHE_HOME", cache.toString()),
          List.of("-Djava.io.tmpdir=" + temporary), "--port", "0");
      try {
        String beta = beta(server, folder.resolve("stderr.txt"));
        HttpResponse<String> page = client.send(HttpRequest.newBuilder(URI.create(beta
            + "/deviceManagement/autopilotEvents?$top=5")).header("Authorization", "Bearer t").build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode(), page::body);
        assertTrue(page.body().contains("\"deviceId\""), page::body);
        try (var files = Files.list(temporary)) {
          assertEquals(checksummed, files.findAny().isPresent(), "the driver's own copy, while it runs");
        }
        assertArrayEquals(checksummed ? spoilt : whole, Files.readAllBytes(library));
        server.destroy();
        assertTrue(server.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, server.exitValue(), "SIGTERM is a clean stop");
      } finally {
        server.destroyForcibly();
      }
      String stderr = Files.readString(folder.resolve("stderr.txt"));
      assertTrue(stderr.lines().allMatch(line -> line.startsWith("graphmock started in ")), stderr);
    }
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
