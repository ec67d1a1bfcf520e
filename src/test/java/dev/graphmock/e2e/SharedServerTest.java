package dev.graphmock.e2e;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * One server with the suite's schema and default configuration, shared by the tests of a class and stopped after
 * them. A subclass's own {@code @BeforeAll} runs after the server is up, so it can load fixtures.
 */
abstract class SharedServerTest {
  @TempDir
  static Path folder;
  static TestServer server;

  @BeforeAll
  static void startSharedServer() throws IOException {
    server = TestServer.start(folder);
  }

  @AfterAll
  static void stopSharedServer() {
    server.close();
  }
}
