package dev.graphmock.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a stop, or a start that fails, leaves behind: nothing. The temporary folder an in-memory {@code --https}
 * start makes holds the TLS private key, and a journal that cannot be closed must not keep the database open
 * (and locked, so that no later server may use it).
 */
class GraphServerTest {
  private static final ServerConfig IN_MEMORY = ServerConfig.defaults().withPort(0)
      .withDatabase(Path.of(":memory:"));

  @TempDir
  Path folder;

  @Test
  void anInMemoryHttpsStopRemovesTheFolderHoldingThePrivateKey() throws Exception {
    Path certificates;
    try (GraphServer server = GraphServer.start(IN_MEMORY.withHttps(true))) {
      certificates = server.certificateFile().getParent();
      assertTrue(Files.isRegularFile(certificates.resolve("graphmock-tls-key.pem")));
    }
    assertFalse(Files.exists(certificates), certificates + " is left behind");
  }

  /**
   * The seed data is read after the certificate is made, so a missing file fails the start with the folder made.
   * The folder's name is random: a JVM of its own, with a temporary folder of its own, shows whether one is left.
   */
  @Test
  void anInMemoryHttpsStartThatFailsRemovesTheFolderItMade() throws Exception {
    Path temporary = Files.createDirectory(folder.resolve("tmp"));
    Path output = folder.resolve("output.txt");
    Process start = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Djava.io.tmpdir=" + temporary, "-cp", dev.graphmock.e2e.ServerClasspath.get(), "dev.graphmock.Main",
        "--port", "0", "--db", ":memory:", "--https", "--seed-data", folder.resolve("missing.json").toString())
        .redirectErrorStream(true).redirectOutput(output.toFile()).start();
    assertTrue(start.waitFor(2, TimeUnit.MINUTES), "the start still runs");
    assertEquals(ExitCode.UNUSABLE, start.exitValue(), Files.readString(output));
    assertTrue(Files.readString(output).contains("--seed-data " + folder.resolve("missing.json") + ": no such file"),
        Files.readString(output));
    try (Stream<Path> left = Files.list(temporary)) {
      assertEquals(List.of(), left.map(path -> path.getFileName().toString())
          .filter(name -> name.startsWith("graphmock-tls")).toList());
    }
  }

  /**
   * /dev/full takes the journal file's opening and refuses every write (ENOSPC): the sink keeps the line it could
   * not write in its buffer, so closing it fails too. A database still open would keep its lock and its WAL.
   */
  @Test
  void aJournalThatFailsToCloseStillLetsTheDatabaseClose() throws Exception {
    Path full = Path.of("/dev/full");
    assumeTrue(Files.isWritable(full), "needs Linux's /dev/full");
    Path database = folder.resolve("graph.db");
    ServerConfig config = ServerConfig.defaults().withPort(0).withDatabase(database);
    GraphServer server = GraphServer.start(config.withControls(new ServerConfig.TestControls(
        ServerConfig.TestControls.DEFAULT_JOURNAL_SIZE, full, false, List.of(), null)));
    HttpResponse<String> count = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.betaRoot()
        + "/deviceManagement/autopilotEvents/$count")).header("Authorization", "Bearer t").build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, count.statusCode(), count.body());

    UncheckedIOException closing = assertThrows(UncheckedIOException.class, server::close);
    assertEquals("No space left on device", closing.getCause().getMessage());
    assertFalse(Files.exists(folder.resolve("graph.db-wal")), "SQLite removes the WAL when its last connection closes");
    try (GraphServer again = GraphServer.start(config)) {
      assertEquals(database, again.databaseFile());
    }
  }
}
