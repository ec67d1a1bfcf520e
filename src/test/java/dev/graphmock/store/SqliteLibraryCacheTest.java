package dev.graphmock.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * The per-user copy of SQLite's native library: made once, whole, in a folder only its user may write to, and
 * found again; never taken from a folder others could have written. (A start that uses it is in RunnableJarIT.)
 */
class SqliteLibraryCacheTest {
  @TempDir
  Path cache;

  @Test
  void theCacheFollowsXdgElseTheHomeFolder() {
    assertEquals(Path.of("/xdg/cache"), SqliteLibraryCache.cacheRoot("/xdg/cache", "/home/u"));
    assertEquals(Path.of("/home/u/.cache"), SqliteLibraryCache.cacheRoot("relative/cache", "/home/u"));
    assertEquals(Path.of("/home/u/.cache"), SqliteLibraryCache.cacheRoot("", "/home/u"));
    assertNull(SqliteLibraryCache.cacheRoot(null, null));
    assertNull(SqliteLibraryCache.cacheRoot(null, "?"));
  }

  @Test
  void theLibraryIsUnpackedOnceIntoAPrivateFolderAndFoundAgain() throws Exception {
    Path library = SqliteLibraryCache.cachedCopy(cache.resolve("graphmock"));

    Path folder = cache.resolve("graphmock").resolve(SqliteLibraryCache.folderName());
    assertEquals(folder.resolve(LibraryLoaderUtil.getNativeLibName()), library);
    assertTrue(SqliteLibraryCache.folderName().startsWith("sqlite-" + org.sqlite.SQLiteJDBCLoader.getVersion() + "-"),
        SqliteLibraryCache.folderName());
    try (InputStream jar = org.sqlite.SQLiteJDBCLoader.class.getResourceAsStream(
        LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName())) {
      assertArrayEquals(jar.readAllBytes(), Files.readAllBytes(library));
    }
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.getParent())));
    try (var files = Files.list(folder)) {
      assertEquals(List.of(library.getFileName() + "", library.getFileName() + ".crc32"),
          files.map(file -> file.getFileName().toString()).sorted().toList(), "no partial file is left beside it");
    }

    BasicFileAttributes made = Files.readAttributes(library, BasicFileAttributes.class);
    assertEquals(library, SqliteLibraryCache.cachedCopy(cache.resolve("graphmock")));
    BasicFileAttributes found = Files.readAttributes(library, BasicFileAttributes.class);
    assertEquals(made.fileKey(), found.fileKey(), "the same file, not a new copy");
    assertEquals(made.lastModifiedTime(), found.lastModifiedTime());
  }

  @Test
  void aCopyThatIsNotWholeIsUnpackedAgain() throws Exception {
    Path library = SqliteLibraryCache.cachedCopy(cache.resolve("graphmock"));
    byte[] whole = Files.readAllBytes(library);

    Files.write(library, java.util.Arrays.copyOf(whole, whole.length / 2));
    assertEquals(library, SqliteLibraryCache.cachedCopy(cache.resolve("graphmock")));
    assertArrayEquals(whole, Files.readAllBytes(library), "a truncated copy");

    whole[whole.length / 3] ^= 1;
    Files.write(library, whole);
    whole[whole.length / 3] ^= 1;
    assertEquals(library, SqliteLibraryCache.cachedCopy(cache.resolve("graphmock")));
    assertArrayEquals(whole, Files.readAllBytes(library), "a copy with one bit changed");

    Files.delete(library.resolveSibling(library.getFileName() + ".crc32"));
    BasicFileAttributes before = Files.readAttributes(library, BasicFileAttributes.class);
    assertEquals(library, SqliteLibraryCache.cachedCopy(cache.resolve("graphmock")));
    assertTrue(Files.exists(library.resolveSibling(library.getFileName() + ".crc32")), "a copy without its checksum");
    assertTrue(!before.fileKey().equals(Files.readAttributes(library, BasicFileAttributes.class).fileKey()));
  }

  @Test
  void aSpoiltChecksumMeansUnpackingAgainAndAbandonedPartsGo() throws Exception {
    Path library = SqliteLibraryCache.cachedCopy(cache.resolve("graphmock"));
    Path checksum = library.resolveSibling(library.getFileName() + ".crc32");
    String right = Files.readString(checksum);
    Path abandoned = Files.write(library.resolveSibling("unpacking-1234.part"), new byte[] {1, 2});
    Files.setLastModifiedTime(abandoned, java.nio.file.attribute.FileTime.from(
        java.time.Instant.now().minus(java.time.Duration.ofHours(1))));
    Path recent = Files.write(library.resolveSibling("unpacking-5678.part"), new byte[] {1, 2});

    Files.write(checksum, new byte[] {(byte) 0xff, (byte) 0xfe, 0x00});
    assertEquals(library, SqliteLibraryCache.cachedCopy(cache.resolve("graphmock")));
    assertEquals(right, Files.readString(checksum));
    assertTrue(Files.notExists(abandoned), "a partial file an ended JVM left");
    assertTrue(Files.exists(recent), "a partial file another start may be writing");
  }

  @Test
  void aFolderOthersMayWriteToIsNotUsed() throws Exception {
    Path library = SqliteLibraryCache.cachedCopy(cache.resolve("graphmock"));
    Path folder = library.getParent();

    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));
    assertNull(SqliteLibraryCache.cachedCopy(cache.resolve("graphmock")));
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
    Files.setPosixFilePermissions(folder.getParent(), PosixFilePermissions.fromString("rwxrwx---"));
    assertNull(SqliteLibraryCache.cachedCopy(cache.resolve("graphmock")));
    Files.setPosixFilePermissions(folder.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
    assertEquals(library, SqliteLibraryCache.cachedCopy(cache.resolve("graphmock")), "readable by others is fine");
  }

  @Test
  void aLinkInPlaceOfTheFolderIsNotFollowed() throws Exception {
    Path elsewhere = Files.createDirectory(cache.resolve("elsewhere"));
    Files.createDirectories(cache.resolve("graphmock"));
    Files.createSymbolicLink(cache.resolve("graphmock").resolve(SqliteLibraryCache.folderName()), elsewhere);

    assertNull(SqliteLibraryCache.cachedCopy(cache.resolve("graphmock")));
    try (var files = Files.list(elsewhere)) {
      assertEquals(0, files.count());
    }
  }

  /**
   * A JVM whose own use of sqlite-jdbc loaded the driver's library before graphmock opened a database: graphmock's
   * copy is not loaded beside it (two copies of the library in one JVM crashed it at graphmock's first connection).
   */
  @Test
  void aLibraryTheDriverLoadedFirstIsLeftAlone(@TempDir Path work) throws Exception {
    Path tmp = Files.createDirectories(work.resolve("tmp"));
    ProcessBuilder probe = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "-Djava.io.tmpdir=" + tmp,
        DriverFirstProbe.class.getName(), work.resolve("probe.db").toString());
    probe.environment().put("XDG_CACHE_HOME", work.resolve("cache").toString());
    probe.directory(work.toFile()).redirectErrorStream(true);
    Process process = probe.start();
    String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), output);
    assertEquals(0, process.exitValue(), output);
    assertTrue(output.contains("stored and read back: true"), output);
    assertTrue(Files.notExists(work.resolve("cache").resolve("graphmock")), "nothing unpacked for a driver that had its own");
  }

  /**
   * The driver's private flag that graphmock reads is still there and read as it is (a driver upgrade that renamed it
   * would leave graphmock's cache unused, silently, without this test).
   */
  @Test
  void theDriversOwnFlagIsReadable() throws Exception {
    java.lang.reflect.Field extracted = org.sqlite.SQLiteJDBCLoader.class.getDeclaredField("extracted");
    extracted.setAccessible(true);
    assertEquals(extracted.getBoolean(null), SqliteLibraryCache.driverHasLoadedItsOwn());
  }
}
