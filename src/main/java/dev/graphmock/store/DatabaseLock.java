package dev.graphmock.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One graphmock at a time per database: a server, or a command such as {@code import}, holds an exclusive lock
 * on {@code NAME.lock} beside the database while it has the database open, and another that tries is refused
 * with one line instead of writing beside it. The lock is the operating system's, so a process that dies (even
 * by kill -9) gives it up. A separate file, because SQLite's own POSIX locks on the database file would be lost
 * when any other descriptor of that file in the process closed.
 */
final class DatabaseLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private DatabaseLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  static DatabaseLock acquire(Path database) {
    Path file = database.resolveSibling(database.getFileName() + ".lock");
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new DatabaseOpenException("cannot lock database " + database + ": " + file + " cannot be written", e);
    }
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException | IOException e) {
      lock = null;
    }
    if (lock == null) {
      closeQuietly(channel);
      throw new DatabaseOpenException("database " + database + " is in use by another graphmock (a running server"
          + " or command); stop it first, or choose another --db");
    }
    return new DatabaseLock(channel, lock);
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException ignored) {
      // Closing the channel below releases it all the same.
    }
    closeQuietly(channel);
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // Nothing more to release.
    }
  }
}
