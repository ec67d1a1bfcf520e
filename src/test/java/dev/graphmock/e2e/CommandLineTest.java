package dev.graphmock.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: flags, the ready line, and one clear line plus a non-zero exit for what cannot start. */
class CommandLineTest {
  @TempDir
  Path folder;

  @Test
  void printsOneReadyLineNamingUrlAndDatabase() throws Exception {
    Path db = folder.resolve("sub/dir/graph.db");
    try (ServerProcess server = ServerProcess.start(folder, "--port", "0", "--db", db.toString())) {
      String beta = server.awaitReady();
      assertTrue(beta.matches("http://127\\.0\\.0\\.1:\\d+/beta"), beta);
      assertTrue(Files.exists(db), "database and its folders created");
    }
  }

  @Test
  void helpAndVersion() throws Exception {
    try (ServerProcess help = ServerProcess.start(folder, "--help")) {
      String text = help.stdout();
      assertEquals(0, help.awaitExit());
      for (String flag : new String[] {"--host", "--port", "--db", "--schema", "--metadata", "--auth", "--https",
          "--page-size", "--max-page-size", "--help", "--version"}) {
        assertTrue(text.contains(flag), () -> flag + " in " + text);
      }
      // each sub-command on a line of its own under Commands:
      assertTrue(text.matches("(?s).*\nCommands:\n  token .*\n  import .*\n  export .*\n  generate .*"), text);
    }
    try (ServerProcess version = ServerProcess.start(folder, "--version")) {
      assertTrue(version.stdout().matches("graphmock \\d+\\.\\d+\\.\\d+\\s*"));
      assertEquals(0, version.awaitExit());
    }
  }

  @Test
  void aBadFlagIsAUsageError() throws Exception {
    for (String[] args : new String[][] {{"--port", "eighty"}, {"--bogus"}, {"--port", "70000"}}) {
      try (ServerProcess server = ServerProcess.start(folder, args)) {
        assertEquals(2, server.awaitExit(), String.join(" ", args));
        String stderr = server.stderr().strip();
        assertNoStackTrace(stderr);
        assertEquals(1, stderr.lines().count(), stderr);
        assertTrue(stderr.startsWith("graphmock: "), stderr);
      }
    }
  }

  @Test
  void aBusyPortIsOneClearLine() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
         ServerProcess server = ServerProcess.start(folder, "--port", String.valueOf(taken.getLocalPort()),
             "--db", folder.resolve("graph.db").toString())) {
      assertEquals(3, server.awaitExit());
      String stderr = server.stderr().strip();
      assertTrue(stderr.contains("cannot listen") && stderr.contains(String.valueOf(taken.getLocalPort())), stderr);
      assertEquals(1, stderr.lines().count(), stderr);
    }
  }

  @Test
  void anUnwritableDatabasePathIsOneClearLine() throws Exception {
    Path file = Files.writeString(folder.resolve("a-file"), "not a folder");
    try (ServerProcess server = ServerProcess.start(folder, "--port", "0", "--db", file.resolve("graph.db").toString())) {
      assertEquals(2, server.awaitExit());
      String stderr = server.stderr().strip();
      assertTrue(stderr.startsWith("graphmock: cannot create folder"), stderr);
      assertNoStackTrace(stderr);
    }
  }

  @Test
  void anUnknownSchemaIsOneClearLine() throws Exception {
    try (ServerProcess server = ServerProcess.start(folder, "--port", "0", "--schema", "nope",
        "--db", folder.resolve("graph.db").toString())) {
      assertEquals(2, server.awaitExit());
      assertTrue(server.stderr().contains("no schema named 'nope'"), server.stderr());
    }
  }

  static void assertNoStackTrace(String stderr) {
    assertFalse(stderr.contains("\tat ") || stderr.contains("Exception"), stderr);
  }


  @Test
  void everyFlagCanComeFromTheEnvironmentAndAFlagWinsOverItsVariable() throws Exception {
    Path db = folder.resolve("from-env.db");
    java.util.Map<String, String> environment = java.util.Map.of("GRAPHMOCK_PORT", "1", "GRAPHMOCK_DB", db.toString(),
        "GRAPHMOCK_SCHEMA", "current", "GRAPHMOCK_NO_ADMIN", "true", "GRAPHMOCK_AUTH", "none",
        "GRAPHMOCK_FAULT", "status=503,times=1,method=GET");
    try (ServerProcess server = ServerProcess.startWith(environment, null, folder, "--port", "0")) {
      String line = server.readLine();
      assertTrue(line.matches("graphmock serving http://127\\.0\\.0\\.1:\\d+/beta \\(database " + java.util.regex.Pattern
          .quote(db.toString()) + ", auth none, admin off\\)"), line);
      String beta = line.substring("graphmock serving ".length(), line.indexOf(" ("));
      java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
      java.net.http.HttpResponse<String> first = client.send(java.net.http.HttpRequest.newBuilder(
          java.net.URI.create(beta + "/$metadata")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
      assertEquals(503, first.statusCode(), "GRAPHMOCK_FAULT");
      java.net.http.HttpResponse<String> metadata = client.send(java.net.http.HttpRequest.newBuilder(
          java.net.URI.create(beta + "/$metadata")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
      assertTrue(metadata.body().contains("userId"), "GRAPHMOCK_SCHEMA=current");
      assertTrue(Files.exists(db), "GRAPHMOCK_DB");
    }
  }

  @Test
  void helpNamesEachVariable() throws Exception {
    try (ServerProcess help = ServerProcess.start(folder, "--help")) {
      String text = help.stdout();
      assertEquals(0, help.awaitExit());
      for (String variable : java.util.List.of("GRAPHMOCK_PORT", "GRAPHMOCK_DB", "GRAPHMOCK_AUTH", "GRAPHMOCK_THROTTLE",
          "GRAPHMOCK_JOURNAL_SIZE", "GRAPHMOCK_NO_ADMIN")) {
        assertTrue(text.contains(variable), variable + " in:\n" + text);
      }
    }
  }
}
