package dev.graphmock.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM at any moment after the ready line is a clean stop with exit 0 (README, Flags): the JVM's own handling
 * of the signal, which the server replaces before it prints that line, would exit 143. The signal goes the moment
 * the line is read, the earliest a user or a supervisor can send it, often before the main thread that printed it
 * has begun to wait for a stop; each start is a fresh chance for a race between the two to show.
 */
class StopSignalTest {
  private static final int STARTS = 6;

  @TempDir
  Path folder;

  @Test
  void sigtermRightAfterTheReadyLineExitsZeroEveryTime() throws Exception {
    assumeTrue(TestServer.isSeed() && !TestServer.POSTGRES, "about the process, not the schema or the database");
    for (int start = 0; start < STARTS; start++) {
      Path db = Files.createDirectory(folder.resolve("start-" + start)).resolve("graph.db");
      try (ServerProcess server = ServerProcess.start(folder, "--port", "0", "--db", db.toString())) {
        server.awaitReady();
        server.sigterm();
        int exit = server.awaitExit();
        int which = start;
        assertEquals(0, exit, () -> "start " + which + " of " + STARTS + "; stderr: " + server.stderr());
        CommandLineTest.assertNoStackTrace(server.stderr());
      }
    }
  }
}
