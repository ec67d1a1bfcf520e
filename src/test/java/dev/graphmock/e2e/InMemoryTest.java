package dev.graphmock.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --db :memory: as a process: it says so, writes nothing to disk, and a restart starts empty. */
class InMemoryTest {
  @TempDir
  Path folder;

  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private static HttpResponse<String> send(String method, String url, String body) throws Exception {
    return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer t")
        .header("Content-Type", "application/json").method(method, body == null
            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aDatabaseInMemoryWritesNothingToDiskAndARestartStartsEmpty() throws Exception {
    Path workingDirectory = Files.createDirectory(folder.resolve("cwd"));
    for (int start = 0; start < 2; start++) {
      try (ServerProcess process = ServerProcess.startIn(workingDirectory, folder, "--port", "0", "--db",
          ":memory:")) {
        String beta = process.awaitReady();
        String count = beta + TestServer.COLLECTION + "/$count";
        assertEquals("0", send("GET", count, null).body(), start == 0 ? "a new database" : "a restart starts empty");
        assertEquals(201, send("POST", beta + TestServer.COLLECTION, "{\"id\":\"m1\"}").statusCode());
        assertEquals(409, send("POST", beta + TestServer.COLLECTION, "{\"id\":\"m1\"}").statusCode());
        assertEquals("1", send("GET", count, null).body());
        process.sigterm();
        int exit = process.awaitExit();
        assertEquals(0, exit, process::stderr);
      }
      try (var files = Files.list(workingDirectory)) {
        assertEquals(List.of(), files.toList(), "nothing written where it runs");
      }
    }
  }

  @Test
  void theReadyLineSaysTheDatabaseIsInMemory() throws Exception {
    try (ServerProcess process = ServerProcess.start(folder, "--port", "0", "--db", ":memory:")) {
      String line = process.readLine();
      assertTrue(line.matches("graphmock serving http://\\S+/beta \\(database in memory, auth bearer, .*"), line);
    }
  }

  @Test
  void aDataCommandRefusesADatabaseInMemory() throws Exception {
    try (ServerProcess command = ServerProcess.start(folder, "generate", "--count", "3", "--db", ":memory:")) {
      assertEquals(2, command.awaitExit());
      assertTrue(command.stderr().contains("lives only as long as the server that holds it"), command::stderr);
    }
  }
}
