package dev.graphmock.admin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The temporary file an import is received into: the owner's alone, read back whole, and gone after close. */
class ImportSpoolTest {
  @TempDir
  Path folder;

  private List<Path> files() throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.toList();
    }
  }

  @Test
  void isTheOwnersAloneNamedForItsProcessAndReadBackWhole() throws Exception {
    byte[] body = "{\"id\":\"a\"}\n".repeat(20_000).getBytes(StandardCharsets.UTF_8);
    try (ImportSpool spool = ImportSpool.create(folder)) {
      assertEquals(List.of(spool.file()), files());
      assertTrue(spool.file().getFileName().toString()
          .startsWith("graphmock-import-" + ProcessHandle.current().pid() + "-"), spool.file()::toString);
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(spool.file())));
      spool.copy(new ByteArrayInputStream(body, 0, 100));
      spool.write(body, 100, body.length - 101);
      spool.write(body[body.length - 1]);
      try (InputStream in = spool.read()) {
        assertArrayEquals(body, in.readAllBytes());
      }
    }
    assertEquals(List.of(), files(), "gone after close");
  }

  @Test
  void isGoneAfterCloseWhileStillOpenForWritingOrReading() throws Exception {
    try (ImportSpool spool = ImportSpool.create(folder)) {
      spool.write('x');
    }
    try (ImportSpool spool = ImportSpool.create(folder)) {
      spool.write('x');
      assertEquals('x', spool.read().read(), "read back, then left open");
    }
    assertEquals(List.of(), files());
  }

  @Test
  void aFolderThatCannotTakeItIsASpoolFailureLeavingNothing() {
    Path missing = folder.resolve("missing");
    ImportSpool.SpoolException failure = assertThrows(ImportSpool.SpoolException.class,
        () -> ImportSpool.create(missing));
    assertTrue(failure.getCause() instanceof IOException, failure::toString);
    assertFalse(Files.exists(missing));
  }

  @Test
  void aFailureToReadTheBodyIsTheBodysNotTheSpools() throws Exception {
    InputStream broken = new InputStream() {
      @Override
      public int read() throws IOException {
        throw new IOException("the client went");
      }
    };
    try (ImportSpool spool = ImportSpool.create(folder)) {
      IOException failure = assertThrows(IOException.class, () -> spool.copy(broken));
      assertEquals("the client went", failure.getMessage());
    }
    assertEquals(List.of(), files());
  }
}
