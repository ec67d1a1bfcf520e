package dev.graphmock.admin;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The temporary file an import's body is received into before the store's load reads it back, so that the load's
 * write transaction waits for the disk rather than for a client. Made in the given folder, named
 * {@code graphmock-import-PID-….spool} (the process that made it, should one be left by a killed process),
 * readable and writable by this account only (0600: it holds the user's events), and removed by {@link #close}
 * whatever happened before. Any failure to make or write it (a full disk, most likely) is a {@link SpoolException},
 * told apart from a failure to read the client.
 */
final class ImportSpool implements AutoCloseable {
  static final String PREFIX = "graphmock-import-";
  private static final int BUFFER_BYTES = 64 * 1024;

  /** The spool file could not be made, written or read back. */
  static final class SpoolException extends Exception {
    SpoolException(IOException cause) {
      super(cause.getMessage(), cause);
    }
  }

  private final Path file;
  private final OutputStream out;
  private InputStream in;

  private ImportSpool(Path file, OutputStream out) {
    this.file = file;
    this.out = out;
  }

  static ImportSpool create(Path folder) throws SpoolException {
    Path file = null;
    try {
      file = Files.createTempFile(folder, PREFIX + ProcessHandle.current().pid() + "-", ".spool", ownerOnly(folder));
      return new ImportSpool(file, new BufferedOutputStream(Files.newOutputStream(file), BUFFER_BYTES));
    } catch (IOException e) {
      deleteQuietly(file);
      throw new SpoolException(e);
    }
  }

  /** Owner-only permissions where the file system has POSIX permissions (elsewhere, such as on Windows, none). */
  private static FileAttribute<?>[] ownerOnly(Path folder) {
    if (!folder.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return new FileAttribute<?>[0];
    }
    return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};
  }

  Path file() {
    return file;
  }

  void write(byte[] bytes, int offset, int length) throws SpoolException {
    try {
      out.write(bytes, offset, length);
    } catch (IOException e) {
      throw new SpoolException(e);
    }
  }

  void write(int b) throws SpoolException {
    try {
      out.write(b);
    } catch (IOException e) {
      throw new SpoolException(e);
    }
  }

  /** Copies {@code body} to its end; an {@link IOException} is the body's, a {@link SpoolException} the file's. */
  void copy(InputStream body) throws IOException, SpoolException {
    byte[] buffer = new byte[BUFFER_BYTES];
    for (int read = body.read(buffer); read >= 0; read = body.read(buffer)) {
      write(buffer, 0, read);
    }
  }

  /** Ends the writing and reads the file back from its start. */
  InputStream read() throws SpoolException {
    try {
      out.close();
      in = new BufferedInputStream(Files.newInputStream(file), BUFFER_BYTES);
      return in;
    } catch (IOException e) {
      throw new SpoolException(e);
    }
  }

  /** Closes the file and removes it; never throws, as it runs after whatever answer the import already has. */
  @Override
  public void close() {
    closeQuietly(out);
    closeQuietly(in);
    deleteQuietly(file);
  }

  private static void closeQuietly(java.io.Closeable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (IOException e) {
      // Closing only releases the handle here; what was written or read no longer matters.
    }
  }

  private static void deleteQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // Left for the JVM's exit then: a file nobody can open, since only this account may read it.
      file.toFile().deleteOnExit();
    }
  }
}
