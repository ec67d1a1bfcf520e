package dev.graphmock.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Set;
import java.util.zip.CRC32;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;
import org.sqlite.util.OSInfo;

/**
 * Keeps SQLite's native library in the user's cache folder and points the driver at that copy, so that a start
 * loads it instead of unpacking it again.
 *
 * <p>Why: left to itself, the driver copies its library into the temporary folder at every start of every JVM,
 * runs {@code uname} to learn the platform, compares the copy with the jar byte by byte, and lists the whole folder
 * for copies to delete; a JVM killed with -9 leaves its copy there for good. That is a twentieth of a second of
 * every {@code java -jar graphmock.jar} (BENCHMARKS.md), and {@code run.sh} has long avoided it the same way.
 *
 * <p>The copy lives in {@code $XDG_CACHE_HOME/graphmock} (else {@code ~/.cache/graphmock}), one folder per driver
 * version and platform, written once through a temporary file and an atomic rename, with its checksum beside it;
 * a copy that does not match its checksum is unpacked again. A folder another user could write to is not trusted
 * (a library is code). Whenever anything here fails, when the driver has been told where its library is or
 * where to unpack it ({@code org.sqlite.lib.path}, {@code org.sqlite.tmpdir}), or when it has loaded its own
 * already (a JVM that used sqlite-jdbc before it ran graphmock, such as a user's tests with graphmock inside), the
 * driver is left to do as it always does.
 */
final class SqliteLibraryCache {
  static final String LIBRARY_PATH = "org.sqlite.lib.path";
  static final String LIBRARY_NAME = "org.sqlite.lib.name";
  static final String UNPACK_FOLDER = "org.sqlite.tmpdir";
  private static final String PARTIAL_PREFIX = "unpacking-";
  private static final String PARTIAL_SUFFIX = ".part";

  private static boolean installed;

  private SqliteLibraryCache() {
  }

  /** Once per JVM, before the driver loads its library: points it at the cached copy, made first if need be. */
  static synchronized void install() {
    if (installed) {
      return;
    }
    installed = true;
    if (System.getProperty(LIBRARY_PATH) != null || System.getProperty(LIBRARY_NAME) != null
        || System.getProperty(UNPACK_FOLDER) != null) {
      return;
    }
    Path root = cacheRoot(System.getenv("XDG_CACHE_HOME"), System.getProperty("user.home"));
    if (root == null) {
      return;
    }
    // The driver loads its library holding this same monitor (a synchronized static method), so no other thread's
    // first connection can load the driver's copy between the question and the load.
    synchronized (SQLiteJDBCLoader.class) {
      if (driverHasLoadedItsOwn()) {
        // A second copy of the library beside the first would bind some of the driver's native methods to one and
        // some to the other, and the JVM crashes at the first call that crosses them.
        return;
      }
      Path library = cachedCopy(root.resolve("graphmock"));
      if (library != null && loads(library)) {
        System.setProperty(LIBRARY_PATH, library.getParent().toString());
        System.setProperty(LIBRARY_NAME, library.getFileName().toString());
      }
    }
  }

  /**
   * Whether the driver has loaded a library already: its own flag, which it has no public way to ask for without
   * loading. A driver whose flag cannot be read (another version, a module that does not open it) counts as having
   * loaded, so that graphmock leaves it alone.
   */
  static boolean driverHasLoadedItsOwn() {
    try {
      java.lang.reflect.Field extracted = SQLiteJDBCLoader.class.getDeclaredField("extracted");
      extracted.setAccessible(true);
      return extracted.getBoolean(null);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return true;
    }
  }

  /**
   * Loads the copy here, so that one that cannot be loaded (a cache on a noexec mount) leaves the driver to unpack
   * its own as before, quietly: the driver would log the failure with its stack trace at every start. The driver
   * then finds the library loaded, as it shares graphmock's class loader wherever graphmock runs (its jar, a test
   * class path).
   */
  private static boolean loads(Path library) {
    try {
      System.load(library.toAbsolutePath().toString());
      return true;
    } catch (UnsatisfiedLinkError | SecurityException e) {
      return false;
    }
  }

  /** The XDG base directory for caches, or null when there is no absolute one. */
  static Path cacheRoot(String xdgCacheHome, String userHome) {
    if (xdgCacheHome != null && !xdgCacheHome.isEmpty() && Path.of(xdgCacheHome).isAbsolute()) {
      return Path.of(xdgCacheHome);
    }
    if (userHome == null || userHome.isEmpty() || !Path.of(userHome).isAbsolute()) {
      return null;
    }
    return Path.of(userHome, ".cache");
  }

  /**
   * The library's copy under {@code cache}, unpacked from the driver's jar when missing or not whole (its checksum,
   * kept beside it, differs); null when it cannot be had or trusted.
   */
  static Path cachedCopy(Path cache) {
    try {
      Path folder = cache.resolve(folderName());
      createPrivateFolders(folder);
      if (!trusted(cache) || !trusted(folder)) {
        return null;
      }
      Path library = folder.resolve(LibraryLoaderUtil.getNativeLibName());
      if (Files.isRegularFile(library, LinkOption.NOFOLLOW_LINKS) && whole(library)) {
        return library;
      }
      return unpack(library) ? library : null;
    } catch (IOException | RuntimeException | LinkageError e) {
      return null;
    }
  }

  /** The checksum of a library's bytes, kept beside it: a millisecond to compare, against a start's failing. */
  private static Path checksumOf(Path library) {
    return library.resolveSibling(library.getFileName() + ".crc32");
  }

  private static boolean whole(Path library) throws IOException {
    Path checksum = checksumOf(library);
    if (!Files.isRegularFile(checksum, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    // bytes, not text: a checksum file spoilt into anything at all means unpacking again
    return new String(Files.readAllBytes(checksum), StandardCharsets.ISO_8859_1).trim()
        .equals(checksum(Files.readAllBytes(library)));
  }

  private static String checksum(byte[] bytes) {
    CRC32 crc = new CRC32();
    crc.update(bytes);
    return Long.toHexString(crc.getValue());
  }

  /**
   * One folder per driver version and platform: a copy made for one is never loaded by another (a home folder may
   * be shared between machines, or between a glibc and a musl container).
   */
  static String folderName() {
    String arch = System.getProperty("os.arch");
    // 32-bit ARM comes in versions os.arch does not tell apart; there the driver's own name for the platform
    // (which runs uname) is the key.
    String platform = arch.startsWith("arm") && !arch.equals("arm64") ? OSInfo.getNativeLibFolderPathForCurrentOS()
        : System.getProperty("os.name") + "-" + arch + (OSInfo.isMusl() ? "-musl" : "");
    return ("sqlite-" + SQLiteJDBCLoader.getVersion() + "-" + platform).replaceAll("[^A-Za-z0-9._-]", "_")
        .toLowerCase(Locale.ROOT);
  }

  private static boolean unpack(Path library) throws IOException {
    // The platform's folder in the jar, as the driver names it (it runs uname once here, not at every start).
    String resource = LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName();
    byte[] bytes;
    try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
      if (in == null) {
        return false;
      }
      bytes = in.readAllBytes();
    }
    removeAbandoned(library.getParent());
    // The checksum first and then the library, each written whole and renamed into place: two starts may unpack
    // at once, and a loader never sees half a file (the same bytes from the same jar, whichever rename is last).
    replaceWhole(checksumOf(library), checksum(bytes).getBytes(StandardCharsets.US_ASCII));
    replaceWhole(library, bytes);
    return true;
  }

  /** Partial files an unpacking left when its JVM ended halfway (none is written for longer than a minute). */
  private static void removeAbandoned(Path folder) throws IOException {
    java.nio.file.attribute.FileTime before = java.nio.file.attribute.FileTime.from(
        java.time.Instant.now().minus(java.time.Duration.ofMinutes(10)));
    try (var partials = Files.newDirectoryStream(folder, PARTIAL_PREFIX + "*" + PARTIAL_SUFFIX)) {
      for (Path partial : partials) {
        if (Files.getLastModifiedTime(partial, LinkOption.NOFOLLOW_LINKS).compareTo(before) < 0) {
          Files.deleteIfExists(partial);
        }
      }
    }
  }

  private static void replaceWhole(Path file, byte[] bytes) throws IOException {
    Path partial = Files.createTempFile(file.getParent(), PARTIAL_PREFIX, PARTIAL_SUFFIX);
    try {
      Files.write(partial, bytes);
      Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(partial);
    }
  }

  private static void createPrivateFolders(Path folder) throws IOException {
    if (Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (folder.getParent() != null) {
      createPrivateFolders(folder.getParent());
    }
    if (isPosix(folder)) {
      try {
        Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(Set.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE)));
      } catch (FileAlreadyExistsException madeBeside) {
        // another start made it meanwhile
      }
    } else {
      Files.createDirectories(folder);
    }
  }

  /** Not a link, owned by this user, and writable by nobody else (where the file system says). */
  private static boolean trusted(Path folder) throws IOException {
    if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    if (!isPosix(folder)) {
      return true;
    }
    PosixFileAttributes attributes = Files.readAttributes(folder, PosixFileAttributes.class,
        LinkOption.NOFOLLOW_LINKS);
    return attributes.owner().getName().equals(System.getProperty("user.name"))
        && !attributes.permissions().contains(PosixFilePermission.GROUP_WRITE)
        && !attributes.permissions().contains(PosixFilePermission.OTHERS_WRITE);
  }

  private static boolean isPosix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
