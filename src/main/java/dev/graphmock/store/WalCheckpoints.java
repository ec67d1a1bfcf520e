package dev.graphmock.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the WAL's committed pages back into the database file from a thread of its own, beside the writer (issue
 * 15). Left to SQLite, the commit that takes the WAL past 1,000 pages checkpoints it on the writer's connection,
 * while every write queued behind it waits for the whole copy and the two {@code fsync}s of the WAL and the file.
 * Here every {@value #PERIOD_MILLIS} ms this thread checkpoints on its own connection, and the writer's own
 * checkpoints are only a backstop ({@value #BACKSTOP_PAGES} pages) while the thread runs.
 *
 * <p>A checkpoint beside the writer copies what was committed when it began; the writer appends meanwhile, and
 * SQLite starts the WAL over only once every page in it has been copied back. So after each copy that found pages
 * this thread takes the writer's lock for a second checkpoint: it copies what was committed since the first, and
 * {@code fsync}s the WAL and the file (SQLite syncs the file only when a copy reaches the WAL's end, which a copy
 * beside a busy writer seldom does). The WAL is then whole in the file, and the next write starts it over instead of
 * growing it, unless a read begun before is still running (then a later period does).
 *
 * <p>Durability is SQLite's, unchanged: a commit is in the WAL before its caller returns; a checkpoint only moves
 * committed pages, and a failed one leaves them in the WAL for the next (or for the writer's own).
 */
final class WalCheckpoints implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WalCheckpoints.class);

  /** How often the WAL is copied back; 3,700 creates/s, from a cold start, write 2,500-3,000 pages in that time. */
  static final long PERIOD_MILLIS = 100;
  /**
   * While the thread runs, the writer checkpoints on its own only past this many pages (32 MB of 4 KiB pages):
   * about three periods' writing, so that only a thread held up (a full disk, a long read) leaves it to the writer.
   */
  static final int BACKSTOP_PAGES = 8_000;
  /** SQLite's own threshold, which the writer goes back to if the thread stops before the database closes. */
  static final int SQLITE_DEFAULT_PAGES = 1_000;
  /** A WAL file left larger than this by a burst is cut back to it when SQLite starts the WAL over. */
  static final long WAL_FILE_LIMIT_BYTES = 32L << 20;
  static final String THREAD_NAME = "graphmock-wal-checkpoints";

  /** Opens the thread's own read-write connection, on the thread, so that a start does not wait for it. */
  private final Supplier<Connection> open;
  private final Connection writer;
  private final Lock writerLock;
  private final Thread thread;
  private volatile boolean closed;
  /** The WAL's length in frames after the last checkpoint that found it whole; unchanged while nothing is written. */
  private int wholeAt = -1;

  /** Not started: {@link #start} starts one; a test runs its steps on its own thread. */
  WalCheckpoints(Supplier<Connection> open, Connection writer, Lock writerLock) {
    this.open = open;
    this.writer = writer;
    this.writerLock = writerLock;
    this.thread = new Thread(this::run, THREAD_NAME);
    this.thread.setDaemon(true);
  }

  /**
   * Starts checkpointing the file {@code writer} writes, on a connection {@code open} makes (read-write, to the same
   * file); the thread moves the writer's own checkpoints to the backstop once it has its connection, under
   * {@code writerLock}, the lock every use of {@code writer} holds.
   */
  static WalCheckpoints start(Supplier<Connection> open, Connection writer, Lock writerLock) {
    WalCheckpoints checkpoints = new WalCheckpoints(open, writer, writerLock);
    checkpoints.thread.start();
    return checkpoints;
  }

  private void run() {
    try (Connection connection = open.get(); Statement statement = connection.createStatement()) {
      setWriters(BACKSTOP_PAGES);
      try {
        while (!closed) {
          Thread.sleep(PERIOD_MILLIS);
          try {
            checkpointOnce(statement);
          } catch (SQLException e) {
            // A full disk or a failing one: the pages stay in the WAL, and the next period (or the writer's
            // backstop) tries again. Nothing is lost, and the writer reports such a disk on its own writes.
          }
        }
      } finally {
        if (!closed) {
          setWriters(SQLITE_DEFAULT_PAGES);
        }
      }
    } catch (InterruptedException e) {
      // Closing.
    } catch (SQLException | RuntimeException e) {
      if (!closed) {
        LOG.warn("WAL checkpoints beside the writer stopped ({}); the writer checkpoints on its own",
            e.getClass().getSimpleName());
      }
    }
  }

  /** Sets how many pages of WAL make the writer checkpoint on its own, and the size its WAL file is cut back to. */
  private void setWriters(int pages) throws SQLException, InterruptedException {
    writerLock.lockInterruptibly();
    try (Statement statement = writer.createStatement()) {
      statement.execute("PRAGMA wal_autocheckpoint = " + pages);
      statement.execute("PRAGMA journal_size_limit = " + WAL_FILE_LIMIT_BYTES);
    } finally {
      writerLock.unlock();
    }
  }

  /** One period's work. */
  void checkpointOnce(Statement statement) throws SQLException, InterruptedException {
    finishUnderLock(statement, copyBesideWriter(statement));
  }

  /** The period's copy, beside the writer; returns the WAL's length and how much of it is now in the file. */
  int[] copyBesideWriter(Statement statement) throws SQLException {
    return checkpoint(statement);
  }

  /** Copies what was committed since {@code copied}'s checkpoint, with the writer held, unless there was nothing. */
  void finishUnderLock(Statement statement, int[] copied) throws SQLException, InterruptedException {
    if (copied[0] <= 0 || copied[0] == copied[1] && copied[0] == wholeAt) {
      return; // Started over and empty, or whole since the last period with nothing written since.
    }
    writerLock.lockInterruptibly();
    int[] whole;
    try {
      whole = checkpoint(statement);
    } finally {
      writerLock.unlock();
    }
    wholeAt = whole[0] == whole[1] ? whole[0] : -1;
  }

  /** Returns the WAL's length and how much of it is now in the file, in frames (-1 and -1 if it is not in WAL). */
  static int[] checkpoint(Statement statement) throws SQLException {
    try (ResultSet result = statement.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
      result.next();
      return new int[] {result.getInt(2), result.getInt(3)};
    }
  }

  /** Whether the thread is still running (for tests). */
  boolean running() {
    return thread.isAlive();
  }

  /**
   * Stops the thread, interrupting a wait for the writer's lock and waiting for a checkpoint under way; the thread
   * closes its connection as it ends.
   */
  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
