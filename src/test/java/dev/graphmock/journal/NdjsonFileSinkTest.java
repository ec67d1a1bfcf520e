package dev.graphmock.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code --journal} file: whose it is. */
class NdjsonFileSinkTest {
  @TempDir
  Path folder;

  private static String permissions(Path file) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }

  @Test
  void aNewFileIsReadableAndWritableByItsOwnerOnly() throws IOException {
    Path file = folder.resolve("logs/journal.ndjson");
    new NdjsonFileSink(file).close();
    assertEquals("rw-------", permissions(file));
  }

  @Test
  void anExistingFileKeepsThePermissionsItHas() throws IOException {
    Path file = Files.createFile(folder.resolve("journal.ndjson"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r-----")));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
    new NdjsonFileSink(file).close();
    assertEquals("rw-r-----", permissions(file));
  }
}
