package dev.graphmock.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Data survives restarts, kill -9 and SIGTERM; a database made for another schema is refused untouched. */
class PersistenceTest {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @TempDir
  Path folder;

  @Test
  void dataSurvivesARestart() throws Exception {
    try (TestServer server = TestServer.start(folder)) {
      assertEquals(201, server.post(TestServer.COLLECTION, "{\"id\":\"kept\",\"osVersion\":\"10\"}").status());
      server.restart();
      assertEquals("10", server.get(TestServer.COLLECTION + "/kept").json().get("osVersion").asText());
    }
  }

  @Test
  void everyAcknowledgedCreateSurvivesKillNine() throws Exception {
    Path db = folder.resolve("graph.db");
    List<String> acknowledged = new ArrayList<>();
    try (ServerProcess server = ServerProcess.start(folder, "--port", "0", "--db", db.toString(), "--schema", TestServer.SCHEMA)) {
      String beta = server.awaitReady();
      for (int i = 0; i < 40; i++) {
        HttpResponse<String> reply = post(beta, "{\"id\":\"k" + i + "\"}");
        assertEquals(201, reply.statusCode(), reply::body);
        acknowledged.add("k" + i);
      }
      server.sigkill();
    }
    try (ServerProcess server = ServerProcess.start(folder, "--port", "0", "--db", db.toString(), "--schema", TestServer.SCHEMA)) {
      String beta = server.awaitReady();
      for (String id : acknowledged) {
        assertEquals(200, get(beta, "/deviceManagement/autopilotEvents/" + id).statusCode(), id);
      }
    }
  }

  @Test
  void sigtermStopsAndClosesTheDatabaseCleanly() throws Exception {
    Path db = folder.resolve("graph.db");
    try (ServerProcess server = ServerProcess.start(folder, "--port", "0", "--db", db.toString(), "--schema", TestServer.SCHEMA)) {
      String beta = server.awaitReady();
      assertEquals(201, post(beta, "{\"id\":\"before-term\"}").statusCode());
      // The WAL is there while the server runs, so its absence below is the close's doing.
      assertTrue(Files.exists(Path.of(db + "-wal")), "the create went to the WAL");
      server.sigterm();
      int exit = server.awaitExit();
      assertEquals(0, exit, server::stderr);
      assertFalse(Files.exists(Path.of(db + "-wal")), "the WAL was checkpointed and removed on close");
      CommandLineTest.assertNoStackTrace(server.stderr());
    }
    try (TestServer server = TestServer.start(folder)) {
      assertEquals(200, server.get(TestServer.COLLECTION + "/before-term").status());
    }
  }

  @Test
  void aDatabaseOfAnotherSchemaIsRefusedAndLeftUntouched() throws Exception {
    Path db = folder.resolve("graph.db");
    try (TestServer server = TestServer.start(folder)) {
      assertEquals(201, server.post(TestServer.COLLECTION, "{}").status());
    }
    Path edmx = Files.writeString(folder.resolve("other.xml"),
        SchemaDrivenTest.seedWith("<Property Name=\"extra\" Type=\"Edm.String\"/>"));
    assertRefusedUntouched(db, "was made for schema '" + TestServer.SCHEMA + "'", "--metadata", edmx.toString());
  }

  @Test
  void aDatabaseOfTheOtherBundledSchemaIsRefused() throws Exception {
    Path db = folder.resolve("graph.db");
    try (TestServer server = TestServer.start(folder)) {
      assertEquals(201, server.post(TestServer.COLLECTION, "{}").status());
    }
    String other = TestServer.isSeed() ? "current" : "seed";
    assertRefusedUntouched(db, "was made for schema '" + TestServer.SCHEMA + "'", "--schema", other);
  }

  @Test
  void aFileThatIsNotSqliteIsRefusedAndLeftUntouched() throws Exception {
    Path db = Files.writeString(folder.resolve("graph.db"), "this is not a database, just some text ".repeat(200));
    assertRefusedUntouched(db, "is not a SQLite database");
  }

  @Test
  void aTruncatedDatabaseIsRefusedAndLeftUntouched() throws Exception {
    Path db = folder.resolve("graph.db");
    try (TestServer server = TestServer.start(folder)) {
      for (int i = 0; i < 200; i++) {
        assertEquals(201, server.post(TestServer.COLLECTION, "{\"osVersion\":\"" + "x".repeat(500) + "\"}").status());
      }
    }
    byte[] whole = Files.readAllBytes(db);
    Files.write(db, java.util.Arrays.copyOf(whole, whole.length / 2));
    assertRefusedUntouched(db, "cannot use database");
  }

  @Test
  void aDatabaseInAFolderThatCannotBeWrittenIsOneClearLine() throws Exception {
    // /proc refuses new files even to root, for whom permission bits are no obstacle.
    try (ServerProcess server = ServerProcess.start(folder, "--port", "0", "--db", "/proc/graphmock/graph.db")) {
      assertEquals(2, server.awaitExit());
      String stderr = server.stderr().strip();
      assertTrue(stderr.startsWith("graphmock: cannot create folder /proc/graphmock"), stderr);
      assertEquals(1, stderr.lines().count(), stderr);
    }
    try (ServerProcess server = ServerProcess.start(folder, "--port", "0", "--db", "/proc/graph.db")) {
      assertEquals(2, server.awaitExit());
      String stderr = server.stderr().strip();
      assertTrue(stderr.contains("/proc/graph.db"), stderr);
      assertEquals(1, stderr.lines().count(), stderr);
      CommandLineTest.assertNoStackTrace(stderr);
    }
  }

  @Test
  void aReadOnlyDatabaseFileIsRefusedAndLeftUntouched() throws Exception {
    Path db = folder.resolve("graph.db");
    try (TestServer server = TestServer.start(folder)) {
      assertEquals(201, server.post(TestServer.COLLECTION, "{}").status());
    }
    // Permission bits do not stop root, who runs CI; the immutable attribute does, where the file system has it.
    Process lock = new ProcessBuilder("chattr", "+i", db.toString()).redirectErrorStream(true).start();
    org.junit.jupiter.api.Assumptions.assumeTrue(lock.waitFor() == 0, "chattr +i is not available here");
    try {
      assertRefusedUntouched(db, "for writing");
    } finally {
      new ProcessBuilder("chattr", "-i", db.toString()).start().waitFor();
    }
  }

  @Test
  void aSqliteDatabaseOfAnotherProgramIsRefused() throws Exception {
    Path db = folder.resolve("graph.db");
    try (var connection = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db)) {
      connection.createStatement().execute("CREATE TABLE other (x INTEGER)");
    }
    assertRefusedUntouched(db, "was not made by graphmock");
  }

  private void assertRefusedUntouched(Path db, String message, String... extraArgs) throws Exception {
    String before = sha256(db);
    FileTime modified = Files.getLastModifiedTime(db);
    List<String> args = new ArrayList<>(List.of("--port", "0", "--db", db.toString()));
    args.addAll(List.of(extraArgs));
    if (!args.contains("--schema")) {
      args.addAll(List.of("--schema", TestServer.SCHEMA));
    }
    try (ServerProcess server = ServerProcess.start(folder, args.toArray(String[]::new))) {
      assertEquals(2, server.awaitExit());
      String stderr = server.stderr().strip();
      assertTrue(stderr.contains(message), stderr);
      assertEquals(1, stderr.lines().count(), stderr);
    }
    assertEquals(before, sha256(db), "file content unchanged");
    assertEquals(modified, Files.getLastModifiedTime(db), "file not written");
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  private static HttpResponse<String> post(String beta, String body) throws Exception {
    return CLIENT.send(HttpRequest.newBuilder(URI.create(beta + "/deviceManagement/autopilotEvents"))
        .header("Authorization", "Bearer t").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String beta, String path) throws Exception {
    return CLIENT.send(HttpRequest.newBuilder(URI.create(beta + path)).header("Authorization", "Bearer t").build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
