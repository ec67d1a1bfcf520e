package dev.graphmock.e2e;

import static dev.graphmock.e2e.GraphErrorAssert.assertGraphError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database on a disk that fills up, SQLite's file or PostgreSQL's tables: a small tmpfs, mounted by the test
 * where it may mount one (as root, which CI is), and skipped with the reason where it may not. A write that finds
 * no space is answered 507 InsufficientStorage in Graph's error shape and is not stored; reads go on; once space is
 * freed, writes succeed again on the same server.
 */
class DiskFullTest {
  @TempDir
  Path folder;

  @Test
  void aFullDiskAnswersWritesWith507AndWritesResumeWhenSpaceReturns() throws Exception {
    Path disk = folder.resolve("disk");
    Files.createDirectories(disk);
    mountSmallDisk(disk);
    try {
      // Space to free later: what the database cannot have while this file is there.
      Path filler = disk.resolve("filler");
      Files.write(filler, new byte[1024 * 1024]);
      Path database = disk.resolve("graph.db");
      try (TestServer server = TestServer.start(TestServer.config(folder).withDatabase(database))) {
        String padding = "x".repeat(64 * 1024);
        int stored = fillRefuseAndRecover(server, "deviceId", () -> padding, filler);
        server.restart();
        assertEquals(stored, server.count(), "everything acknowledged survives a restart");
      }
    } finally {
      run(List.of("umount", "-l", disk.toString()));
    }
  }

  @Test
  void aFullPostgresqlDiskAnswersWritesWith507AndWritesResumeWhenSpaceReturns() throws Exception {
    Path disk = folder.resolve("pgdisk");
    Files.createDirectories(disk);
    PostgresServer postgres = PostgresServer.shared();
    mountSmallDisk(disk);
    String space = "small_" + ProcessHandle.current().pid() + "_" + System.nanoTime();
    String url = null;
    try {
      // PostgreSQL runs as the postgres account: it must reach the mount point and own it.
      Files.setPosixFilePermissions(folder, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
      run(List.of("chown", "postgres", disk.toString()));
      Path filler = disk.resolve("filler");
      Files.write(filler, new byte[1024 * 1024]);
      run(List.of("chown", "postgres", filler.toString()));
      url = postgres.newDatabaseUrl();
      dev.graphmock.store.DatabaseLocation.Postgres location = (dev.graphmock.store.DatabaseLocation.Postgres)
          dev.graphmock.store.DatabaseLocation.parse(url);
      try (TestServer server = TestServer.start(TestServer.config(folder).withDatabase(location))) {
        // The events' table and indexes move onto the small disk; PostgreSQL's own files stay where they are.
        try (java.sql.Connection admin = java.sql.DriverManager.getConnection(location.jdbcUrl(), "graphmock", "");
             java.sql.Statement statement = admin.createStatement()) {
          statement.execute("CREATE TABLESPACE " + space + " LOCATION '" + disk + "'");
          statement.execute("ALTER TABLE \"deviceManagementAutopilotEvent\" SET TABLESPACE " + space);
          statement.execute("ALTER INDEX ALL IN TABLESPACE pg_default OWNED BY graphmock SET TABLESPACE " + space);
        }
        java.util.Random random = new java.util.Random(3);
        StringBuilder padding = new StringBuilder();
        // Text that does not compress, or PostgreSQL would keep it in a few bytes; in a property no index holds,
        // as PostgreSQL indexes no entry over about 2,700 bytes (a 400 of its own).
        fillRefuseAndRecover(server, "managedDeviceName", () -> {
          padding.setLength(0);
          for (int c = 0; c < 48 * 1024; c++) {
            padding.append((char) ('a' + random.nextInt(26)));
          }
          return padding.toString();
        }, filler);
      }
    } finally {
      // Whatever happened above: the shared PostgreSQL must not keep a tablespace on a disk that goes away.
      try (java.sql.Connection admin = java.sql.DriverManager.getConnection(postgres.jdbc("postgres"), "graphmock", "");
           java.sql.Statement statement = admin.createStatement()) {
        if (url != null) {
          statement.execute("DROP DATABASE IF EXISTS " + url.substring(url.lastIndexOf('/') + 1));
        }
        statement.execute("DROP TABLESPACE IF EXISTS " + space);
      } finally {
        run(List.of("umount", "-l", disk.toString()));
      }
    }
  }

  /**
   * An import is received into a file in the JVM's temporary folder before it is loaded: when that folder's disk is
   * full, the import is a 507 in Graph's shape with nothing imported and nothing left behind, the log has one line
   * and no stack trace, and writes go on (a smaller import is received and loaded).
   */
  @Test
  void aFullTemporaryFolderAnswersAnImportWith507AndLeavesNothing() throws Exception {
    Path disk = folder.resolve("tmp");
    Files.createDirectories(disk);
    mountSmallDisk(disk);
    try (ServerProcess server = ServerProcess.startWith(java.util.Map.of("JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir="
        + disk), null, folder, "--port", "0", "--db", folder.resolve("graph.db").toString())) {
      java.net.URI admin = java.net.URI.create(server.awaitReady().replace("/beta", "/__admin/import"));
      String line = "{\"id\":\"%d\",\"managedDeviceName\":\"" + "m".repeat(1000) + "\"}\n";
      TestServer.Reply full = ndjson(admin, line, 8 * 1024);
      JsonNode error = assertGraphError(full, 507, "InsufficientStorage");
      assertEquals("The server has no room to receive this import (its temporary folder is full or cannot be"
          + " written); nothing was imported. Retry once space is freed.", error.get("message").asText());
      try (java.util.stream.Stream<Path> left = Files.list(disk)) {
        assertEquals(List.of(), left.toList(), "nothing left in the temporary folder");
      }
      TestServer.Reply smaller = ndjson(admin, line, 1024);
      assertEquals("{\"imported\":1024}", smaller.text(), smaller::toString);
      String log = server.stderr();
      CommandLineTest.assertNoStackTrace(log);
      assertEquals(1, log.lines().filter(logged -> logged.contains("answered 507")).count(), log);
    } finally {
      run(List.of("umount", "-l", disk.toString()));
    }
  }

  /** {@code count} lines of NDJSON, each {@code line} with its number, sent to {@code admin} as they are made. */
  private static TestServer.Reply ndjson(java.net.URI admin, String line, int count) throws Exception {
    java.util.Iterator<byte[]> lines = java.util.stream.IntStream.range(0, count)
        .mapToObj(i -> String.format(java.util.Locale.ROOT, line, i).getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .iterator();
    java.net.http.HttpResponse<byte[]> response = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(admin).header("Content-Type", "application/x-ndjson")
            .POST(java.net.http.HttpRequest.BodyPublishers.fromPublisher(
                java.net.http.HttpRequest.BodyPublishers.ofByteArrays(() -> lines))).build(),
        java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    return new TestServer.Reply(response.statusCode(), response.headers(), response.body());
  }

  /**
   * Creates events with {@code padding} in {@code property} until the disk is full, which must be a 507 in Graph's
   * shape; then reads go on and only the acknowledged events are there, the same large event is refused again
   * while nothing is freed, and taken once {@code filler} is deleted. Returns how many events are stored.
   */
  private static int fillRefuseAndRecover(TestServer server, String property,
                                          java.util.function.Supplier<String> padding, Path filler) throws Exception {
    int acknowledged = 0;
    TestServer.Reply refused = null;
    String last = null;
    for (int i = 0; i < 400 && refused == null; i++) {
      last = padding.get();
      TestServer.Reply reply = server.post(TestServer.COLLECTION, "{\"id\":\"fill-" + i + "\",\"" + property
          + "\":\"" + last + "\"}");
      if (reply.status() == 201) {
        acknowledged++;
      } else {
        refused = reply;
      }
    }
    assertTrue(refused != null, "a 4 MiB disk never filled up");
    JsonNode error = assertGraphError(refused, 507, "InsufficientStorage");
    assertTrue(error.get("message").asText().contains("out of space"), refused::toString);
    assertTrue(acknowledged > 0, "the disk was full before the first event");
    // Reads go on, and only what was acknowledged is there.
    assertEquals(acknowledged, server.count());
    assertEquals(200, server.get(TestServer.COLLECTION + "('fill-0')").status());
    // Still full: the same event is refused again, nothing half-written in between.
    String big = "{\"id\":\"after-space-returns\",\"" + property + "\":\"" + last + "\"}";
    assertGraphError(server.post(TestServer.COLLECTION, big), 507, "InsufficientStorage");
    // Space returns: the same server takes that same event.
    Files.delete(filler);
    TestServer.Reply after = server.post(TestServer.COLLECTION, big);
    assertEquals(201, after.status(), after::toString);
    assertEquals(acknowledged + 1, server.count());
    return acknowledged + 1;
  }

  /** Mounts a 4 MiB tmpfs on {@code disk}, or skips the test (with the reason) where that is not allowed. */
  private static void mountSmallDisk(Path disk) throws Exception {
    Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
        "mounting a small tmpfs for a full disk needs root (CI runs as root); skipped");
    String failure = run(List.of("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", disk.toString()));
    Assumptions.assumeTrue(failure == null, () -> "cannot mount a tmpfs here (" + failure + "); skipped");
  }

  /** Runs a command; null when it succeeded, else what it printed. */
  private static String run(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return "timed out";
    }
    return process.exitValue() == 0 ? null : output.trim();
  }
}
